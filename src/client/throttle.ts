/**
 * Pacing that follows the server: a bound on requests in flight, an optional cap on requests started per
 * second (off by default), and a client-wide hold when the server answers 429. Scalekit counts its limit
 * per environment per minute and publishes no number (docs/scalekit-api.md, "Rate limits"), so the client
 * does not guess a pace: it runs at `maxInFlight` until refused, then every request of the client waits,
 * one request probes when the wait is over, and full speed returns as soon as a probe is accepted.
 *
 * Why not a library: the candidates were checked in the npm registry. p-limit, p-queue and p-throttle are
 * ESM-only (this package is CommonJS); bottleneck has had no release since 2019; `limiter` and
 * `@sapphire/ratelimits` limit the rate but not the concurrency, and none of them takes an injectable clock
 * and sleep, which the unit tests need to check the limits without waiting.
 */
import { rateLimitWait } from "./retry";

/**
 * Added to the window of the optional per-second cap. Requests reach the server a little later than they
 * start here, and not all equally late: without a guard, a client capped at exactly the server's limit
 * trips it whenever a request of the previous second arrives later than one of this second.
 */
export const RATE_WINDOW_GUARD_MS = 50;

export interface ThrottleOptions {
  /** Requests in flight at once (at least 1). */
  maxInFlight: number;
  /** Optional cap: requests started per second, over any sliding one-second window (> 0). @default none */
  requestsPerSecond?: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Jitter of the 429 backoff, in [0, 1). */
  random: () => number;
}

/** Observed figures, for tests and the benchmark. */
export interface ThrottleStats {
  /** Requests running now. */
  inFlight: number;
  /** Requests waiting for a slot, the rate window or the end of a rate-limit hold. */
  queued: number;
  /** Highest number of requests that ran at the same time. */
  maxInFlightObserved: number;
  /** Requests started since the client was built. */
  started: number;
  /** Highest number of starts seen within any one-second window. */
  maxStartedPerSecondObserved: number;
  /** 429 answers received, and how many of them made the client wait longer (the others were already covered). */
  refusals: number;
  holds: number;
}

/** One request in the rate log: running (counts until it settles), then settled at `at` (counts one window more). */
interface RateEntry {
  running: boolean;
  at: number;
}

/**
 * Runs tasks with at most `maxInFlight` at once, in arrival order (FIFO), and, when a cap is set, at most
 * `requestsPerSecond` starts in any sliding one-second window (a request holds its place from its start
 * until one window after it settled: the server counts it on arrival, somewhere in between).
 *
 * Rate limiting (`refused` / `accepted`): a 429 holds every start of the client until the wait is over
 * (a backoff that grows with each consecutive refusal, or the server's `Retry-After` when it asks for
 * longer: rateLimitWait). Then a single request goes first as a probe; the others start once it is
 * accepted. A 429 to a request that started before the current hold was set says nothing new: it does not
 * count as a refusal in a row, and only makes sure the hold lasts RATE_LIMIT_MIN_WAIT_MS (or its
 * `Retry-After`) from now, so that no request is repeated sooner than that after a 429.
 */
export class Throttle {
  private readonly limit: number;
  private readonly windowMs: number;
  private entries: RateEntry[] = [];
  /** No request starts before this time (epoch ms). */
  private holdUntil = 0;
  /** When the latest hold was set: answers to requests started before it are stale. */
  private holdSetAt = -Infinity;
  /** Consecutive refusals since the server last accepted a request; above 0, one probe at a time. */
  private streak = 0;
  private probe?: Promise<void>;
  private settled: Array<() => void> = [];
  private readonly waiting: Array<() => void> = [];
  private turn: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private queued = 0;
  private maxInFlightObserved = 0;
  private started = 0;
  private maxStartedPerSecondObserved = 0;
  private refusals = 0;
  private holds = 0;
  private readonly recentStarts: number[] = [];

  constructor(private readonly options: ThrottleOptions) {
    const rps = options.requestsPerSecond;
    this.limit = rps === undefined ? Infinity : Math.max(1, Math.floor(rps));
    this.windowMs = rps === undefined ? 0 : (this.limit / rps) * 1000 + RATE_WINDOW_GUARD_MS;
  }

  /**
   * Runs `task` once a slot is free, no hold is set and the optional cap allows it; the slot is released
   * when it settles. `task` receives its start time, which `refused` and `accepted` take back.
   */
  async run<T>(task: (startedAt: number) => Promise<T>): Promise<T> {
    this.queued++;
    try {
      await this.acquireSlot();
    } catch (error) {
      this.queued--;
      throw error;
    }
    let start: { entry?: RateEntry; probe?: () => void };
    try {
      start = await this.awaitTurn();
    } catch (error) {
      this.queued--;
      this.releaseSlot();
      throw error;
    }
    this.queued--;
    this.started++;
    this.maxInFlightObserved = Math.max(this.maxInFlightObserved, this.inFlight);
    try {
      return await task(this.options.now());
    } finally {
      if (start.entry) {
        start.entry.running = false;
        start.entry.at = this.options.now();
        for (const wake of this.settled.splice(0)) wake();
      }
      start.probe?.();
      this.releaseSlot();
    }
  }

  /**
   * The server refused a request started at `startedAt` with 429; `requestedMs` is its Retry-After, if any.
   * A refusal of a request started after the latest hold was set counts one more in a row and holds every
   * start of the client for rateLimitWait (never less than RATE_LIMIT_MIN_WAIT_MS, at most
   * RATE_LIMIT_MAX_WAIT_MS); an older request's refusal holds them for at least RATE_LIMIT_MIN_WAIT_MS from now.
   * @returns how long from now the client holds its requests, in milliseconds.
   */
  refused(startedAt: number, requestedMs: number | undefined): number {
    const now = this.options.now();
    this.refusals++;
    const fresh = startedAt > this.holdSetAt;
    if (fresh) {
      this.streak++;
      this.holdSetAt = now;
    }
    // rateLimitWait(1, …, no jitter) is RATE_LIMIT_MIN_WAIT_MS, or the Retry-After when longer.
    const wait = rateLimitWait(fresh ? this.streak : 1, requestedMs, fresh ? this.options.random : () => 0);
    if (now + wait > this.holdUntil) {
      this.holdUntil = now + wait;
      this.holds++;
    }
    return this.holdUntil - now;
  }

  /** The server accepted a request started at `startedAt`: when it started after the latest hold, full pace returns. */
  accepted(startedAt: number): void {
    if (startedAt > this.holdSetAt) this.streak = 0;
  }

  stats(): ThrottleStats {
    return {
      inFlight: this.inFlight,
      queued: this.queued,
      maxInFlightObserved: this.maxInFlightObserved,
      started: this.started,
      maxStartedPerSecondObserved: this.maxStartedPerSecondObserved,
      refusals: this.refusals,
      holds: this.holds,
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
   * Waits until no hold is set, no probe is out, and the cap allows a start. Callers are served one at a
   * time. While refusals are in a row, the caller becomes the probe: the next caller waits for it to settle.
   */
  private awaitTurn(): Promise<{ entry?: RateEntry; probe?: () => void }> {
    const turn = this.turn.then(async () => {
      for (;;) {
        const now = this.options.now();
        if (now < this.holdUntil) {
          await this.options.sleep(this.holdUntil - now);
          continue;
        }
        if (this.probe) {
          await this.probe;
          continue;
        }
        const entry = this.limit === Infinity ? undefined : await this.awaitRateLog(now);
        if (entry === null) continue;
        this.observeStart(now);
        if (this.streak === 0) return { entry };
        let release!: () => void;
        const probe = new Promise<void>((resolve) => (release = resolve));
        this.probe = probe;
        return {
          entry,
          probe: () => {
            if (this.probe === probe) this.probe = undefined;
            release();
          },
        };
      }
    });
    // A failing sleep must not block later callers; the failure still reaches this caller through `turn`.
    this.turn = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /**
   * Records a start in the cap's log when it allows one now; otherwise waits (for the earliest settled
   * entry to leave the window, or for a running one to settle) and returns null so the caller looks again.
   */
  private async awaitRateLog(now: number): Promise<RateEntry | null> {
    this.entries = this.entries.filter((e) => e.running || e.at > now - this.windowMs);
    if (this.entries.length < this.limit) {
      const entry: RateEntry = { running: true, at: now };
      this.entries.push(entry);
      return entry;
    }
    const settledAt = this.entries.filter((e) => !e.running).map((e) => e.at);
    if (settledAt.length > 0) await this.options.sleep(Math.max(1, Math.min(...settledAt) + this.windowMs - now));
    else await new Promise<void>((resolve) => this.settled.push(resolve));
    return null;
  }

  private observeStart(now: number): void {
    this.recentStarts.push(now);
    while (this.recentStarts.length > 0 && this.recentStarts[0] <= now - 1000) this.recentStarts.shift();
    this.maxStartedPerSecondObserved = Math.max(this.maxStartedPerSecondObserved, this.recentStarts.length);
  }
}
