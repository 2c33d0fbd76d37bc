/**
 * Text from a preview's JSON (display names, identifiers, values, warnings) as Markdown that shows it and does
 * nothing else: it cannot end a list or a code span, open an HTML comment (`<!--` would hide the rest of the
 * comment, or forge the marker a workflow looks for), mention a person or team (`@org/team` notifies them) or
 * link an issue. Control and bidi characters are shown escaped (inert), so the text is terminal-inert too.
 */
import { inert } from "../text";

/** How long a value or message from the JSON may be before it is cut. */
const SHOWN_MAX = 2000;

/**
 * `value` as an inline code span: JSON for anything but a string, inert, on one line, fenced with more backticks
 * than it holds in a row. Inside a code span GitHub renders no Markdown, no HTML and no mention.
 */
export function code(value: unknown): string {
  const text = inert(typeof value === "string" ? value : (JSON.stringify(value) ?? String(value)), SHOWN_MAX);
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  // A space on each side keeps a backtick at either end from joining the fence (CommonMark strips one each side).
  const padded = text.startsWith("`") || text.endsWith("`") || text.startsWith(" ") ? ` ${text} ` : text;
  return `${fence}${padded}${fence}`;
}

/**
 * The characters that mean something inside a line to CommonMark and GitHub (emphasis, code, links and images,
 * table cells, strikethrough), shown literally when backslash-escaped. Prose never starts a line here, so what
 * means something only there (`#`, `-`, `1.`) needs no escape.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;

/**
 * `text` (a message from the JSON, such as a provider's warning) as Markdown prose that reads as written, on one
 * Markdown line (its lines joined by `<br>`): each line inert, `&`, `<` and `>` as entities, Markdown's inline
 * punctuation backslash-escaped, and `@` and `#` followed by a zero-width space (the entity), so `@someone` mentions
 * nobody and `#12` links nothing.
 */
export function prose(text: string): string {
  return text
    .trim()
    .split("\n")
    .map((line) => proseLine(line.trim()))
    .filter((line) => line !== "")
    .join("<br>");
}

function proseLine(text: string): string {
  return inert(text, SHOWN_MAX)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(MARKDOWN_PUNCTUATION, "\\$&")
    .replace(/[@#]/g, "$&&#8203;");
}
