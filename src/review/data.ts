/**
 * The review as data, for `review --json`: per stack the counts, what needs attention, and per provider its
 * operation, property changes and warnings (the definitions before and after are left out: the preview has them).
 * Never cut.
 */
import type { StackReview } from "./stack-review";

/** The JSON-ready form of the stacks' reviews. */
export function reviewData(stacks: readonly StackReview[]): unknown {
  return {
    attention: stacks.some((s) => s.attention),
    stacks: stacks.map((s) => ({
      stack: s.stack,
      attention: s.attention,
      counts: s.counts,
      providers: s.providers.map((p) => ({
        name: p.name,
        urn: p.urn,
        operation: p.operation,
        displayName: p.displayName ?? null,
        identifier: p.identifier ?? null,
        attention: p.attention,
        changes: p.changes ? { properties: p.changes.properties, scopes: p.changes.scopes, touchesConnections: p.changes.touches } : null,
        warnings: p.warnings.map((w) => ({ severity: w.severity, kind: w.kind ?? null, message: w.text })),
      })),
      warnings: s.warnings.map((w) => ({ severity: w.severity, kind: w.kind ?? null, message: w.text })),
    })),
  };
}
