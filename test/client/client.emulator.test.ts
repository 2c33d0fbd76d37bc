/**
 * The client against the real local emulator over loopback (127.0.0.1 only): every call, retries under
 * injected faults, token renewal, pagination, each error class, throttling under the emulator's rate
 * limit, listing sharing, and secrets absent from every error message and log line.
 */
import { inspect } from "util";
import {
  AuthenticationError,
  ConfigurationError,
  ConflictError,
  ConnectionError,
  InUseError,
  MAX_RATE_LIMITED_ATTEMPTS,
  NotFoundError,
  PermissionError,
  RATE_LIMIT_MIN_WAIT_MS,
  RateLimitError,
  ScalekitClient,
  ServerError,
  TimeoutError,
  ValidationError,
  type ClientOptions,
  type ProviderPayload,
} from "../../src/client";
import { startEmulator, type InUseStatus, type RunningEmulator } from "../../src/emulator";
import { asanaPayload, bearerPayload, useEmulator } from "../helpers/emulator";
import { FakeClock } from "./fakes";

const asPayload = (p: Record<string, unknown>) => p as unknown as ProviderPayload;
const asana = (name?: string) => asPayload(asanaPayload(name));
const bearer = (name?: string) => asPayload(bearerPayload(name));

/** Everything a test's clients said: error messages (with stacks and inspection) and log lines. */
let said: string[] = [];

function clientFor(emu: RunningEmulator, overrides: Partial<ClientOptions> = {}): ScalekitClient {
  return new ScalekitClient({
    environmentUrl: emu.url,
    clientId: emu.clientId,
    clientSecret: emu.clientSecret,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    timeoutMs: 5000,
    logger: (line) => said.push(line),
    ...overrides,
  });
}

/** The rejection of `promise`, recorded for the secret scan. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error;
    said.push(e.message, String(e.stack), inspect(e, { depth: 5 }), JSON.stringify({ ...e }));
    return e;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** Asserts that nothing said contains the client secret or any token the emulator issued. */
function expectNoSecrets(emu: RunningEmulator): void {
  const all = said.join("\n");
  expect(all).not.toContain(emu.clientSecret);
  for (const token of emu.issuedTokens()) expect(all).not.toContain(token);
}

const kinds = (emu: RunningEmulator, kind: string) => emu.journal().filter((e) => e.kind === kind);

describe("ScalekitClient against the emulator", () => {
  const emu = useEmulator({ pageSizeCap: 3 });
  beforeEach(() => (said = []));
  afterEach(() => expectNoSecrets(emu()));

  describe("every call", () => {
    test("create, list, find by identifier and by name, update, delete", async () => {
      const client = clientFor(emu());
      const created = await client.createProvider(asana("My Asana"));
      expect(created.identifier).toMatch(/^MYASANA:/);
      expect(created.id).toEqual(expect.any(String));
      expect(created.display_name).toBe("My Asana");
      expect(created.is_custom).toBe(true);
      expect(kinds(emu(), "create")[0]?.body).toEqual(asanaPayload("My Asana"));

      expect((await client.listProviders()).map((p) => p.identifier)).toEqual([created.identifier]);
      expect((await client.findByIdentifier(created.identifier))?.display_name).toBe("My Asana");
      expect((await client.findByDisplayName("My Asana"))?.identifier).toBe(created.identifier);
      expect(await client.findByIdentifier("NOPE:1")).toBeUndefined();

      const changed = { ...asanaPayload("My Asana"), description: "changed" };
      const updated = await client.updateProvider(created.identifier, asPayload(changed));
      expect(updated.description).toBe("changed");
      expect(kinds(emu(), "update")[0]?.body).toEqual(changed);
      expect(kinds(emu(), "update")[0]?.path).toBe(`/api/v1/custom-providers/${encodeURIComponent(created.identifier)}`);
      expect(emu().providers()[0]?.payload).toEqual(changed);

      await client.deleteProvider(created.identifier);
      expect(emu().providers()).toEqual([]);
      expect(await client.listProviders()).toEqual([]);
    });

    test("one token serves every call of the client", async () => {
      const client = clientFor(emu());
      await client.createProvider(bearer("A"));
      await client.listProviders();
      await client.createProvider(bearer("B"));
      expect(kinds(emu(), "token")).toHaveLength(1);
      expect(client.stats().tokenRequests).toBe(1);
    });
  });

  describe("pagination", () => {
    test("follows next_page_token across pages (page cap 3, 8 providers)", async () => {
      const client = clientFor(emu());
      for (let i = 0; i < 8; i++) emu().insertProvider(bearerPayload(`Provider ${i}`));
      const providers = await client.listProviders();
      expect(providers.map((p) => p.display_name)).toEqual(Array.from({ length: 8 }, (_, i) => `Provider ${i}`));
      const lists = kinds(emu(), "list");
      expect(lists).toHaveLength(3);
      expect(lists[0]?.query).toMatchObject({ "filter.provider_type": "CUSTOM", page_size: "1000" });
      expect(lists[0]?.query.page_token).toBeUndefined();
      expect(lists[1]?.query.page_token).toEqual(expect.any(String));
    });
  });

  describe("listing sharing", () => {
    test("20 concurrent reads cost one listing", async () => {
      for (let i = 0; i < 20; i++) emu().insertProvider(bearerPayload(`P ${i}`));
      const identifiers = emu()
        .providers()
        .map((p) => p.identifier);
      const client = clientFor(emu());
      const found = await Promise.all(identifiers.map((id) => client.findByIdentifier(id)));
      expect(found.map((p) => p?.identifier)).toEqual(identifiers);
      expect(client.stats().listings).toBe(1);
      expect(kinds(emu(), "list")).toHaveLength(Math.ceil(20 / 3));
    });

    test("a write by the client makes the next read list again and see it", async () => {
      const client = clientFor(emu());
      expect(await client.listProviders()).toEqual([]);
      await client.createProvider(bearer("Fresh"));
      expect((await client.listProviders()).map((p) => p.display_name)).toEqual(["Fresh"]);
      expect(client.stats().listings).toBe(2);
    });
  });

  describe("token renewal", () => {
    test("an expired token (401) is renewed once and the call repeated", async () => {
      const client = clientFor(emu());
      await client.createProvider(bearer("Before"));
      emu().expireTokens();
      await client.createProvider(bearer("After"));
      expect(kinds(emu(), "token")).toHaveLength(2);
      expect(kinds(emu(), "create").map((e) => e.status)).toEqual([201, 401, 201]);
      expect(emu().providers()).toHaveLength(2);
    });

    test("a token refused even after renewal is an AuthenticationError", async () => {
      const client = clientFor(emu());
      await client.getToken();
      emu().addFault({ kind: "list", count: 2, action: { type: "status", status: 401 } });
      const error = await failure(client.listProviders());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(kinds(emu(), "list")).toHaveLength(2);
    });
  });

  describe("retries under faults", () => {
    test.each([429, 500, 502, 503, 504])("a %i is retried and the call succeeds", async (status) => {
      const client = clientFor(emu());
      emu().addFault({ kind: "create", count: 2, action: { type: "status", status, retryAfter: status === 429 ? "0" : undefined } });
      const created = await client.createProvider(bearer("Retried"));
      expect(
        emu()
          .providers()
          .map((p) => p.identifier),
      ).toEqual([created.identifier]);
      expect(kinds(emu(), "create").map((e) => e.status)).toEqual([status, status, 201]);
    });

    test("Retry-After is honoured", async () => {
      const client = clientFor(emu());
      emu().addFault({ kind: "list", action: { type: "status", status: 429, retryAfter: "1" } });
      const started = Date.now();
      await client.listProviders();
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    });

    test("a reset connection is retried", async () => {
      const client = clientFor(emu());
      const p = emu().insertProvider(bearerPayload("Resettable"));
      emu().addFault({ kind: "update", action: { type: "reset" } });
      await client.updateProvider(p.identifier, asPayload({ ...bearerPayload("Resettable"), description: "after reset" }));
      expect(emu().providers()[0]?.payload.description).toBe("after reset");
      expect(kinds(emu(), "update").map((e) => e.status)).toEqual([0, 200]);
    });

    test("an answer slower than timeoutMs is abandoned and retried", async () => {
      const client = clientFor(emu(), { timeoutMs: 150 });
      emu().addFault({ kind: "list", action: { type: "latency", ms: 600 } });
      await expect(client.listProviders()).resolves.toEqual([]);
      expect(client.stats().requests.list).toBe(2);
    });

    test("a 400 is not retried", async () => {
      const client = clientFor(emu());
      emu().addFault({ kind: "delete", action: { type: "status", status: 400 } });
      await failure(client.deleteProvider("ANY:1"));
      expect(kinds(emu(), "delete")).toHaveLength(1);
    });

    test("the token request is retried too", async () => {
      const client = clientFor(emu());
      emu().addFault({ kind: "token", action: { type: "reset" } });
      await client.listProviders();
      expect(kinds(emu(), "token").map((e) => e.status)).toEqual([0, 200]);
    });
  });

  describe("create never makes a duplicate", () => {
    test("a connection dropped after the server stored the create leaves exactly one provider, returned to the caller", async () => {
      const client = clientFor(emu());
      emu().addFault({ kind: "create", action: { type: "drop-after-commit" } });
      const created = await client.createProvider(asana("Dropped Answer"));
      expect(
        emu()
          .providers()
          .map((p) => p.identifier),
      ).toEqual([created.identifier]);
      expect(kinds(emu(), "create")).toHaveLength(1);
    });

    test("a create slower than the timeout leaves exactly one provider", async () => {
      const client = clientFor(emu(), { timeoutMs: 150 });
      emu().addFault({ kind: "create", action: { type: "latency", ms: 500 } });
      const created = await client.createProvider(asana("Slow Create"));
      await new Promise((r) => setTimeout(r, 600)); // let the slow attempt finish on the server
      expect(
        emu()
          .providers()
          .map((p) => p.identifier),
      ).toEqual([created.identifier]);
    });

    test("a 502 before the create is stored: the lookup finds nothing and the retry creates once", async () => {
      const client = clientFor(emu());
      emu().addFault({ kind: "create", action: { type: "status", status: 502 } });
      await client.createProvider(bearer("After 502"));
      expect(emu().providers()).toHaveLength(1);
    });

    test("a transient failure never takes over a different provider that already holds the display name", async () => {
      const client = clientFor(emu());
      const existing = emu().insertProvider({ ...bearerPayload("Taken Name"), description: "made by hand" });
      emu().addFault({ kind: "create", action: { type: "status", status: 503 } });
      const error = await failure(client.createProvider(bearer("Taken Name")));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).existingIdentifier).toBe(existing.identifier);
      expect(emu().providers()).toHaveLength(1);
      expect(emu().providers()[0].payload.description).toBe("made by hand");
    });

    test("a transient failure never takes over a provider whose name differs only in case", async () => {
      const client = clientFor(emu());
      const other = emu().insertProvider(bearerPayload("taken name"));
      emu().addFault({ kind: "create", action: { type: "status", status: 503 } });
      const created = await client.createProvider(bearer("Taken Name"));
      expect(created.identifier).not.toBe(other.identifier);
      expect(created.display_name).toBe("Taken Name");
      expect(emu().providers()).toHaveLength(2);
    });

    test("200 parallel creates under lost answers and 5xx leave exactly one provider each", async () => {
      const client = clientFor(emu(), { maxInFlight: 16, requestsPerSecond: 1000 });
      emu().addFault({ kind: "create", count: 10, action: { type: "drop-after-commit" } });
      emu().addFault({ kind: "create", count: 10, action: { type: "status", status: 503 } });
      const names = Array.from({ length: 200 }, (_, i) => `Parallel ${i}`);
      const created = await Promise.all(names.map((n) => client.createProvider(bearer(n))));
      const stored = emu().providers();
      expect(stored).toHaveLength(200);
      expect(new Set(stored.map((p) => p.payload.display_name)).size).toBe(200);
      expect(new Set(created.map((p) => p.identifier))).toEqual(new Set(stored.map((p) => p.identifier)));
    });
  });

  describe("each error class", () => {
    test("ValidationError: a payload the server refuses, with its field violations", async () => {
      const error = await failure(
        clientFor(emu()).createProvider(asPayload({ ...bearerPayload("Bad Url"), proxy_url: "http://insecure.example.com" })),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).status).toBe(400);
      expect(error.message).toContain("proxy_url");
      expect(emu().providers()).toEqual([]);
    });

    test("AuthenticationError: a wrong client secret names the credentials and where they live", async () => {
      const client = clientFor(emu(), { clientSecret: "wrong-secret-value" });
      const error = await failure(client.listProviders());
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error.message).toContain(emu().url);
      expect(error.message).toMatch(
        /client id or client secret is wrong for .*Scalekit Dashboard \(Developers > Settings > API credentials\)/,
      );
      expect(error.message).not.toContain("wrong-secret-value");
      expect(kinds(emu(), "token")).toHaveLength(1);
    });

    test("PermissionError: a 403 on list", async () => {
      emu().addFault({ kind: "list", action: { type: "status", status: 403 } });
      expect(await failure(clientFor(emu()).listProviders())).toBeInstanceOf(PermissionError);
    });

    test("NotFoundError: updating a provider deleted by someone else", async () => {
      const p = emu().insertProvider(bearerPayload("Deleted Outside"));
      emu().removeProvider(p.identifier);
      const error = await failure(clientFor(emu()).updateProvider(p.identifier, bearer("Deleted Outside")));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toContain("no longer exists");
      expect(await failure(clientFor(emu()).deleteProvider(p.identifier))).toBeInstanceOf(NotFoundError);
    });

    test("ConflictError: a duplicate display name names the existing identifier", async () => {
      const existing = emu().insertProvider(bearerPayload("Taken"));
      const error = await failure(clientFor(emu()).createProvider(bearer("Taken")));
      expect(error).toBeInstanceOf(ConflictError);
      expect((error as ConflictError).existingIdentifier).toBe(existing.identifier);
      expect(error.message).toContain(existing.identifier);
      expect(error.message).toContain("Update that provider instead of creating a second one, or choose another display name.");
      expect(emu().providers()).toHaveLength(1);
    });

    test("InUseError: a delete refused while connections use the provider (default status)", async () => {
      const p = emu().insertProvider(bearerPayload("Used"));
      emu().attachConnections(p.identifier, 2);
      const error = await failure(clientFor(emu()).deleteProvider(p.identifier));
      expect(error).toBeInstanceOf(InUseError);
      expect(error.message).toMatch(/Remove the connections and connected accounts/);
      expect(emu().providers()).toHaveLength(1);
    });

    test("RateLimitError: 429s for longer than rateLimitWaitMs (waits for the limit use up no retry)", async () => {
      emu().addFault({ kind: "list", count: 50, action: { type: "status", status: 429, retryAfter: "0.1" } });
      const error = await failure(clientFor(emu(), { maxRetries: 0, rateLimitWaitMs: 350 }).listProviders());
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).retryAfterMs).toBe(100);
      // Retry-After 0.1 s is shorter than the shortest wait (1 s): the repeat comes after that, and is the last.
      const lists = emu()
        .journal()
        .filter((e) => e.kind === "list");
      expect(lists).toHaveLength(2);
      expect(lists[1].receivedAt - lists[0].receivedAt).toBeGreaterThanOrEqual(990);
    });

    test("429 with Retry-After: 0 without end: one delete spends at most MAX_RATE_LIMITED_ATTEMPTS requests, each at least RATE_LIMIT_MIN_WAIT_MS apart", async () => {
      const p = emu().insertProvider(bearerPayload("Refused"));
      emu().addFault({ kind: "delete", count: 1000, action: { type: "status", status: 429, retryAfter: "0" } });
      const clock = new FakeClock();
      const error = await failure(clientFor(emu(), { sleep: clock.sleep, now: clock.now, random: () => 0 }).deleteProvider(p.identifier));
      expect(error).toBeInstanceOf(RateLimitError);
      const deletes = emu()
        .journal()
        .filter((e) => e.kind === "delete");
      // The default five minutes of refusals at the shortest waits: 21 requests (the emulator's journal counts them).
      expect(deletes).toHaveLength(21);
      expect(deletes.length).toBeLessThanOrEqual(MAX_RATE_LIMITED_ATTEMPTS);
      expect(Math.min(...clock.sleeps)).toBeGreaterThanOrEqual(RATE_LIMIT_MIN_WAIT_MS);
      expect(emu().providers()).toHaveLength(1);
    });

    test("ServerError: 5xx beyond the retries, with the request id", async () => {
      emu().addFault({ kind: "update", count: 2, action: { type: "status", status: 500 } });
      const error = await failure(clientFor(emu(), { maxRetries: 1 }).updateProvider("X:1", bearer("X")));
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).requestId).toMatch(/^emu-/);
    });

    test("ServerError from a non-JSON body", async () => {
      emu().addFault({ kind: "list", action: { type: "status", status: 502, body: "<html>bad gateway</html>" } });
      const error = await failure(clientFor(emu(), { maxRetries: 0 }).listProviders());
      expect(error).toBeInstanceOf(ServerError);
      expect(error.message).toContain("an HTML page");
    });

    test("ConnectionError: resets beyond the retries", async () => {
      emu().addFault({ kind: "list", count: 2, action: { type: "reset" } });
      expect(await failure(clientFor(emu(), { maxRetries: 1 }).listProviders())).toBeInstanceOf(ConnectionError);
    });

    test("TimeoutError: slower than timeoutMs beyond the retries", async () => {
      emu().addFault({ kind: "list", count: 1, action: { type: "latency", ms: 400 } });
      const error = await failure(clientFor(emu(), { maxRetries: 0, timeoutMs: 100 }).listProviders());
      expect(error).toBeInstanceOf(TimeoutError);
    });

    test("ConfigurationError: plain http to a non-loopback host; loopback is fine", () => {
      expect(() => new ScalekitClient({ environmentUrl: "http://scalekit.example.com", clientId: "x", clientSecret: "y" })).toThrow(
        ConfigurationError,
      );
      expect(() => clientFor(emu())).not.toThrow();
    });
  });

  describe("pacing", () => {
    test("with a requestsPerSecond cap, 60 parallel operations under a 20 req/s server limit all complete with no 429 and within the client's limits", async () => {
      emu().setRateLimit({ requestsPerSecond: 20 });
      const client = clientFor(emu(), { requestsPerSecond: 20, maxInFlight: 4 });
      for (let i = 0; i < 20; i++) emu().insertProvider(bearerPayload(`Existing ${i}`));
      const identifiers = emu()
        .providers()
        .map((p) => p.identifier);
      await Promise.all([
        ...Array.from({ length: 40 }, (_, i) => client.createProvider(bearer(`Throttled ${i}`))),
        ...identifiers.map((id, i) => client.updateProvider(id, asPayload({ ...bearerPayload(`Existing ${i}`), description: "updated" }))),
      ]);
      expect(emu().providers()).toHaveLength(60);
      expect(
        emu()
          .journal()
          .filter((e) => e.status === 429),
      ).toEqual([]);
      expect(emu().stats().maxConcurrentRequests).toBeLessThanOrEqual(4);
      expect(client.stats().throttle.maxInFlightObserved).toBeLessThanOrEqual(4);
      expect(client.stats().throttle.maxStartedPerSecondObserved).toBeLessThanOrEqual(20);
    });

    test("without a cap, a client above the server's limit (no Retry-After) is held by the 429s and creates every provider once", async () => {
      emu().setRateLimit({ requests: 10, windowSeconds: 1 });
      const client = clientFor(emu(), { maxInFlight: 16, maxRetries: 0 });
      await Promise.all(Array.from({ length: 30 }, (_, i) => client.createProvider(bearer(`Burst ${i}`))));
      expect(emu().providers()).toHaveLength(30);
      expect(
        emu()
          .journal()
          .filter((e) => e.kind === "create" && e.status === 201),
      ).toHaveLength(30);
      expect(
        emu()
          .journal()
          .some((e) => e.status === 429),
      ).toBe(true);
      expect(client.stats().throttle.refusals).toBeGreaterThan(0);
    });
  });
});

describe.each([400, 409, 412] as InUseStatus[])("a delete refused with %i while in use", (inUseStatus) => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, inUseStatus });
  });
  afterAll(() => emu.stop());
  beforeEach(() => (said = []));
  afterEach(() => expectNoSecrets(emu));

  test("is an InUseError and nothing is deleted", async () => {
    const p = emu.insertProvider(bearerPayload("Still Used"));
    emu.attachConnections(p.identifier);
    const error = await failure(clientFor(emu).deleteProvider(p.identifier));
    expect(error).toBeInstanceOf(InUseError);
    expect(emu.providers()).toHaveLength(1);
    emu.attachConnections(p.identifier, 0);
    await clientFor(emu).deleteProvider(p.identifier);
    expect(emu.providers()).toHaveLength(0);
  });
});

describe("a short-lived token", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, tokenTtlSeconds: 1 });
  });
  afterAll(() => emu.stop());

  test("is renewed shortly before it expires, without a 401", async () => {
    const client = clientFor(emu, { listingReuseMs: 0 });
    await client.listProviders();
    await new Promise((r) => setTimeout(r, 950)); // past the renewal point (10% of 1 s before expiry)
    await client.listProviders();
    expect(emu.journal().filter((e) => e.kind === "token")).toHaveLength(2);
    expect(emu.journal().filter((e) => e.status === 401)).toEqual([]);
  });
});

describe("a stopped emulator", () => {
  test("is a ConnectionError (connection refused), retried and then reported", async () => {
    const emu = await startEmulator({ port: 0 });
    await emu.stop();
    said = [];
    const error = await failure(clientFor(emu, { maxRetries: 1 }).listProviders());
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).errno).toBe("ECONNREFUSED");
    expect(said.join("\n")).not.toContain(emu.clientSecret);
  });
});
