import { ConnectionError, RateLimitError, ServerError, TimeoutError, ValidationError, NotFoundError } from "../../src/client";
import {
  RETRY_AFTER_CAP_MS,
  mayHaveTakenEffect,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
  serverRequestedDelay,
} from "../../src/client/retry";

const opts = { retryBaseDelayMs: 500, retryMaxDelayMs: 20_000 };
const headers = (h: Record<string, string>) => ({ get: (name: string) => h[name.toLowerCase()] ?? null });
const apiFields = (status: number) => ({ operation: "create" as const, status, violations: [] });

describe("shouldRetry", () => {
  test.each([429, 500, 502, 503, 504])("retries HTTP %i", (status) => expect(shouldRetry(status)).toBe(true));
  test.each([400, 401, 403, 404, 409, 412, 422, 501])("does not retry HTTP %i", (status) => expect(shouldRetry(status)).toBe(false));

  test("retries typed transient errors and not final ones", () => {
    expect(shouldRetry(new RateLimitError("x", apiFields(429)))).toBe(true);
    expect(shouldRetry(new ServerError("x", apiFields(503)))).toBe(true);
    expect(shouldRetry(new TimeoutError("x", { operation: "list", timeoutMs: 1 }))).toBe(true);
    expect(shouldRetry(new ConnectionError("x", { operation: "list", errno: "ECONNRESET" }))).toBe(true);
    expect(shouldRetry(new ConnectionError("x", { operation: "list" }))).toBe(true);
    expect(shouldRetry(new ValidationError("x", apiFields(400)))).toBe(false);
    expect(shouldRetry(new NotFoundError("x", apiFields(404)))).toBe(false);
  });

  test("does not retry an unknown host or a refused certificate", () => {
    expect(shouldRetry(new ConnectionError("x", { operation: "list", errno: "ENOTFOUND" }))).toBe(false);
    expect(shouldRetry(new ConnectionError("x", { operation: "list", errno: "CERT_HAS_EXPIRED" }))).toBe(false);
    expect(shouldRetry(new ConnectionError("x", { operation: "list", errno: "DEPTH_ZERO_SELF_SIGNED_CERT" }))).toBe(false);
  });

  test("classifies raw fetch errors", () => {
    expect(shouldRetry(Object.assign(new Error("reset"), { code: "ECONNRESET" }))).toBe(true);
    expect(shouldRetry(Object.assign(new Error("nope"), { code: "ENOTFOUND" }))).toBe(false);
    expect(shouldRetry(Object.assign(new Error("aborted"), { name: "AbortError" }))).toBe(true);
    expect(shouldRetry(Object.assign(new Error("fetch failed"), { name: "FetchError", type: "system" }))).toBe(true);
    expect(shouldRetry(new TypeError("bug"))).toBe(false);
    expect(shouldRetry("a string")).toBe(false);
  });
});

describe("retryDelay", () => {
  test("without Retry-After: full jitter below an exponentially growing ceiling", () => {
    expect(retryDelay(1, undefined, opts, () => 0.999)).toBe(499);
    expect(retryDelay(2, undefined, opts, () => 0.999)).toBe(999);
    expect(retryDelay(3, undefined, opts, () => 0.5)).toBe(1000);
    expect(retryDelay(1, undefined, opts, () => 0)).toBe(0);
  });

  test("the backoff ceiling is retryMaxDelayMs", () => {
    expect(retryDelay(10, undefined, opts, () => 0.999)).toBe(19_980);
    expect(retryDelay(200, undefined, opts, () => 0.999)).toBe(19_980);
  });

  test("jitter stays within [0, ceiling) for many random draws", () => {
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(20_000, 500 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const d = retryDelay(attempt, undefined, opts);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
      }
    }
  });

  test("honours Retry-After in seconds, fractions included", () => {
    expect(retryDelay(1, headers({ "retry-after": "3" }), opts)).toBe(3000);
    expect(retryDelay(1, headers({ "retry-after": "0.25" }), opts)).toBe(250);
    expect(retryDelay(1, headers({ "retry-after": "0" }), opts)).toBe(0);
  });

  test("honours Retry-After as an HTTP date, and a past date means now", () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const at = new Date(now + 7000).toUTCString();
    expect(retryDelay(1, headers({ "retry-after": at }), { ...opts, now: () => now })).toBe(7000);
    const past = new Date(now - 7000).toUTCString();
    expect(retryDelay(1, headers({ "retry-after": past }), { ...opts, now: () => now })).toBe(0);
  });

  test("honours Retry-After above retryMaxDelayMs up to the hard cap, and clamps there", () => {
    expect(retryDelay(1, headers({ "retry-after": "45" }), opts)).toBe(45_000);
    expect(retryDelay(1, headers({ "retry-after": "3600" }), opts)).toBe(RETRY_AFTER_CAP_MS);
    expect(retryDelay(1, headers({ "retry-after": "3600" }), { retryBaseDelayMs: 1, retryMaxDelayMs: 120_000 })).toBe(120_000);
  });

  test("prefers retry-after-ms when present", () => {
    expect(retryDelay(1, headers({ "retry-after-ms": "120", "retry-after": "5" }), opts)).toBe(120);
  });

  test("ignores an unreadable Retry-After and falls back to backoff", () => {
    expect(retryDelay(1, headers({ "retry-after": "soon" }), opts, () => 0.5)).toBe(250);
    expect(retryDelay(1, headers({ "retry-after": "-5" }), opts, () => 0.5)).toBe(250);
    expect(parseRetryAfter("1e3")).toBeUndefined();
    expect(parseRetryAfter("")).toBeUndefined();
    expect(serverRequestedDelay(undefined)).toBeUndefined();
  });
});

describe("mayHaveTakenEffect", () => {
  test("a lost answer or a 5xx may have stored the write; a refused connection or a 429 did not", () => {
    expect(mayHaveTakenEffect(new TimeoutError("x", { operation: "create", timeoutMs: 1 }))).toBe(true);
    expect(mayHaveTakenEffect(new ConnectionError("x", { operation: "create", errno: "ECONNRESET" }))).toBe(true);
    expect(mayHaveTakenEffect(new ServerError("x", apiFields(502)))).toBe(true);
    expect(mayHaveTakenEffect(new ConnectionError("x", { operation: "create", errno: "ECONNREFUSED" }))).toBe(false);
    expect(mayHaveTakenEffect(new RateLimitError("x", apiFields(429)))).toBe(false);
    expect(mayHaveTakenEffect(new ValidationError("x", apiFields(400)))).toBe(false);
  });
});
