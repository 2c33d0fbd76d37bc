/** Small text helpers shared by the printers. */
import { projectPath } from "../../program";
import { inert, inertJson } from "../../text";

export { COMMAND } from "../../program";

/** A value as one short line: JSON, cut at `max` characters, rendered inert; `(absent)` for a missing value. */
export function shortValue(value: unknown, max = 100): string {
  if (value === undefined) return "(absent)";
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only a function or a symbol gets this far
  const text = JSON.stringify(value) ?? String(value);
  return inert(text.length > max ? `${text.slice(0, max - 1)}…` : text, Number.POSITIVE_INFINITY);
}

/** How many characters of a display name, identifier or file name a report shows (padding included). */
export const NAME_WIDTH_MAX = 80;

/** Text from a server or a file (display name, identifier, file name) as a report shows it: inert, cut. */
export function shown(text: string): string {
  return inert(text, NAME_WIDTH_MAX);
}

/** `dir` relative to `cwd` when it is inside it ("definitions"), else as given; rendered inert. */
export function displayPath(dir: string, cwd?: string): string {
  return inert(cwd ? projectPath(dir, cwd) : dir);
}

/** "1 provider", "2 providers". */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** The text as JSON for --json output: 2-space indented, control and bidi characters escaped, one trailing newline. */
export function asJson(value: unknown): string {
  return `${inertJson(value)}\n`;
}
