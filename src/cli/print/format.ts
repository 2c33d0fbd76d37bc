/** Small text helpers shared by the printers. */
import * as path from "path";

/** A value as one short line: JSON, cut at `max` characters; `(absent)` for a missing value. */
export function shortValue(value: unknown, max = 100): string {
  if (value === undefined) return "(absent)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `dir` relative to `cwd` when it is inside it ("definitions"), else as given. */
export function displayPath(dir: string, cwd?: string): string {
  if (!cwd) return dir;
  const relative = path.relative(cwd, dir);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? dir : relative;
}

/** "1 provider", "2 providers". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The text as JSON for --json output: 2-space indented, one trailing newline. */
export function asJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
