/** The emulator's small pure parts on their own: identifiers, page tokens, rate limiter, redaction, faults, presentation. */
import { isProviderIdentifier } from "../../src/client";
import { EmulatorError } from "../../src/emulator";
import { FaultRegistry } from "../../src/emulator/faults";
import { decodePageToken, deriveIdentifier, encodePageToken, providerId } from "../../src/emulator/identifiers";
import { redact } from "../../src/emulator/journal";
import { presentProvider } from "../../src/emulator/presentation";
import { RateLimiter } from "../../src/emulator/rate-limit";

describe("identifiers", () => {
  test("take the letters and digits of the display name, upper-cased, then a colon and a 5-digit number", () => {
    expect(deriveIdentifier("My Asana", 1)).toMatch(/^MYASANA:\d{5}$/);
    expect(deriveIdentifier("Public Docs MCP 2", 2)).toMatch(/^PUBLICDOCSMCP2:\d{5}$/);
    expect(deriveIdentifier("   ", 3)).toMatch(/^PROVIDER:\d{5}$/);
    expect(deriveIdentifier("A".repeat(200), 4).split(":")[0]).toHaveLength(32);
  });

  test("every derived identifier is one the client accepts as a path segment (the rule both read)", () => {
    const names = ["My Asana", "../..", "a/b\\c?d#e", "%2e%2e", "Ünïcödé ☃", "\u001b[2J", "", "A".repeat(200)];
    for (const [i, name] of names.entries()) {
      for (const seq of [1, 90_000, 90_001, Number.MAX_SAFE_INTEGER - i]) {
        const identifier = deriveIdentifier(name, seq);
        expect({ identifier, ok: isProviderIdentifier(identifier) }).toEqual({ identifier, ok: true });
      }
    }
  });

  test("numbers (and ids) are unique across 90000 sequence numbers and beyond", () => {
    const numbers = new Set<string>();
    for (let seq = 1; seq <= 90010; seq++) numbers.add(deriveIdentifier("X", seq).split(":")[1]);
    expect(numbers.size).toBe(90010);
    expect(providerId(1)).not.toBe(providerId(2));
    expect(providerId(1)).toMatch(/^prv_\d{17}$/);
  });

  test("page tokens round-trip and are refused for another query or when forged", () => {
    const t = encodePageToken(40, "CUSTOM|");
    expect(decodePageToken(t, "CUSTOM|")).toBe(40);
    expect(() => decodePageToken(t, "ALL|")).toThrow(EmulatorError);
    expect(() => decodePageToken(Buffer.from('{"o":-1,"q":"CUSTOM|"}').toString("base64url"), "CUSTOM|")).toThrow(/page_token/);
    expect(() => decodePageToken("!!!", "CUSTOM|")).toThrow(/page_token/);
  });
});

describe("RateLimiter", () => {
  test("accepts N requests per fixed window from the first one, refuses the rest with no Retry-After, and refused ones do not count", () => {
    let now = 10_000;
    const limiter = new RateLimiter({ requests: 2, windowSeconds: 60 }, () => now);
    expect(limiter.take()).toEqual({ allowed: true });
    now += 400;
    expect(limiter.take()).toEqual({ allowed: true });
    expect(limiter.take()).toEqual({ allowed: false, retryAfterSeconds: undefined, resetInMs: 59_600 });
    now += 59_599; // still the first window
    expect(limiter.take().allowed).toBe(false);
    now += 1; // the window ends 60 s after the first request
    expect(limiter.take()).toEqual({ allowed: true });
    expect(limiter.take()).toEqual({ allowed: true });
    expect(limiter.take().allowed).toBe(false);
    now += 3 * 60_000 + 5; // quiet windows pass; the window in force starts on the minute
    expect(limiter.take()).toEqual({ allowed: true });
    expect(limiter.current).toEqual({ requests: 2, windowSeconds: 60 });
  });

  test("requestsPerSecond is a one-second window; Retry-After only when asked for, fixed or until the window ends", () => {
    let now = 0;
    const perSecond = new RateLimiter({ requestsPerSecond: 1 }, () => now);
    perSecond.take();
    expect(perSecond.take()).toMatchObject({ allowed: false, retryAfterSeconds: undefined });
    now = 1000;
    expect(perSecond.take().allowed).toBe(true);
    const told = new RateLimiter({ requests: 1, windowSeconds: 20, sendRetryAfter: true }, () => now);
    told.take();
    now += 12_500;
    expect(told.take()).toMatchObject({ allowed: false, retryAfterSeconds: 8 });
    const fixed = new RateLimiter({ requestsPerSecond: 1, retryAfterSeconds: 7 }, () => 0);
    fixed.take();
    expect(fixed.take()).toMatchObject({ allowed: false, retryAfterSeconds: 7 });
    fixed.set(undefined);
    for (let i = 0; i < 100; i++) expect(fixed.take().allowed).toBe(true);
  });

  test("refuses a limit that is not a positive number", () => {
    expect(() => new RateLimiter({ requestsPerSecond: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requestsPerSecond: 1, retryAfterSeconds: -1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requests: 10, windowSeconds: 0 })).toThrow(RangeError);
    expect(() => new RateLimiter({})).toThrow(RangeError);
  });
});

describe("redact", () => {
  test("replaces client_secret keys and any string or key containing a secret, without touching the input", () => {
    const input = {
      client_secret: "s3cr3t0123456789abc",
      nested: [{ note: "has s3cr3t0123456789abc inside", ok: "fine" }],
      s3cr3t0123456789abc: 1,
      n: 5,
    };
    expect(redact(input, ["s3cr3t0123456789abc"])).toEqual({
      client_secret: "[REDACTED]",
      nested: [{ note: "[REDACTED]", ok: "fine" }],
      "[REDACTED]": 1,
      n: 5,
    });
    expect(input.client_secret).toBe("s3cr3t0123456789abc");
    expect(redact({ CLIENT_SECRET: "x" }, [])).toEqual({ CLIENT_SECRET: "[REDACTED]" });
  });
});

describe("FaultRegistry", () => {
  test("applies a fault to `count` matching requests, first added first, then forgets it", () => {
    const faults = new FaultRegistry();
    faults.add({ kind: "create", count: 2, action: { type: "reset" } });
    faults.add({ action: { type: "latency", ms: 5 } });
    const create = { kind: "create" as const, method: "POST", path: "/api/v1/custom-providers" };
    expect(faults.take(create)).toEqual({ type: "reset" });
    expect(faults.take(create)).toEqual({ type: "reset" });
    expect(faults.take(create)).toEqual({ type: "latency", ms: 5 });
    expect(faults.take(create)).toBeUndefined();
  });

  test("matches method case-insensitively and paths by prefix", () => {
    const faults = new FaultRegistry();
    faults.add({ method: "put", pathPrefix: "/api/v1/custom-providers/", action: { type: "drop-after-commit" } });
    expect(faults.take({ kind: "update", method: "PUT", path: "/api/v1/providers" })).toBeUndefined();
    expect(faults.take({ kind: "update", method: "PUT", path: "/api/v1/custom-providers/X%3A1" })).toEqual({ type: "drop-after-commit" });
  });
});

describe("presentProvider", () => {
  const stored = {
    id: "prv_1",
    identifier: "X:10000",
    connections: 0,
    sequence: 1,
    payload: {
      display_name: "X",
      auth_patterns: [
        {
          type: "OAUTH",
          fields: [],
          oauth_config: { authorize_uri: "https://a", token_uri: "https://t", available_scopes: [{ scope: "read" }] },
        },
      ],
      proxy_url: "https://x",
      proxy_enabled: true,
      metadata: { zeta: "1", alpha: "2" },
    },
  };

  test("fills server defaults where absent, keeps given values, and orders keys its own way", () => {
    const p = presentProvider(stored, true) as any;
    expect(p.description).toBe("");
    expect(p.auth_patterns[0]).toMatchObject({ is_mcp: false, fields: [], account_fields: [] });
    expect(p.auth_patterns[0].oauth_config.available_scopes[0]).toEqual({ scope: "read", description: "", required: false });
    expect(Object.keys(p.metadata)).toEqual(["zeta", "alpha"]);
    expect(Object.keys(p)[0]).toBe("proxy_url");
    expect(stored.payload).not.toHaveProperty("description"); // the stored payload is untouched
  });

  test("without fillServerDefaults, returns the payload as stored plus the server-only fields", () => {
    const p = presentProvider(stored, false) as any;
    expect(p.auth_patterns).toEqual(stored.payload.auth_patterns);
    expect(p).toMatchObject({
      id: "prv_1",
      identifier: "X:10000",
      icon_src: "",
      categories: [],
      display_priority: 0,
      coming_soon: false,
      is_custom: true,
      is_custom_mcp: false,
    });
    expect(p).not.toHaveProperty("description");
  });
});
