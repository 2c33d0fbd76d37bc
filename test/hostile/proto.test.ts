/**
 * Issue 11, item 8: `__proto__`, `constructor` and `prototype` are refused as keys wherever a payload
 * accepts a map, no code path lets such a key reach a prototype, and a file named `__proto__.json` is
 * refused with a clear message.
 */
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { DefinitionError, loadDefinitions } from "../../src/program/definitions";
import { normalizeForCompare } from "../../src/comparison";
import { argsToWire, RESERVED_KEYS, validateArgs, validatePayload, wireToArgs } from "../../src/schema";
import { call, token } from "../helpers/emulator";
import { folderWith, validDefinition } from "./fixtures";

/** The bearer example with `key` put into `where`, written as a definition file would hold it (own key). */
function withKey(where: "metadata" | "auth_field_mutations" | "top", key: string): unknown {
  const payload = JSON.parse(validDefinition()) as Record<string, any>;
  const entry = `{${JSON.stringify(key)}: ${where === "auth_field_mutations" ? '{"prefix": "x"}' : '"value"'}}`;
  if (where === "metadata") payload.metadata = JSON.parse(entry);
  else if (where === "auth_field_mutations") payload.auth_patterns[0].auth_field_mutations = JSON.parse(entry);
  else return JSON.parse(JSON.stringify(payload).replace(/^\{/, `{${JSON.stringify(key)}: "value", `));
  return payload;
}

describe.each(RESERVED_KEYS)("the key %s", (key) => {
  test.each([
    ["metadata", `metadata.${key}`],
    ["auth_field_mutations", `auth_patterns[0].auth_field_mutations.${key}`],
    ["top", key],
  ] as const)("is refused in %s, naming the path and the fix", (where, property) => {
    const result = validatePayload(withKey(where, key));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toContainEqual(
      expect.objectContaining({
        property,
        message: expect.stringMatching(/reserved in JavaScript and cannot be used as a key here: rename or remove it/),
      }),
    );
  });

  test("is refused in args (camelCase) too", () => {
    const args = wireToArgs(JSON.parse(validDefinition()) as Record<string, unknown>) as Record<string, any>;
    args.metadata = JSON.parse(`{${JSON.stringify(key)}: "value"}`);
    const result = validateArgs(args);
    expect(result.ok).toBe(false);
  });
});

test("casing conversion and normalization keep a __proto__ key as data, never as a prototype", () => {
  const metadata = JSON.parse('{"__proto__": {"polluted": "yes"}, "team": "core"}');
  for (const converted of [wireToArgs({ metadata }), argsToWire({ metadata }), normalizeForCompare({ metadata })] as Record<
    string,
    any
  >[]) {
    expect(Object.getPrototypeOf(converted.metadata)).toBe(Object.prototype);
    expect(Object.keys(converted.metadata).sort()).toEqual(["__proto__", "team"]);
    expect(converted.metadata.polluted).toBeUndefined();
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

test("a file named __proto__.json is refused with a clear message", () => {
  for (const name of RESERVED_KEYS) {
    const dir = folderWith({ [`${name}.json`]: validDefinition(), "ok.json": validDefinition("Other Provider") });
    expect(() => loadDefinitions(dir)).toThrow(DefinitionError);
    expect(() => loadDefinitions(dir)).toThrow(
      new RegExp(`${name}\\.json: "${name}" is reserved in JavaScript and cannot name a provider's resource: rename the file`),
    );
  }
});

describe("the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  test("a control-plane patch cannot store a provider without a display name through __proto__", async () => {
    const created = emu.insertProvider(JSON.parse(validDefinition("Patched Provider")));
    const patch = '{"__proto__": {"display_name": "Ghost"}, "display_name": null}';
    const answer = await call(emu, "PATCH", `/_emulator/providers/${encodeURIComponent(created.identifier)}`, {
      rawBody: patch,
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/__proto__/);
    expect(emu.providers().map((p) => p.payload.display_name)).toEqual(["Patched Provider"]);
  });

  test("a patch removing the display name is refused: the stored provider keeps it", async () => {
    const created = emu.insertProvider(JSON.parse(validDefinition("Kept Provider")));
    expect(() => emu.editProvider(created.identifier, { display_name: null })).toThrow(/display_name/);
    expect(emu.providers().map((p) => p.payload.display_name)).toEqual(["Kept Provider"]);
  });

  test("an API create with a __proto__ metadata key is refused with the path", async () => {
    const rawBody = JSON.stringify(withKey("metadata", "__proto__"));
    const answer = await call(emu, "POST", "/api/v1/custom-providers", {
      rawBody,
      token: await token(emu),
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("reserved in JavaScript");
    expect(emu.providers()).toEqual([]);
  });
});
