/** How `export` reports: one line per provider (status, file, display name), then what was kept. */
import type { ExportResult, ExportStatus } from "../commands/export";
import type { Style } from "../io";
import { inert, shownUrl } from "../../text";
import { displayPath, plural, shown } from "./format";

/** A reason line (a validation issue, a file's problem) is cut after this many characters. */
const REASON_LINE_MAX = 300;

export interface PrintOptions {
  style: Style;
  /** Paths are shown relative to it. */
  cwd?: string;
}

/** The human-readable report, ending with a newline. */
export function formatExport(result: ExportResult, { style, cwd }: PrintOptions): string {
  const colour: Record<ExportStatus, (s: string) => string> = {
    written: style.green,
    unchanged: style.dim,
    skipped: style.yellow,
    invalid: style.red,
  };
  const dir = displayPath(result.dir, cwd);
  const lines = [`${style.bold(`Export of ${result.environment.label}`)} (${shownUrl(result.environment.environmentUrl)}) into ${dir}/`];
  if (result.providers.length === 0) lines.push(`  ${result.environment.label} has no custom providers.`);
  // Names are cut before the column width is taken: one huge name must not pad every line.
  const fileWidth = Math.max(0, ...result.providers.map((p) => shown(p.file).length));
  for (const p of result.providers) {
    lines.push(`  ${colour[p.status](p.status.padEnd(9))}  ${shown(p.file).padEnd(fileWidth)}  ${shown(p.displayName)}`);
    if (p.reason) lines.push(...p.reason.split("\n").map((l) => `             ${style.dim(inert(l, REASON_LINE_MAX))}`));
  }
  if (result.keptFiles.length > 0) {
    lines.push(
      `Kept ${plural(result.keptFiles.length, "file")} holding no provider of ${result.environment.label} (export never deletes): ${result.keptFiles.map(shown).join(", ")}`,
    );
  }
  const c = result.counts;
  const parts = [
    `${c.written} written`,
    `${c.unchanged} unchanged`,
    `${c.skipped} skipped`,
    ...(c.invalid > 0 ? [`${c.invalid} invalid`] : []),
  ];
  lines.push(`${parts.join(", ")}.`);
  if (c.skipped > 0)
    lines.push(
      style.yellow(
        `Files that differ were left as they are: review them, or run again with --force to overwrite them with ${result.environment.label}'s definitions.`,
      ),
    );
  return `${lines.join("\n")}\n`;
}
