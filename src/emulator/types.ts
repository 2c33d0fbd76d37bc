/**
 * Public types of the local Scalekit emulator: its options, the handle a test holds, the request journal
 * and the fault specification. Kept apart from the implementation so that the control plane, the server
 * and callers share one definition.
 */
import type { InUseStatus } from "../client";

/** What a request was, as far as the emulator's routing can tell. Benchmarks count requests by kind. */
export type RequestKind = "token" | "list" | "create" | "update" | "delete" | "control" | "unknown";

/** The statuses the contract names as candidates for a refused delete of a provider still in use (the client's table). */
export type { InUseStatus } from "../client";

/**
 * A rate limit over fixed windows, as Scalekit counts it (per environment, per minute): `requests` per
 * `windowSeconds`, or `requestsPerSecond` (a one-second window). Over it, 429 with gRPC code 8 and
 * `error_code` RATE_LIMITED, and no `Retry-After` unless asked for.
 */
export interface RateLimit {
  /** Requests accepted per window. */
  requests?: number;
  /** Length of a window, in seconds. @default 60 */
  windowSeconds?: number;
  /** Shorthand for `requests` per one-second window. */
  requestsPerSecond?: number;
  /** Sends this `Retry-After` (seconds) on every 429. @default none */
  retryAfterSeconds?: number;
  /** Sends a `Retry-After` of the whole seconds until the window ends. @default false (Scalekit documents none) */
  sendRetryAfter?: boolean;
}

export interface EmulatorOptions {
  /** TCP port on 127.0.0.1; 0 picks any free port. @default 0 */
  port?: number;
  /** Client id accepted by the token grant. @default DEMO_CLIENT_ID ("skc_local_demo") */
  clientId?: string;
  /**
   * Client secret accepted by the token grant; at least MIN_SECRET_LENGTH (16) characters.
   * @default DEMO_CLIENT_SECRET (a fixed, public demo value)
   */
  clientSecret?: string;
  /** Lifetime of an issued access token, in seconds: 1 to 30 days (OPTION_BOUNDS), fractions allowed. @default 3600 */
  tokenTtlSeconds?: number;
  /**
   * Largest list page (1 to 1000, the documented maximum), whatever `page_size` asks for; small values force
   * pagination. Without `page_size`, 10. @default 1000
   */
  pageSizeCap?: number;
  /**
   * JSON file holding providers, connections and counters (never tokens or secrets). Loaded at start (a
   * missing file means empty; a corrupt one fails the start), rewritten atomically after every write.
   * Locked by `<file>.lock` while the emulator runs: a second emulator on the same file refuses to start.
   */
  stateFile?: string;
  /**
   * Status of a refused delete of a provider that still has connections. 400 answers as Scalekit documents
   * it (INVALID_ARGUMENT, `error_code` PROVIDER_HAS_EXISTING_CONNECTIONS); 403, 409 and 412 answer in the
   * older wording, for the client's fallbacks. @default 400
   */
  inUseStatus?: InUseStatus;
  /** Milliseconds added to every API request (not to the control plane): 0 to 600000 (OPTION_BOUNDS). @default 0 */
  latencyMs?: number;
  /** Rate limit applied to every API request (token grant included). @default none */
  rateLimit?: RateLimit;
  /** Largest accepted request body in bytes; larger answers 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /**
   * Return providers the way a real server might: auth patterns get server defaults where absent
   * (see SERVER_DEFAULTS in presentation.ts) and object keys come back in the server's own order, not the
   * order sent, so clients must normalize before comparing. With false, the stored payload is returned
   * as sent (plus the server-only fields, `icon_src` and `metadata`). @default true
   */
  fillServerDefaults?: boolean;
  /**
   * Whether a display name collides with another regardless of letter case. The real service's rule is
   * unknown; exact (case-sensitive) comparison is the default. @default false
   */
  caseInsensitiveNames?: boolean;
  /**
   * Whether an update that changes the display name also changes the identifier (the contract says to take
   * the identifier from every response; this exercises it). @default false: identifiers are stable
   */
  renameChangesIdentifier?: boolean;
  /** Receives one line per request (method, path, status, duration; never bodies or credentials). */
  logger?: (line: string) => void;
}

/** One provider as the emulator holds it. */
export interface StoredProvider {
  /** Server id, e.g. `prv_10000000000104729`. */
  id: string;
  /** Opaque identifier used in paths, e.g. `MYASANA:48213`. */
  identifier: string;
  /** The payload exactly as last written (create, update or Dashboard edit), without server defaults. */
  payload: Record<string, unknown>;
  /** Number of connections attached (a delete is refused while it is above 0). */
  connections: number;
  /** Creation sequence number; list order follows it. */
  sequence: number;
}

export interface JournalEntry {
  /** Arrival order, from 1. The journal is sorted by it. */
  seq: number;
  method: string;
  /** Path without the query string, as received (still URL-encoded). */
  path: string;
  query: Record<string, string>;
  kind: RequestKind;
  /**
   * Status answered; for a `drop-after-commit` fault the status that would have been answered; 0 when the
   * connection was reset or closed before an answer.
   */
  status: number;
  /**
   * The parsed JSON request body exactly as received (the raw text, cut at 4 KiB, when it is not JSON).
   * For the token grant the parsed form, with `client_secret` replaced by "[REDACTED]".
   */
  body?: unknown;
  /** The fault applied to this request, e.g. `status:503`, `latency:200`, `reset`, `drop-after-commit`. */
  fault?: string;
  /** Arrival time, epoch milliseconds. */
  receivedAt: number;
  durationMs: number;
}

export type FaultAction =
  | {
      type: "status";
      status: number;
      /** Value of the `Retry-After` header, sent as given (seconds or an HTTP date). */
      retryAfter?: string;
      /**
       * Response body: an object is sent as JSON, a string as text/plain (to test non-JSON bodies), null as
       * an empty body. @default the documented error body for that status
       */
      body?: unknown;
    }
  | { type: "latency"; ms: number }
  | { type: "reset" }
  | { type: "drop-after-commit" };

/** A fault applied to the next `count` API requests that match every given criterion. */
export interface FaultSpec {
  kind?: RequestKind;
  method?: string;
  pathPrefix?: string;
  /** How many matching requests it applies to; gone after that. @default 1 */
  count?: number;
  action: FaultAction;
}

export interface EmulatorStats {
  /** Highest number of API requests (control plane excluded) in progress at the same time. */
  maxConcurrentRequests: number;
  /** Requests by kind since start or the last reset, control plane included under "control". */
  requestsByKind: Record<string, number>;
}

/** What `EmulatorControl.state()` (and `GET /_emulator/state`) returns. */
export interface EmulatorState {
  providers: StoredProvider[];
  /** Faults still pending, each with the number of requests it still applies to. */
  faults: Array<FaultSpec & { count: number }>;
  rateLimit: RateLimit | null;
  latencyMs: number;
}

/**
 * The emulator's one control surface (control.ts): a running emulator is this plus its address, and the HTTP
 * control plane under `/_emulator/` exposes the same methods (all but `issuedTokens`) as routes.
 */
export interface EmulatorControl {
  /** Removes every provider; clears journal, faults and stats; restores latency and rate limit options. */
  reset(): void;
  /** Providers, pending faults, rate limit and latency. */
  state(): EmulatorState;
  providers(): StoredProvider[];
  journal(): JournalEntry[];
  clearJournal(): void;
  /** Faults still pending, each with the number of requests it still applies to. */
  faults(): Array<FaultSpec & { count: number }>;
  /** @throws EmulatorError when the spec is malformed */
  addFault(fault: FaultSpec): void;
  clearFaults(): void;
  /** Sets the number of connections using a provider (0 detaches all). @default count 1 @throws EmulatorError 404, 400 */
  attachConnections(identifier: string, count?: number): StoredProvider;
  /**
   * Dashboard-style edit: merges `patch` into the stored payload (a null value removes the key), validates
   * the result with the server's rules and stores it as-is. @throws EmulatorError
   */
  editProvider(identifier: string, patch: Record<string, unknown>): StoredProvider;
  /** Creates a provider as the Dashboard would (validated, duplicate names refused). @throws EmulatorError */
  insertProvider(payload: unknown): StoredProvider;
  /** Deletes a provider outside Pulumi, connections or not. @throws EmulatorError when unknown */
  removeProvider(identifier: string): void;
  /** Every token issued so far answers 401 from now on. */
  expireTokens(): void;
  /**
   * Every access token issued since start, expired ones included: for tests asserting that no token
   * leaked into outputs or logs. In-process only; the control plane never exposes tokens.
   */
  issuedTokens(): string[];
  /** @throws EmulatorError 400 when the limit is malformed */
  setRateLimit(limit: RateLimit | undefined): void;
  /** @throws EmulatorError 400 when `ms` is not a number of milliseconds, 0 or more */
  setLatency(ms: number): void;
  stats(): EmulatorStats;
}

/** A running emulator: its address, credentials and `stop()`, plus the control surface. */
export interface RunningEmulator extends EmulatorControl {
  /** Base URL, `http://127.0.0.1:PORT`: the SCALEKIT_ENVIRONMENT_URL of a client. */
  url: string;
  port: number;
  clientId: string;
  clientSecret: string;
  /**
   * What the start did that its user should hear of: a stale state-file lock taken over, orphaned temporary
   * files removed. `scalekit-providers emulator` prints them.
   */
  notices: readonly string[];
  /** Stops listening, drops open connections and pending delayed requests, releases the state-file lock. Idempotent. */
  stop(): Promise<void>;
}
