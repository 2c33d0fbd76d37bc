import { ConnectionError, RateLimitError, ServerError, TimeoutError, ValidationError, NotFoundError } from "../../src/client";
import {
  MAX_RATE_LIMITED_ATTEMPTS,
  RATE_LIMIT_MAX_WAIT_MS,
  RATE_LIMIT_MIN_WAIT_MS,
  RETRY_AFTER_CAP_MS,
  mayHaveTakenEffect,
  rateLimitWait,
  parseRetryAfter,
  retryDelay,
  shouldRetry,
  serverRequestedDelay,
} from "../../src/client/retry";

import { FakeClock, FakeFetch, makeClient, payload, rejectionOf, reply } from "./fakes";

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

describe("waits under 429 have a floor, and a refused operation a bounded number of requests", () => {
  /** Retry-After values that would make a literal client repeat at once. */
  const IMMEDIATE: Array<[string, string | undefined]> = [
    ["0", "0"],
    ["0.001", "0.001"],
    ["a past date", "Thu, 01 Jan 1970 00:00:00 GMT"],
    ["negative", "-5"],
    ["garbage", "soon, maybe"],
    ["absent", undefined],
  ];

  /** A server refusing every call but the token grant; after `cutoff` refusals it accepts, so that a runaway client ends. */
  function refusingServer(retryAfter: string | undefined, cutoff = 1000) {
    let refused = 0;
    const http = new FakeFetch((req) => {
      if (req.path === "/oauth/token") return reply(200, { access_token: "tok_0123456789abcdefghij", expires_in: 3600 });
      if (++refused > cutoff) return reply(200, {});
      return reply(429, { code: 8, message: "rate limited" }, retryAfter === undefined ? {} : { "Retry-After": retryAfter });
    });
    return { http, refusals: () => Math.min(refused, cutoff) };
  }

  test.each(IMMEDIATE)(
    "Retry-After %s: every wait is at least RATE_LIMIT_MIN_WAIT_MS and one delete spends at most 21 requests in the default 5 minutes",
    async (_label, retryAfter) => {
      const server = refusingServer(retryAfter);
      const clock = new FakeClock();
      // The least jitter gives the shortest waits, hence the most requests.
      const client = makeClient(server.http, clock, { random: () => 0 });
      const error = await rejectionOf(client.deleteProvider("VICTIM:1"));
      expect(error).toBeInstanceOf(RateLimitError);
      expect(server.refusals()).toBe(21);
      expect(server.refusals()).toBeLessThanOrEqual(MAX_RATE_LIMITED_ATTEMPTS);
      expect(clock.sleeps.length).toBeGreaterThan(0);
      expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(RATE_LIMIT_MIN_WAIT_MS);
    },
  );

  test("however long rateLimitWaitMs allows, one operation stops at MAX_RATE_LIMITED_ATTEMPTS requests", async () => {
    const server = refusingServer("0");
    const clock = new FakeClock();
    const client = makeClient(server.http, clock, { random: () => 0, rateLimitWaitMs: 24 * 3_600_000 });
    expect(await rejectionOf(client.updateProvider("VICTIM:1", payload("Victim")))).toBeInstanceOf(RateLimitError);
    expect(server.refusals()).toBe(MAX_RATE_LIMITED_ATTEMPTS);
    expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(RATE_LIMIT_MIN_WAIT_MS);
  });

  test("the bound is a sane figure: a refused minute costs about a dozen requests, not hundreds", () => {
    expect(RATE_LIMIT_MIN_WAIT_MS).toBeGreaterThanOrEqual(1000);
    expect(MAX_RATE_LIMITED_ATTEMPTS).toBeGreaterThanOrEqual(21);
    expect(MAX_RATE_LIMITED_ATTEMPTS).toBeLessThanOrEqual(60);
  });

  test("rateLimitWait: a Retry-After can lengthen the backoff, up to the ceiling, never shorten it", () => {
    expect(rateLimitWait(1, 0, () => 0)).toBe(RATE_LIMIT_MIN_WAIT_MS);
    expect(rateLimitWait(1, -5000, () => 0)).toBe(RATE_LIMIT_MIN_WAIT_MS);
    expect(rateLimitWait(1, undefined, () => 0.5)).toBe(1500);
    expect(rateLimitWait(1, 7000, () => 0.5)).toBe(7000);
    expect(rateLimitWait(1, 86_400_000, () => 0.5)).toBe(RATE_LIMIT_MAX_WAIT_MS);
    expect(rateLimitWait(100, 0, () => 0)).toBe(RATE_LIMIT_MAX_WAIT_MS / 2);
  });

  test("other retries keep their rules: a 503 with Retry-After 0 is retried at once, maxRetries times", async () => {
    const http = new FakeFetch((req) =>
      req.path === "/oauth/token"
        ? reply(200, { access_token: "tok_0123456789abcdefghij", expires_in: 3600 })
        : reply(503, {}, { "Retry-After": "0" }),
    );
    const clock = new FakeClock();
    await rejectionOf(makeClient(http, clock, { maxRetries: 3 }).listProviders());
    expect(http.count("list")).toBe(4);
    expect(clock.sleeps).toEqual([0, 0, 0]);
  });
});
