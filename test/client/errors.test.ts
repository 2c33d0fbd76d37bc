import { inspect } from "util";
import {
  AuthenticationError,
  ConflictError,
  ConnectionError,
  InUseError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ScalekitApiError,
  ScalekitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
  isInUseRefusal,
  redact,
  redactSecrets,
} from "../../src/client";
import { createApiError } from "../../src/client/error-factory";
import { PLACEHOLDER_ENVIRONMENT_URLS } from "../../src/client/settings";
import {
  ENV,
  FakeClock,
  FakeFetch,
  FakeScalekit,
  SECRET,
  makeClient,
  networkError,
  payload,
  rejectionOf,
  reply,
  type Reply,
} from "./fakes";

type Op = "list" | "create" | "update" | "delete";

/** Runs one call against a fake answering `answer` to it, with no retries, and returns the error. */
async function errorFor(op: Op, answer: Reply | ((token: string) => Reply), extra: { timeoutMs?: number } = {}): Promise<Error> {
  const api = new FakeScalekit();
  const target = api.add("Target");
  api.script(op, () => (typeof answer === "function" ? answer(api.issuedTokens[0] ?? "") : answer));
  const client = makeClient(api, new FakeClock(), { maxRetries: 0, rateLimitWaitMs: 0, ...extra });
  switch (op) {
    case "list":
      return rejectionOf(client.listProviders());
    case "create":
      return rejectionOf(client.createProvider(payload("Brand New")));
    case "update":
      return rejectionOf(client.updateProvider(target.identifier, payload("Target")));
    case "delete":
      return rejectionOf(client.deleteProvider(target.identifier));
  }
}

/** Pulumi's advice (a stack config key, a `pulumi` command, `adopt`): the resource adds it (resource/advice.ts), never the client. */
const PULUMI_ADVICE = /pulumi|stack config|scalekit:|adopt/i;

const body = (code: number, message: string, errorCode?: string, violations?: Array<{ field: string; description: string }>) => ({
  code,
  message,
  details: [
    {
      "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo",
      error_code: errorCode ?? "X",
      ...(violations ? { validation_error_info: { field_violations: violations } } : {}),
    },
  ],
});

describe("the error factory maps answers to classes", () => {
  test("400 INVALID_ARGUMENT is a ValidationError listing the field violations", async () => {
    const error = await errorFor(
      "create",
      reply(
        400,
        body(3, "invalid provider", "INVALID_ARGUMENT", [
          { field: "proxy_url", description: "must start with https://" },
          { field: "display_name", description: "too long" },
        ]),
        { "x-request-id": "req-123" },
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    const v = error as ValidationError;
    expect(v).toMatchObject({
      status: 400,
      code: 3,
      errorCode: "INVALID_ARGUMENT",
      requestId: "req-123",
      operation: "create",
      serverMessage: "invalid provider",
    });
    expect(v.violations).toEqual([
      { field: "proxy_url", description: "must start with https://" },
      { field: "display_name", description: "too long" },
    ]);
    expect(v.message).toContain('creating custom provider "Brand New"');
    expect(v.message).toContain("HTTP 400 INVALID_ARGUMENT");
    expect(v.message).toContain("  - proxy_url: must start with https://");
    expect(v.message).toContain("Fix the provider definition");
    expect(v.message).toContain("request id req-123");
  });

  test("400 FAILED_PRECONDITION on create is a ValidationError too", async () => {
    expect(await errorFor("create", reply(400, body(9, "precondition failed")))).toBeInstanceOf(ValidationError);
  });

  test("403 is a PermissionError", async () => {
    const error = await errorFor("list", reply(403, body(7, "permission denied", "PERMISSION_DENIED")));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toMatch(/not allowed/);
  });

  test.each([
    ["list", "agent_connectors:read"],
    ["create", "agent_connectors:write"],
    ["update", "agent_connectors:write"],
    ["delete", "agent_connectors:write"],
  ] as const)("403 on %s names the permission the API client lacks (%s) and where to grant it", async (op, permission) => {
    const error = await errorFor(op, reply(403, body(7, "permission denied", "PERMISSION_DENIED")));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toContain(`it needs the permission ${permission}.`);
    expect(error.message).toContain(
      "Grant it in the API client's permissions in the Scalekit Dashboard (Developers → Settings → API Credentials)",
    );
    const other = permission === "agent_connectors:read" ? "agent_connectors:write" : "agent_connectors:read";
    expect(error.message).not.toContain(other);
  });

  test("404 on update is a NotFoundError saying the provider was deleted by someone else, with no Pulumi advice (the resource's)", async () => {
    const error = await errorFor("update", reply(404, body(5, "provider not found", "NOT_FOUND")));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(
      "Custom provider TARGET:1001 no longer exists in https://acme.scalekit.test: it was probably deleted by someone else " +
        "(for example in the Scalekit Dashboard), so it cannot be updated; create it again instead.",
    );
    expect(error.message).not.toMatch(PULUMI_ADVICE);
    expect((error as NotFoundError).identifier).toBe("TARGET:1001");
  });

  test("404 on delete says it is already deleted", async () => {
    const error = await errorFor("delete", reply(404, body(5, "not found")));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toMatch(/already deleted/);
  });

  test("404 on list points at the environment URL", async () => {
    const error = await errorFor("list", reply(404, "404 page not found"));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain(ENV);
  });

  test("409 is a ConflictError", async () => {
    const error = await errorFor("create", reply(409, body(6, "already exists", "ALREADY_EXISTS")));
    expect(error).toBeInstanceOf(ConflictError);
  });

  test("the documented refusal, 400 INVALID_ARGUMENT with error_code PROVIDER_HAS_EXISTING_CONNECTIONS, is an InUseError by its code alone", async () => {
    const error = await errorFor("delete", reply(400, body(3, "request could not be processed", "PROVIDER_HAS_EXISTING_CONNECTIONS")));
    expect(error).toBeInstanceOf(InUseError);
    expect((error as InUseError).errorCode).toBe("PROVIDER_HAS_EXISTING_CONNECTIONS");
    expect(error.message).toMatch(/Remove the connections and connected accounts that use it in the Scalekit Dashboard first/);
    // The same code on another call is not about a delete in use.
    expect(isInUseRefusal({ operation: "update", status: 400, errorCode: "PROVIDER_HAS_EXISTING_CONNECTIONS" })).toBe(false);
    // A 400 without that code or in-use wording stays a validation error.
    expect(await errorFor("delete", reply(400, body(3, "invalid identifier", "INVALID_ARGUMENT")))).toBeInstanceOf(ValidationError);
  });

  test.each([400, 403, 409])("fallback: a delete refused with %i in the older in-use wording is an InUseError", async (status) => {
    const error = await errorFor("delete", reply(status, body(9, "connector is in use by 2 connections", "CONNECTOR_IN_USE")));
    expect(error).toBeInstanceOf(InUseError);
    expect(error.message).toMatch(
      /Remove the connections and connected accounts that use it in the Scalekit Dashboard first, then delete it again\.$/,
    );
    expect(error.message).toMatch(/nothing was deleted/);
    expect(error.message).not.toMatch(PULUMI_ADVICE);
  });

  test("a delete answered 412 is an InUseError whatever its text", async () => {
    expect(await errorFor("delete", reply(412, ""))).toBeInstanceOf(InUseError);
  });

  test("a 403 on delete that speaks of permissions stays a PermissionError, which also mentions connections", async () => {
    const error = await errorFor("delete", reply(403, body(7, "permission denied", "PERMISSION_DENIED")));
    expect(error).toBeInstanceOf(PermissionError);
    expect(error.message).toMatch(/connections or connected accounts may still use this provider/);
  });

  test("a 403 on update says nothing about connections", async () => {
    const error = await errorFor("update", reply(403, body(7, "permission denied", "PERMISSION_DENIED")));
    expect(error.message).not.toMatch(/connections/);
  });

  test("isInUseRefusal is the one heuristic", () => {
    expect(isInUseRefusal({ operation: "delete", status: 403, message: "forbidden: the connector is still in use" })).toBe(true);
    expect(isInUseRefusal({ operation: "delete", status: 409, errorCode: "HAS_CONNECTED_ACCOUNTS" })).toBe(true);
    expect(isInUseRefusal({ operation: "delete", status: 409, message: "already exists" })).toBe(false);
    expect(isInUseRefusal({ operation: "delete", status: 400, code: 9 })).toBe(true);
    expect(isInUseRefusal({ operation: "update", status: 412 })).toBe(false);
    expect(isInUseRefusal({ operation: "delete", status: 500, message: "connection in use" })).toBe(false);
  });

  test("429 past rateLimitWaitMs is a RateLimitError with retryAfterMs and advice on the shared limit and the wait", async () => {
    const error = await errorFor("list", reply(429, body(8, "rate limit exceeded", "RATE_LIMITED"), { "retry-after": "2" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(2000);
    expect((error as RateLimitError).errorCode).toBe("RATE_LIMITED");
    expect(error.message).toMatch(/per environment and shared/);
    expect(error.message).toMatch(/let the client wait longer \(client option rateLimitWaitMs\)\.$/);
    expect(error.message).not.toMatch(PULUMI_ADVICE);
  });

  test.each([500, 502, 503, 504])("%i is a ServerError", async (status) => {
    const error = await errorFor("update", reply(status, body(14, "unavailable")));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(status);
  });

  test("a 5xx on create says running again is safe", async () => {
    expect((await errorFor("create", reply(500, ""))).message).toMatch(/running again is safe/);
  });

  test("an unlisted status is a plain ScalekitApiError", async () => {
    const error = await errorFor("list", reply(418, "teapot"));
    expect(error.constructor).toBe(ScalekitApiError);
  });

  test("a network failure is a ConnectionError with the system code", async () => {
    const error = await errorFor("list", networkError("ECONNRESET"));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).errno).toBe("ECONNRESET");
    expect(error.message).toMatch(/connection was reset/);
  });

  describe("a failed name lookup (no real lookup: the fetch throws what node-fetch throws)", () => {
    const lookupFails = (errno: string, environmentUrl: string) =>
      rejectionOf(makeClient(new FakeFetch(() => networkError(errno)), new FakeClock(), { environmentUrl, maxRetries: 0 }).listProviders());

    test.each(["ENOTFOUND", "EAI_AGAIN"])("%s says the host could not be found, and to check the URL and the network", async (errno) => {
      const error = await lookupFails(errno, "https://acme-dev.scalekit.dev");
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.message).toMatch(new RegExp(`: the host acme-dev\\.scalekit\\.dev could not be found \\(${errno}: `));
      expect(error.message).toMatch(/Check environmentUrl and the network, then run again\.$/);
      expect(error.message).not.toMatch(/placeholder/);
    });

    test.each(PLACEHOLDER_ENVIRONMENT_URLS)(
      "for the shipped placeholder %s, it says so and how to set the real URL",
      async (placeholder) => {
        const error = await lookupFails("ENOTFOUND", `${placeholder}/`);
        expect(error.message).toContain(`the host ${new URL(placeholder).host} could not be found (ENOTFOUND: its name does not resolve)`);
        expect(error.message).toContain(
          `${placeholder} is the placeholder of the example stack files, not a Scalekit environment: set environmentUrl to ` +
            "your environment's URL (Scalekit Dashboard > Developers > API credentials), then run again.",
        );
        expect(error.message).not.toMatch(PULUMI_ADVICE);
      },
    );
  });

  test("no answer within timeoutMs is a TimeoutError", async () => {
    const error = await errorFor("list", "hang", { timeoutMs: 20 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(error.message).toMatch(/within 20 ms/);
  });

  test("a 2xx create answer without a provider is an UnexpectedResponseError", async () => {
    expect(await errorFor("create", reply(201, { ok: true }))).toBeInstanceOf(UnexpectedResponseError);
  });

  test("every class descends from ScalekitError", async () => {
    for (const cls of [
      ValidationError,
      AuthenticationError,
      PermissionError,
      NotFoundError,
      ConflictError,
      InUseError,
      RateLimitError,
      ServerError,
    ]) {
      expect(cls.prototype).toBeInstanceOf(ScalekitApiError);
    }
    for (const cls of [ConnectionError, TimeoutError, UnexpectedResponseError, ScalekitApiError])
      expect(cls.prototype).toBeInstanceOf(ScalekitError);
  });

  test("a TimeoutError is a ConnectionError without errno, so one instanceof covers every unanswered call", async () => {
    const error = await errorFor("list", "hang", { timeoutMs: 20 });
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).errno).toBeUndefined();
  });

  test("every error of a call carries operation and identifier from the root, and its class's name", async () => {
    const cases: Array<[Op, Reply, typeof ScalekitError]> = [
      ["update", reply(404, { code: 5, message: "gone" }), NotFoundError],
      ["delete", reply(412, { code: 9, message: "in use" }), InUseError],
      ["update", reply(200, "not json"), UnexpectedResponseError],
      ["delete", networkError("ECONNRESET"), ConnectionError],
      ["update", "hang", TimeoutError],
    ];
    for (const [op, answer, cls] of cases) {
      const error = await errorFor(op, answer, { timeoutMs: 20 });
      expect(error.constructor).toBe(cls);
      expect(error).toMatchObject({ name: cls.name, operation: op, identifier: expect.stringMatching(/^TARGET:/) });
    }
  });
});

describe("tolerant of odd bodies", () => {
  const ctx = { operation: "update" as const, environmentUrl: ENV, identifier: "A:1", displayName: "A", secrets: [SECRET] };

  test("an empty body still gives the class from the status", () => {
    const error = createApiError(ctx, { status: 404, body: "" });
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBeUndefined();
    expect(error.message).toContain("no error message");
  });

  test("a non-JSON body is described, cut short", () => {
    const error = createApiError(ctx, { status: 502, body: `upstream failed ${"x".repeat(500)}` });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toContain('a non-JSON body: "upstream failed');
    expect(error.message.length).toBeLessThan(800);
  });

  test("an HTML page is named as such", () => {
    expect(createApiError(ctx, { status: 503, body: "<html><body>busy</body></html>" }).message).toContain("an HTML page");
  });

  test("malformed details are dropped, not fatal", () => {
    const error = createApiError(ctx, { status: 400, body: JSON.stringify({ code: "INVALID_ARGUMENT", message: "bad", details: "oops" }) });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.code).toBe(3);
    expect(error.violations).toEqual([]);
  });

  test("JSON that is not an object is treated as no body", () => {
    expect(createApiError(ctx, { status: 409, body: "[1,2]" })).toBeInstanceOf(ConflictError);
    expect(createApiError(ctx, { status: 409, body: '"text"' }).message).toContain("non-JSON");
  });
});

describe("secrets never appear in error messages", () => {
  const leaky = (token: string) => `bad request: client_secret=${SECRET} token ${token} Authorization: Bearer ${token}`;
  const cases: Array<[string, Op, (token: string) => Reply]> = [
    ["ValidationError", "create", (t) => reply(400, body(3, leaky(t), "INVALID_ARGUMENT", [{ field: SECRET, description: leaky(t) }]))],
    ["AuthenticationError", "list", (t) => reply(401, body(16, leaky(t)))],
    ["PermissionError", "list", (t) => reply(403, body(7, leaky(t)))],
    ["NotFoundError", "update", (t) => reply(404, body(5, leaky(t)))],
    ["ConflictError", "create", (t) => reply(409, body(6, leaky(t)))],
    ["InUseError", "delete", (t) => reply(412, body(9, leaky(t)))],
    ["RateLimitError", "list", (t) => reply(429, body(8, leaky(t)))],
    ["ServerError", "update", (t) => reply(500, leaky(t))],
    ["ScalekitApiError", "list", (t) => reply(418, leaky(t))],
    ["ConnectionError", "create", (t) => Object.assign(new Error(leaky(t)), { code: "EPROTO" })],
    ["UnexpectedResponseError", "update", (t) => reply(200, { provider: { display_name: leaky(t) } })],
  ];

  test.each(cases)("%s", async (name, op, answer) => {
    const api = new FakeScalekit();
    const target = api.add("Target");
    let leakedToken = "";
    api.script(op, (req) => {
      leakedToken = /Bearer (.+)/.exec(req.headers.authorization ?? "")?.[1] ?? "";
      return answer(leakedToken);
    });
    if (name === "AuthenticationError") api.script(op, (req) => answer(/Bearer (.+)/.exec(req.headers.authorization ?? "")?.[1] ?? ""));
    const client = makeClient(api, new FakeClock(), { maxRetries: 0, rateLimitWaitMs: 0 });
    const call =
      op === "list"
        ? client.listProviders()
        : op === "create"
          ? client.createProvider(payload("Brand New"))
          : op === "update"
            ? client.updateProvider(target.identifier, payload("Target"))
            : client.deleteProvider(target.identifier);
    const error = await rejectionOf(call);
    expect(error.name).toBe(name);
    expect(leakedToken).not.toBe("");
    const everything = JSON.stringify({ message: error.message, stack: error.stack, fields: { ...error }, inspected: inspect(error) });
    expect(everything).not.toContain(SECRET);
    for (const token of api.issuedTokens) expect(everything).not.toContain(token);
    // Where Scalekit's own text is part of the message, it is there, scrubbed.
    if (name !== "UnexpectedResponseError") expect(error.message).toContain("[REDACTED]");
  });

  test("TimeoutError and the token-request AuthenticationError", async () => {
    const api = new FakeScalekit().script("token", reply(401, { error: "invalid_client", error_description: `secret ${SECRET} is wrong` }));
    const auth = await rejectionOf(makeClient(api).getToken());
    expect(auth).toBeInstanceOf(AuthenticationError);
    expect(auth.message).not.toContain(SECRET);
    const timeout = await errorFor("create", "hang", { timeoutMs: 10 });
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout.message).not.toContain(SECRET);
  });

  test("redact scrubs given secrets, bearer tokens and client_secret form values", () => {
    expect(redact(`a ${SECRET} b`, [SECRET])).toBe("a [REDACTED] b");
    expect(redact("Authorization: Bearer abc.def-ghi", [])).toBe("Authorization: Bearer [REDACTED]");
    expect(redact("Authorization: Bearer abcdefghijklmnopqrstuvwxyz", [])).toBe("Authorization: Bearer [REDACTED]");
    expect(redact("bearer eyJhbGciOiJIUzI1NiJ9.e30.sig", [])).toBe("bearer [REDACTED]");
    // A display name is not a token.
    expect(redact('creating custom provider "My Bearer Token Provider"', [])).toBe('creating custom provider "My Bearer Token Provider"');
    expect(redact("grant_type=client_credentials&client_secret=hunter2&x=1", [])).toBe(
      "grant_type=client_credentials&client_secret=[REDACTED]&x=1",
    );
    expect(redact('{"access_token":"tok123"}', [])).toBe('{"access_token":"[REDACTED]"}');
    expect(redact("no secrets here", ["ab"])).toBe("no secrets here");
  });

  test("redactSecrets (the CLI's output guard) replaces only the given secrets, and none too short to be one", () => {
    expect(redactSecrets(`a ${SECRET} b ${SECRET}`, new Set([SECRET]))).toBe("a [REDACTED] b [REDACTED]");
    expect(redactSecrets(`"My Bearer Token Provider" client_secret=${SECRET}`, [SECRET])).toBe(
      '"My Bearer Token Provider" client_secret=[REDACTED]',
    );
    expect(redactSecrets("no secrets here", ["ab"])).toBe("no secrets here");
  });

  test("the logger never receives the secret or a token", async () => {
    const lines: string[] = [];
    const api = new FakeScalekit().script("list", reply(401, {})).script("list", reply(503, ""));
    await makeClient(api, new FakeClock(), { logger: (line) => lines.push(line) }).listProviders();
    expect(lines.length).toBeGreaterThan(3);
    const all = lines.join("\n");
    expect(all).not.toContain(SECRET);
    for (const token of api.issuedTokens) expect(all).not.toContain(token);
    expect(all).toMatch(/retry 1 of 4/);
  });
});
