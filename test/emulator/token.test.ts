/** The token grant and bearer authentication of every API call. */
import { startEmulator } from "../../src/emulator";
import { call, requestToken, token, useEmulator } from "../helpers/emulator";

describe("token grant", () => {
  const emu = useEmulator({ clientId: "skc_test", clientSecret: "sks_token_test_secret" });

  test("valid client credentials get an opaque Bearer token with expires_in and scope openid", async () => {
    const answer = await requestToken(emu());
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ access_token: expect.any(String), token_type: "Bearer", expires_in: 3600, scope: "openid" });
    expect(answer.body.access_token.length).toBeGreaterThan(20);
    expect(answer.body.access_token).not.toContain("sks_token_test_secret");
  });

  test("two grants give two different tokens", async () => {
    const [a, b] = await Promise.all([token(emu()), token(emu())]);
    expect(a).not.toBe(b);
  });

  test("a wrong secret answers 401 with the documented error body and the OAuth error", async () => {
    const answer = await requestToken(emu(), "skc_test", "wrong");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({
      code: 16,
      message: expect.stringContaining("invalid client credentials"),
      details: [{ "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", error_code: "INVALID_CLIENT" }],
      error: "invalid_client",
    });
  });

  test("a wrong client id answers 401", async () => {
    expect((await requestToken(emu(), "someone-else", "sks_token_test_secret")).status).toBe(401);
  });

  test("a grant type other than client_credentials answers 400 unsupported_grant_type", async () => {
    const answer = await call(emu(), "POST", "/oauth/token", {
      rawBody: "grant_type=password&client_id=skc_test&client_secret=sks_token_test_secret",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("unsupported_grant_type");
  });

  test("a JSON token request answers 400 asking for a form-encoded body", async () => {
    const answer = await call(emu(), "POST", "/oauth/token", {
      body: { grant_type: "client_credentials", client_id: "skc_test", client_secret: "sks_token_test_secret" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain("application/x-www-form-urlencoded");
  });

  test("missing client_secret answers 400 invalid_request", async () => {
    const answer = await call(emu(), "POST", "/oauth/token", {
      rawBody: "grant_type=client_credentials&client_id=skc_test",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe("invalid_request");
  });
});

describe("bearer authentication", () => {
  const emu = useEmulator({ tokenTtlSeconds: 1 });

  test("an API call without Authorization answers 401 UNAUTHENTICATED", async () => {
    const answer = await call(emu(), "GET", "/api/v1/providers?filter.provider_type=CUSTOM&page_size=10");
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ code: 16, details: [{ error_code: "UNAUTHENTICATED" }] });
    expect(answer.headers.get("www-authenticate")).toContain("Bearer");
  });

  test("a token the emulator never issued answers 401", async () => {
    const answer = await call(emu(), "GET", "/api/v1/providers", { token: "skt_made_up" });
    expect(answer.status).toBe(401);
    expect(answer.body.details[0].error_code).toBe("INVALID_TOKEN");
  });

  test("a valid token is accepted, then answers 401 once it has expired", async () => {
    const t = await token(emu());
    expect((await call(emu(), "GET", "/api/v1/providers", { token: t })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    const answer = await call(emu(), "GET", "/api/v1/providers", { token: t });
    expect(answer.status).toBe(401);
    expect(answer.body.message).toContain("expired");
    expect(answer.text).not.toContain(t);
  });

  test("expireTokens makes every issued token answer 401, and a new grant works again", async () => {
    const t = await token(emu());
    emu().expireTokens();
    expect((await call(emu(), "GET", "/api/v1/providers", { token: t })).status).toBe(401);
    expect((await call(emu(), "GET", "/api/v1/providers", { token: await token(emu()) })).status).toBe(200);
  });

  test("issuedTokens lists every token granted, for leak checks", async () => {
    const t = await token(emu());
    expect(emu().issuedTokens()).toContain(t);
  });
});

test("the default credentials are the demo credentials and the server listens on 127.0.0.1 only", async () => {
  const emu = await startEmulator();
  try {
    expect(emu.clientId).toBe("skc_local_demo");
    expect(emu.url).toBe(`http://127.0.0.1:${emu.port}`);
    expect(emu.port).toBeGreaterThan(0);
    expect((await requestToken(emu)).status).toBe(200);
  } finally {
    await emu.stop();
  }
});
