/**
 * The local Scalekit emulator, a library: `startEmulator()` and its types. What it is, its control plane and
 * where it differs from Scalekit: README.md in this folder. The command line that runs it is
 * `scalekit-providers emulator` (src/cli/commands/emulator.ts).
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
export { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, IN_USE_STATUS_TEXT, MAX_PAGE_SIZE, OPTION_BOUNDS } from "./options";
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
