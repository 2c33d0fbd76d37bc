/**
 * Which top-level properties of a `CustomProvider` a change touches, for the per-property (detailed) diff a
 * native provider reports: `[diff: ~description]`. Compared with the same normalization as the resource's own
 * diff (comparison/normalize.ts), so a property shows as changed exactly when it makes the diff report a change.
 */
import { normalizeForCompare, payloadsEqual } from "../comparison";
import { PAYLOAD_STRUCTURE } from "../schema";
import { wireFromProps, type Props } from "./state";

export type PropertyChangeKind = "add" | "delete" | "update";

export interface PropertyChange {
  /** The property, camelCase: `displayName`. */
  readonly property: string;
  readonly kind: PropertyChangeKind;
}

/** The top-level payload properties that differ from `olds` (last outputs) to `news` (checked inputs). */
export function propertyChanges(olds: Props, news: Props): PropertyChange[] {
  if (PAYLOAD_STRUCTURE.kind !== "object") return [];
  const before = normalizeForCompare(wireFromProps(olds)) as Props;
  const after = normalizeForCompare(wireFromProps(news)) as Props;
  return PAYLOAD_STRUCTURE.properties.flatMap((property): PropertyChange[] => {
    const [a, b] = [before[property.wire], after[property.wire]];
    if (payloadsEqual({ [property.wire]: a }, { [property.wire]: b })) return [];
    return [{ property: property.args, kind: a === undefined ? "add" : b === undefined ? "delete" : "update" }];
  });
}
