/**
 * The attack: `__proto__`, `constructor` and `prototype` are refused as keys wherever a payload
 * accepts a map, and no code path lets such a key reach a prototype (the emulator's refusal:
 * test/emulator/reserved-keys.test.ts; a file named `__proto__.json`: test/program/definitions.test.ts).
 */
import { normalizeForCompare } from "../../src/comparison";
import { argsToWire, RESERVED_KEYS, validateArgs, validatePayload, wireToArgs } from "../../src/schema";
import { validDefinition } from "../helpers/hostile";

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
