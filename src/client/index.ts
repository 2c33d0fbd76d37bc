/**
 * The Scalekit custom-providers API client: `ScalekitClient`, its options, the typed error tree, the
 * response types, and the pure retry policy.
 */
export { ScalekitClient, type ClientStats, type ReadOptions } from "./client";
export { IDENTIFIER_MAX_LENGTH, IDENTIFIER_PATTERN, IDENTIFIER_RULE, isProviderIdentifier, providerPath } from "./identifier";
export { isLoopbackHost, normalizeEnvironmentUrl, type ClientOptions, type FetchInit, type FetchLike, type FetchResponse } from "./options";
export {
  CREDENTIALS,
  DEFAULTS as CLIENT_DEFAULTS,
  FLAGGED_OPTIONS,
  MAX_LISTING_REUSE_MS,
  MAX_PAGE_SIZE,
  NAMED_OPTIONS,
  NUMERIC_SETTINGS,
  lookupSetting,
  namedDefault,
  parseNamedValue,
  readNamedSettings,
  sourceName,
  type ConfigLookup,
  type Environment,
  type FlaggedOption,
  type NamedOption,
} from "./settings";
export type { RequestOptions } from "./request";
export { MAX_ANSWER_BYTES, MIN_SECRET_LENGTH } from "./limits";
export {
  AnswerTooLargeError,
  AuthenticationError,
  ConfigurationError,
  CredentialsInUrlError,
  ConflictError,
  ConnectionError,
  InUseError,
  InvalidIdentifierError,
  ListingTooLargeError,
  MalformedListingError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ScalekitApiError,
  ScalekitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  type FieldViolation,
  type MalformedProvider,
  type Operation,
} from "./errors";
export { isInUseRefusal, redact } from "./error-factory";
export { REDACTED, mentionsSecret, redactSecrets } from "./redaction";
export {
  MAX_RATE_LIMITED_ATTEMPTS,
  RATE_LIMIT_MIN_WAIT_MS,
  RETRYABLE_STATUSES,
  RETRY_AFTER_CAP_MS,
  mayHaveTakenEffect,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
} from "./retry";
export { GRPC_CODES, type GrpcCodeName } from "./grpc";
export { IN_USE_ERROR_CODE, IN_USE_STATUSES, isInUseStatus, type InUseStatus } from "./in-use";
export { PERMISSIONS_PLACE, REQUIRED_PERMISSION } from "./permissions";
export type { ListedProvider, ProviderPayload, ServerProvider } from "./parsed";
export { MAX_LISTING_BYTES, MAX_LIST_PAGES } from "./listing";
export type { ThrottleStats } from "./throttle";
