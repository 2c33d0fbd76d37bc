/**
 * The client's one error tree. Every error the client throws is a `ScalekitError`; errors that carry an HTTP
 * answer are `ScalekitApiError`s with one small subclass per meaning, so callers branch on `instanceof`
 * rather than on status numbers. The classes hold data only: every message is written by the factory in
 * error-factory.ts, which is also where the client secret and access tokens are redacted. The fields every
 * call's error shares (`operation`, `identifier`) live on the root; `name` is the class's (NamedError).
 *
 * ```
 * ScalekitError
 * ├── ConfigurationError        bad configuration, whatever its source: client options, stack config, variables
 * │   └── CredentialsInUrlError an environment URL with user-info (`user:password@`)
 * ├── ConnectionError           no HTTP answer: refused, reset, dropped, DNS
 * │   └── TimeoutError          no answer within timeoutMs
 * ├── UnexpectedResponseError   a 2xx answer whose body does not have the documented shape
 * ├── AnswerTooLargeError       an answer larger than MAX_ANSWER_BYTES (reading stopped there)
 * ├── InvalidIdentifierError    an identifier that may not become a path (nothing was sent)
 * ├── MalformedListingError     a listing holding providers without a usable identifier or display name
 * ├── ListingTooLargeError      a listing whose answers pass MAX_LISTING_BYTES (stopped there)
 * └── ScalekitApiError          an HTTP error answer
 *     ├── RedirectError         3xx: never followed (credentials go nowhere but the environment URL)
 *     ├── ValidationError       400 INVALID_ARGUMENT / FAILED_PRECONDITION (field violations listed)
 *     ├── AuthenticationError   401 (wrong client id/secret, or a token refused twice)
 *     ├── PermissionError       403
 *     ├── NotFoundError         404
 *     ├── ConflictError         409 ALREADY_EXISTS (a provider with that display name exists)
 *     ├── InUseError            a delete refused because connections still use the provider
 *     ├── RateLimitError        429 RESOURCE_EXHAUSTED
 *     └── ServerError           5xx
 * ```
 */

import { NamedError } from "../named-error";

/** The API call an error belongs to. */
export type Operation = "token" | "list" | "create" | "update" | "delete";

/** One entry of `details[].validation_error_info.field_violations` in a Scalekit error body. */
export interface FieldViolation {
  /** The payload field, as Scalekit names it (snake_case path), when given. */
  field?: string;
  description?: string;
}

/** Fields shared by errors that belong to one API call. */
export interface OperationContext {
  operation: Operation;
  /** The provider identifier the call addressed (update, delete). */
  identifier?: string;
}

/** Root of every error the client throws. */
export class ScalekitError extends NamedError {
  /** The API call the error belongs to; undefined only for a ConfigurationError (no call was made). */
  readonly operation?: Operation;
  /** The provider identifier the call addressed (update, delete), when there is one. */
  readonly identifier?: string;
  /** `context` is Error's options bag (`cause`) plus the call's fields. */
  constructor(message: string, context: Partial<OperationContext> & { cause?: unknown } = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.operation = context.operation;
    this.identifier = context.identifier;
  }
}

/**
 * The configuration is unusable, whatever its source: the client's options (`new ScalekitClient()`), a setting
 * read from stack config or the variables (readNamedSettings, the resource's settings), the promotion gate's.
 * `option` names the offending client option, when there is one.
 */
export class ConfigurationError extends ScalekitError {
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/**
 * The environment URL carries credentials (`https://user:password@host`): refused, never echoed, since its
 * user-info may hold a password; the client id and secret have settings of their own.
 */
export class CredentialsInUrlError extends ConfigurationError {}

/** No HTTP answer arrived: connection refused, reset or dropped, name resolution failed, or a timeout. */
export class ConnectionError extends ScalekitError {
  // Narrowed, not redeclared: every error below the root but ConfigurationError belongs to a call.
  declare readonly operation: Operation;
  /** The system error code (`ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, ...) when known. */
  readonly errno?: string;
  constructor(message: string, ctx: OperationContext & { errno?: string; cause?: unknown }) {
    super(message, ctx);
    this.errno = ctx.errno;
  }
}

/** The attempt got no complete answer within `timeoutMs` and was aborted: a ConnectionError without `errno`. */
export class TimeoutError extends ConnectionError {
  readonly timeoutMs: number;
  constructor(message: string, ctx: OperationContext & { timeoutMs: number }) {
    super(message, ctx);
    this.timeoutMs = ctx.timeoutMs;
  }
}

/** A successful (2xx) answer whose body does not match the shapes assumed in responses.ts. */
export class UnexpectedResponseError extends ScalekitError {
  declare readonly operation: Operation;
  readonly status: number;
  readonly requestId?: string;
  constructor(message: string, ctx: OperationContext & { status: number; requestId?: string }) {
    super(message, ctx);
    this.status = ctx.status;
    this.requestId = ctx.requestId;
  }
}

/** The answer was larger than `limitBytes`; reading stopped there and the connection was dropped. */
export class AnswerTooLargeError extends ScalekitError {
  declare readonly operation: Operation;
  readonly status: number;
  readonly limitBytes: number;
  constructor(message: string, ctx: OperationContext & { status: number; limitBytes: number }) {
    super(message, ctx);
    this.status = ctx.status;
    this.limitBytes = ctx.limitBytes;
  }
}

/**
 * An identifier (from the stack's state or a server answer) that is not one Scalekit issues: it was never
 * put into a path, and nothing was sent. `displayName` names the provider when the caller knew it.
 */
export class InvalidIdentifierError extends ScalekitError {
  declare readonly operation: Operation;
  readonly displayName?: string;
  constructor(message: string, ctx: OperationContext & { displayName?: string }) {
    super(message, ctx);
    this.displayName = ctx.displayName;
  }
}

/** How a malformed provider of a listing is known: whatever of it identifies it, and what is wrong with it. */
export interface MalformedProvider {
  /** The page of the listing it came on (from 1) and its position there (from 1). */
  page: number;
  position: number;
  /** Its identifier or display name, when the answer held one as a string (shown inert). */
  identifier?: string;
  displayName?: string;
  /** What is wrong, e.g. `display_name: missing`. */
  problem: string;
}

/**
 * A listing held providers the client cannot use (no identifier or display name, or fields of the wrong
 * type): they are named in `malformed`, and no answer is given that might leave them out silently.
 */
export class MalformedListingError extends ScalekitError {
  declare readonly operation: Operation;
  readonly malformed: readonly MalformedProvider[];
  constructor(message: string, ctx: OperationContext & { malformed: readonly MalformedProvider[] }) {
    super(message, ctx);
    this.malformed = ctx.malformed;
  }
}

/** A listing's answers went past `limit` bytes (MAX_LISTING_BYTES); it was stopped there and nothing of it was used. */
export class ListingTooLargeError extends ScalekitError {
  declare readonly operation: Operation;
  readonly limit: number;
  constructor(message: string, ctx: OperationContext & { limit: number }) {
    super(message, ctx);
    this.limit = ctx.limit;
  }
}

/** Everything the factory extracts from an HTTP error answer. */
export interface ApiErrorFields extends OperationContext {
  status: number;
  /** The gRPC status code of the body (`code`), e.g. 3 for INVALID_ARGUMENT; not the HTTP status. */
  code?: number;
  /** `details[].error_code` of the body, e.g. "INVALID_ARGUMENT". */
  errorCode?: string;
  /** Scalekit's own `message` (redacted), without the client's advice. */
  serverMessage?: string;
  violations: FieldViolation[];
  /** The `x-request-id` response header, for Scalekit support. */
  requestId?: string;
}

/** An HTTP error answer from Scalekit. Use the subclasses to branch on its meaning. */
export class ScalekitApiError extends ScalekitError {
  declare readonly operation: Operation;
  readonly status: number;
  readonly code?: number;
  readonly errorCode?: string;
  readonly serverMessage?: string;
  readonly violations: FieldViolation[];
  readonly requestId?: string;
  constructor(message: string, fields: ApiErrorFields) {
    super(message, fields);
    this.status = fields.status;
    this.code = fields.code;
    this.errorCode = fields.errorCode;
    this.serverMessage = fields.serverMessage;
    this.violations = fields.violations;
    this.requestId = fields.requestId;
  }
}

/**
 * A 3xx answer. Redirects are never followed: the token request would re-post the client secret, an API call
 * would send the bearer token, to wherever the server points. `targetOrigin` is the origin of `Location`
 * (never its path or query), when there is one.
 */
export class RedirectError extends ScalekitApiError {
  readonly targetOrigin?: string;
  constructor(message: string, fields: ApiErrorFields & { targetOrigin?: string }) {
    super(message, fields);
    this.targetOrigin = fields.targetOrigin;
  }
}

/** 400 INVALID_ARGUMENT or FAILED_PRECONDITION: the payload was refused; `violations` says where. */
export class ValidationError extends ScalekitApiError {}

/** 401: the client id/secret were refused (token call), or an access token was refused twice. */
export class AuthenticationError extends ScalekitApiError {}

/** 403: the credentials may not perform this call. */
export class PermissionError extends ScalekitApiError {}

/** 404: no provider with that identifier (or, for other calls, a wrong environment URL). */
export class NotFoundError extends ScalekitApiError {}

/** 409 ALREADY_EXISTS: another provider has this display name; `existingIdentifier` names it when found. */
export class ConflictError extends ScalekitApiError {
  readonly existingIdentifier?: string;
  constructor(message: string, fields: ApiErrorFields & { existingIdentifier?: string }) {
    super(message, fields);
    this.existingIdentifier = fields.existingIdentifier;
  }
}

/** A delete refused because connections or connected accounts still use the provider. Nothing was deleted. */
export class InUseError extends ScalekitApiError {}

/** 429 (gRPC RESOURCE_EXHAUSTED, `error_code` RATE_LIMITED) for longer than rateLimitWaitMs; `retryAfterMs` is the server's last `Retry-After`, if any. */
export class RateLimitError extends ScalekitApiError {
  readonly retryAfterMs?: number;
  constructor(message: string, fields: ApiErrorFields & { retryAfterMs?: number }) {
    super(message, fields);
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** 5xx: Scalekit failed (or a gateway in front of it); retried before it is thrown. */
export class ServerError extends ScalekitApiError {}
