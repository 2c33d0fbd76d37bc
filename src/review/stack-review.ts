/**
 * One stack's review, as data: its providers with their operation, property changes and warnings, the counts
 * per operation, and what needs attention. The Markdown is rendered from it (render.ts).
 */
import { ATTENTION_KINDS } from "./live-findings";
import { providerChanges, type ProviderChanges } from "./changes";
import type { Preview } from "./preview-json";
import { OPERATIONS, providerEntries, type Operation, type ProviderEntry } from "./providers";
import { placeWarnings, type Warning } from "./warnings";

export interface ReviewedProvider extends ProviderEntry {
  /** Present for an update or a replacement. */
  readonly changes?: ProviderChanges;
  readonly warnings: readonly Warning[];
  /** A replacement, a delete, or a Dashboard edit `pulumi up` would overwrite (ATTENTION_KINDS). */
  readonly attention: boolean;
}

export interface StackReview {
  readonly stack: string;
  readonly counts: Readonly<Record<Operation, number>>;
  /** Every provider that changes, and every unchanged one with a warning. */
  readonly providers: readonly ReviewedProvider[];
  /** Warnings and errors of no provider. */
  readonly warnings: readonly Warning[];
  readonly attention: boolean;
}

/** The review of one preview; `providerTypes` are the resource types of a CustomProvider. */
export function reviewStack(preview: Preview, providerTypes: readonly string[]): StackReview {
  const entries = providerEntries(preview, providerTypes);
  const placed = placeWarnings(preview.diagnostics, entries);
  const counts = Object.fromEntries(OPERATIONS.map((op) => [op, 0])) as Record<Operation, number>;
  const providers: ReviewedProvider[] = [];
  for (const entry of entries) {
    counts[entry.operation]++;
    const warnings = placed.byUrn.get(entry.urn) ?? [];
    if (entry.operation === "unchanged" && warnings.length === 0) continue;
    const changed = entry.operation === "update" || entry.operation === "replace";
    providers.push({
      ...entry,
      ...(changed ? { changes: providerChanges(entry.before, entry.after) } : {}),
      warnings,
      attention:
        entry.operation === "replace" ||
        entry.operation === "delete" ||
        warnings.some((w) => w.kind !== undefined && ATTENTION_KINDS.includes(w.kind)),
    });
  }
  const errors = placed.others.some((w) => w.severity === "error") || providers.some((p) => p.warnings.some((w) => w.severity === "error"));
  return {
    stack: preview.stack,
    counts,
    providers,
    warnings: placed.others,
    attention: errors || providers.some((p) => p.attention),
  };
}
