/**
 * fast-check generators derived from the payload structure (itself derived from the zod schema): payload-shaped
 * values with every optional property sometimes present, data maps with arbitrary keys, and junk of any kind.
 */
import fc from "fast-check";
import { runtime } from "@pulumi/pulumi";
import { PAYLOAD_STRUCTURE, type StructureNode } from "../../src/schema";

/** Values shaped like `node`: right keys and types, arbitrary contents (not necessarily valid). */
export function shapedLike(node: StructureNode): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case "object":
      return fc.record(Object.fromEntries(node.properties.map((property) => [property.wire, shapedLike(property.node)])), {
        requiredKeys: node.properties.filter((property) => !property.optional).map((property) => property.wire),
      });
    case "array":
      return fc.array(shapedLike(node.element), { maxLength: 3 });
    case "map": {
      const key = node.keys === undefined ? fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("team_name", "ownerId", "a_b_c")) : fc.constantFrom(...node.keys);
      return fc.dictionary(key, shapedLike(node.value), { maxKeys: 4 });
    }
    case "leaf":
      if (node.type === "enum") return fc.constantFrom(...(node.options ?? []));
      return node.type === "boolean" ? fc.boolean() : fc.string({ maxLength: 20 });
  }
}

/** Wire-payload-shaped values. */
export const payloadShaped = (): fc.Arbitrary<Record<string, unknown>> => shapedLike(PAYLOAD_STRUCTURE) as fc.Arbitrary<Record<string, unknown>>;

/** Anything a mutation may put in place of a value: wrong types, null, huge and unicode strings, sentinels, typos. */
export const junk = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything(),
    fc.constantFrom(null, undefined, "", " ", "{{", "{{ }}", "{x}", "https://{{domain}}", "OAuth", "APIKEY", runtime.unknownValue),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.integer({ min: 0, max: 3 }).map((n) => "x".repeat(10 ** (n + 2))),
    fc.array(fc.anything(), { maxLength: 3 }),
  );

type Segment = string | number;

/** Every path of `value` that leads to a property or an array item. */
export function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

/** Ways to misspell a key: a character dropped or doubled, upper case, the other naming, two letters swapped, a plural. */
export const TYPOS = ["drop", "double", "upper", "snake", "camel", "swap", "plural"] as const;

/** A typo of `key` (see TYPOS). */
export function typoOf(key: string, how: (typeof TYPOS)[number]): string {
  switch (how) {
    case "drop":
      return key.slice(0, -1);
    case "double":
      return key + key.slice(-1);
    case "upper":
      return key.toUpperCase();
    case "snake":
      return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    case "camel":
      return key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
    case "swap":
      return key.length < 2 ? `${key}x` : key.slice(0, -2) + key.slice(-1) + key.slice(-2, -1);
    case "plural":
      return `${key}s`;
  }
}

/** Structural mutations of a JSON document, applied at one of its paths. */
export const STRUCTURAL_OPERATIONS = ["replace", "delete", "rename", "duplicate", "wrap"] as const;

export interface StructuralMutation {
  /** Picks the path (modulo the number of paths). */
  pathIndex: number;
  op: (typeof STRUCTURAL_OPERATIONS)[number];
  /** The new value, for "replace". */
  value: unknown;
  /** How "rename" misspells the key. */
  typo: (typeof TYPOS)[number];
}

/**
 * Applies `m` to the container holding the chosen path of `root` (mutated in place). A duplicated property
 * gets the key plus `copySuffix`, so the copy is an unknown key in the document's own naming.
 */
export function applyMutation(root: Record<string, any>, m: StructuralMutation, copySuffix: string): void {
  const paths = pathsOf(root);
  if (paths.length === 0) return;
  const path = paths[m.pathIndex % paths.length];
  const parent = path.slice(0, -1).reduce((node: any, segment) => node[segment], root);
  const last = path[path.length - 1];
  switch (m.op) {
    case "replace":
      parent[last] = m.value;
      break;
    case "delete":
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
      break;
    case "rename":
      if (!Array.isArray(parent)) {
        const item = parent[last];
        delete parent[last];
        parent[typoOf(String(last), m.typo)] = item;
      }
      break;
    case "duplicate":
      if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(last)]));
      else parent[`${String(last)}${copySuffix}`] = parent[last];
      break;
    case "wrap":
      parent[last] = [parent[last]];
      break;
  }
}
