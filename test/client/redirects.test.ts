/**
 * The attack: a server that redirects. The token call answered 307/308 must not re-post the form
 * (client secret included) to the target; an API call answered 301 must not send the bearer token there,
 * nor take the redirect's body as the environment's data. Two loopback servers: the environment, and the
 * target, which records whatever reaches it (nothing may).
 */
import { RedirectError, ScalekitApiError, ScalekitClient, type FetchLike } from "../../src/client";
import { rejectionOf } from "./fakes";
import { startServer, type LoopbackServer } from "../helpers/loopback";

const SECRET = "sks_redirect_test_secret_5d1e0b";
/** Path and query of the redirect target: never named in a message. */
const TARGET_PATH = "/collect/oauth/token?campaign=phish-42";

const TOKEN = { access_token: "tok_redirect_test_0123456789abcdef", token_type: "Bearer", expires_in: 3600 };

describe.each([
  ["node-fetch (the default)", undefined],
  ["Node's global fetch", globalThis.fetch as unknown as FetchLike],
])("redirects are never followed, with %s", (_name, fetchImpl) => {
  let target: LoopbackServer;
  let environment: LoopbackServer;
  /** What the environment answers, by path. */
  let answers: Record<string, { status: number; headers?: Record<string, string>; body?: unknown }>;

  beforeEach(async () => {
    target = await startServer((_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(TOKEN)));
    environment = await startServer((req, res) => {
      const a = answers[req.url.split("?")[0]] ?? { status: 404 };
      res.writeHead(a.status, { "Content-Type": "application/json", ...a.headers }).end(a.body === undefined ? "" : JSON.stringify(a.body));
    });
  });
  afterEach(async () => {
    await Promise.all([target.close(), environment.close()]);
  });

  const client = () =>
    new ScalekitClient({
      environmentUrl: environment.url,
      clientId: "skc_redirect",
      clientSecret: SECRET,
      maxRetries: 2,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });

  test.each([307, 308, 302])("the token call answered %i: the form with the client secret is not re-posted", async (status) => {
    answers = { "/oauth/token": { status, headers: { Location: `${target.url}${TARGET_PATH}` } } };
    const error = await rejectionOf(client().getToken());
    expect(error).toBeInstanceOf(RedirectError);
    expect(error).toBeInstanceOf(ScalekitApiError);
    expect(error).toMatchObject({ status, operation: "token", targetOrigin: target.url });
    expect(error.message).toContain(`redirect (HTTP ${status}) to ${target.url}`);
    expect(error.message).not.toMatch(/collect|campaign|phish/);
    expect(error.message).not.toContain(SECRET);
    expect(target.requests).toEqual([]);
    expect(environment.requests).toHaveLength(1); // not retried either
  });

  test("a list call answered 301: the bearer token is not sent on, and the redirect's body is not data", async () => {
    answers = {
      "/oauth/token": { status: 200, body: TOKEN },
      "/api/v1/providers": {
        status: 301,
        headers: { Location: `${target.url}/api/v1/providers?page_token=leak` },
        body: { providers: [{ identifier: "EVIL:1", display_name: "Planted" }], next_page_token: "" },
      },
    };
    const error = await rejectionOf(client().listProviders());
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).targetOrigin).toBe(target.url);
    expect(error.message).toMatch(/not followed, so the access token went nowhere else/);
    expect(error.message).not.toContain("page_token=leak");
    expect(error.message).not.toContain(TOKEN.access_token);
    expect(target.requests).toEqual([]);
  });

  test("a create answered 308 is not re-sent elsewhere, and a relative Location names the environment's own origin", async () => {
    answers = {
      "/oauth/token": { status: 200, body: TOKEN },
      "/api/v1/custom-providers": { status: 308, headers: { Location: "/v2/custom-providers?x=1" } },
    };
    const payload = {
      display_name: "Redirected",
      auth_patterns: [{ type: "NO_AUTH", is_mcp: true }],
      proxy_url: "https://mcp.example.com",
      proxy_enabled: true,
    };
    const error = await rejectionOf(client().createProvider(payload as never));
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).targetOrigin).toBe(environment.url);
    expect(environment.requests.filter((r) => r.method === "POST" && r.url.startsWith("/api/"))).toHaveLength(1);
    expect(environment.requests.some((r) => r.url.startsWith("/v2/"))).toBe(false);
  });
});
