/**
 * A sliding one-second window rate limiter: at most `requestsPerSecond` requests are accepted in any
 * 1000 ms. Refused requests do not count, so a client that backs off gets through.
 */
import type { RateLimit } from "./types";

const WINDOW_MS = 1000;

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class RateLimiter {
  private limit: RateLimit | undefined;
  private accepted: number[] = []; // arrival times (ms) of accepted requests within the window, oldest first

  constructor(limit: RateLimit | undefined, private readonly now: () => number = Date.now) {
    this.set(limit);
  }

  /**
   * Replaces the limit (undefined removes it) and forgets the window.
   * @throws RangeError when requestsPerSecond is not a positive number or retryAfterSeconds is negative
   */
  set(limit: RateLimit | undefined): void {
    if (limit !== undefined) {
      if (typeof limit.requestsPerSecond !== "number" || !(limit.requestsPerSecond > 0)) {
        throw new RangeError("rateLimit.requestsPerSecond must be a positive number");
      }
      if (limit.retryAfterSeconds !== undefined && !(typeof limit.retryAfterSeconds === "number" && limit.retryAfterSeconds >= 0)) {
        throw new RangeError("rateLimit.retryAfterSeconds must be a number of seconds, 0 or more");
      }
    }
    this.limit = limit === undefined ? undefined : { ...limit };
    this.accepted = [];
  }

  get current(): RateLimit | undefined {
    return this.limit === undefined ? undefined : { ...this.limit };
  }

  /** Counts one request and says whether it is within the limit. */
  take(): RateDecision {
    if (!this.limit) return { allowed: true };
    const now = this.now();
    while (this.accepted.length > 0 && this.accepted[0]! <= now - WINDOW_MS) this.accepted.shift();
    if (this.accepted.length < Math.max(1, Math.floor(this.limit.requestsPerSecond))) {
      this.accepted.push(now);
      return { allowed: true };
    }
    const untilFree = this.accepted[0]! + WINDOW_MS - now;
    const retryAfterSeconds = this.limit.retryAfterSeconds ?? Math.max(1, Math.ceil(untilFree / 1000));
    return { allowed: false, retryAfterSeconds };
  }
}
