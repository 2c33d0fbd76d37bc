import {
  ConfigurationError,
  ConflictError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ScalekitError,
  ServerError,
  TimeoutError,
  ValidationError,
} from "../../src/client";
import { ENV, FakeClock, FakeScalekit, makeClient, networkError, payload, rejectionOf, reply } from "./fakes";

describe("request shapes", () => {
  test("create posts the payload unchanged to /api/v1/custom-providers and returns the stored provider", async () => {
    const api = new FakeScalekit();
    const body = { ...payload("My Asana"), metadata: { team: "core" } };
    const created = await makeClient(api).createProvider(body);
    const req = api.http.requests.find((r) => r.method === "POST" && r.path === "/api/v1/custom-providers");
    expect(req?.url).toBe(`${ENV}/api/v1/custom-providers`);
    expect(req?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req?.body ?? "")).toEqual(body);
    expect(created.identifier).toBe("MYASANA:1001");
    expect(created.display_name).toBe("My Asana");
  });

  test("a bare provider answer (no envelope) is accepted", async () => {
    const api = new FakeScalekit().script("create", reply(201, { identifier: "BARE:1", display_name: "Bare" }));
    expect((await makeClient(api).createProvider(payload("Bare"))).identifier).toBe("BARE:1");
  });

  test("update PUTs the full payload to the encoded identifier and returns the answer", async () => {
    const api = new FakeScalekit();
    api.providers.push({ identifier: "GOOGLE_WORKSPACE:12-345", display_name: "Old" });
    const updated = await makeClient(api).updateProvider("GOOGLE_WORKSPACE:12-345", payload("New"));
    const req = api.http.requests.find((r) => r.method === "PUT");
    expect(req?.url).toBe(`${ENV}/api/v1/custom-providers/GOOGLE_WORKSPACE%3A12-345`);
    expect(JSON.parse(req?.body ?? "")).toEqual(payload("New"));
    expect(updated.display_name).toBe("New");
  });

  test("delete sends DELETE to the encoded identifier", async () => {
    const api = new FakeScalekit();
    const p = api.add("Gone Soon");
    await expect(makeClient(api).deleteProvider(p.identifier)).resolves.toBeUndefined();
    expect(api.http.requests.find((r) => r.method === "DELETE")?.path).toBe(`/api/v1/custom-providers/${encodeURIComponent(p.identifier)}`);
    expect(api.providers).toEqual([]);
  });

  test("arguments are checked before any request", async () => {
    const api = new FakeScalekit();
    const client = makeClient(api);
    expect(await rejectionOf(client.updateProvider("", payload("X")))).toBeInstanceOf(ScalekitError);
    expect(await rejectionOf(client.createProvider({} as never))).toBeInstanceOf(ScalekitError);
    expect(await rejectionOf(client.deleteProvider("A:1", { timeoutMs: -5 }))).toBeInstanceOf(ConfigurationError);
    expect(api.http.requests).toEqual([]);
  });
});

describe("retries", () => {
  test.each([500, 502, 503, 504])("HTTP %i is retried with backoff until it succeeds", async (status) => {
    const api = new FakeScalekit().script("list", reply(status, "")).script("list", reply(status, ""));
    const clock = new FakeClock();
    await expect(makeClient(api, clock).listProviders()).resolves.toEqual([]);
    expect(api.http.count("list")).toBe(3);
    expect(clock.sleeps).toEqual([250, 500]); // random() = 0.5: half of 500, then half of 1000
  });

  test("429 without Retry-After: the client waits a growing backoff and repeats the call, using up no retry", async () => {
    const api = new FakeScalekit();
    for (let i = 0; i < 6; i++)
      api.script("list", reply(429, { code: 8, message: "rate limited", details: [{ error_code: "RATE_LIMITED" }] }));
    const clock = new FakeClock();
    await expect(makeClient(api, clock, { maxRetries: 0 }).listProviders()).resolves.toEqual([]);
    expect(api.http.count("list")).toBe(7);
    // random() = 0.5: one and a half times the shortest wait, 1 s × 1.3^(n-1)
    expect(clock.sleeps).toEqual([1500, 1950, 2536, 3296, 4285, 5570]);
  });

  test("a call refused with 429 for longer than rateLimitWaitMs fails with a RateLimitError", async () => {
    const api = new FakeScalekit();
    for (let i = 0; i < 100; i++) api.script("create", reply(429, {}));
    const clock = new FakeClock();
    const started = clock.now();
    const error = await rejectionOf(makeClient(api, clock, { rateLimitWaitMs: 60_000 }).createProvider(payload("X")));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.message).toMatch(/refused for \d+ s/);
    // Refused from the first attempt on: it fails at the first refusal 60 s or more after that one.
    expect(clock.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(clock.now() - started).toBeLessThan(60_000 + 60_000);
  });

  test("Retry-After on a 429 sets the wait", async () => {
    const api = new FakeScalekit().script("update", reply(429, {}, { "Retry-After": "3" }));
    const p = api.add("A");
    const clock = new FakeClock();
    await makeClient(api, clock).updateProvider(p.identifier, payload("A"));
    expect(clock.sleeps).toEqual([3000]);
  });

  test("a reset connection and a timeout are retried", async () => {
    const api = new FakeScalekit().script("list", networkError("ECONNRESET")).script("list", "hang");
    await expect(makeClient(api, new FakeClock(), { timeoutMs: 20 }).listProviders()).resolves.toEqual([]);
    expect(api.http.count("list")).toBe(3);
  });

  test.each([400, 403, 404, 409])("HTTP %i is not retried", async (status) => {
    const api = new FakeScalekit().script("list", reply(status, {}));
    const clock = new FakeClock();
    await rejectionOf(makeClient(api, clock).listProviders());
    expect(api.http.count("list")).toBe(1);
    expect(clock.sleeps).toEqual([]);
  });

  test("an unknown host is not retried", async () => {
    const api = new FakeScalekit().script("token", networkError("ENOTFOUND"));
    const error = await rejectionOf(makeClient(api).getToken());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/does not resolve/);
    expect(api.http.count("token")).toBe(1);
  });

  test("gives up after maxRetries retries with the last error, which counts the attempts", async () => {
    const api = new FakeScalekit();
    for (let i = 0; i < 3; i++) api.script("list", reply(503, { code: 14, message: "unavailable" }));
    const error = await rejectionOf(makeClient(api, new FakeClock(), { maxRetries: 2 }).listProviders());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/after 3 attempts/);
    expect(api.http.count("list")).toBe(3);
  });

  test("a token renewal and a rate-limit wait repeat the attempt without using up a retry or counting as one", async () => {
    const api = new FakeScalekit().script("list", reply(401, {})).script("list", reply(429, {}));
    for (let i = 0; i < 3; i++) api.script("list", reply(503, { code: 14, message: "unavailable" }));
    const clock = new FakeClock();
    const error = await rejectionOf(makeClient(api, clock, { maxRetries: 2 }).listProviders());
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toMatch(/after 3 attempts/);
    expect(api.http.count("list")).toBe(5);
    expect(api.http.count("token")).toBe(2);
    // The rate limit's hold (1.5 s), then the backoff before retries 1 and 2 (random() = 0.5).
    expect(clock.sleeps).toEqual([1500, 250, 500]);
  });

  test("a per-call maxRetries overrides the client's", async () => {
    const api = new FakeScalekit().script("create", reply(503, {}));
    const error = await rejectionOf(makeClient(api).createProvider(payload("X"), { maxRetries: 0 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(api.http.count("create")).toBe(1);
  });

  test("a response slower than timeoutMs is aborted: the signal fires", async () => {
    const api = new FakeScalekit().script("list", "hang");
    const error = await rejectionOf(makeClient(api, new FakeClock(), { timeoutMs: 15, maxRetries: 0 }).listProviders());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(api.http.requests.find((r) => r.path === "/api/v1/providers")?.signal.aborted).toBe(true);
  });

  test("the time limit holds even for a fetch that ignores the abort signal", async () => {
    const api = new FakeScalekit().script("list", () => new Promise(() => undefined));
    expect(await rejectionOf(makeClient(api, new FakeClock(), { timeoutMs: 15, maxRetries: 0 }).listProviders())).toBeInstanceOf(
      TimeoutError,
    );
  });
});

describe("create never makes a duplicate", () => {
  test("a create stored by the server whose answer was lost (timeout) is found and returned, not created twice", async () => {
    const api = new FakeScalekit().script("create", (_req, next) => {
      next(); // stored...
      return "hang"; // ...but the answer never arrives
    });
    const client = makeClient(api, new FakeClock(), { timeoutMs: 20 });
    const created = await client.createProvider(payload("Lost Answer"));
    expect(created.display_name).toBe("Lost Answer");
    expect(api.providers).toHaveLength(1);
    expect(api.http.count("create")).toBe(1);
    expect(created.identifier).toBe(api.providers[0]?.identifier);
  });

  test.each([
    ["a reset after commit", networkError("ECONNRESET")],
    ["a 502 after commit", reply(502, "")],
  ] as const)("%s: the lookup finds the provider before a second create", async (_name, failure) => {
    const api = new FakeScalekit().script("create", (_req, next) => {
      next();
      return failure;
    });
    const created = await makeClient(api).createProvider(payload("Dropped"));
    expect(created.identifier).toBe(api.providers[0]?.identifier);
    expect(api.providers).toHaveLength(1);
    expect(api.http.count("create")).toBe(1);
  });

  test("the lookup uses a fresh listing, not one reused from before the create", async () => {
    const api = new FakeScalekit().script("create", (_req, next) => {
      next();
      return networkError("ECONNRESET");
    });
    const client = makeClient(api);
    await client.listProviders(); // a listing that does not hold it, fresh enough for reuse
    await client.createProvider(payload("Dropped"));
    expect(api.providers).toHaveLength(1);
    expect(api.http.count("list")).toBe(2);
  });

  test("when the lost attempt did not store it, the create is retried and stores it once", async () => {
    const api = new FakeScalekit().script("create", networkError("ECONNRESET"));
    const created = await makeClient(api).createProvider(payload("Not Stored"));
    expect(api.http.count("create")).toBe(2);
    expect(api.providers.map((p) => p.identifier)).toEqual([created.identifier]);
  });

  test("a 409 to a retry after a lost attempt returns the existing provider", async () => {
    const api = new FakeScalekit();
    // The first attempt is stored but times out; meanwhile the listing does not show it yet (eventual
    // consistency), so the client retries and gets a 409: the provider is the one it created.
    let hidden = true;
    api.script("create", (_req, next) => {
      next();
      return "hang";
    });
    api.script("list", (_req, next) => {
      const real = next();
      return hidden && typeof real === "object" && "status" in real
        ? ((hidden = false), reply(200, { providers: [], next_page_token: "" }))
        : real;
    });
    const created = await makeClient(api, new FakeClock(), { timeoutMs: 20 }).createProvider(payload("Eventually"));
    expect(api.http.count("create")).toBe(2);
    expect(created.identifier).toBe(api.providers[0]?.identifier);
    expect(api.providers).toHaveLength(1);
  });

  test("a 409 to the first attempt is a ConflictError naming the existing identifier, with no Pulumi advice (the resource's)", async () => {
    const api = new FakeScalekit();
    const existing = api.add("Taken Name");
    const error = await rejectionOf(makeClient(api).createProvider(payload("Taken Name")));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).existingIdentifier).toBe(existing.identifier);
    expect(error.message).toContain(`already exists in ${ENV} (identifier ${existing.identifier})`);
    expect(error.message).toContain(
      "nothing was created. Update that provider instead of creating a second one, or choose another display name.",
    );
    expect(error.message).not.toMatch(/adopt|pulumi/i);
    expect(api.providers).toHaveLength(1);
  });

  test("the conflict lookup tolerates a different letter case", async () => {
    const api = new FakeScalekit();
    const existing = api.add("taken name");
    api.script("create", reply(409, { code: 6, message: "exists" }));
    const error = (await rejectionOf(makeClient(api).createProvider(payload("Taken Name")))) as ConflictError;
    expect(error.existingIdentifier).toBe(existing.identifier);
  });

  test("a 409 on update names the other provider holding the display name", async () => {
    const api = new FakeScalekit();
    const mine = api.add("Mine");
    const other = api.add("Other");
    api.script("update", reply(409, { code: 6, message: "exists" }));
    const error = (await rejectionOf(makeClient(api).updateProvider(mine.identifier, payload("Other")))) as ConflictError;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.existingIdentifier).toBe(other.identifier);
    expect(error.message).toMatch(/Another custom provider already has the display name "Other"/);
  });

  test("a ValidationError on create is final and creates nothing", async () => {
    const api = new FakeScalekit().script("create", reply(400, { code: 3, message: "bad" }));
    expect(await rejectionOf(makeClient(api).createProvider(payload("Bad")))).toBeInstanceOf(ValidationError);
    expect(api.http.count("create")).toBe(1);
    expect(api.http.count("list")).toBe(0);
  });
});

describe("delete after a lost answer", () => {
  test("a 404 to the retry of a delete whose answer was lost counts as deleted", async () => {
    const api = new FakeScalekit();
    const p = api.add("Doomed");
    api.script("delete", (_req, next) => {
      next();
      return networkError("ECONNRESET");
    });
    await expect(makeClient(api).deleteProvider(p.identifier)).resolves.toBeUndefined();
    expect(api.http.count("delete")).toBe(2);
  });

  test("a 404 to the first delete attempt is a NotFoundError", async () => {
    const api = new FakeScalekit();
    expect(await rejectionOf(makeClient(api).deleteProvider("NOPE:1"))).toBeInstanceOf(NotFoundError);
  });
});
