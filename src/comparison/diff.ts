/** A readable list of what differs between two payloads, for previews and messages. */
import { isRecord, jsonEqual, renderProperty, type Naming, type Path } from "../schema";
import { normalizeForCompare } from "./normalize";

/** One difference: `before` is absent when the property was added, `after` when it was removed. */
export interface PayloadChange {
  /** The property, rendered in the naming asked for: `authPatterns[0].oauthConfig.availableScopes[1]`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/**
 * The differences from `before` to `after` (payloads or server responses), compared in normalized form (see
 * normalizeForCompare), down to the smallest differing property; array items are compared by position. Paths
 * are rendered in `naming` (default wire). Empty when payloadsEqual.
 */
export function diffPayloads(before: unknown, after: unknown, naming: Naming = "wire"): PayloadChange[] {
  const changes: PayloadChange[] = [];
  const walk = (a: unknown, b: unknown, path: Path): void => {
    if (jsonEqual(a, b)) return;
    if (isRecord(a) && isRecord(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const key of keys) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i]);
      return;
    }
    changes.push({
      path: renderProperty(path, naming),
      ...(a === undefined ? {} : { before: a }),
      ...(b === undefined ? {} : { after: b }),
    });
  };
  walk(normalizeForCompare(before), normalizeForCompare(after), []);
  return changes;
}
