/**
 * Keeping secrets out of the review. Pulumi writes a secret in `pulumi preview --json` as `[secret]`, but the JSON
 * is untrusted: a hand-edited or tampered file may carry a client secret in clear (in the stack's config, in a
 * resource's inputs or outputs) or a value in Pulumi's own secret envelope. So every value kept under a key that
 * names a secret is collected, and the review is passed through the client's redaction with them (every encoding,
 * plus anything shaped like a bearer token or `client_secret=`); an envelope is shown as `[secret]`.
 */
import { redact } from "../client";
import { isRecord } from "../schema";

/** How Pulumi shows a secret in its JSON, and how the review shows a secret it finds. */
export const SECRET_SHOWN = "[secret]";

/**
 * Keys whose value is a credential: `scalekit:clientSecret`, `clientSecret`, `client_secret`, `accessToken`. Not
 * `password` or `api_key`: a definition names its fields so (`auth_field_mutations.password`), with no secret.
 */
const SECRET_KEY = /secret|access_?token/i;

/**
 * Pulumi marks a special value (a secret, an asset) with a signature key of 32 hexadecimal digits
 * (`4dabf18193072939515e22adb298388d`): such an object is never shown.
 */
const SIGNATURE_KEY = /^[0-9a-f]{32}$/;

/**
 * Every string of `document` kept under a key that names a credential (at any depth, inside envelopes too),
 * except Pulumi's own `[secret]`: what the review must never show.
 */
export function secretsIn(document: unknown): string[] {
  const found = new Set<string>();
  const strings = (value: unknown): void => {
    if (typeof value === "string") {
      if (value !== SECRET_SHOWN) found.add(value);
    } else if (Array.isArray(value)) value.forEach(strings);
    else if (isRecord(value)) Object.values(value).forEach(strings);
  };
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (SECRET_KEY.test(key) || SIGNATURE_KEY.test(key)) strings(item);
        else walk(item);
      }
    }
  };
  walk(document);
  return [...found];
}

/** `value` with every object in Pulumi's envelope (a secret, an asset) replaced by `[secret]`. */
export function concealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(concealed);
  if (!isRecord(value)) return value;
  if (Object.keys(value).some((key) => SIGNATURE_KEY.test(key))) return SECRET_SHOWN;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, concealed(item)]));
}

/** `text` without any of `secrets`, in any encoding, nor anything shaped like a token (the client's redaction). */
export function withoutSecrets(text: string, secrets: readonly string[]): string {
  return redact(text, secrets);
}
