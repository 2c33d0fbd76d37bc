/** Type guards for reading untrusted JSON-like input without ever throwing. */

/** A plain JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `value` when it is an array, else an empty array. */
export function arrayOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The property `key` of `value` when `value` is a JSON object (own properties only), else undefined. */
export function prop(value: unknown, key: string): unknown {
  return isRecord(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

/** Whether `value` is one of the strings of `options` (an enum of the schema). */
export function isOneOf<T extends string>(options: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (options as readonly string[]).includes(value);
}

/**
 * Structural equality of JSON-like values: arrays by position, objects by key regardless of key order, a
 * property whose value is undefined counting as absent.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (!isRecord(a) || !isRecord(b)) return false;
  const keysA = Object.keys(a).filter((key) => a[key] !== undefined);
  const keysB = Object.keys(b).filter((key) => b[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
}

/**
 * Keys that name JavaScript's own object machinery. An object built from untrusted keys with plain
 * assignment would change its prototype (`__proto__`) or shadow what code expects there, and serializers
 * that assign (Pulumi's among them) would spread the value into sibling keys: validation refuses them as
 * keys anywhere in a payload.
 */
export const RESERVED_KEYS = ["__proto__", "constructor", "prototype"] as const;

/** Whether `key` is one of RESERVED_KEYS. */
export function isReservedKey(key: string): boolean {
  return (RESERVED_KEYS as readonly string[]).includes(key);
}
