/**
 * The public ServerProvider type is written without zod (parsed.ts), so its server-only part is checked
 * against the schema that parses it: this file fails `npm run typecheck` when the two drift.
 */
import type { z } from "zod";
import type { ServerFields, ServerProvider } from "../../src/client/parsed";
import { serverFieldsSchema, serverProviderSchema } from "../../src/client/responses";

/** true when A and B are mutually assignable, else never (so that `const x: Same<A, B> = true` fails to compile). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

test("ServerFields is exactly what serverFieldsSchema parses, and a parsed provider is a ServerProvider", () => {
  const fields: Same<ServerFields, z.output<typeof serverFieldsSchema>> = true;
  const provider: ServerProvider = serverProviderSchema.parse({ identifier: "A:1", display_name: "A", is_custom: true }) as ServerProvider;
  expect(fields).toBe(true);
  expect(Object.keys(serverProviderSchema.shape)).toEqual(expect.arrayContaining(Object.keys(serverFieldsSchema.shape)));
  expect(provider).toEqual({ identifier: "A:1", display_name: "A", is_custom: true });
});
