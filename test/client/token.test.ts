import { AuthenticationError, ConnectionError, UnexpectedResponseError } from "../../src/client";
import { renewalMarginMs } from "../../src/client/token";
import { CLIENT_ID, ENV, FakeClock, FakeScalekit, SECRET, makeClient, networkError, payload, rejectionOf, reply } from "./fakes";

describe("token request", () => {
  test("posts a form-encoded client credentials grant to {env}/oauth/token", async () => {
    const api = new FakeScalekit();
    const token = await makeClient(api).getToken();
    const [req] = api.http.requests;
    expect(req?.url).toBe(`${ENV}/oauth/token`);
    expect(req?.method).toBe("POST");
    expect(req?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(req?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(req?.body))).toEqual({
      grant_type: "client_credentials",
      client_id: CLIENT_ID,
      client_secret: SECRET,
    });
    expect(token).toBe(api.issuedTokens[0]);
  });

  test("every API call carries the token as a bearer", async () => {
    const api = new FakeScalekit();
    await makeClient(api).listProviders();
    expect(api.http.requests[1]?.headers.authorization).toBe(`Bearer ${api.issuedTokens[0]}`);
  });

  test("a 401 on the token request is an AuthenticationError about the credentials of that environment", async () => {
    const api = new FakeScalekit().script(
      "token",
      reply(401, { code: 16, message: "invalid client credentials", error: "invalid_client" }),
    );
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain(ENV);
    expect(error.message).toMatch(/client id or client secret is wrong/);
    expect(error.message).toMatch(/Scalekit Dashboard.*API credentials.*each environment \(Dev, Production\) has its own credentials/);
    // Where a stack or a command takes them is said by the resource and the CLI, not by the client.
    expect(error.message).not.toMatch(/pulumi|scalekit:|SCALEKIT_/i);
    expect(error.message).not.toContain(SECRET);
    expect(api.http.count("token")).toBe(1);
    expect(api.http.count("list")).toBe(0);
  });

  test("a 400 invalid_client on the token request is the same credentials error", async () => {
    const api = new FakeScalekit().script("token", reply(400, { error: "invalid_client", error_description: "bad secret" }));
    expect(await rejectionOf(makeClient(api).getToken())).toBeInstanceOf(AuthenticationError);
  });

  test("transient token failures are retried; the API call is not retried on top", async () => {
    const api = new FakeScalekit().script("token", networkError("ECONNRESET")).script("token", reply(503, ""));
    const clock = new FakeClock();
    await makeClient(api, clock).listProviders();
    expect(api.http.count("token")).toBe(3);
    expect(clock.sleeps).toHaveLength(2);
  });

  test("a token error after all retries reaches the caller unchanged and is not cached", async () => {
    const api = new FakeScalekit();
    for (let i = 0; i < 3; i++) api.script("token", networkError("ECONNRESET"));
    const client = makeClient(api, new FakeClock(), { maxRetries: 2 });
    expect(await rejectionOf(client.listProviders())).toBeInstanceOf(ConnectionError);
    await client.listProviders();
    expect(api.http.count("token")).toBe(4);
  });

  test("a token answer without access_token is an UnexpectedResponseError that does not echo the body", async () => {
    const api = new FakeScalekit().script("token", reply(200, { token: "tok_leaky_value_123456" }));
    const error = await rejectionOf(makeClient(api).getToken());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("access_token");
    expect(error.message).not.toContain("tok_leaky_value_123456");
  });
});

describe("token cache", () => {
  test("reuses the token until shortly before it expires, then renews it", async () => {
    const api = new FakeScalekit();
    api.tokenTtlSeconds = 3600;
    const clock = new FakeClock();
    const client = makeClient(api, clock, { listingReuseMs: 0 });
    await client.listProviders();
    clock.t += 3600_000 - 60_000 - 1;
    await client.listProviders();
    expect(api.http.count("token")).toBe(1);
    clock.t += 1;
    await client.listProviders();
    expect(api.http.count("token")).toBe(2);
    expect(api.http.requests.at(-1)?.headers.authorization).toBe(`Bearer ${api.issuedTokens[1]}`);
  });

  test("the renewal margin is 60 s, or 10% of a short lifetime", () => {
    expect(renewalMarginMs(86_399_000)).toBe(60_000);
    expect(renewalMarginMs(10_000)).toBe(1000);
  });

  test("concurrent callers share one token request", async () => {
    const api = new FakeScalekit();
    const client = makeClient(api);
    const tokens = await Promise.all(Array.from({ length: 25 }, () => client.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(api.http.count("token")).toBe(1);
    expect(client.stats().tokenRequests).toBe(1);
  });

  test("a 401 on an API call renews the token and repeats the call exactly once", async () => {
    const api = new FakeScalekit().script("list", reply(401, { code: 16, message: "token expired" }));
    const clock = new FakeClock();
    const client = makeClient(api, clock);
    await expect(client.listProviders()).resolves.toEqual([]);
    expect(api.http.count("token")).toBe(2);
    expect(api.http.count("list")).toBe(2);
    expect(api.http.requests.at(-1)?.headers.authorization).toBe(`Bearer ${api.issuedTokens[1]}`);
    expect(clock.sleeps).toEqual([]);
  });

  test("a second 401 after the renewal is an AuthenticationError, with no further attempt", async () => {
    const api = new FakeScalekit()
      .script("list", reply(401, { code: 16, message: "nope" }))
      .script("list", reply(401, { code: 16, message: "nope" }));
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toMatch(/same Scalekit environment/);
    expect(api.http.count("list")).toBe(2);
    expect(api.http.count("token")).toBe(2);
  });

  test("many calls refused with the same stale token share one renewal", async () => {
    const api = new FakeScalekit();
    const clock = new FakeClock();
    const client = makeClient(api, clock, { listingReuseMs: 0 });
    await client.getToken();
    api.issuedTokens.length = 0; // every token issued so far is now refused
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.updateProvider(api.add(`P ${i}`).identifier, payload(`P ${i}`))));
    expect(api.http.count("token")).toBe(2);
    expect(api.http.count("update")).toBe(20);
  });
});
