/**
 * Values not known yet. During `pulumi preview` an input that depends on another resource's output arrives as
 * a sentinel string (Pulumi's `runtime.unknownValue`, which the caller passes in: the schema needs no Pulumi).
 * Such a value is neither valid nor invalid: issues at, above or below a path holding it, and cross-field
 * rules that read it, are set aside until the value is known (at `pulumi up`).
 */
import { isRecord } from "./guards";
import type { Path } from "./naming";
import { PAYLOAD_STRUCTURE, type StructureNode } from "./structure";

/**
 * The wire paths of `payload` (wire-shaped) that hold `sentinel`, found along the payload structure (known
 * properties, array items, map values), so the walk is bounded by the schema's depth.
 */
export function findUnknownPaths(payload: unknown, sentinel: string): Path[] {
  const found: Path[] = [];
  const walk = (value: unknown, node: StructureNode, path: Path): void => {
    if (value === sentinel) {
      found.push(path);
      return;
    }
    if (node.kind === "array") {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, node.element, [...path, index]));
      return;
    }
    if (node.kind === "leaf" || !isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (node.kind === "map") walk(item, node.value, [...path, key]);
      else {
        const property = node.byKey.wire.get(key);
        if (property !== undefined) walk(item, property.node, [...path, key]);
      }
    }
  };
  walk(payload, PAYLOAD_STRUCTURE, []);
  return found;
}

/** Whether one path is a prefix of the other (the same value, or one contains the other). */
function overlaps(a: Path, b: Path): boolean {
  const shorter = Math.min(a.length, b.length);
  for (let i = 0; i < shorter; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a problem found at `paths` (where it is reported and what it read) may be due to an unknown value. */
export function touchesUnknown(paths: readonly Path[], unknownPaths: readonly Path[]): boolean {
  return paths.some((path) => unknownPaths.some((unknown) => overlaps(path, unknown)));
}
