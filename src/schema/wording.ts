/**
 * Small text helpers for messages: character counting, quoting of user-supplied text, and "did you mean"
 * suggestions. All are total: any string in, never a throw.
 */
import { distance } from "fastest-levenshtein";
import { inert } from "../text";

/** Quoted user text is cut to this many UTF-16 units so that a huge key or value cannot flood a message. */
const QUOTE_MAX = 60;

/** Inputs longer than this get no suggestion (Levenshtein is quadratic; no real typo is that long). */
const SUGGEST_INPUT_MAX = 100;

/** Length in Unicode code points (what "characters" means in Scalekit's limits), counted without allocating. */
export function charLength(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isTrailingSurrogate = unit >= 0xdc00 && unit <= 0xdfff;
    const previous = i > 0 ? text.charCodeAt(i - 1) : 0;
    if (isTrailingSurrogate && previous >= 0xd800 && previous <= 0xdbff) continue;
    count++;
  }
  return count;
}

/** Cuts `text` to `max` UTF-16 units (never inside a surrogate pair), marking the cut with "…". */
export function truncate(text: string, max = QUOTE_MAX): string {
  if (text.length <= max) return text;
  let cut = max;
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  return `${text.slice(0, cut)}…`;
}

/** `text` truncated, rendered inert (control and bidi characters escaped) and wrapped in backticks, for quoting user input inside a message. */
export function quote(text: string): string {
  return `\`${inert(truncate(text), Number.POSITIVE_INFINITY)}\``;
}

/** Lower case without `_`, `-` or spaces, so that `proxy_url`, `proxyUrl` and `Proxy-URL` compare equal. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[_\-\s]/g, "");
}

/**
 * The candidate closest to `input`, or undefined when none is plausibly meant. A candidate equal to the input
 * ignoring case, `_`, `-` and spaces wins outright; otherwise the nearest by Levenshtein distance, accepted when
 * the distance is at most a third of the input's length (at least 1).
 */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > SUGGEST_INPUT_MAX || candidates.length === 0) return undefined;
  const wanted = squash(input);
  const sameWord = candidates.find((candidate) => squash(candidate) === wanted);
  if (sameWord !== undefined) return sameWord;
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const d = distance(wanted, squash(candidate));
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(1, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** "a, b or c" with each item as given. */
export function listOr(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}
