/**
 * The rate limit as Scalekit documents it (docs/scalekit-api.md, "Rate limits"): a number of requests per
 * fixed window (Scalekit counts per minute), over which requests answer 429 RATE_LIMITED, with no
 * rate-limit headers and no `Retry-After` unless asked for. The first window starts with the first request
 * after the limit is set; refused requests do not count, so a client that backs off gets through.
 */
import type { RateLimit } from "./types";

export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds?: number; resetInMs: number };

interface Window {
  requests: number;
  windowMs: number;
}

export class RateLimiter {
  private limit: RateLimit | undefined;
  private window: Window | undefined;
  private windowStart: number | undefined;
  private accepted = 0;

  constructor(
    limit: RateLimit | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.set(limit);
  }

  /**
   * Replaces the limit (undefined removes it) and forgets the window. Either `requests` per
   * `windowSeconds` (default 60), or `requestsPerSecond` (a one-second window).
   * @throws RangeError naming the setting that is out of range
   */
  set(limit: RateLimit | undefined): void {
    let window: Window | undefined;
    if (limit !== undefined) {
      const requests = limit.requests ?? limit.requestsPerSecond;
      const windowSeconds = limit.requests !== undefined ? (limit.windowSeconds ?? 60) : 1;
      if (typeof requests !== "number" || !(requests >= 1))
        throw new RangeError("rateLimit.requests (or requestsPerSecond) must be a number, 1 or more");
      if (typeof windowSeconds !== "number" || !(windowSeconds > 0))
        throw new RangeError("rateLimit.windowSeconds must be a number of seconds above 0");
      if (limit.retryAfterSeconds !== undefined && !(typeof limit.retryAfterSeconds === "number" && limit.retryAfterSeconds >= 0)) {
        throw new RangeError("rateLimit.retryAfterSeconds must be a number of seconds, 0 or more");
      }
      if (limit.sendRetryAfter !== undefined && typeof limit.sendRetryAfter !== "boolean")
        throw new RangeError("rateLimit.sendRetryAfter must be true or false");
      window = { requests: Math.floor(requests), windowMs: windowSeconds * 1000 };
    }
    this.limit = limit === undefined ? undefined : { ...limit };
    this.window = window;
    this.windowStart = undefined;
    this.accepted = 0;
  }

  get current(): RateLimit | undefined {
    return this.limit === undefined ? undefined : { ...this.limit };
  }

  /** Counts one request and says whether it is within the limit (and, when asked for, the Retry-After). */
  take(): RateDecision {
    const window = this.window;
    if (!window || !this.limit) return { allowed: true };
    const now = this.now();
    if (this.windowStart === undefined) this.windowStart = now;
    if (now - this.windowStart >= window.windowMs) {
      this.windowStart += Math.floor((now - this.windowStart) / window.windowMs) * window.windowMs;
      this.accepted = 0;
    }
    if (this.accepted < window.requests) {
      this.accepted++;
      return { allowed: true };
    }
    const resetInMs = this.windowStart + window.windowMs - now;
    const retryAfterSeconds =
      this.limit.retryAfterSeconds ?? (this.limit.sendRetryAfter ? Math.max(1, Math.ceil(resetInMs / 1000)) : undefined);
    return { allowed: false, retryAfterSeconds, resetInMs };
  }
}
