/**
 * The client's one error tree. Every error the client throws is a `ScalekitError`; errors that carry an HTTP
 * answer are `ScalekitApiError`s with one small subclass per meaning, so callers branch on `instanceof`
 * rather than on status numbers. The classes hold data only: every message is written by the factory in
 * error-factory.ts, which is also where the client secret and access tokens are redacted.
 *
 * ```
 * ScalekitError
 * ├── ConfigurationError        bad client options (thrown by the constructor)
 * ├── ConnectionError           no HTTP answer: refused, reset, dropped, DNS
 * ├── TimeoutError              no answer within timeoutMs
 * ├── UnexpectedResponseError   a 2xx answer whose body does not have the documented shape
 * ├── AnswerTooLargeError       an answer larger than MAX_ANSWER_BYTES (reading stopped there)
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

/** The API call an error belongs to. */
export type Operation = "token" | "list" | "create" | "update" | "delete";

/** One entry of `details[].validation_error_info.field_violations` in a Scalekit error body. */
export interface FieldViolation {
  /** The payload field, as Scalekit names it (snake_case path), when given. */
  field?: string;
  description?: string;
}

/** Root of every error the client throws. */
export class ScalekitError extends Error {
  override readonly name: string = "ScalekitError";
}

/** The client options are unusable; `option` names the offending one. Thrown by `new ScalekitClient()`. */
export class ConfigurationError extends ScalekitError {
  override readonly name: string = "ConfigurationError";
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
  }
}

/** Fields shared by errors that belong to one API call. */
export interface OperationContext {
  operation: Operation;
  /** The provider identifier the call addressed (update, delete). */
  identifier?: string;
}

/** No HTTP answer arrived: connection refused, reset or dropped, name resolution failed. */
export class ConnectionError extends ScalekitError {
  override readonly name: string = "ConnectionError";
  readonly operation: Operation;
  readonly identifier?: string;
  /** The system error code (`ECONNRESET`, `ECONNREFUSED`, `ENOTFOUND`, ...) when known. */
  readonly errno?: string;
  constructor(message: string, ctx: OperationContext & { errno?: string; cause?: unknown }) {
    super(message, ctx.cause === undefined ? undefined : { cause: ctx.cause });
    this.operation = ctx.operation;
    this.identifier = ctx.identifier;
    this.errno = ctx.errno;
  }
}

/** The attempt got no complete answer within `timeoutMs` and was aborted. */
export class TimeoutError extends ScalekitError {
  override readonly name: string = "TimeoutError";
  readonly operation: Operation;
  readonly identifier?: string;
  readonly timeoutMs: number;
  constructor(message: string, ctx: OperationContext & { timeoutMs: number }) {
    super(message);
    this.operation = ctx.operation;
    this.identifier = ctx.identifier;
    this.timeoutMs = ctx.timeoutMs;
  }
}

/** A successful (2xx) answer whose body does not match the shapes assumed in responses.ts. */
export class UnexpectedResponseError extends ScalekitError {
  override readonly name: string = "UnexpectedResponseError";
  readonly operation: Operation;
  readonly status: number;
  readonly requestId?: string;
  constructor(message: string, ctx: OperationContext & { status: number; requestId?: string }) {
    super(message);
    this.operation = ctx.operation;
    this.status = ctx.status;
    this.requestId = ctx.requestId;
  }
}

/** The answer was larger than `limitBytes`; reading stopped there and the connection was dropped. */
export class AnswerTooLargeError extends ScalekitError {
  override readonly name: string = "AnswerTooLargeError";
  readonly operation: Operation;
  readonly identifier?: string;
  readonly status: number;
  readonly limitBytes: number;
  constructor(message: string, ctx: OperationContext & { status: number; limitBytes: number }) {
    super(message);
    this.operation = ctx.operation;
    this.identifier = ctx.identifier;
    this.status = ctx.status;
    this.limitBytes = ctx.limitBytes;
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
  override readonly name: string = "ScalekitApiError";
  readonly status: number;
  readonly code?: number;
  readonly errorCode?: string;
  readonly serverMessage?: string;
  readonly violations: FieldViolation[];
  readonly requestId?: string;
  readonly operation: Operation;
  readonly identifier?: string;
  constructor(message: string, fields: ApiErrorFields) {
    super(message);
    this.status = fields.status;
    this.code = fields.code;
    this.errorCode = fields.errorCode;
    this.serverMessage = fields.serverMessage;
    this.violations = fields.violations;
    this.requestId = fields.requestId;
    this.operation = fields.operation;
    this.identifier = fields.identifier;
  }
}

/**
 * A 3xx answer. Redirects are never followed: the token request would re-post the client secret, an API call
 * would send the bearer token, to wherever the server points. `targetOrigin` is the origin of `Location`
 * (never its path or query), when there is one.
 */
export class RedirectError extends ScalekitApiError {
  override readonly name: string = "RedirectError";
  readonly targetOrigin?: string;
  constructor(message: string, fields: ApiErrorFields & { targetOrigin?: string }) {
    super(message, fields);
    this.targetOrigin = fields.targetOrigin;
  }
}

/** 400 INVALID_ARGUMENT or FAILED_PRECONDITION: the payload was refused; `violations` says where. */
export class ValidationError extends ScalekitApiError {
  override readonly name: string = "ValidationError";
}

/** 401: the client id/secret were refused (token call), or an access token was refused twice. */
export class AuthenticationError extends ScalekitApiError {
  override readonly name: string = "AuthenticationError";
}

/** 403: the credentials may not perform this call. */
export class PermissionError extends ScalekitApiError {
  override readonly name: string = "PermissionError";
}

/** 404: no provider with that identifier (or, for other calls, a wrong environment URL). */
export class NotFoundError extends ScalekitApiError {
  override readonly name: string = "NotFoundError";
}

/** 409 ALREADY_EXISTS: another provider has this display name; `existingIdentifier` names it when found. */
export class ConflictError extends ScalekitApiError {
  override readonly name: string = "ConflictError";
  readonly existingIdentifier?: string;
  constructor(message: string, fields: ApiErrorFields & { existingIdentifier?: string }) {
    super(message, fields);
    this.existingIdentifier = fields.existingIdentifier;
  }
}

/** A delete refused because connections or connected accounts still use the provider. Nothing was deleted. */
export class InUseError extends ScalekitApiError {
  override readonly name: string = "InUseError";
}

/** 429 (gRPC RESOURCE_EXHAUSTED, `error_code` RATE_LIMITED) for longer than rateLimitWaitMs; `retryAfterMs` is the server's last `Retry-After`, if any. */
export class RateLimitError extends ScalekitApiError {
  override readonly name: string = "RateLimitError";
  readonly retryAfterMs?: number;
  constructor(message: string, fields: ApiErrorFields & { retryAfterMs?: number }) {
    super(message, fields);
    this.retryAfterMs = fields.retryAfterMs;
  }
}

/** 5xx: Scalekit failed (or a gateway in front of it); retried before it is thrown. */
export class ServerError extends ScalekitApiError {
  override readonly name: string = "ServerError";
}
