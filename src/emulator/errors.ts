/**
 * The documented Scalekit error body and the one error class the emulator throws internally.
 *
 * Body shape (contract, "Errors"): `{"code": <gRPC code>, "message": "…", "details": [{"@type":
 * "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", "error_code": "…", "validation_error_info"?:
 * {"field_violations": [{"field", "description"}]}}]}`. `code` is the gRPC code, not the HTTP status.
 */
import { GRPC_CODES, type GrpcCodeName } from "../client";
import { NamedError } from "../named-error";

export const ERROR_INFO_TYPE = "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo";

export interface FieldViolation {
  field: string;
  description: string;
}

export interface ErrorBody {
  code: number;
  message: string;
  details: Array<{
    "@type": string;
    error_code: string;
    validation_error_info?: { field_violations: FieldViolation[] };
  }>;
}

/** Builds the documented error body. */
export function errorBody(code: GrpcCodeName, message: string, errorCode: string = code, violations?: FieldViolation[]): ErrorBody {
  const detail: ErrorBody["details"][number] = { "@type": ERROR_INFO_TYPE, error_code: errorCode };
  if (violations && violations.length > 0) detail.validation_error_info = { field_violations: violations };
  return { code: GRPC_CODES[code], message, details: [detail] };
}

/** The gRPC code a gateway would put beside an HTTP status (grpc-gateway's mapping, reversed). */
export function grpcCodeForStatus(status: number): GrpcCodeName {
  switch (status) {
    case 400:
      return "INVALID_ARGUMENT";
    case 401:
      return "UNAUTHENTICATED";
    case 403:
      return "PERMISSION_DENIED";
    case 404:
      return "NOT_FOUND";
    case 405:
      return "UNIMPLEMENTED";
    case 409:
      return "ALREADY_EXISTS";
    case 412:
      return "FAILED_PRECONDITION";
    case 413:
      return "INVALID_ARGUMENT";
    case 429:
      return "RESOURCE_EXHAUSTED";
    case 500:
      return "INTERNAL";
    case 501:
      return "UNIMPLEMENTED";
    case 502:
    case 503:
      return "UNAVAILABLE";
    case 504:
      return "DEADLINE_EXCEEDED";
    default:
      return status >= 500 ? "INTERNAL" : "UNKNOWN";
  }
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "bad request",
  401: "unauthenticated",
  403: "permission denied",
  404: "not found",
  409: "already exists",
  429: "rate limit exceeded, retry later",
  500: "internal error",
  502: "bad gateway",
  503: "service unavailable",
  504: "gateway timeout",
};

/** The documented error body a real server would most likely send with `status` (used by status faults). */
export function defaultErrorBodyForStatus(status: number): ErrorBody {
  const code = grpcCodeForStatus(status);
  return errorBody(code, DEFAULT_MESSAGES[status] ?? `HTTP ${status}`, status === 429 ? "RATE_LIMITED" : code);
}

/**
 * An error that becomes an HTTP answer: `status` plus the documented body. Thrown by handlers and by the
 * in-process helpers of RunningEmulator (where `message` says what was wrong).
 */
export class EmulatorError extends NamedError {
  readonly status: number;
  readonly body: ErrorBody;
  /** Extra response headers, e.g. `Allow` on a 405 or `Retry-After` on a 429. */
  readonly headers: Record<string, string>;

  constructor(status: number, body: ErrorBody, headers: Record<string, string> = {}) {
    super(body.message);
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  static invalidArgument(message: string, violations?: FieldViolation[]): EmulatorError {
    return new EmulatorError(400, errorBody("INVALID_ARGUMENT", message, "INVALID_ARGUMENT", violations));
  }

  static notFound(message: string, errorCode = "NOT_FOUND"): EmulatorError {
    return new EmulatorError(404, errorBody("NOT_FOUND", message, errorCode));
  }

  static alreadyExists(message: string): EmulatorError {
    return new EmulatorError(409, errorBody("ALREADY_EXISTS", message, "ALREADY_EXISTS"));
  }

  static unauthenticated(message: string, errorCode = "UNAUTHENTICATED"): EmulatorError {
    return new EmulatorError(401, errorBody("UNAUTHENTICATED", message, errorCode), {
      "WWW-Authenticate": 'Bearer realm="scalekit-emulator", error="invalid_token"',
    });
  }
}
