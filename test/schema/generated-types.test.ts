/**
 * The generated types (src/schema/payload-types.ts, src/resource/args.ts) are what codegen/types.ts writes
 * from the schema and docs.ts today, and they describe exactly what the zod schema accepts: the wire types
 * equal `z.infer`, the camelCase outputs equal the mapping's `ToArgs`, and every plain value is a valid
 * argument. Type-level checks fail `npm run typecheck` when they drift.
 */
import * as fs from "fs";
import * as path from "path";
import type { z } from "zod";
import { generatedTypeFiles } from "../../codegen/types";
import type { CustomProviderArgs, CustomProviderOutputs } from "../../src/resource/args";
import type { ProviderPayloadSchema, ToArgs } from "../../src/schema";
import type { ProviderPayload } from "../../src/schema/payload-types";

const REPO_ROOT = path.resolve(__dirname, "../..");

/** true when A and B are mutually assignable, else never (so that `const x: Same<A, B> = true` fails to compile). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;

type Inferred = z.infer<typeof ProviderPayloadSchema>;
type PayloadOutputs = Omit<CustomProviderOutputs, "identifier" | "providerId" | "categories" | "displayPriority" | "comingSoon" | "isCustom" | "isCustomMcp">;

test.each(Object.entries(generatedTypeFiles()))("%s is up to date (run `npm run generate` after changing the schema or docs.ts)", (file, text) => {
  expect(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).toBe(text);
});

test("the generated types match the zod schema", () => {
  const wire: Same<ProviderPayload, Inferred> = true;
  const outputs: Same<PayloadOutputs, ToArgs<Inferred>> = true;
  const nested: Same<CustomProviderOutputs["authPatterns"][number]["oauthConfig"], ToArgs<Inferred>["authPatterns"][number]["oauthConfig"]> = true;
  expect([wire, outputs, nested]).toEqual([true, true, true]);
});

test("a plain camelCase payload is valid CustomProviderArgs, and so are Inputs at every level", () => {
  const plain = (value: ToArgs<Inferred>): CustomProviderArgs => value;
  const args: CustomProviderArgs = plain({
    displayName: "My Freshdesk",
    authPatterns: [{ type: "BASIC", fields: [{ fieldName: "domain", label: "Domain", inputType: "text", required: true }], authFieldMutations: { password: { default: "X" } } }],
    proxyUrl: "https://{{domain}}/api",
    proxyEnabled: true,
  });
  const withPromises: CustomProviderArgs = {
    displayName: Promise.resolve("My Freshdesk"),
    authPatterns: Promise.resolve([{ type: Promise.resolve("BASIC" as const), fields: [] }]),
    proxyUrl: "https://example.com",
  };
  expect(args.displayName).toBe("My Freshdesk");
  expect(withPromises.proxyEnabled).toBeUndefined();
});
