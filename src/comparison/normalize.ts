/**
 * Normalization for comparing a desired payload with what the server holds. The server may add fields of its
 * own, fill defaults, drop empty values, reorder keys, or (a future version) return keys we do not know; none
 * of that is a change. Normalizing both sides then comparing is how `diff` avoids perpetual diffs.
 */
import { emptyValueOf, isRecord, jsonEqual, PAYLOAD_STRUCTURE, type StructureNode } from "../schema";
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

/**
 * `value` (the payload part of what the server holds) written the way `shape` (a payload as a program wrote it)
 * writes it, so that Pulumi, which shows a change by comparing inputs as written, sees only real differences: an
 * optional property that is empty or absent in `value` (`required: false`, `account_fields: []`, `hint: ""`) is
 * written as in `shape` when `shape` writes it empty, and left out when `shape` leaves it out. Every other value
 * is `value`'s, so the result always normalizes equal to `value`. Arrays are matched by position. Tolerant: any
 * input, never throws.
 */
export function shapedLike(value: unknown, shape: unknown): unknown {
  return reshape(value, shape, PAYLOAD_STRUCTURE);
}

function reshape(value: unknown, shape: unknown, node: StructureNode): unknown {
  if (node.kind === "array") {
    return Array.isArray(value) ? value.map((item, i) => reshape(item, Array.isArray(shape) ? shape[i] : undefined, node.element)) : value;
  }
  if (node.kind === "leaf" || !isRecord(value)) return value;
  const written = isRecord(shape) ? shape : {};
  if (node.kind === "map") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reshape(item, written[key], node.value)]));
  }
  const entries: [string, unknown][] = [];
  for (const property of node.properties) {
    const item = value[property.wire];
    const present = item !== null && item !== undefined;
    const asWritten = written[property.wire];
    const writtenEmpty = asWritten !== undefined && isEmpty(asWritten, property.node);
    if (property.optional && (!present || isEmpty(walk(item, property.node, { dropEmpty: true, sortKeys: false }), property.node))) {
      // Empty on the server: as the program writes it (empty, or not at all), unless it wrote a value there.
      if (writtenEmpty) entries.push([property.wire, asWritten]);
      else if (present && asWritten !== undefined) entries.push([property.wire, item]);
      continue;
    }
    if (present) entries.push([property.wire, reshape(item, asWritten, property.node)]);
  }
  return Object.fromEntries(entries);
}
