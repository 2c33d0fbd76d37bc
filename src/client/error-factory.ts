/**
 * The one place that turns a failed call into a typed error and writes its message. Messages say what
 * happened in Scalekit's terms, what it means and what to do next in Scalekit (the Dashboard) or with the
 * client's own options; how to act on it in a Pulumi stack or on the command line is added by whoever
 * shows the error (resource/advice.ts, cli/environment.ts). Every message passes through `redact` last, with the
 * client secret and the recent access tokens, as a defence in depth: nothing here should contain them in
 * the first place (bodies are never echoed except Scalekit's own `message`, which is scrubbed too).
 */
import { REDACTED, redactSecrets } from "./redaction";
import {
  AnswerTooLargeError,
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InUseError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ScalekitApiError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  type ApiErrorFields,
  type Operation,
} from "./errors";
import { GRPC_CODES, grpcCodeName } from "./grpc";
import { IN_USE_ERROR_CODE, isInUseStatus } from "./in-use";
import type { ServerProvider } from "./parsed";
import { PERMISSIONS_PLACE, REQUIRED_PERMISSION } from "./permissions";
import { parseErrorBody } from "./responses";
import { serverRequestedDelay, type HeadersLike } from "./retry";
import { isPlaceholderEnvironmentUrl } from "./settings";
import { MAX_REPORTED_ISSUES } from "../schema";
import { inert } from "../text";

/** What the factory knows about the call that failed. */
export interface CallContext {
  operation: Operation;
  environmentUrl: string;
  /** Provider identifier (update, delete). */
  identifier?: string;
  /** Display name of the payload sent (create, update). */
  displayName?: string;
  /** Attempts made so far, this one included. */
  attempts?: number;
  /** How long the server has been refusing this call with 429, in milliseconds. */
  rateLimitedMs?: number;
  /** Strings that must never appear in a message: the client secret and recent access tokens. */
  secrets: readonly string[];
}

/** An HTTP error answer as received. */
export interface ErrorAnswer {
  status: number;
  /** The raw body text (may be empty or not JSON). */
  body: string;
  headers?: HeadersLike;
}

/**
 * Removes every secret from `text` in every encoding (redactSecrets), plus anything shaped like a bearer token or a `client_secret=`
 * form value. A bearer token holds a digit or punctuation, or is long: a word such as the "Token" of a provider
 * named "My Bearer Token Provider" is left alone.
 */
export function redact(text: string, secrets: readonly string[]): string {
  return redactSecrets(text, secrets)
    .replace(/(bearer\s+)(?=[A-Za-z]*[0-9\-._~+/=]|[A-Za-z]{16})[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`)
    .replace(/((?:client_secret|access_token)["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi, `$1${REDACTED}`);
}

/** The call, in words: "creating custom provider "My Asana"". */
export function describeCall(ctx: Pick<CallContext, "operation" | "environmentUrl" | "identifier" | "displayName">): string {
  switch (ctx.operation) {
    case "token":
      return `obtaining an access token from ${ctx.environmentUrl}/oauth/token`;
    case "list":
      return `listing the custom providers of ${ctx.environmentUrl}`;
    case "create":
      return `creating custom provider "${inert(ctx.displayName ?? "?")}" in ${ctx.environmentUrl}`;
    case "update":
      return `updating custom provider ${inert(ctx.identifier ?? "?")}${ctx.displayName ? ` ("${inert(ctx.displayName)}")` : ""} in ${ctx.environmentUrl}`;
    case "delete":
      return `deleting custom provider ${inert(ctx.identifier ?? "?")} in ${ctx.environmentUrl}`;
  }
}

/**
 * THE rule for "delete refused because the provider is still in use". Documented: 400 INVALID_ARGUMENT
 * with error code PROVIDER_HAS_EXISTING_CONNECTIONS, recognized by its code first. Fallbacks kept from
 * older material: a DELETE answered 412, or FAILED_PRECONDITION, or 400/403/409 whose message or error
 * code speaks of use, connections or connected accounts.
 */
export function isInUseRefusal(a: { operation: Operation; status: number; code?: number; errorCode?: string; message?: string }): boolean {
  if (a.operation !== "delete") return false;
  if (a.errorCode === IN_USE_ERROR_CODE) return true;
  if (!isInUseStatus(a.status)) return false;
  if (a.status === 412 || a.code === GRPC_CODES.FAILED_PRECONDITION) return true;
  const text = `${a.errorCode ?? ""} ${a.message ?? ""}`;
  return /in[\s_-]?use|still used|being used|connection|connected[\s_-]?account/i.test(text);
}

const CREDENTIALS_HELP =
  "Copy the API credentials of this environment from the Scalekit Dashboard (Developers > Settings > API credentials): " +
  "each environment (Dev, Production) has its own credentials.";

const RETRY_IS_SAFE_AFTER_LOST_CREATE =
  "The provider may have been stored before the answer was lost; running again is safe: the client looks it up by display name instead of creating a second one.";

function attemptsNote(ctx: CallContext): string {
  return ctx.attempts !== undefined && ctx.attempts > 1 ? `, after ${ctx.attempts} attempts` : "";
}

function rateLimitedNote(ctx: CallContext): string {
  return ctx.rateLimitedMs !== undefined && ctx.rateLimitedMs > 0 ? `, refused for ${Math.round(ctx.rateLimitedMs / 1000)} s` : "";
}

/** Scalekit's message for the answer, or a description of a body-less / non-JSON answer. */
function serverSays(message: string | undefined, body: string, nonJson: boolean, secrets: readonly string[]): string {
  if (message) return shown(message, secrets);
  if (nonJson) {
    if (/^\s*</.test(body)) return "an HTML page instead of the documented JSON error";
    return `a non-JSON body: "${shown(body.replace(/\s+/g, " ").trim(), secrets)}"`;
  }
  return "no error message";
}

/** Server text as a message may show it: redacted first (so a cut never splits a secret), then inert. */
function shown(text: string, secrets: readonly string[]): string {
  return inert(redact(text, secrets));
}

/** The label of an error answer, built here only: "HTTP 409 ALREADY_EXISTS", plus Scalekit's error code when it says more. */
function answerLabel(answer: { status: number; code?: number; errorCode?: string }, secrets: readonly string[]): string {
  const codeName = grpcCodeName(answer.code);
  const errorCode = answer.errorCode && answer.errorCode !== codeName ? shown(answer.errorCode, secrets) : undefined;
  return [`HTTP ${answer.status}`, codeName, errorCode].filter(Boolean).join(" ");
}

/** The first sentence of a refusal: the call, the answer's label and what Scalekit said. */
function refusal(ctx: CallContext, label: string, says: string): string {
  return `Scalekit refused ${describeCall(ctx)} (${label}): ${says}.`;
}

/** What ends a message about an answer that carried a request id. */
function requestIdNote(requestId: string | undefined): string {
  return requestId ? ` (request id ${requestId})` : "";
}

/**
 * Builds the typed error for an HTTP error answer.
 * - `ctx.operation` "token" with 401 (or 400 invalid_client) → AuthenticationError about the credentials.
 * - 400 → ValidationError (or InUseError for a delete refused because of connections), 401 →
 *   AuthenticationError, 403 → PermissionError (or InUseError), 404 → NotFoundError, 409 → ConflictError
 *   (or InUseError), 412 on delete → InUseError, 429 → RateLimitError, 5xx → ServerError, any other →
 *   ScalekitApiError.
 */
export function createApiError(ctx: CallContext, answer: ErrorAnswer): ScalekitApiError {
  const body = parseErrorBody(answer.body);
  const { status } = answer;
  const label = answerLabel({ status, code: body.code, errorCode: body.errorCode }, ctx.secrets);
  const says = serverSays(body.message, answer.body, body.nonJson, ctx.secrets);
  const requestId = answer.headers?.get("x-request-id") ?? undefined;
  const fields: ApiErrorFields = {
    operation: ctx.operation,
    identifier: ctx.identifier,
    status,
    code: body.code,
    errorCode: body.errorCode,
    serverMessage: body.message === undefined ? undefined : redact(body.message, ctx.secrets),
    violations: body.violations.map((v) => ({
      ...(v.field === undefined ? {} : { field: redact(v.field, ctx.secrets) }),
      ...(v.description === undefined ? {} : { description: redact(v.description, ctx.secrets) }),
    })),
    requestId: requestId ? shown(requestId, ctx.secrets) : undefined,
  };
  const what = describeCall(ctx);
  const head = refusal(ctx, label, says);
  const tail = requestIdNote(fields.requestId);
  const finish = (text: string): string => redact(`${text}${tail}`, ctx.secrets);

  const badCredentials =
    ctx.operation === "token" &&
    (status === 401 || (status === 400 && /invalid_client|unauthorized_client/i.test(`${body.errorCode ?? ""} ${body.oauthError ?? ""}`)));
  if (badCredentials) {
    return new AuthenticationError(
      finish(`${head} The client id or client secret is wrong for ${ctx.environmentUrl}. ${CREDENTIALS_HELP}`),
      fields,
    );
  }
  if (isInUseRefusal({ operation: ctx.operation, status, code: body.code, errorCode: body.errorCode, message: body.message })) {
    return new InUseError(
      finish(
        `${head} Connections or connected accounts still use this provider, so nothing was deleted. ` +
          "Remove the connections and connected accounts that use it in the Scalekit Dashboard first, then delete it again.",
      ),
      fields,
    );
  }
  switch (status) {
    case 400: {
      const listed = fields.violations
        .slice(0, MAX_REPORTED_ISSUES)
        .map(
          (v) =>
            `\n  - ${v.field === undefined ? "(payload)" : inert(v.field)}: ${v.description === undefined ? "invalid" : inert(v.description)}`,
        );
      const more = fields.violations.length - MAX_REPORTED_ISSUES;
      const list = listed.join("") + (more > 0 ? `\n  … and ${more} more` : "");
      const next =
        ctx.operation === "create" || ctx.operation === "update"
          ? "Fix the provider definition and run again."
          : "This is likely a bug in the client; please report it.";
      return new ValidationError(finish(`${head}${list}${list ? "\n" : " "}${next}`), fields);
    }
    case 401:
      return new AuthenticationError(
        finish(
          `${head} The access token was refused even after a fresh one was obtained: check that environmentUrl, clientId and clientSecret belong to the same Scalekit environment. ${CREDENTIALS_HELP}`,
        ),
        fields,
      );
    case 403: {
      const permission = REQUIRED_PERMISSION[ctx.operation];
      const grant = permission
        ? `The API client is not allowed to do this: it needs the permission ${permission}. Grant it in ${PERMISSIONS_PLACE}, then run again; check too that the credentials belong to ${ctx.environmentUrl}.`
        : `The API credentials of ${ctx.environmentUrl} are not allowed to do this: check them in the Scalekit Dashboard (they must belong to this environment).`;
      return new PermissionError(
        finish(
          `${head} ${grant}` +
            // A refused delete of a provider still in use is likely a 403 too, worded in a way we could not recognize.
            (ctx.operation === "delete"
              ? " If they are right, connections or connected accounts may still use this provider: remove them in the Scalekit Dashboard first, then retry."
              : ""),
        ),
        fields,
      );
    }
    case 404:
      return new NotFoundError(finish(`${head} ${notFoundAdvice(ctx)}`), fields);
    case 409:
      return new ConflictError(finish(`${head} ${conflictAdvice(ctx, undefined)}`), fields);
    case 429: {
      const retryAfterMs = serverRequestedDelay(answer.headers);
      return new RateLimitError(
        finish(
          `Scalekit rate limited the client while ${what} (${label}${rateLimitedNote(ctx)}): ${says}. ` +
            "The limit is per environment and shared with every other client of it (other runs, the Dashboard, your applications): " +
            "run again when they are quieter, or let the client wait longer (client option rateLimitWaitMs).",
        ),
        { ...fields, retryAfterMs },
      );
    }
    default:
      if (status >= 500) {
        const lost = ctx.operation === "create" ? ` ${RETRY_IS_SAFE_AFTER_LOST_CREATE}` : "";
        return new ServerError(
          finish(
            `Scalekit failed while ${what} (${label}${attemptsNote(ctx)}): ${says}. This is usually temporary: run again later; if it persists, give Scalekit support the request id.${lost}`,
          ),
          fields,
        );
      }
      return new ScalekitApiError(finish(`${head} This answer is not part of the documented API; check environmentUrl.`), fields);
  }
}

function notFoundAdvice(ctx: CallContext): string {
  switch (ctx.operation) {
    case "update":
      return (
        `Custom provider ${inert(ctx.identifier ?? "?")} no longer exists in ${ctx.environmentUrl}: it was probably deleted by someone else ` +
        "(for example in the Scalekit Dashboard), so it cannot be updated; create it again instead."
      );
    case "delete":
      return `Custom provider ${inert(ctx.identifier ?? "?")} does not exist in ${ctx.environmentUrl}: it is already deleted.`;
    default:
      return `Check that environmentUrl (${ctx.environmentUrl}) is the URL of a Scalekit environment.`;
  }
}

function conflictAdvice(ctx: CallContext, existing: ServerProvider | undefined): string {
  const name = inert(ctx.displayName ?? "?");
  const id = existing ? ` (identifier ${inert(existing.identifier)})` : " (its identifier could not be found)";
  if (ctx.operation === "update")
    return `Another custom provider already has the display name "${name}"${id}: choose another display name.`;
  return (
    `A custom provider named "${name}" already exists in ${ctx.environmentUrl}${id}, and display names are unique: ` +
    "nothing was created. Update that provider instead of creating a second one, or choose another display name."
  );
}

/**
 * The ConflictError of a 409, rebuilt once the client has looked up the provider holding the display name:
 * the message names its identifier (or says it could not be found).
 */
export function conflictWithExisting(error: ConflictError, ctx: CallContext, existing: ServerProvider | undefined): ConflictError {
  const says = error.serverMessage === undefined ? "no error message" : shown(error.serverMessage, ctx.secrets);
  const head = refusal(ctx, answerLabel(error, ctx.secrets), says);
  const message = redact(`${head} ${conflictAdvice(ctx, existing)}${requestIdNote(error.requestId)}`, ctx.secrets);
  return new ConflictError(message, {
    operation: error.operation,
    identifier: error.identifier,
    status: error.status,
    code: error.code,
    errorCode: error.errorCode,
    serverMessage: error.serverMessage,
    violations: error.violations,
    requestId: error.requestId,
    existingIdentifier: existing?.identifier,
  });
}

const ERRNO_WORDS: Record<string, string> = {
  ECONNRESET: "the connection was reset",
  ECONNREFUSED: "the connection was refused",
  ECONNABORTED: "the connection was aborted",
  EPIPE: "the connection was closed while sending",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
};

/** The name lookup failed: the host is unknown (ENOTFOUND), or DNS could not answer for now (EAI_AGAIN). */
const DNS_ERRNO_WORDS: Record<string, string> = {
  ENOTFOUND: "its name does not resolve",
  EAI_AGAIN: "a temporary DNS failure",
};

/** Builds the ConnectionError for a request that got no HTTP answer (`cause` is what fetch threw). */
export function createConnectionError(ctx: CallContext, cause: unknown): ConnectionError {
  const errno = errnoOf(cause);
  const raw = cause instanceof Error ? cause.message : String(cause);
  const dns = errno === undefined ? undefined : DNS_ERRNO_WORDS[errno];
  const reason = dns
    ? `the host ${new URL(ctx.environmentUrl).host} could not be found (${errno}: ${dns})`
    : ((errno && ERRNO_WORDS[errno]) ?? (raw || "no answer"));
  const advice =
    dns && isPlaceholderEnvironmentUrl(ctx.environmentUrl)
      ? `${ctx.environmentUrl} is the placeholder of the example stack files, not a Scalekit environment: set environmentUrl to ` +
        `your environment's URL (Scalekit Dashboard > Developers > API credentials), then run again.`
      : "Check environmentUrl and the network, then run again.";
  const lost = ctx.operation === "create" && errno !== "ECONNREFUSED" && errno !== "ENOTFOUND" ? ` ${RETRY_IS_SAFE_AFTER_LOST_CREATE}` : "";
  const message = `Could not reach Scalekit while ${describeCall(ctx)}: ${reason}${errno && !reason.includes(errno) ? ` (${errno})` : ""}${attemptsNote(ctx)}. ${advice}${lost}`;
  // The cause is kept for debugging, scrubbed too: util.inspect prints it beside the message.
  const scrubbed = Object.assign(new Error(redact(raw, ctx.secrets)), {
    name: cause instanceof Error ? cause.name : "Error",
    ...(errno ? { code: errno } : {}),
  });
  return new ConnectionError(redact(message, ctx.secrets), {
    operation: ctx.operation,
    identifier: ctx.identifier,
    errno,
    cause: scrubbed,
  });
}

/** Builds the TimeoutError for an attempt aborted after `timeoutMs`. */
export function createTimeoutError(ctx: CallContext, timeoutMs: number): TimeoutError {
  const lost = ctx.operation === "create" ? ` ${RETRY_IS_SAFE_AFTER_LOST_CREATE}` : "";
  const message =
    `Scalekit did not answer within ${timeoutMs} ms while ${describeCall(ctx)}${attemptsNote(ctx)}. ` +
    `Run again later, or raise the timeout (client option timeoutMs) if Scalekit is slow.${lost}`;
  return new TimeoutError(redact(message, ctx.secrets), { operation: ctx.operation, identifier: ctx.identifier, timeoutMs });
}

/** Builds the error for a 2xx answer whose body does not have the shape assumed in responses.ts. */
export function createUnexpectedResponseError(
  ctx: CallContext,
  status: number,
  problem: string,
  headers?: HeadersLike,
): UnexpectedResponseError {
  const rawRequestId = headers?.get("x-request-id");
  const requestId = rawRequestId ? inert(rawRequestId) : undefined;
  const message =
    `Scalekit answered ${describeCall(ctx)} with HTTP ${status}, but ${inert(problem)}. ` +
    `The client's assumptions about Scalekit's answers live in src/client/responses.ts; please report this${requestId ? ` with request id ${requestId}` : ""}.`;
  return new UnexpectedResponseError(redact(message, ctx.secrets), {
    operation: ctx.operation,
    identifier: ctx.identifier,
    status,
    requestId,
  });
}

/** The system error code of a fetch failure (node-fetch 2 FetchError, undici's cause chain, plain errors). */
export function errnoOf(cause: unknown): string | undefined {
  for (let e: unknown = cause, depth = 0; e && typeof e === "object" && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown; errno?: unknown }).code ?? (e as { errno?: unknown }).errno;
    if (typeof code === "string" && code !== "") return code;
  }
  return undefined;
}

/**
 * Builds the RedirectError for a 3xx answer. Only the origin of `Location` is named: its path and query may
 * carry anything, and the answer's body is never read.
 * @param location the `Location` header as received (absolute or relative to `requestUrl`), if any.
 */
export function createRedirectError(
  ctx: CallContext,
  status: number,
  location: string | null | undefined,
  requestUrl: string,
  headers?: HeadersLike,
): RedirectError {
  const targetOrigin = originOf(location, requestUrl);
  const rawRequestId = headers?.get("x-request-id");
  const requestId = rawRequestId ? shown(rawRequestId, ctx.secrets) : undefined;
  const where = targetOrigin === undefined ? "without a usable Location" : `to ${inert(targetOrigin)}`;
  const sending = ctx.operation === "token" ? "the client secret" : "the access token";
  const message =
    `Scalekit answered ${describeCall(ctx)} with a redirect (HTTP ${status}) ${where}; it was not followed, so ${sending} went nowhere else. ` +
    `Check environmentUrl (${ctx.environmentUrl}): set it to the environment's own URL as shown in the Scalekit Dashboard (API credentials), not an address that redirects.` +
    requestIdNote(requestId);
  return new RedirectError(redact(message, ctx.secrets), {
    operation: ctx.operation,
    identifier: ctx.identifier,
    status,
    violations: [],
    requestId,
    targetOrigin,
  });
}

/** The origin (scheme, host, port) of a Location value, or undefined when there is none. */
function originOf(location: string | null | undefined, requestUrl: string): string | undefined {
  if (!location) return undefined;
  try {
    const origin = new URL(location, requestUrl).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined; // not a URL: named as "without a usable Location"
  }
}

/** Builds the AnswerTooLargeError for an answer that went past `limitBytes` (reading stopped there). */
export function createAnswerTooLargeError(ctx: CallContext, status: number, limitBytes: number): AnswerTooLargeError {
  const mib = Math.round((limitBytes / (1024 * 1024)) * 10) / 10;
  const message =
    `Scalekit's answer (HTTP ${status}) while ${describeCall(ctx)} was too large: more than ${mib} MiB, the most the client reads. ` +
    "Reading stopped there and nothing of it was used. Check environmentUrl; if it is right, report this to Scalekit support.";
  return new AnswerTooLargeError(redact(message, ctx.secrets), {
    operation: ctx.operation,
    identifier: ctx.identifier,
    status,
    limitBytes,
  });
}
