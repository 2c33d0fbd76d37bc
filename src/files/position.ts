import { inert } from "../text";

/** How many characters of an offending line a message shows. */
const EXCERPT_LENGTH = 60;

/** 1-based line and column of `offset` in `text`, and that line's text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const end = text.indexOf("\n", lineStart);
  const lineText = text.slice(lineStart, end === -1 ? text.length : end).replace(/\r$/, "");
  return { line, column: offset - lineStart + 1, lineText };
}

/**
 * `at line L, column C: <what>` and, on its own line, an inert excerpt of at most EXCERPT_LENGTH characters
 * of the offending line around the column: where the problem is, never more of the file.
 */
export function atPosition(text: string, offset: number, what: string): string {
  const { line, column, lineText } = lineAndColumn(text, Math.min(Math.max(0, offset), text.length));
  const start = Math.max(0, column - 1 - EXCERPT_LENGTH / 2);
  const excerpt = inert(lineText.slice(start, start + EXCERPT_LENGTH), EXCERPT_LENGTH);
  const shownExcerpt =
    excerpt.trim() === ""
      ? ""
      : `\n  line ${line}: ${start > 0 ? "…" : ""}${excerpt}${start + EXCERPT_LENGTH < lineText.length ? "…" : ""}`;
  return `at line ${line}, column ${column}: ${what}${shownExcerpt}`;
}
