/**
 * The local Scalekit emulator: a real HTTP server on 127.0.0.1 speaking the custom-providers contract
 * (docs/scalekit-api.md), with a control plane under `/_emulator/` for tests. Start it in-process
 * with `startEmulator()`, or from the command line with `npm run emulator` (see main.ts).
 *
 * Decisions where the contract is silent (each easy to change in one place):
 * - Duplicate display names are compared exactly (case-sensitive) → 409 ALREADY_EXISTS (code 6);
 *   `caseInsensitiveNames` switches to a case-insensitive comparison.
 * - Identifiers look like `MYASANA:17919` (letters and digits of the display name upper-cased, at most 32,
 *   a colon, a scrambled unique number) and never change on rename unless `renameChangesIdentifier` is set.
 *   Ids look like `prv_10000000000104729`. Neither is ever reused, even after a reset.
 * - A delete refused because connections remain answers `inUseStatus`: by default as Scalekit documents it,
 *   400 INVALID_ARGUMENT (code 3) with error_code PROVIDER_HAS_EXISTING_CONNECTIONS; 403 (code 7) and
 *   409/412 (code 9) answer in the older "forbidden … in use" wording with error_code CONNECTOR_IN_USE.
 * - Returned providers carry `icon_src: ""` and `metadata: {}` when absent and the server-only fields
 *   (`categories: []`, `display_priority: 0`, `coming_soon: false`, `is_custom: true`, `is_custom_mcp`);
 *   with `fillServerDefaults` (default) also SERVER_DEFAULTS inside auth patterns, and keys in descending
 *   order at every level, so clients must normalize before comparing.
 * - Token errors carry the documented error body plus OAuth's `error`/`error_description`.
 * - Rate limit: `requests` per fixed window of `windowSeconds` over every API request (token grant
 *   included), control plane excluded; refused requests do not count; 429 RATE_LIMITED (code 8) without
 *   `Retry-After` unless asked for.
 * - List: `filter.provider_type` CUSTOM, DEFAULT (also when omitted: built-in providers only) or ALL, with
 *   a few built-in providers (builtins.ts); page size 10 when none is asked; `identifier` filter validated.
 * - Control-plane requests are not journaled (they are counted under "control" in stats).
 * - Only requests addressed to a loopback host on the emulator's port are answered; the control plane
 *   also refuses foreign `Origin`s and bodies that are not JSON (origin-guard.ts).
 * - A state file is locked by `<file>.lock` while an emulator runs on it (state-lock.ts).
 *
 * Limitations (for the README):
 * - Built-in providers are a fixed handful, listed only; there are no connections or connected accounts
 *   beyond a per-provider count set through the control plane.
 * - Validation is this package's own schema, not Scalekit's server: where the real rules differ, both differ.
 * - Unknown whether the real service fills defaults, reorders keys, rejects unknown keys the same way, or
 *   which status it uses for a delete in use: the emulator picks one behaviour for each (above).
 * - Page tokens are offsets: a provider created or deleted between two pages can shift the listing, as
 *   with many real APIs; there is no snapshot isolation.
 * - Tokens live in memory only: a restart invalidates them (a client then sees 401 and re-authenticates).
 * - No TLS (loopback only), no per-client rate limits, no request-id propagation beyond `X-Request-Id`.
 * - State-file writes are synchronous and rewrite the whole file: fine for thousands of providers, not more.
 */
import { EmulatorCore } from "./core";
import { resolveOptions } from "./options";
import { listen } from "./server";
import { claimStateFile } from "./state-lock";
import type { EmulatorOptions, RunningEmulator } from "./types";

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
} from "./types";
export { EmulatorError, errorBody, type ErrorBody } from "./errors";
export { EmulatorStateError } from "./persistence";
export { StateFileInUseError } from "./state-lock";
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, MAX_PAGE_SIZE } from "./options";
export { SERVER_DEFAULTS } from "./presentation";
export { REDACTED } from "./journal";

/**
 * Starts an emulator on 127.0.0.1. With a state file, it first takes the file's lock (see state-lock.ts);
 * `stop()` releases it.
 * @throws RangeError for an out-of-range option (a client secret shorter than MIN_SECRET_LENGTH included);
 *   StateFileInUseError when another running emulator holds the state file; EmulatorStateError when the
 *   state file exists but cannot be loaded; the listen error (e.g. EADDRINUSE) when the port is taken
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const notices: string[] = [];
  const lock = resolved.stateFile === undefined ? undefined : claimStateFile(resolved.stateFile, (line) => notices.push(line));
  let core: EmulatorCore;
  let server: Awaited<ReturnType<typeof listen>>;
  try {
    core = new EmulatorCore(resolved);
    server = await listen(core, resolved.port);
  } catch (err) {
    lock?.release();
    throw err;
  }
  return {
    ...core.control,
    notices,
    url: `http://127.0.0.1:${server.port}`,
    port: server.port,
    clientId: resolved.clientId,
    clientSecret: resolved.clientSecret,
    stop: () => server.close().then(() => lock?.release()),
  };
}
