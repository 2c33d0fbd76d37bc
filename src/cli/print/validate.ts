/** How `validate` reports: each file with ✓ or ✗ and its problems as the program words them, then a summary. */
import { problemLines as linesOf } from "../../program";
import type { ValidateResult } from "../commands/validate";
import type { Style } from "../io";
import { plural } from "./format";

/** The human-readable report, ending with a newline. */
export function formatValidate(result: ValidateResult, style: Style): string {
  const lines: string[] = [];
  const problemLines = (file: string) => linesOf(result.problems, file);
  const width = Math.max(0, ...result.files.map((f) => f.file.length));
  for (const f of result.files) {
    const mark = f.valid ? style.green("✓") : style.red("✗");
    lines.push(f.valid ? `${mark} ${f.file.padEnd(width)}  ${style.dim(f.displayName ?? "")}`.trimEnd() : `${mark} ${f.file}`);
    lines.push(...problemLines(f.file));
  }
  const listed = new Set(result.files.map((f) => f.file));
  for (const folder of [...new Set(result.problems.map((p) => p.file))].filter((file) => !listed.has(file))) {
    lines.push(`${style.red("✗")} ${folder}/`, ...problemLines(folder));
  }
  const c = result.counts;
  const summary =
    `${plural(c.files, "file")} checked: ${c.valid} valid, ${c.invalid} invalid` +
    (c.problems > 0 ? `; ${plural(c.problems, "problem")}.` : ".");
  lines.push(result.valid ? style.green(summary) : style.red(summary));
  return `${lines.join("\n")}\n`;
}
