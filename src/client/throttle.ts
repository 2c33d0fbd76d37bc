/**
 * Throttling before the 429: a limit on requests in flight and on requests started per second, applied to
 * every request of one client instance (token and list requests included).
 *
 * Why not a library: the candidates were checked in the npm registry. p-limit, p-queue and p-throttle are
 * ESM-only (this package is CommonJS); bottleneck has had no release since 2019; `limiter` and
 * `@sapphire/ratelimits` limit the rate but not the concurrency, and none of them takes an injectable clock
 * and sleep, which the unit tests need to check the limits without waiting. The two limits together are a
 * few dozen lines, kept here and tested in test/client/throttle.test.ts.
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

/**
 * Runs tasks with at most `maxInFlight` at once and at most `requestsPerSecond` starts in any sliding
 * one-second window, in arrival order (FIFO). The rate is kept as a log of recent start times: with
 * `limit` = floor(requestsPerSecond) (at least 1) starts allowed per `window` = limit / requestsPerSecond
 * seconds, which is one second for whole rates and 1/rate seconds for rates below one, stretched by
 * RATE_WINDOW_GUARD_MS.
 */
export class Throttle {
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly starts: number[] = [];
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
    try {
      await this.awaitRateTurn();
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
      this.releaseSlot();
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

  /** Waits until a start is allowed by the rate window, then records it. Callers are served one at a time. */
  private awaitRateTurn(): Promise<void> {
    const turn = this.rateTurn.then(async () => {
      for (;;) {
        const now = this.options.now();
        while (this.starts.length > 0 && (this.starts[0] as number) <= now - this.windowMs) this.starts.shift();
        if (this.starts.length < this.limit) {
          this.starts.push(now);
          this.observeStart(now);
          return;
        }
        await this.options.sleep(Math.max(1, (this.starts[0] as number) + this.windowMs - now));
      }
    });
    // A failing sleep must not block later callers; the failure still reaches this caller through `turn`.
    this.rateTurn = turn.catch(() => undefined);
    return turn;
  }

  private observeStart(now: number): void {
    this.recentStarts.push(now);
    while (this.recentStarts.length > 0 && (this.recentStarts[0] as number) <= now - 1000) this.recentStarts.shift();
    this.maxStartedPerSecondObserved = Math.max(this.maxStartedPerSecondObserved, this.recentStarts.length);
  }
}
