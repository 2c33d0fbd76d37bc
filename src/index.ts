/**
 * scalekit-providers: Scalekit custom providers (connectors) declared as code and rolled out with Pulumi.
 *
 *   import { CustomProvider, fromPayload } from "scalekit-providers";
 *
 * The public surface is this list (README, "API"); every other module is internal and may change. The
 * `scalekit-providers/provider` subpath exists for the `__provider` stub Pulumi serializes, not for users.
 */

// The resource, its arguments and outputs (generated from the payload schema and its documentation).
export { CustomProvider, fromPayload } from "./resource";
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
} from "./resource";
// What fromPayload throws. The schema's modules are named directly: its index.ts would bring zod's types into
// these declarations, which must reach nothing but @pulumi/pulumi.
export { PayloadValidationError } from "./schema/issues";
export type { ValidationIssue } from "./schema/issues";

// The API client, the payload it sends (snake_case) and the provider Scalekit returns, and its errors.
export { ScalekitClient } from "./client";
export type { ClientStats, ClientOptions, FetchInit, FetchLike, FetchResponse, ReadOptions, RequestOptions } from "./client";
export type { ProviderPayload, AuthPattern, AuthField, OAuthConfig, OAuthScope, FieldMutation } from "./schema/payload-types";
export type { ListedProvider, ServerProvider, ThrottleStats } from "./client";
export {
  ScalekitError,
  ScalekitApiError,
  AnswerTooLargeError,
  AuthenticationError,
  ConfigurationError,
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
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from "./client";
export type { FieldViolation, MalformedProvider, Operation } from "./client";

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
