/**
 * The one redaction of secrets (the client secret, access tokens): a secret is found in every encoding in
 * which the client sends it or a server may quote it back, not only as written. The token request sends the
 * secret form-encoded, so a token endpoint that quotes what it received shows `a%2Bb%2Fc%3D`, not `a+b/c=`.
 * The client's errors and log lines, the CLI's output and the emulator's journal all redact through here.
 */
import { MIN_SECRET_LENGTH } from "./limits";

/** What stands in for a secret wherever it is removed. */
export const REDACTED = "[REDACTED]";

/** The characters of standard base64 (RFC 4648 section 4), as Basic auth writes it. */
const BASE64_CHARACTER = "[A-Za-z0-9+/]";

/**
 * Every form of `secret` a message might hold:
 * - raw;
 * - form-encoded (application/x-www-form-urlencoded, `+` for a space), as the token request sends it, and
 *   with only its spaces made `+`, as a server that decodes `%XX` but not `+` shows it;
 * - percent-encoded (encodeURIComponent), as in a URL;
 * - both of those with lower-case hex digits (`%2b`), as some servers re-encode;
 * - JSON-escaped: as JSON.stringify writes it, with `/` and non-ASCII escaped (`\/`, `\u00e9`) and with
 *   `<`, `>`, `&` escaped (`\u003c`), as other JSON writers do.
 * Base64 is not among them: its text depends on what precedes the secret (see base64Patterns).
 */
function secretForms(secret: string): string[] {
  const formEncoded = new URLSearchParams({ s: secret }).toString().slice("s=".length);
  const percentEncoded = encodeURIComponent(secret);
  const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());
  return [
    ...new Set([
      secret,
      formEncoded,
      lowerHex(formEncoded),
      secret.replace(/ /g, "+"),
      percentEncoded,
      lowerHex(percentEncoded),
      JSON.stringify(secret).slice(1, -1),
      jsonEscaped(secret, /[/\u007f-\uffff]/),
      jsonEscaped(secret, /[<>&\u2028\u2029]/),
    ]),
  ];
}

/** `secret` as a JSON string's content, with the characters matching `also` escaped too (`/` as `\/`). */
function jsonEscaped(secret: string, also: RegExp): string {
  return [...JSON.stringify(secret).slice(1, -1)]
    .map((c) => (c === "/" && also.test(c) ? "\\/" : also.test(c) ? unicodeEscapes(c) : c))
    .join("");
}

function unicodeEscapes(character: string): string {
  return [...Array(character.length).keys()].map((i) => `\\u${character.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");
}

/**
 * Patterns of `secret` inside any base64 text, such as the `Basic` credentials `base64(clientId:secret)`: base64
 * writes 3 bytes as 4 characters, so the secret's characters depend on where it starts modulo 3. For each of the
 * 3 positions, the characters made of the secret's bytes alone, with the one character on each side that mixes
 * its bytes with its neighbours' (so no bit of the secret is left).
 */
function base64Patterns(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  return [0, 1, 2].map((offset) => {
    const text = Buffer.concat([Buffer.alloc(offset), bytes])
      .toString("base64")
      .replace(/=+$/, "");
    const core = text.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    return `${BASE64_CHARACTER}?${escapeRegExp(core)}${BASE64_CHARACTER}?=*`;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

/** Patterns by list of secrets: the same few lists (a client's, the CLI's) are redacted in every message of a run. */
const patterns = new Map<string, RegExp | undefined>();
const PATTERNS_KEPT = 16;

/** One pattern matching every form of every secret (longest first), or undefined when none is long enough. */
function patternOf(secrets: Iterable<string>): RegExp | undefined {
  const searched = [...new Set(secrets)].filter((s) => s.length >= MIN_SECRET_LENGTH);
  const key = searched.join("\u0000");
  if (!patterns.has(key)) {
    const forms = [...new Set(searched.flatMap(secretForms))].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const alternatives = [...forms, ...searched.flatMap(base64Patterns)];
    if (patterns.size >= PATTERNS_KEPT) patterns.delete(patterns.keys().next().value!);
    patterns.set(key, alternatives.length === 0 ? undefined : new RegExp(alternatives.join("|"), "g"));
  }
  return patterns.get(key);
}

/**
 * `text` with every form of every secret (secretForms, and base64) replaced by "[REDACTED]", and nothing else
 * changed. Secrets shorter than MIN_SECRET_LENGTH are not searched for: no real secret is that short, and hiding
 * every "https" or "meta" would shred the text. The CLI guards all it prints with this.
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const pattern = patternOf(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/** Whether `text` holds any form of one of `secrets` (as redactSecrets finds them). */
export function mentionsSecret(text: string, secrets: Iterable<string>): boolean {
  return redactSecrets(text, secrets) !== text;
}
