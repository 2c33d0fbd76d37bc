/**
 * Renders untrusted text (server answers, file content) inert for a terminal or a log: control characters
 * and bidirectional overrides become visible escapes, so that a display name or a server message can
 * neither move the cursor, clear the screen, retitle the window, nor reorder what is printed around it.
 */

/**
 * C0 controls (newline and tab included: a value is rendered on one line), DEL, C1 controls, and the
 * bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every unsafe character written as `\u{…}` (hex code point), cut after `maxLength`
 * characters of the original with `…[N more characters]`. A cut never splits a surrogate pair.
 */
export function inert(text: string, maxLength?: number): string {
  let shown = text;
  let rest = 0;
  if (maxLength !== undefined && text.length > maxLength) {
    let end = Math.max(0, Math.floor(maxLength));
    if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    shown = text.slice(0, end);
    rest = text.length - end;
  }
  const escaped = shown.replace(UNSAFE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return rest > 0 ? `${escaped}…[${rest} more characters]` : escaped;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
