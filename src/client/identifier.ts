/**
 * What a provider identifier may be, in one place for the client and the emulator (docs/scalekit-api.md,
 * "list": the `identifier` filter is validated as `^[a-zA-Z0-9_:-]*$`, at most 255 characters). The client
 * puts identifiers into paths, and they come from server answers: one holding `.`, `/`, `\`, `?`, `#` or `%`
 * could move a write to another path (a DELETE of `..` would reach `/api/v1/`), so an identifier outside
 * this rule is never used.
 */
import { InvalidIdentifierError } from "./errors";
import { inert } from "../text";

/** The characters of an identifier: ASCII letters, digits, `_`, `:` and `-`. */
export const IDENTIFIER_PATTERN = /^[a-zA-Z0-9_:-]*$/;

/** The longest identifier, in characters. */
export const IDENTIFIER_MAX_LENGTH = 255;

/** The rule in words, for messages. */
export const IDENTIFIER_RULE = `1 to ${IDENTIFIER_MAX_LENGTH} characters, each an ASCII letter, a digit, "_", ":" or "-"`;

/** Whether `value` is a usable identifier: a non-empty string within IDENTIFIER_PATTERN and IDENTIFIER_MAX_LENGTH. */
export function isProviderIdentifier(value: unknown): value is string {
  return typeof value === "string" && value !== "" && value.length <= IDENTIFIER_MAX_LENGTH && IDENTIFIER_PATTERN.test(value);
}

/** The collection every provider path lies under. */
const PROVIDERS_PATH = "/api/v1/custom-providers";

/**
 * The path of one provider: the identifier, encoded, as the one segment after /api/v1/custom-providers.
 * The only place a provider path is built.
 * @throws InvalidIdentifierError when `identifier` is not a usable identifier (nothing is built from it)
 */
export function providerPath(identifier: string, call: IdentifierCall = { operation: "update" }): string {
  if (!isProviderIdentifier(identifier)) throw invalidIdentifierError(identifier, call);
  return `${PROVIDERS_PATH}/${encodeURIComponent(identifier)}`;
}

/**
 * Whether `url` addresses exactly one provider of the environment at `environmentUrl`: its path is the
 * environment's own path, then /api/v1/custom-providers/, then one segment that decodes to a usable
 * identifier, with no query or fragment. Checked on the URL as resolved, after dot segments are removed,
 * just before a write is sent.
 */
export function isProviderUrl(url: string, environmentUrl: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(url);
  } catch {
    return false;
  }
  const prefix = `${new URL(environmentUrl).pathname.replace(/\/+$/, "")}${PROVIDERS_PATH}/`;
  if (resolved.search !== "" || resolved.hash !== "" || !resolved.pathname.startsWith(prefix)) return false;
  const segment = resolved.pathname.slice(prefix.length);
  try {
    return !segment.includes("/") && isProviderIdentifier(decodeURIComponent(segment));
  } catch {
    return false; // a malformed percent-escape
  }
}

/** The call an identifier was meant for, to name the provider in the error. */
export interface IdentifierCall {
  operation: "update" | "delete";
  /** The provider's display name, when the caller knows it. */
  displayName?: string;
}

/** The error for an identifier that may not become a path: it names the provider and says that nothing was sent. */
export function invalidIdentifierError(identifier: unknown, call: IdentifierCall): InvalidIdentifierError {
  const shown =
    typeof identifier === "string" ? `"${inert(identifier, 80)}"` : `of type ${identifier === null ? "null" : typeof identifier}`;
  const provider =
    call.displayName === undefined
      ? `The custom provider with identifier ${shown}`
      : `Custom provider "${inert(call.displayName)}" (identifier ${shown})`;
  return new InvalidIdentifierError(
    `${provider} cannot be ${call.operation === "update" ? "updated" : "deleted"}: its identifier is not one Scalekit issues ` +
      `(${IDENTIFIER_RULE}), so it was not put into a request path and nothing was sent. ` +
      "The identifier came from the caller's records (a stack's state) or from an answer of the server: check that environmentUrl is the Scalekit environment's own URL.",
    { operation: call.operation, identifier: typeof identifier === "string" ? identifier : undefined, displayName: call.displayName },
  );
}
