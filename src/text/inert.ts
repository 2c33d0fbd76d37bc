/**
 * Renders text that came from a server or a file inert before it reaches a terminal, a log or a message:
 * a display name, an identifier, a server message, a file name, a property path or value may carry escape
 * sequences (OSC title changes, screen clears), NUL, or bidi controls that make a line read differently
 * from what it holds. Each such character is shown visibly as `\u001b`, so the reader sees what is there.
 */

/** How long a value may be before it is cut: a display name or message is never longer in real use. */
export const INERT_MAX_LENGTH = 200;

/**
 * C0 controls, DEL, C1 controls, the line and paragraph separators, and the bidi controls (LRM, RLM,
 * LRE…RLO, LRI…PDI, ALM) that reorder what a terminal shows.
 */
const BEYOND_C0 = "\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069";
const UNSAFE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, "g");

/** UNSAFE without the C0 controls, which JSON.stringify escapes in strings (its own newlines must stay). */
const UNSAFE_BEYOND_C0 = new RegExp(`[${BEYOND_C0}]`, "g");

/** UNSAFE without the newline and the tab, which lay out a multi-line message and its indentation. */
const UNSAFE_IN_LAYOUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${BEYOND_C0}]`, "g");

/** `\u001b` for ESC: the same spelling as a JSON or JavaScript escape. */
function escape(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/**
 * `text` with every control and bidi character escaped as `\uXXXX`, cut after `maxLength` characters (of the
 * original, never inside a surrogate pair) with a marker saying how many were left out.
 */
export function inert(text: string, maxLength: number = INERT_MAX_LENGTH): string {
  let cut = text.length > maxLength ? maxLength : text.length;
  if (cut > 0 && cut < text.length && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  const shown = text.slice(0, cut).replace(UNSAFE, escape);
  return cut < text.length ? `${shown}…[${text.length - cut} more characters]` : shown;
}

/** The pattern of `keep`'s sequences or one unsafe character, per `keep` list (the CLI has one). */
const keepPatterns = new WeakMap<readonly string[], RegExp>();

/**
 * `text` as a terminal, a log or a file receives it: every control and bidi character escaped as `inert` does,
 * except the newline and the tab that lay a message out, and except the exact sequences of `keep` (the colours
 * of the CLI's own style). Never cut, and unchanged by a second pass: `\u001b` shown literally stays as is.
 * This is the rendering every writer applies at the point where it writes, whatever the text's source.
 */
export function inertText(text: string, keep: readonly string[] = []): string {
  if (keep.length === 0) return text.replace(UNSAFE_IN_LAYOUT, escape);
  let pattern = keepPatterns.get(keep);
  if (!pattern) {
    const sequences = [...keep].sort((a, b) => b.length - a.length).map((k) => k.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&"));
    pattern = new RegExp(`${sequences.join("|")}|${UNSAFE_IN_LAYOUT.source}`, "g");
    keepPatterns.set(keep, pattern);
  }
  return text.replace(pattern, (match) => (match.length > 1 || keep.includes(match) ? match : escape(match)));
}

/**
 * `err` with its message (and the stack that repeats it) rendered by inertText, in place so that its class and
 * fields stay: for an error handed to a host that prints it (Pulumi's engine, its language host).
 */
export function inertError<T>(err: T): T {
  if (err instanceof Error) {
    err.message = inertText(err.message);
    if (err.stack !== undefined) err.stack = inertText(err.stack);
  }
  return err;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * `value` as 2-space JSON whose strings hold no raw control or bidi character: JSON.stringify escapes C0
 * controls only, so DEL, C1 and bidi controls are escaped here too. Parsing it gives back `value` exactly:
 * machines get the data, a terminal showing it gets nothing to interpret.
 */
export function inertJson(value: unknown): string {
  return (JSON.stringify(value, null, 2) ?? "null").replace(UNSAFE_BEYOND_C0, escape);
}
