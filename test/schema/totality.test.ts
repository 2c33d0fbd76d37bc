/**
 * The validator is total: arbitrary JSON, and thousands of mutations of the documented examples (wrong types,
 * missing keys, huge and unicode strings, unknown auth types, broken placeholders, nulls, typos of keys,
 * unknown values), never make it throw. It answers either with issues that each name a property on one line,
 * or with a payload that validates again unchanged.
 */
import fc from "fast-check";
import { runtime } from "@pulumi/pulumi";
import {
  validateArgs,
  validatePayload,
  wireToArgs,
  type ArgsValidationResult,
  type ValidationResult,
} from "../../src/schema";
import { applyMutation, junk, STRUCTURAL_OPERATIONS } from "./arbitraries";
import { loadExamples, VALID_PAYLOADS } from "./fixtures";

const seeds = [...loadExamples().map((e) => e.payload), ...Object.values(VALID_PAYLOADS)];

const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    operations: fc.array(
      fc.record({
        pathIndex: fc.nat(),
        op: fc.constantFrom(...STRUCTURAL_OPERATIONS),
        value: junk(),
        typo: fc.constantFrom("drop" as const, "double" as const, "upper" as const, "camel" as const, "snake" as const),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ seed, operations: ops }) => {
    const copy = structuredClone(seed);
    for (const operation of ops) applyMutation(copy, operation, "_copy");
    return copy;
  });

/** The answer is well-formed: issues on one line each, or a payload that validates again unchanged. */
function expectCoherent(result: ValidationResult | ArgsValidationResult): void {
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue.property).toMatch(/^[^\n]+$/);
      expect(issue.message).toMatch(/^[^\n]+$/);
    }
    return;
  }
  if (result.payload === undefined) return;
  expect(validatePayload(result.payload)).toEqual({ ok: true, payload: result.payload });
}

const RUNS = 1500;

test("validatePayload never throws on arbitrary JSON", () => {
  fc.assert(
    fc.property(fc.anything(), (input) => expectCoherent(validatePayload(input))),
    { numRuns: RUNS },
  );
});

test("validateArgs never throws on arbitrary JSON, with or without the unknown sentinel", () => {
  fc.assert(
    fc.property(fc.anything(), fc.boolean(), (input, preview) => {
      expectCoherent(validateArgs(input, preview ? { unknownSentinel: runtime.unknownValue } : {}));
    }),
    { numRuns: RUNS },
  );
});

test("validatePayload never throws on mutated examples, and accepts only what validates again", () => {
  fc.assert(
    fc.property(mutated, (payload) => {
      const result = validatePayload(payload);
      expectCoherent(result);
      if (result.ok) expect(result.payload).toEqual(payload);
    }),
    { numRuns: RUNS },
  );
});

test("validateArgs never throws on mutated examples as args, in preview or not", () => {
  fc.assert(
    fc.property(mutated, fc.boolean(), (payload, preview) => {
      expectCoherent(validateArgs(wireToArgs(payload), preview ? { unknownSentinel: runtime.unknownValue } : {}));
    }),
    { numRuns: RUNS },
  );
});

test("deeply nested and huge values are answered with issues", () => {
  let deep: unknown = "x";
  for (let i = 0; i < 50_000; i++) deep = { a: deep };
  const huge = "é".repeat(5_000_000);
  const payload = { ...VALID_PAYLOADS.BASIC, description: deep, display_name: huge, deep, [huge]: 1 };
  const result = validatePayload(payload);
  expect(!result.ok && result.issues.map((issue) => [issue.property, issue.message])).toEqual([
    ["deep", "unknown property: remove it, or use one of `display_name`, `description`, `auth_patterns`, `proxy_url`, `proxy_enabled`, `icon_src` or `metadata`"],
    [`[${JSON.stringify(`${"é".repeat(60)}…`)}]`, "unknown property: remove it, or use one of `display_name`, `description`, `auth_patterns`, `proxy_url`, `proxy_enabled`, `icon_src` or `metadata`"],
    ["display_name", "is 5000000 characters long; shorten it to at most 200"],
    ["display_name", "may only contain ASCII letters, digits and spaces; remove `é`"],
    ["display_name", "must contain at least one letter or digit"],
    ["description", "must be a string, not an object"],
  ]);
});
