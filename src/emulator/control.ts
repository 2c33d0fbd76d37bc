/**
 * The emulator's one control surface: how tests and tools inspect an emulator and stage what the API cannot
 * (Dashboard edits, connections, faults, expired tokens, rate limit, latency). The in-process handle
 * (`RunningEmulator`) is this object plus the emulator's address and `stop()`; the HTTP control plane under
 * `/_emulator/` (control-plane.ts) maps each of its routes to one of these methods and adds nothing.
 */
import type { EmulatorCore } from "./core";
import type { EmulatorControl } from "./types";

/** The control surface of `core`. */
export function createControl(core: EmulatorCore): EmulatorControl {
  return {
    reset: () => core.reset(),
    state: () => ({
      providers: core.providers(),
      faults: core.faults.list(),
      rateLimit: core.limiter.current ?? null,
      latencyMs: core.latencyMs,
    }),
    providers: () => core.providers(),
    journal: () => core.journal.list(),
    clearJournal: () => core.journal.clear(),
    faults: () => core.faults.list(),
    addFault: (fault) => core.faults.add(fault),
    clearFaults: () => core.faults.clear(),
    attachConnections: (identifier, count) => core.attachConnections(identifier, count),
    editProvider: (identifier, patch) => core.editProvider(identifier, patch),
    insertProvider: (payload) => core.insertProvider(payload),
    removeProvider: (identifier) => core.removeProvider(identifier),
    expireTokens: () => core.expireTokens(),
    issuedTokens: () => core.tokens.issuedTokens(),
    setRateLimit: (limit) => core.setRateLimit(limit),
    setLatency: (ms) => core.setLatency(ms),
    stats: () => core.stats.snapshot(),
  };
}
