/**
 * A secret is redacted in every encoding in which the client sends it (or a server quotes it
 * back): raw, form-encoded, percent-encoded, JSON-escaped and base64, Basic auth's `base64(clientId:secret)` too.
 */
import fc from "fast-check";
import { unescape as formUnescape } from "querystring";
import { MIN_SECRET_LENGTH, REDACTED, mentionsSecret, redact, redactSecrets } from "../../src/client";

/** Secrets as they come: letters, digits, and the characters every encoding changes (`+/= &%`, non-ASCII). */
const secret = fc
  .string({ unit: fc.constantFrom(...'abcXYZ0189+/= &%"\\<>é🚀'), minLength: MIN_SECRET_LENGTH, maxLength: 48 })
  .filter((s) => s.length >= MIN_SECRET_LENGTH);
/** Text around a quoted secret, e.g. a server's `received client_secret=`…`, wrong`. */
const context = fc.string({ unit: fc.constantFrom(..."received: client_secret=&'\" \n.,;{}[]"), maxLength: 30 });

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const ENCODINGS: Record<string, (s: string) => string> = {
  raw: (s) => s,
  "form-encoded": (s) => new URLSearchParams({ client_secret: s }).toString().slice("client_secret=".length),
  "percent-encoded": encodeURIComponent,
  "percent-encoded, lower-case hex": (s) => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase()),
  "JSON-escaped": (s) => JSON.stringify(s).slice(1, -1),
  "JSON-escaped, \\/ and \\u00e9": (s) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/\//g, "\\/")
      .replace(/[^\u0000-\u007e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
  base64,
  "base64 of clientId:secret (Basic auth)": (s) => base64(`skc_client:${s}`),
  "base64 after 2 bytes": (s) => base64(`ab${s}`),
};

/** Every decoding a reader could apply to the redacted text, for the secret to be looked for in. */
function decodings(text: string): string[] {
  const base64Runs = text.match(/[A-Za-z0-9+/]{4,}={0,2}/g) ?? [];
  return [
    text,
    formUnescape(text.replace(/\+/g, " ")),
    formUnescape(text),
    text.replace(/\\u([0-9a-f]{4})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\(.)/g, "$1"),
    ...base64Runs.map((run) => Buffer.from(run, "base64").toString("latin1")),
  ];
}

/** Whether any 6-byte piece of the secret can be read from `text`, directly or once decoded. */
function recoverable(text: string, s: string): boolean {
  const bytes = Buffer.from(s, "utf8").toString("latin1");
  const pieces = [...Array(bytes.length - 5).keys()].map((i) => bytes.slice(i, i + 6));
  const raw = [...Array(s.length - 5).keys()].map((i) => s.slice(i, i + 6));
  return decodings(text).some((d) => raw.some((p) => d.includes(p)) || pieces.some((p) => d.includes(p)));
}

describe.each(Object.entries(ENCODINGS))("a secret quoted %s", (_, encode) => {
  test("is replaced, and no piece of it can be read back from the text by any decoding", () => {
    fc.assert(
      fc.property(secret, context, context, (s, before, after) => {
        const redacted = redactSecrets(`${before}${encode(s)}${after}`, [s]);
        expect(redacted).toContain(REDACTED);
        expect(recoverable(redacted, s)).toBe(false);
        expect(mentionsSecret(`${before}${encode(s)}${after}`, [s])).toBe(true);
      }),
    );
  });
});

test("text without the secret is left exactly as it is, and a secret too short to be real is not searched for", () => {
  const s = "Sk+/= &%secret-value-1234";
  const text = "POST https://acme.scalekit.dev/oauth/token: client_id=skc_1 refused (HTTP 401), request id abc+/=";
  expect(redactSecrets(text, [s])).toBe(text);
  expect(redactSecrets("https meta 1", ["https", "meta"])).toBe("https meta 1");
});

test("the secret's own encoded forms are found among other secrets and tokens", () => {
  const s = "Sk+/= &%secret-value-1234";
  const token = "eyJhbGciOiJIUzI1NiJ9.tok";
  expect(redactSecrets(`a ${encodeURIComponent(s)} b ${token} c`, [token, s])).toBe(`a ${REDACTED} b ${REDACTED} c`);
});

test("the client's redaction leaves words shorter than the floor alone and hides a real-length secret", () => {
  expect(redact("meta.https failed for 1", ["https", "meta", "1"])).toBe("meta.https failed for 1");
  const secret = "sk-" + "q".repeat(MIN_SECRET_LENGTH - 3);
  expect(redact(`meta.${secret}`, [secret])).toBe("meta.[REDACTED]");
});
