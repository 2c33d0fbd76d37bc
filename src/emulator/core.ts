/**
 * The emulator's parts held together: store, tokens, journal, counters, faults, rate limit and latency, and
 * its control surface (control.ts) over them. No HTTP here.
 */
import { createControl } from "./control";
import { EmulatorError } from "./errors";
import { FaultRegistry } from "./faults";
import { Journal, RequestStats } from "./journal";
import { checkLatency, type ResolvedOptions } from "./options";
import { RateLimiter } from "./rate-limit";
import { ProviderStore } from "./store";
import { TokenIssuer } from "./tokens";
import type { EmulatorControl, RateLimit, StoredProvider } from "./types";

export class EmulatorCore {
  readonly store: ProviderStore;
  readonly tokens: TokenIssuer;
  readonly journal = new Journal();
  readonly stats = new RequestStats();
  readonly faults = new FaultRegistry();
  readonly limiter: RateLimiter;
  /** What the in-process handle and the HTTP control plane both expose. */
  readonly control: EmulatorControl = createControl(this);
  private latency: number;

  /** @throws EmulatorStateError when the state file cannot be loaded; RangeError for a bad rate limit */
  constructor(readonly options: ResolvedOptions) {
    this.store = new ProviderStore({
      stateFile: options.stateFile,
      inUseStatus: options.inUseStatus,
      caseInsensitiveNames: options.caseInsensitiveNames,
      renameChangesIdentifier: options.renameChangesIdentifier,
      secrets: [options.clientSecret],
    });
    this.tokens = new TokenIssuer(options.clientId, options.clientSecret, options.tokenTtlSeconds);
    this.limiter = new RateLimiter(options.rateLimit);
    this.latency = options.latencyMs;
  }

  /** Milliseconds added to every API request. */
  get latencyMs(): number {
    return this.latency;
  }

  /** Strings that must never reach the journal, logs or state. */
  get secrets(): readonly string[] {
    return [this.options.clientSecret];
  }

  /** Removes every provider; clears journal, faults and counters; restores latency and rate limit options. */
  reset(): void {
    this.store.reset();
    this.journal.reset();
    this.faults.clear();
    this.stats.reset();
    this.limiter.set(this.options.rateLimit);
    this.latency = this.options.latencyMs;
  }

  providers(): StoredProvider[] {
    return this.store.list();
  }

  /** @throws EmulatorError 400 when the limit is malformed */
  setRateLimit(limit: RateLimit | undefined): void {
    asBadRequest(() => this.limiter.set(limit));
  }

  /** @throws EmulatorError 400 when `ms` is not a number of milliseconds, 0 or more */
  setLatency(ms: number): void {
    this.latency = asBadRequest(() => checkLatency(ms));
  }

  /** @throws EmulatorError 404 (unknown identifier), 400 (bad count) */
  attachConnections(identifier: string, count = 1): StoredProvider {
    return this.store.setConnections(identifier, count);
  }

  /** @throws EmulatorError 404, 400 (validation), 409 (name taken) */
  editProvider(identifier: string, patch: unknown): StoredProvider {
    return this.store.edit(identifier, patch);
  }

  /** @throws EmulatorError 400 (validation), 409 (name taken) */
  insertProvider(payload: unknown): StoredProvider {
    return this.store.create(payload);
  }

  /** @throws EmulatorError 404 */
  removeProvider(identifier: string): void {
    this.store.remove(identifier);
  }

  expireTokens(): void {
    this.tokens.expireAll();
  }
}

function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof RangeError) throw EmulatorError.invalidArgument(err.message);
    throw err;
  }
}
