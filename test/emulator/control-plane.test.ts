/** The control plane under /_emulator/ over HTTP: the same control surface as the in-process handle. */
import { asanaPayload, bearerPayload, call, createProvider, providerPath, token, useEmulator } from "../helpers/emulator";

describe("control plane over HTTP", () => {
  const emu = useEmulator();
  const control = (method: string, path: string, body?: unknown) =>
    call(emu(), method, `/_emulator/${path}`, body === undefined ? {} : { body });

  test("GET state shows providers with their connections; POST reset empties it", async () => {
    const t = await token(emu());
    const p = await createProvider(emu(), t, asanaPayload());
    const state = await control("GET", "state");
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      providers: [{ identifier: p.identifier, id: p.id, payload: asanaPayload(), connections: 0 }],
      faults: [],
      rateLimit: null,
      latencyMs: 0,
    });
    expect((await control("POST", "reset")).status).toBe(200);
    expect((await control("GET", "state")).body.providers).toEqual([]);
  });

  test("the journal records API requests (not control-plane ones) and DELETE clears it", async () => {
    const t = await token(emu());
    await createProvider(emu(), t, asanaPayload());
    const journal = await control("GET", "journal");
    expect(journal.body.entries.map((e: any) => [e.seq, e.method, e.path, e.kind, e.status])).toEqual([
      [1, "POST", "/oauth/token", "token", 200],
      [2, "POST", "/api/v1/custom-providers", "create", 201],
    ]);
    expect(journal.body.entries[1].body).toEqual(asanaPayload());
    expect(journal.body.entries[1]).toMatchObject({ query: {}, receivedAt: expect.any(Number), durationMs: expect.any(Number) });
    await control("DELETE", "journal");
    expect((await control("GET", "journal")).body.entries).toEqual([]);
  });

  test("POST faults adds a counted fault; GET lists it; DELETE clears", async () => {
    const added = await control("POST", "faults", { kind: "token", count: 2, action: { type: "status", status: 503, retryAfter: "1" } });
    expect(added.status).toBe(201);
    expect(added.body.faults).toEqual([{ kind: "token", count: 2, action: { type: "status", status: 503, retryAfter: "1" } }]);
    await expect(token(emu())).rejects.toThrow(/503/);
    expect((await control("GET", "faults")).body.faults[0].count).toBe(1);
    await control("DELETE", "faults");
    expect((await control("GET", "faults")).body.faults).toEqual([]);
    expect((await control("POST", "faults", { action: { type: "nope" } })).status).toBe(400);
  });

  test("POST connections sets the count; a delete is refused until it is 0", async () => {
    const t = await token(emu());
    const p = await createProvider(emu(), t, asanaPayload());
    const set = await control("POST", "connections", { identifier: p.identifier, count: 3 });
    expect(set.body.provider.connections).toBe(3);
    expect((await call(emu(), "DELETE", providerPath(p.identifier), { token: t })).status).toBe(400);
    expect((await control("POST", "connections", { identifier: p.identifier, count: -1 })).status).toBe(400);
    await control("POST", "connections", { identifier: p.identifier, count: 0 });
    expect((await call(emu(), "DELETE", providerPath(p.identifier), { token: t })).status).toBe(200);
    expect((await control("POST", "connections", { identifier: "NOPE:1" })).status).toBe(404);
  });

  test("PATCH providers/{identifier} is Dashboard drift: stored as-is, seen by the next list", async () => {
    const t = await token(emu());
    const p = await createProvider(emu(), t, asanaPayload());
    const patched = await call(emu(), "PATCH", `/_emulator/providers/${encodeURIComponent(p.identifier)}`, {
      body: { description: "edited in the Dashboard", metadata: { owner: "ops" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.provider.payload).toEqual({
      ...asanaPayload(),
      description: "edited in the Dashboard",
      metadata: { owner: "ops" },
    });
    const listed = await call(emu(), "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: t });
    expect(listed.body.providers[0]).toMatchObject({ description: "edited in the Dashboard", metadata: { owner: "ops" } });
  });

  test("a Dashboard edit is validated with the server's rules and null removes a key", async () => {
    const p = emu().insertProvider({ ...asanaPayload(), metadata: { owner: "ops" } });
    expect(() => emu().editProvider(p.identifier, { proxy_url: "http://insecure.example.com" })).toThrow();
    const edited = emu().editProvider(p.identifier, { metadata: null });
    expect(edited.payload).not.toHaveProperty("metadata");
  });

  test("POST providers inserts as the Dashboard would (201, 409 on a taken name); DELETE removes even with connections", async () => {
    const inserted = await control("POST", "providers", bearerPayload("Made By Hand"));
    expect(inserted.status).toBe(201);
    const id = inserted.body.provider.identifier as string;
    expect(id).toMatch(/^MADEBYHAND:\d+$/);
    expect((await control("POST", "providers", bearerPayload("Made By Hand"))).status).toBe(409);
    emu().attachConnections(id, 4);
    expect((await call(emu(), "DELETE", `/_emulator/providers/${encodeURIComponent(id)}`)).status).toBe(200);
    expect(emu().providers()).toEqual([]);
    expect((await call(emu(), "DELETE", `/_emulator/providers/${encodeURIComponent(id)}`)).status).toBe(404);
  });

  test("POST tokens/expire makes issued tokens answer 401", async () => {
    const t = await token(emu());
    await control("POST", "tokens/expire");
    expect((await call(emu(), "GET", "/api/v1/providers", { token: t })).status).toBe(401);
  });

  test("PUT rate-limit sets and {} clears the limit; PUT latency sets the delay", async () => {
    expect((await control("PUT", "rate-limit", { requestsPerSecond: 5, retryAfterSeconds: 1 })).body).toEqual({
      rateLimit: { requestsPerSecond: 5, retryAfterSeconds: 1 },
    });
    expect((await control("PUT", "rate-limit", {})).body).toEqual({ rateLimit: null });
    expect((await control("PUT", "rate-limit", { requestsPerSecond: 0 })).status).toBe(400);
    expect((await control("PUT", "latency", { ms: 25 })).body).toEqual({ latencyMs: 25 });
    expect((await control("PUT", "latency", { ms: -1 })).status).toBe(400);
    expect((await control("GET", "state")).body.latencyMs).toBe(25);
  });

  test("GET stats reports requests by kind and concurrency", async () => {
    await token(emu());
    const stats = await control("GET", "stats");
    expect(stats.body).toEqual({ maxConcurrentRequests: 1, requestsByKind: { token: 1, control: 1 } });
  });

  test("unknown control routes answer 404, wrong methods 405, bad JSON 400", async () => {
    expect((await control("GET", "nothing-here")).status).toBe(404);
    expect((await control("GET", "reset")).status).toBe(405);
    const bad = await call(emu(), "POST", "/_emulator/faults", { rawBody: "{nope", headers: { "Content-Type": "application/json" } });
    expect(bad.status).toBe(400);
  });

  test("the HTTP routes and the in-process handle are one surface: what one does, the other sees", async () => {
    const t = await token(emu());
    const p = await createProvider(emu(), t, bearerPayload());
    expect((await control("GET", "state")).body).toEqual(JSON.parse(JSON.stringify(emu().state())));
    await control("POST", "faults", { kind: "list", action: { type: "latency", ms: 5 } });
    expect(emu().faults()).toEqual([{ kind: "list", count: 1, action: { type: "latency", ms: 5 } }]);
    emu().attachConnections(p.identifier, 3);
    emu().setLatency(7);
    expect((await control("GET", "state")).body).toMatchObject({ providers: [{ identifier: p.identifier, connections: 3 }], latencyMs: 7 });
    expect((await control("GET", "stats")).body).toEqual(JSON.parse(JSON.stringify(emu().stats())));
    await control("DELETE", "faults");
    expect(emu().state().faults).toEqual([]);
  });
});
