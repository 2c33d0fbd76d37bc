/**
 * THE mapping between the args naming (camelCase, as Pulumi users write) and the wire naming (snake_case, as
 * Scalekit takes it). It walks the payload structure derived from the schema, so:
 * - schema keys are renamed by table, never guessed: a round trip of a payload is lossless;
 * - keys of data maps (`metadata`, `auth_field_mutations`) are data and pass through unchanged both ways;
 * - keys the schema does not know (a server's `display_priority`, a typo) are renamed by rule (snake_case ↔
 *   camelCase), so that server responses come out in one naming; validation reports them before this runs;
 * - properties whose value is `undefined` are dropped (JSON has no undefined); every other value is kept as
 *   is, and a value of the wrong type is passed through for validation to report. Total: never throws.
 */
import { isRecord } from "./guards";
import { camelToSnake, snakeToCamel, type Naming } from "./naming";
import { PAYLOAD_STRUCTURE, type StructureNode } from "./structure";
import type { ProviderPayload } from "./wire";

/** `auth_patterns` → `authPatterns` at the type level. */
type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/**
 * Properties whose value is a data map: kept as is by ToArgs. The runtime counterpart is derived from the
 * schema (records in structure.ts); a test asserts that both name the same properties.
 */
export type DataMapProperty = "metadata" | "auth_field_mutations";

/** The camelCase mirror of a wire type; data maps untouched. */
export type ToArgs<T> = T extends readonly (infer Element)[]
  ? ToArgs<Element>[]
  : T extends object
    ? { [K in keyof T as CamelCase<K & string>]: K extends DataMapProperty ? T[K] : ToArgs<T[K]> }
    : T;

/** The provider payload in args naming: what a Pulumi user writes for `CustomProvider` (without Inputs). */
export type ProviderArgsShape = ToArgs<ProviderPayload>;

/** Converts camelCase args into the wire payload. */
export function argsToWire(args: ProviderArgsShape): ProviderPayload;
export function argsToWire(args: Record<string, unknown>): Record<string, unknown>;
export function argsToWire(args: unknown): unknown;
export function argsToWire(args: unknown): unknown {
  return convertNaming(args, "args", "wire");
}

/** Converts a wire payload (or a server response) into camelCase args. */
export function wireToArgs(payload: ProviderPayload): ProviderArgsShape;
export function wireToArgs(payload: Record<string, unknown>): Record<string, unknown>;
export function wireToArgs(payload: unknown): unknown;
export function wireToArgs(payload: unknown): unknown {
  return convertNaming(payload, "wire", "args");
}

/**
 * Rewrites the keys of a payload-shaped value from one naming to another (the same naming gives a copy of
 * the containers, leaves shared). Internal to the schema module: the public faces are argsToWire/wireToArgs.
 */
export function convertNaming(value: unknown, from: Naming, to: Naming): unknown {
  return convert(value, PAYLOAD_STRUCTURE, from, to);
}

/** convertNaming for a value at `node` of the structure (e.g. a property's documented example). */
export function convert(value: unknown, node: StructureNode, from: Naming, to: Naming): unknown {
  if (node.kind === "array") return Array.isArray(value) ? value.map((item) => convert(item, node.element, from, to)) : value;
  if (node.kind === "leaf" || !isRecord(value)) return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  if (node.kind === "map") {
    return Object.fromEntries(entries.map(([key, item]) => [key, convert(item, node.value, from, to)]));
  }
  return Object.fromEntries(
    entries.map(([key, item]) => {
      const property = node.byKey[from].get(key);
      return property === undefined ? [renameUnknown(key, from, to), item] : [property[to], convert(item, property.node, from, to)];
    }),
  );
}

function renameUnknown(key: string, from: Naming, to: Naming): string {
  if (from === to) return key;
  return to === "args" ? snakeToCamel(key) : camelToSnake(key);
}
