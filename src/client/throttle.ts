/**
 * Throttling before the 429: a limit on requests in flight and on requests started per second, applied to
 * every request of one client instance (token and list requests included), and a client-wide slow-down
 * when the server answers 429 all the same.
 *
 * Why not a library: the candidates were checked in the npm registry. p-limit, p-queue and p-throttle are
 * ESM-only (this package is CommonJS); bottleneck has had no release since 2019; `limiter` and
 * `@sapphire/ratelimits` limit the rate but not the concurrency, and none of them takes an injectable clock
 * and sleep, which the unit tests need to check the limits without waiting. The two limits and the
 * slow-down are a hundred lines, kept here and tested in test/client/throttle.test.ts.
 */

/**
 * Added to the rate window. Requests reach the server a little later than they start here, and not all
 * equally late: without a guard, a client set to exactly the server's limit trips it whenever a request
 * of the previous second arrives later than one of this second. 50 ms costs 5% of the rate at most.
 */
export const RATE_WINDOW_GUARD_MS = 50;

export interface ThrottleOptions {
  /** Requests in flight at once (at least 1). */
  maxInFlight: number;
  /** Requests started per second, over any sliding one-second window (> 0). */
  requestsPerSecond: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Observed figures, for tests and the benchmark. */
export interface ThrottleStats {
  /** Requests running now. */
  inFlight: number;
  /** Requests waiting for a slot or for the rate window. */
  queued: number;
  /** Highest number of requests that ran at the same time. */
  maxInFlightObserved: number;
  /** Requests started since the client was built. */
  started: number;
  /** Highest number of starts seen within any one-second window. */
  maxStartedPerSecondObserved: number;
}

/** One request in the rate log: running (counts until it settles), then settled at `at` (counts one window more). */
interface RateEntry {
  running: boolean;
  at: number;
}

/**
 * Runs tasks with at most `maxInFlight` at once and at most `requestsPerSecond` starts in any sliding
 * one-second window, in arrival order (FIFO). The rate is kept as a log of recent requests: with
 * `limit` = floor(requestsPerSecond) (at least 1) requests allowed per `window` = limit / requestsPerSecond
 * seconds, which is one second for whole rates and 1/rate seconds for rates below one, stretched by
 * RATE_WINDOW_GUARD_MS.
 *
 * A request holds its place in the log from its start until one window after it settled, not after it
 * started: the server counts a request when it arrives, which is somewhere between the two, and a start
 * can reach the wire much later than it was recorded (a busy event loop, as in a provider host receiving
 * hundreds of RPCs at once; a new connection). Counting to the settlement keeps the server's count within
 * the limit whatever that delay; it costs throughput only when answers are slow (then about `limit`
 * requests per window plus the answer time).
 *
 * When the server answers 429 all the same (its limit is below the configured one), `slowDown` holds every
 * start for the server's Retry-After and halves the rate, which then grows back step by step.
 */
export class Throttle {
  private readonly limit: number;
  private readonly windowMs: number;
  private entries: RateEntry[] = [];
  /** No request starts before this time (epoch ms): set when the server asked the client to slow down. */
  private holdUntil = 0;
  /** Requests allowed per window now: `limit`, lowered by slowDown and raised back one per quiet window. */
  private allowed: number;
  private lastDecrease = -Infinity;
  private lastIncrease = -Infinity;
  /** Wakes callers waiting for a running request to settle (all log entries running). */
  private settled: Array<() => void> = [];
  private readonly waiting: Array<() => void> = [];
  private rateTurn: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private queued = 0;
  private maxInFlightObserved = 0;
  private started = 0;
  private maxStartedPerSecondObserved = 0;
  private readonly recentStarts: number[] = [];

  constructor(private readonly options: ThrottleOptions) {
    this.limit = Math.max(1, Math.floor(options.requestsPerSecond));
    this.allowed = this.limit;
    this.windowMs = (this.limit / options.requestsPerSecond) * 1000 + RATE_WINDOW_GUARD_MS;
  }

  /** Runs `task` once a slot and a rate token are free; the slot is released when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    this.queued++;
    try {
      await this.acquireSlot();
    } catch (error) {
      this.queued--;
      throw error;
    }
    let entry: RateEntry;
    try {
      entry = await this.awaitRateTurn();
    } catch (error) {
      this.queued--;
      this.releaseSlot();
      throw error;
    }
    this.queued--;
    this.started++;
    this.maxInFlightObserved = Math.max(this.maxInFlightObserved, this.inFlight);
    try {
      return await task();
    } finally {
      entry.running = false;
      entry.at = this.options.now();
      for (const wake of this.settled.splice(0)) wake();
      this.releaseSlot();
    }
  }

  /**
   * The server answered 429: its limit concerns the client as a whole, so every start of this client is
   * held for `holdMs` from now (a longer hold already set stays), and the rate in force is halved (at most
   * once per window, however many 429s the window brought; never below one request per window). It grows
   * back by one request per window without a 429, up to the configured rate. Without this, a server whose
   * limit is below the configured rate refuses request after request until some run out of retries.
   */
  slowDown(holdMs: number): void {
    const now = this.options.now();
    this.holdUntil = Math.max(this.holdUntil, now + holdMs);
    if (now - this.lastDecrease >= this.windowMs) {
      this.allowed = Math.max(1, Math.floor(this.allowed / 2));
      this.lastDecrease = now;
    }
  }

  stats(): ThrottleStats {
    return {
      inFlight: this.inFlight,
      queued: this.queued,
      maxInFlightObserved: this.maxInFlightObserved,
      started: this.started,
      maxStartedPerSecondObserved: this.maxStartedPerSecondObserved,
    };
  }

  private acquireSlot(): Promise<void> {
    if (this.inFlight < this.options.maxInFlight && this.waiting.length === 0) {
      this.inFlight++;
      return Promise.resolve();
    }
    // The releasing task hands its slot over directly, so inFlight never dips and a newcomer cannot jump the queue.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }

  /**
   * Waits until no hold is set and a start is allowed by the rate log, then records it as running. Callers
   * are served one at a time. When the log is full, the earliest settled entry leaves it first (an entry
   * settling later leaves later still); when every entry is still running, the next settlement is awaited.
   */
  private awaitRateTurn(): Promise<RateEntry> {
    const turn = this.rateTurn.then(async () => {
      for (;;) {
        const now = this.options.now();
        if (now < this.holdUntil) {
          await this.options.sleep(this.holdUntil - now);
          continue;
        }
        this.entries = this.entries.filter((e) => e.running || e.at > now - this.windowMs);
        if (this.allowed < this.limit && now - Math.max(this.lastDecrease, this.lastIncrease) >= this.windowMs) {
          this.allowed++;
          this.lastIncrease = now;
        }
        if (this.entries.length < this.allowed) {
          const entry: RateEntry = { running: true, at: now };
          this.entries.push(entry);
          this.observeStart(now);
          return entry;
        }
        const settledAt = this.entries.filter((e) => !e.running).map((e) => e.at);
        if (settledAt.length > 0) {
          await this.options.sleep(Math.max(1, Math.min(...settledAt) + this.windowMs - now));
        } else {
          await new Promise<void>((resolve) => this.settled.push(resolve));
        }
      }
    });
    // A failing sleep must not block later callers; the failure still reaches this caller through `turn`.
    this.rateTurn = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private observeStart(now: number): void {
    this.recentStarts.push(now);
    while (this.recentStarts.length > 0 && (this.recentStarts[0] as number) <= now - 1000) this.recentStarts.shift();
    this.maxStartedPerSecondObserved = Math.max(this.maxStartedPerSecondObserved, this.recentStarts.length);
  }
}
