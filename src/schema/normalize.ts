/**
 * Normalization for comparing a desired payload with what the server holds. The server may add fields of its
 * own, fill defaults, drop empty values, reorder keys, or (a future version) return keys we do not know; none
 * of that is a change. Normalizing both sides then comparing is how `diff` avoids perpetual diffs.
 */
import { isRecord, jsonEqual } from "./guards";
import { emptyValueOf, PAYLOAD_STRUCTURE, type StructureNode } from "./structure";
import { compareText } from "../text";

interface Options {
  /** Drop optional properties equal to their empty value ("" / false / [] / {}). */
  readonly dropEmpty: boolean;
  /** Rebuild objects with their keys sorted. */
  readonly sortKeys: boolean;
}

/**
 * The payload part of a payload-like value, e.g. a server response: only the properties the payload schema
 * knows, at every level (server-only fields such as `id`, `categories` and any key we do not know are left
 * out), without null or undefined values. Data maps are kept whole; values of the wrong type are kept as is.
 * Tolerant: any input, never throws.
 */
export function payloadPart(value: unknown): unknown {
  return walk(value, PAYLOAD_STRUCTURE, { dropEmpty: false, sortKeys: false });
}

/**
 * The canonical form of a wire payload or server response for comparison: payloadPart, then absent equals
 * empty (an optional string "", boolean false, array [] or map {} is dropped, so `required: false`, `hint: ""`,
 * `account_fields: []`, `metadata: {}`, `pkce_enabled: false` all compare equal to absent), and object keys
 * sorted. Array order is kept: the order of scopes and fields is the user's.
 * Unknown server keys are ignored on purpose: a field a newer Scalekit adds must not show as a change forever.
 */
export function normalizeForCompare(value: unknown): unknown {
  return walk(value, PAYLOAD_STRUCTURE, { dropEmpty: true, sortKeys: true });
}

/** Whether two payload-like values are the same once normalized. */
export function payloadsEqual(a: unknown, b: unknown): boolean {
  return jsonEqual(normalizeForCompare(a), normalizeForCompare(b));
}

function walk(value: unknown, node: StructureNode, options: Options): unknown {
  if (node.kind === "array") return Array.isArray(value) ? value.map((item) => walk(item, node.element, options)) : value;
  if (node.kind === "leaf" || !isRecord(value)) return value;
  const entries: [string, unknown][] = [];
  if (node.kind === "map") {
    for (const [key, item] of Object.entries(value)) {
      if (item !== null && item !== undefined) entries.push([key, walk(item, node.value, options)]);
    }
  } else {
    for (const property of node.properties) {
      if (!Object.prototype.hasOwnProperty.call(value, property.wire)) continue;
      const item = value[property.wire];
      if (item === null || item === undefined) continue;
      const normalized = walk(item, property.node, options);
      if (options.dropEmpty && property.optional && isEmpty(normalized, property.node)) continue;
      entries.push([property.wire, normalized]);
    }
  }
  if (options.sortKeys) entries.sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(entries);
}

function isEmpty(value: unknown, node: StructureNode): boolean {
  const empty = emptyValueOf(node);
  return empty !== undefined && jsonEqual(value, empty);
}
