/**
 * The validator is total: arbitrary JSON, and thousands of mutations of the documented examples (wrong types,
 * missing keys, huge and unicode strings, unknown auth types, broken placeholders, nulls, typos of keys,
 * unknown values), never make it throw. It answers either with issues that each name a property on one line,
 * or with a payload that validates again unchanged.
 */
import fc from "fast-check";
import {
  UNKNOWN_SENTINEL,
  validateArgs,
  validatePayload,
  wireToArgs,
  type ArgsValidationResult,
  type ValidationResult,
} from "../../src/schema";
import { junk } from "./arbitraries";
import { loadExamples, VALID_PAYLOADS } from "./fixtures";

const seeds = [...loadExamples().map((e) => e.payload), ...Object.values(VALID_PAYLOADS)];

type Segment = string | number;

/** Every path of `value` that leads to a property or an array item. */
function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

const operations = ["replace", "delete", "rename", "duplicate", "wrap"] as const;
type Operation = { pathIndex: number; op: (typeof operations)[number]; value: unknown; typo: string };

/** Applies `operation` to the container holding the chosen path of `root` (mutated in place). */
function apply(root: any, operation: Operation): void {
  const paths = pathsOf(root);
  if (paths.length === 0) return;
  const path = paths[operation.pathIndex % paths.length];
  const parent = path.slice(0, -1).reduce((node: any, segment) => node[segment], root);
  const last = path[path.length - 1];
  switch (operation.op) {
    case "replace":
      parent[last] = operation.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        const item = parent[last];
        delete parent[last];
        parent[typoOf(String(last), operation.typo)] = item;
      }
      break;
    case "duplicate":
      if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
      else parent[`${String(last)}_copy`] = parent[last];
      break;
    case "wrap":
      parent[last] = [parent[last]];
      break;
  }
}

/** A typo of `key`: a character dropped, doubled, or the case or separator changed. */
function typoOf(key: string, how: string): string {
  switch (how) {
    case "drop":
      return key.slice(0, -1);
    case "double":
      return key + key.slice(-1);
    case "upper":
      return key.toUpperCase();
    case "camel":
      return key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    default:
      return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  }
}

const mutated = fc
  .record({
    seed: fc.constantFrom(...seeds),
    operations: fc.array(
      fc.record({
        pathIndex: fc.nat(),
        op: fc.constantFrom(...operations),
        value: junk(),
        typo: fc.constantFrom("drop", "double", "upper", "camel", "snake"),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  })
  .map(({ seed, operations: ops }) => {
    const copy = structuredClone(seed);
    for (const operation of ops) apply(copy, operation);
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
      expectCoherent(validateArgs(input, preview ? { unknownSentinel: UNKNOWN_SENTINEL } : {}));
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
      expectCoherent(validateArgs(wireToArgs(payload), preview ? { unknownSentinel: UNKNOWN_SENTINEL } : {}));
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
