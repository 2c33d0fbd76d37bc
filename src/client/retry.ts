/**
 * The retry policy as two pure functions: which failures are worth another attempt, and how long to wait
 * before it. The request loop in request.ts applies them; tests exercise them alone.
 */
import { ConnectionError, ScalekitApiError } from "./errors";

/** HTTP statuses that are transient by nature: rate limited, or Scalekit / its gateway briefly unavailable. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/**
 * System error codes that will not go away by retrying: an unknown host name or a TLS certificate problem
 * is a configuration error, and retrying it only delays the message.
 */
const PERMANENT_ERRNO = /^(ENOTFOUND|CERT_|ERR_TLS_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT)/;

/** Error codes of a connection that failed or broke before a complete answer: worth another attempt. */
const TRANSIENT_ERRNO =
  /^(ECONNRESET|ECONNREFUSED|ECONNABORTED|EPIPE|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|UND_ERR_|ERR_STREAM_PREMATURE_CLOSE)/;

/**
 * Whether a failed attempt is worth retrying: a retryable HTTP status (429, 500, 502, 503, 504), a
 * `ConnectionError`, a `TimeoutError` included (unless the host is unknown or its certificate is refused), or a raw
 * network error from `fetch` (reset, refused, premature close, aborted). Every other status and error,
 * including 4xx answers, is final.
 */
export function shouldRetry(cause: unknown): boolean {
  if (typeof cause === "number") return RETRYABLE_STATUSES.has(cause);
  if (cause instanceof ScalekitApiError) return RETRYABLE_STATUSES.has(cause.status);
  // A TimeoutError is a ConnectionError without errno.
  if (cause instanceof ConnectionError) return cause.errno === undefined || !PERMANENT_ERRNO.test(cause.errno);
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return !PERMANENT_ERRNO.test(code) && TRANSIENT_ERRNO.test(code);
    // node-fetch 2 reports network failures as FetchError with type "system", and aborts as AbortError.
    return cause.name === "AbortError" || (cause.name === "FetchError" && (cause as { type?: unknown }).type === "system");
  }
  return false;
}

/** The subset of a `Headers` object the retry policy reads. */
export interface HeadersLike {
  get(name: string): string | null | undefined;
}

/** Backoff settings, in milliseconds (see ClientOptions for their defaults). */
export interface RetryDelayOptions {
  /** First backoff ceiling; doubled per attempt. */
  retryBaseDelayMs: number;
  /** Ceiling of the exponential backoff; also the floor of the Retry-After cap. */
  retryMaxDelayMs: number;
  /** Clock for HTTP-date `Retry-After` values. @default Date.now */
  now?: () => number;
}

/**
 * Hard cap on a server-requested wait. A `Retry-After` is honoured beyond retryMaxDelayMs, since retrying
 * earlier only earns another 429, but never beyond max(retryMaxDelayMs, this), so that a bogus or huge
 * value cannot park a `pulumi up` for hours.
 */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * The wait before retry number `attempt` (1 for the first retry), in milliseconds.
 *
 * - With a `Retry-After` header (delay-seconds, possibly fractional, or an HTTP date) or a
 *   `retry-after-ms` header: that wait, at least 0 and at most max(retryMaxDelayMs, RETRY_AFTER_CAP_MS).
 * - Otherwise exponential backoff with full jitter: a uniform value in
 *   [0, min(retryMaxDelayMs, retryBaseDelayMs * 2^(attempt-1))), which spreads parallel clients apart.
 *
 * `random` returns a value in [0, 1) (injectable for tests).
 */
export function retryDelay(
  attempt: number,
  headers: HeadersLike | undefined,
  opts: RetryDelayOptions,
  random: () => number = Math.random,
): number {
  const requested = serverRequestedDelay(headers, opts.now ?? Date.now);
  if (requested !== undefined) return Math.min(requested, Math.max(opts.retryMaxDelayMs, RETRY_AFTER_CAP_MS));
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(opts.retryMaxDelayMs, opts.retryBaseDelayMs * 2 ** Math.min(exponent, 30));
  return Math.floor(random() * ceiling);
}

/**
 * The wait the server asked for, in milliseconds, or undefined when it did not ask (or the header is
 * unreadable). A date in the past gives 0.
 */
export function serverRequestedDelay(headers: HeadersLike | undefined, now: () => number = Date.now): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.ceil(Number(ms));
  return parseRetryAfter(headers.get("retry-after"), now);
}

/** Parses a `Retry-After` value (delay-seconds or HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null | undefined, now: () => number = Date.now): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Only a real HTTP date: Date.parse would also read "-5" or "1e3" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now());
}

/**
 * Whether a failed write may still have taken effect on the server: its answer was lost (timeout, reset
 * or dropped connection) or the server failed after it may have stored it (5xx). A refused connection or
 * an unknown host never delivered the request, and a 429 is assumed to be refused before any processing.
 * Before a create is retried after such a failure, the client looks for the provider by display name.
 */
export function mayHaveTakenEffect(failure: unknown): boolean {
  if (failure instanceof ConnectionError)
    return failure.errno !== "ECONNREFUSED" && !(failure.errno !== undefined && PERMANENT_ERRNO.test(failure.errno));
  if (failure instanceof ScalekitApiError) return failure.status >= 500;
  return false;
}

/**
 * Shortest wait after a 429, in milliseconds, whatever `Retry-After` says (0, a past date, a negative or
 * unreadable value): Scalekit counts its limit per minute, so an answer refused now will most likely be
 * refused again a moment later, and each refused request spends the allowance the team's Dashboard and
 * applications share. One second keeps the first repeat quick (a burst that just missed a window) while a
 * refused client never asks more than once a second, and less and less often the longer it is refused.
 */
export const RATE_LIMIT_MIN_WAIT_MS = 1000;
/** Growth of the shortest wait per further 429 in a row: gentle, so a wait ends soon after the server's window does. */
export const RATE_LIMIT_GROWTH = 1.3;
/** Ceiling of the wait: Scalekit counts its limit per minute, so a wait can need a whole minute. */
export const RATE_LIMIT_MAX_WAIT_MS = 60_000;

/**
 * Most attempts one call may have refused with 429 before it fails, however long `rateLimitWaitMs` allows.
 * With the shortest waits (1 s growing 1.3× per refusal in a row, up to 30 s) the default five minutes of
 * refusals take at most 21 attempts (test/client/retry.test.ts counts them); 40 is about a quarter of an
 * hour of refusals at the shortest waits, so only a longer `rateLimitWaitMs` reaches this bound first.
 */
export const MAX_RATE_LIMITED_ATTEMPTS = 40;

/**
 * The shortest wait after `refusals` 429 answers in a row, in milliseconds:
 * min(RATE_LIMIT_MAX_WAIT_MS / 2, RATE_LIMIT_MIN_WAIT_MS * RATE_LIMIT_GROWTH^(refusals-1)).
 */
function rateLimitFloor(refusals: number): number {
  const exponent = Math.max(0, Math.floor(refusals) - 1);
  return Math.min(RATE_LIMIT_MAX_WAIT_MS / 2, RATE_LIMIT_MIN_WAIT_MS * RATE_LIMIT_GROWTH ** Math.min(exponent, 100));
}

/**
 * The client-wide wait after `refusals` 429 answers in a row, in milliseconds: the shortest wait
 * (rateLimitFloor) plus as much again of jitter at most, so that clients refused together do not come back
 * together. Scalekit publishes neither its limit nor its window, and documents no `Retry-After`
 * (docs/scalekit-api.md, "Rate limits"): the waits probe for the end of the window, growing until they span a
 * whole minute. `random` returns a value in [0, 1).
 */
export function rateLimitBackoff(refusals: number, random: () => number = Math.random): number {
  const floor = rateLimitFloor(refusals);
  return Math.ceil(floor + random() * floor);
}

/**
 * The wait after a 429, in milliseconds: the backoff for `refusals` in a row, or the server's `Retry-After`
 * (`requestedMs`) when it asks for longer, up to RATE_LIMIT_MAX_WAIT_MS (a bogus or far-future value must not
 * park a run). A `Retry-After` can lengthen the wait, never shorten it below the backoff.
 */
export function rateLimitWait(refusals: number, requestedMs: number | undefined, random: () => number = Math.random): number {
  const requested = requestedMs === undefined ? 0 : Math.min(Math.max(requestedMs, 0), RATE_LIMIT_MAX_WAIT_MS);
  return Math.max(rateLimitBackoff(refusals, random), requested);
}
