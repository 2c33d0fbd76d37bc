/** Fault injection, rate limiting, latency and request counters. */
import { asanaPayload, call, createProvider, providerPath, token, useEmulator } from "../helpers/emulator";

const LIST = "/api/v1/providers?filter.provider_type=CUSTOM&page_size=100";

describe("faults", () => {
  const emu = useEmulator();
  let t: string;
  beforeEach(async () => {
    t = await token(emu());
  });

  test("a status fault answers its status with Retry-After and the documented body, for `count` matching requests only", async () => {
    emu().addFault({ kind: "list", count: 2, action: { type: "status", status: 503, retryAfter: "2" } });
    for (let i = 0; i < 2; i++) {
      const answer = await call(emu(), "GET", LIST, { token: t });
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toBe("2");
      expect(answer.body).toMatchObject({ code: 14, details: [{ "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo" }] });
    }
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
    expect(
      emu()
        .journal()
        .filter((e) => e.kind === "list")
        .map((e) => [e.status, e.fault]),
    ).toEqual([
      [503, "status:503"],
      [503, "status:503"],
      [200, undefined],
    ]);
  });

  test("a fault only hits requests matching every criterion", async () => {
    emu().addFault({ kind: "create", method: "POST", pathPrefix: "/api/v1/custom-providers", action: { type: "status", status: 500 } });
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
    const answer = await call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t });
    expect(answer.status).toBe(500);
    expect(answer.body.code).toBe(13);
    expect(emu().providers()).toEqual([]); // a status fault answers before the write
  });

  test("a status fault can send a non-JSON or an empty body", async () => {
    emu().addFault({ kind: "list", action: { type: "status", status: 502, body: "<html>bad gateway</html>" } });
    emu().addFault({ kind: "list", action: { type: "status", status: 504, body: null } });
    const html = await call(emu(), "GET", LIST, { token: t });
    expect([html.status, html.text, html.headers.get("content-type")]).toEqual([
      502,
      "<html>bad gateway</html>",
      "text/plain; charset=utf-8",
    ]);
    const empty = await call(emu(), "GET", LIST, { token: t });
    expect([empty.status, empty.text]).toEqual([504, ""]);
  });

  test("a 429 fault without retryAfter sends no Retry-After header", async () => {
    emu().addFault({ kind: "token", action: { type: "status", status: 429 } });
    const answer = await call(emu(), "POST", "/oauth/token", {
      rawBody: "",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers.get("retry-after")).toBeNull();
    expect(answer.body.code).toBe(8);
  });

  test("a latency fault delays the answer, which is otherwise normal", async () => {
    emu().addFault({ kind: "list", action: { type: "latency", ms: 300 } });
    const started = Date.now();
    const answer = await call(emu(), "GET", LIST, { token: t });
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(emu().journal().at(-1)).toMatchObject({ fault: "latency:300", status: 200 });
  });

  test("a reset fault drops the connection without an answer and changes nothing", async () => {
    emu().addFault({ kind: "create", action: { type: "reset" } });
    await expect(call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t })).rejects.toThrow();
    expect(emu().providers()).toEqual([]);
    expect(emu().journal().at(-1)).toMatchObject({ kind: "create", status: 0, fault: "reset" });
    // the server is still up
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
  });

  test("drop-after-commit stores the provider, then drops the connection: the lost create", async () => {
    emu().addFault({ kind: "create", action: { type: "drop-after-commit" } });
    await expect(call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t })).rejects.toThrow();
    expect(emu().providers()).toHaveLength(1);
    expect(emu().journal().at(-1)).toMatchObject({ kind: "create", status: 201, fault: "drop-after-commit" });
    // a blind retry now meets the 409; the listing finds the stored one
    expect((await call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t })).status).toBe(409);
    const listed = await call(emu(), "GET", LIST, { token: t });
    expect(listed.body.providers.map((p: any) => p.display_name)).toEqual(["My Asana"]);
  });

  test("drop-after-commit on a delete really deletes", async () => {
    const p = await createProvider(emu(), t, asanaPayload());
    emu().addFault({ kind: "delete", action: { type: "drop-after-commit" } });
    await expect(call(emu(), "DELETE", providerPath(p.identifier), { token: t })).rejects.toThrow();
    expect(emu().providers()).toEqual([]);
  });

  test("a malformed fault is refused with a message naming the problem", () => {
    expect(() => emu().addFault({ action: { type: "explode" } } as never)).toThrow(/action.type/);
    expect(() => emu().addFault({ count: 0, action: { type: "reset" } })).toThrow(/count/);
    expect(() => emu().addFault({ action: { type: "status", status: 42 } })).toThrow(/status/);
  });

  test("clearFaults removes pending faults", async () => {
    emu().addFault({ kind: "list", count: 5, action: { type: "status", status: 500 } });
    emu().clearFaults();
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
  });
});

describe("rate limit", () => {
  const emu = useEmulator({ rateLimit: { requests: 3, windowSeconds: 1, retryAfterSeconds: 2 } });

  test("past the limit, requests answer 429 RATE_LIMITED (code 8) with the Retry-After asked for; after the window they pass again", async () => {
    const t = await token(emu()); // 1 of 3
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 4; i++) {
      const answer = await call(emu(), "GET", LIST, { token: t });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(statuses).toEqual([200, 200, 429, 429]);
    expect(limited!.headers.get("retry-after")).toBe("2");
    expect(limited!.body).toMatchObject({ code: 8, details: [{ error_code: "RATE_LIMITED" }] });
    await new Promise((r) => setTimeout(r, 1050));
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
  });

  test("setRateLimit replaces the limit, undefined removes it; by default a 429 carries no rate-limit header, as Scalekit documents", async () => {
    const t = await token(emu());
    emu().setRateLimit({ requests: 1, windowSeconds: 60 }); // a new limit starts with an empty window
    expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
    const limited = await call(emu(), "GET", LIST, { token: t });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ code: 8, details: [{ error_code: "RATE_LIMITED" }] });
    expect([...limited.headers.keys()].filter((h) => /retry-after|ratelimit/i.test(h))).toEqual([]);
    emu().setRateLimit(undefined);
    for (let i = 0; i < 10; i++) expect((await call(emu(), "GET", LIST, { token: t })).status).toBe(200);
  });

  test("the control plane is never rate limited", async () => {
    emu().setRateLimit({ requestsPerSecond: 1 });
    for (let i = 0; i < 5; i++) expect((await fetch(`${emu().url}/_emulator/stats`)).status).toBe(200);
  });
});

describe("latency and stats", () => {
  const emu = useEmulator();

  test("setLatency delays every API request, not the control plane", async () => {
    const t = await token(emu());
    emu().setLatency(150);
    let started = Date.now();
    await call(emu(), "GET", LIST, { token: t });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await fetch(`${emu().url}/_emulator/stats`);
    expect(Date.now() - started).toBeLessThan(140);
  });

  test("stats count requests by kind and the highest number in flight", async () => {
    const t = await token(emu());
    emu().setLatency(100);
    await Promise.all(Array.from({ length: 6 }, () => call(emu(), "GET", LIST, { token: t })));
    await fetch(`${emu().url}/_emulator/state`);
    const stats = emu().stats();
    expect(stats.requestsByKind).toMatchObject({ token: 1, list: 6, control: 1 });
    expect(stats.maxConcurrentRequests).toBe(6);
  });

  test("reset clears counters and restores the configured latency", async () => {
    emu().setLatency(500);
    await token(emu());
    emu().reset();
    expect(emu().stats().requestsByKind).toEqual({});
    const started = Date.now();
    await token(emu());
    expect(Date.now() - started).toBeLessThan(400);
  });
});
