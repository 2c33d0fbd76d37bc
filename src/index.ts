/**
 * scalekit-providers: Scalekit custom providers (connectors) declared as code and rolled out with Pulumi.
 *
 *   import { CustomProvider, fromPayload } from "scalekit-providers";
 *
 * The public surface is this list (README, "API"); every other module is internal and may change. The
 * `scalekit-providers/provider` subpath exists for the `__provider` stub Pulumi serializes, not for users.
 */

// The resource, its arguments and outputs (generated from the payload schema and its documentation).
export { CustomProvider, fromPayload } from "./resource/custom-provider";
export type {
  CustomProviderArgs,
  CustomProviderOutputs,
  AuthPatternArgs,
  AuthPatternOutput,
  AuthFieldArgs,
  AuthFieldOutput,
  OAuthConfigArgs,
  OAuthConfigOutput,
  OAuthScopeArgs,
  OAuthScopeOutput,
  FieldMutationArgs,
  FieldMutationOutput,
} from "./resource/args";
// What fromPayload throws.
export { PayloadValidationError } from "./schema/issues";
export type { ValidationIssue } from "./schema/issues";

// The API client, the payload it sends (snake_case) and the provider Scalekit returns, and its errors.
export { ScalekitClient } from "./client/client";
export type { ClientStats, ReadOptions } from "./client/client";
export type { ClientOptions, FetchInit, FetchLike, FetchResponse } from "./client/options";
export type { RequestOptions } from "./client/request";
export type { ProviderPayload, AuthPattern, AuthField, OAuthConfig, OAuthScope, FieldMutation } from "./schema/payload-types";
export type { ServerProvider } from "./client/parsed";
export type { ThrottleStats } from "./client/throttle";
export {
  ScalekitError,
  ScalekitApiError,
  AnswerTooLargeError,
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InUseError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  RedirectError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "./client/errors";
export type { FieldViolation, Operation } from "./client/errors";

// The local emulator, for tests and demos of a program that uses the package.
export { startEmulator, EmulatorStateError, StateFileInUseError } from "./emulator";
export type {
  EmulatorControl,
  EmulatorOptions,
  EmulatorState,
  EmulatorStats,
  FaultAction,
  FaultSpec,
  InUseStatus,
  JournalEntry,
  RateLimit,
  RequestKind,
  RunningEmulator,
  StoredProvider,
} from "./emulator";
