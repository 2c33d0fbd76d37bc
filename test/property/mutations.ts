/**
 * fast-check generators of `CustomProvider` inputs as `check` receives them (camelCase args): mutations of
 * the documented examples and of valid payloads of every auth type (wrong types, missing keys, huge and
 * unicode strings, unknown auth types, broken placeholders, nulls, unknown values, typos of keys), args
 * generated from the payload structure, valid variants (so that the "accepted" branch is exercised), and
 * a checker that a failure's `property` names a real location of the inputs or of the schema.
 */
import fc from "fast-check";
import { runtime } from "@pulumi/pulumi";
import { PAYLOAD_STRUCTURE, ROOT_PROPERTY, wireToArgs, type StructureNode } from "../../src/schema";
import { childNode } from "../../src/schema/structure";
import { applyMutation, junk, payloadShaped, STRUCTURAL_OPERATIONS, type StructuralMutation } from "../schema/arbitraries";
import { loadExamples, VALID_PAYLOADS } from "../schema/fixtures";

type Json = Record<string, any>;
type Segment = string | number;

/** The documented examples and the valid payloads of every auth type, as camelCase args. */
export const SEED_ARGS: readonly Json[] = [...loadExamples().map((e) => e.payload), ...Object.values(VALID_PAYLOADS)].map(
  (payload) => wireToArgs(payload) as Json,
);

const OPERATIONS = [...STRUCTURAL_OPERATIONS, "placeholder", "unknown", "null"] as const;

interface Mutation extends Omit<StructuralMutation, "op"> {
  op: (typeof OPERATIONS)[number];
  placeholder: string;
}

/** Values of `proxyUrl` (and any other string) with placeholders broken in the ways people break them. */
const BROKEN_PLACEHOLDERS = [
  "https://{{domain}/api",
  "https://{domain}}/api",
  "https://{{}}/api",
  "https://{{ domain }}/api",
  "https://{{undeclared}}/api",
  "https://{{domain}}{{domain}}/api",
  "https://api.example.com/{{tenant",
  "https://api.example.com/{{TENANT}}",
  "https://{{dom ain}}/api",
  "https://{{domain}}/api/{{version}}/{{",
  "http://{{domain}}/api",
  "{{domain}}",
  "https://{{domäin}}/api",
] as const;

/**
 * Applies `m` to `root` (mutated in place): the structural operations as the schema's totality test does,
 * and "null", "unknown" and "placeholder" as replacements with that value.
 */
function apply(root: Json, m: Mutation): void {
  const replacement = { null: null, unknown: runtime.unknownValue, placeholder: m.placeholder } as Record<string, unknown>;
  const structural =
    m.op in replacement ? { ...m, op: "replace" as const, value: replacement[m.op] } : { ...m, op: m.op as StructuralMutation["op"] };
  applyMutation(root, structural, "Copy");
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pathIndex: fc.nat(),
  op: fc.constantFrom(...OPERATIONS),
  value: junk(),
  typo: fc.constantFrom("drop" as const, "double" as const, "upper" as const, "snake" as const, "swap" as const, "plural" as const),
  placeholder: fc.constantFrom(...BROKEN_PLACEHOLDERS),
});

/** One to four mutations of a documented example or valid payload, as args. */
export const mutatedArgs = (): fc.Arbitrary<Json> =>
  fc
    .record({ seed: fc.constantFrom(...SEED_ARGS), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }) })
    .map(({ seed, mutations }) => {
      const copy = structuredClone(seed);
      for (const m of mutations) apply(copy, m);
      return copy;
    });

/** Args generated from the payload structure: right keys and types, arbitrary contents. */
export const generatedArgs = (): fc.Arbitrary<Json> => payloadShaped().map((payload) => wireToArgs(payload) as Json);

/** Top-level objects of anything: unknown keys, wrong shapes. */
export const junkArgs = (): fc.Arbitrary<Json> => fc.dictionary(fc.string({ maxLength: 15 }), junk(), { maxKeys: 6 });

/** Display names Scalekit accepts: ASCII letters, digits and spaces, with a letter or digit. */
const displayName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,40}$/);

/**
 * Valid payloads with varied contents: a seed with a new display name, free-text description (unicode
 * included), metadata and the `adopt` flag. Most are accepted; mutations on top of them may not be.
 */
export const variedArgs = (): fc.Arbitrary<Json> =>
  fc
    .record({
      seed: fc.constantFrom(...SEED_ARGS),
      displayName,
      description: fc.option(fc.string({ unit: "grapheme", maxLength: 200 }), { nil: undefined }),
      metadata: fc.option(
        fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{2,20}$/), fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 }), {
          maxKeys: 5,
        }),
        { nil: undefined },
      ),
      adopt: fc.option(fc.boolean(), { nil: undefined }),
      proxyEnabledAbsent: fc.boolean(),
    })
    .map(({ seed, displayName: name, description, metadata, adopt, proxyEnabledAbsent }) => {
      const args: Json = { ...structuredClone(seed), displayName: name };
      if (description !== undefined) args.description = description;
      if (metadata !== undefined) args.metadata = metadata;
      if (adopt !== undefined) args.adopt = adopt;
      if (proxyEnabledAbsent) delete args.proxyEnabled;
      return args;
    });

/** Every kind of input `check` may be fed, weighted towards mutations of real payloads. */
export const anyArgs = (): fc.Arbitrary<Json> =>
  fc.oneof(
    { weight: 5, arbitrary: mutatedArgs() },
    { weight: 2, arbitrary: generatedArgs() },
    { weight: 1, arbitrary: junkArgs() },
    { weight: 3, arbitrary: variedArgs() },
    {
      weight: 2,
      arbitrary: variedArgs().chain((args) =>
        fc.array(mutation, { minLength: 1, maxLength: 2 }).map((ms) => {
          const copy = structuredClone(args);
          for (const m of ms) apply(copy, m);
          return copy;
        }),
      ),
    },
  );

/**
 * Splits a rendered property (`authPatterns[0].oauthConfig.tokenUri`, `metadata["my key"]`) into segments.
 * @returns undefined when it is not a well-formed rendering.
 */
export function parseProperty(property: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let rest = property;
  const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*/;
  let first = true;
  while (rest !== "") {
    if (rest.startsWith("[")) {
      const index = /^\[(\d+)\]/.exec(rest);
      if (index) {
        segments.push(Number(index[1]));
        rest = rest.slice(index[0].length);
      } else {
        const quoted = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest);
        if (!quoted) return undefined;
        segments.push(JSON.parse(quoted[1]) as string);
        rest = rest.slice(quoted[0].length);
      }
    } else {
      const dotted = first ? rest : rest.startsWith(".") ? rest.slice(1) : undefined;
      const name = dotted === undefined ? null : identifier.exec(dotted);
      if (!name) return undefined;
      segments.push(name[0]);
      rest = dotted!.slice(name[0].length);
    }
    first = false;
  }
  return segments;
}

/** Keys of a record that a rendered segment may stand for (renderings cut long keys and end them with "…"). */
function matchingKeys(value: Record<string, unknown>, segment: string): string[] {
  if (Object.prototype.hasOwnProperty.call(value, segment)) return [segment];
  if (!segment.endsWith("…")) return [];
  const prefix = segment.slice(0, -1);
  return Object.keys(value).filter((key) => key.startsWith(prefix));
}

/** Resource inputs of `CustomProvider` that are not part of the payload but may be named by a failure. */
const RESOURCE_KEYS = ["adopt"];

/**
 * Whether `property` names a real location: the root marker, the resource's own `adopt`, or a path every
 * segment of which is either present in `inputs` (an unknown or misspelled key, as written) or a place the
 * schema defines (a required property that is missing, an item of an array).
 *
 * Schema places count even where the input has nothing: a top-level key misspelled in snake_case
 * (`auth_patterns` in args) is reported as unknown, and the schema also reports problems inside it under
 * the correct spelling (`authPatterns[0].fields[0].fieldName`), since the casing maps unknown keys by rule.
 */
export function refersToRealLocation(property: string, inputs: Json): boolean {
  if (property === ROOT_PROPERTY || RESOURCE_KEYS.includes(property)) return true;
  const segments = parseProperty(property);
  if (segments === undefined || segments.length === 0) return false;
  const walk = (values: unknown[], node: StructureNode | undefined, index: number): boolean => {
    if (index === segments.length) return true;
    const segment = segments[index];
    if (typeof segment === "number") {
      const items = values.filter((v): v is unknown[] => Array.isArray(v) && segment < v.length).map((v) => v[segment]);
      if (items.length === 0 && node?.kind !== "array") return false;
      return walk(items, childNode(node, segment, "args"), index + 1);
    }
    const children: unknown[] = [];
    for (const value of values) {
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        for (const key of matchingKeys(value as Record<string, unknown>, segment)) children.push((value as Record<string, unknown>)[key]);
      }
    }
    // A missing property the schema defines is a real location; so is an enumerated key of a data map.
    const schemaKnows =
      node?.kind === "object" ? node.byKey.args.has(segment) : node?.kind === "map" && (node.keys ?? []).includes(segment);
    if (children.length === 0 && !schemaKnows) return false;
    return walk(children, childNode(node, segment, "args"), index + 1);
  };
  return walk([inputs], PAYLOAD_STRUCTURE, 0);
}
