/**
 * The warnings of a preview (its diagnostics), each with the provider it concerns. The native plugin's warnings
 * carry the resource's URN; the dynamic resource's come through Pulumi's log without one (`warning: [runtime] …`),
 * and name the provider as every warning of this package does: `CustomProvider "<display name>"`.
 */
import { liveFindingKind, type LiveFindingKind } from "./live-findings";
import type { PreviewDiagnostic } from "./preview-json";
import type { ProviderEntry } from "./providers";

export interface Warning {
  readonly severity: "warning" | "error";
  /** The message without Pulumi's severity and source labels. */
  readonly text: string;
  /** The live review's finding, when it is one. */
  readonly kind?: LiveFindingKind;
}

export interface PlacedWarnings {
  /** By URN of the provider they concern. */
  readonly byUrn: ReadonlyMap<string, readonly Warning[]>;
  /** Those of no provider (the stack's, the program's). */
  readonly others: readonly Warning[];
}

/**
 * `warning: ` or `error: `, then the label of a host's log (`[runtime] `), as Pulumi writes them before a message in
 * `pulumi preview --json`: `warning: ` for the plugin's (severity `warning`, under the resource's URN),
 * `warning: [runtime] ` for the dynamic resource's (Pulumi's dynamic-provider host has no engine connection, so
 * @pulumi/pulumi's `log.warn` prints on its stderr, which the engine records as severity `info#err`, without a URN).
 */
const LABELS = /^(?:(warning|error): )?(?:\[[\w-]+\] )?/;

/** The warnings and errors among `diagnostics` (information is left out), placed with their providers. */
export function placeWarnings(diagnostics: readonly PreviewDiagnostic[], entries: readonly ProviderEntry[]): PlacedWarnings {
  const byUrn = new Map<string, Warning[]>();
  const others: Warning[] = [];
  for (const diagnostic of diagnostics) {
    const warning = warningOf(diagnostic);
    if (!warning) continue;
    const entry =
      entries.find((e) => diagnostic.urn && e.urn === diagnostic.urn) ??
      entries.find((e) => e.displayName !== undefined && warning.text.includes(`CustomProvider "${e.displayName}"`));
    if (entry) byUrn.set(entry.urn, [...(byUrn.get(entry.urn) ?? []), warning]);
    else others.push(warning);
  }
  return { byUrn, others };
}

/** A diagnostic as a warning or an error, without Pulumi's labels; undefined for information. */
export function warningOf(diagnostic: PreviewDiagnostic): Warning | undefined {
  const labelled = LABELS.exec(diagnostic.message)?.[1];
  const severity =
    diagnostic.severity === "error" || labelled === "error"
      ? "error"
      : diagnostic.severity === "warning" || labelled === "warning"
        ? "warning"
        : undefined;
  if (!severity) return undefined;
  const text = diagnostic.message.replace(LABELS, "").trim();
  const kind = liveFindingKind(text);
  return { severity, text, ...(kind ? { kind } : {}) };
}
