/**
 * Client credentials and access tokens: checks the configured client id and secret (constant-time) and
 * issues opaque tokens that expire. Tokens live in memory only; they are never persisted or journaled.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { newAccessToken } from "./identifiers";

/** Most tokens remembered by `issuedTokens` (for secret scans in tests). */
const ISSUED_MEMORY = 10000;

export class TokenIssuer {
  private readonly tokens = new Map<string, number>(); // token -> expiry, epoch ms
  private readonly issued: string[] = []; // every token ever issued, newest last (capped)

  constructor(
    private readonly clientId: string,
    private readonly clientSecret: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the pair matches the configured credentials (compared in constant time). */
  credentialsMatch(clientId: string, clientSecret: string): boolean {
    // Both comparisons always run, so the time taken does not say which one failed.
    const idOk = sameSecret(clientId, this.clientId);
    const secretOk = sameSecret(clientSecret, this.clientSecret);
    return idOk && secretOk;
  }

  /** Issues a new token; `expiresIn` is the lifetime in whole seconds as sent in `expires_in`. */
  issue(): { token: string; expiresIn: number } {
    this.prune();
    const token = newAccessToken();
    this.tokens.set(token, this.now() + this.ttlSeconds * 1000);
    this.issued.push(token);
    if (this.issued.length > ISSUED_MEMORY) this.issued.shift();
    return { token, expiresIn: Math.max(0, Math.floor(this.ttlSeconds)) };
  }

  /** Whether `token` was issued here, has not expired and was not revoked by `expireAll`. */
  isValid(token: string): boolean {
    const expiry = this.tokens.get(token);
    if (expiry === undefined) return false;
    if (expiry <= this.now()) {
      this.tokens.delete(token);
      return false;
    }
    return true;
  }

  /**
   * Every token issued since start, expired ones included (the last 10000): for tests asserting that no
   * token leaked. In-process only: the control plane never exposes tokens.
   */
  issuedTokens(): string[] {
    return [...this.issued];
  }

  /** Every token issued so far is invalid from now on. */
  expireAll(): void {
    this.tokens.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [token, expiry] of this.tokens) if (expiry <= now) this.tokens.delete(token);
  }
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so that timingSafeEqual gets equal lengths and the length of the secret does not leak.
  const ha = createHash("sha256").update(a, "utf8").digest();
  const hb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ha, hb);
}
