/**
 * The access token cache: one token per client instance, renewed shortly before it expires, one token
 * request shared by every concurrent caller, and invalidation when the API refuses it (401).
 */

/** A token as obtained from the token endpoint. */
export interface IssuedToken {
  accessToken: string;
  /** Lifetime announced by the server (`expires_in`), in seconds. */
  expiresInSeconds: number;
}

/** Renewal margin: a token is renewed this long before it expires, at most 60 s and at most 10% of its life. */
export function renewalMarginMs(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs * 0.1);
}

interface CachedToken {
  value: string;
  /** When it must be renewed (epoch ms): expiry minus the renewal margin. */
  renewAt: number;
}

export class TokenCache {
  private cached?: CachedToken;
  private pending?: Promise<string>;
  private requests = 0;
  /** Recent tokens, kept only so that error messages and logs can be scrubbed of them. */
  private readonly recent: string[] = [];

  /**
   * @param obtain performs the token request (with its own retries); rejects with a typed error.
   * @param now clock in epoch milliseconds.
   */
  constructor(
    private readonly obtain: () => Promise<IssuedToken>,
    private readonly now: () => number,
  ) {}

  /**
   * The current token, obtaining a new one when none is cached or it is about to expire. Concurrent callers
   * share one token request. A failed request is not cached: the next call tries again.
   */
  get(): Promise<string> {
    if (this.cached && this.now() < this.cached.renewAt) return Promise.resolve(this.cached.value);
    if (this.pending) return this.pending;
    this.cached = undefined;
    this.requests++;
    const pending = this.obtain().then(
      (issued) => {
        const lifetimeMs = issued.expiresInSeconds * 1000;
        this.recent.push(issued.accessToken);
        if (this.recent.length > 8) this.recent.shift();
        if (this.pending === pending) {
          this.cached = { value: issued.accessToken, renewAt: this.now() + lifetimeMs - renewalMarginMs(lifetimeMs) };
          this.pending = undefined;
        }
        return issued.accessToken;
      },
      (error: unknown) => {
        if (this.pending === pending) this.pending = undefined;
        throw error;
      },
    );
    this.pending = pending;
    return pending;
  }

  /**
   * Drops `refused` (a token the API answered 401 to) so that the next `get` obtains a new one. A token
   * other than the cached one is ignored: when many calls fail with the same stale token, only the first
   * invalidation counts and they all share the one renewal.
   */
  invalidate(refused: string): void {
    if (this.cached?.value === refused) this.cached = undefined;
  }

  /** Tokens obtained recently (for redaction; never for display). */
  recentTokens(): readonly string[] {
    return this.recent;
  }

  /** Token requests started since the client was built. */
  requestCount(): number {
    return this.requests;
  }
}
