/**
 * Test doubles for the client's unit tests: a fake clock whose sleep advances time instantly, and a fake
 * `fetch` that records every request and answers from a handler. `FakeScalekit` is a minimal stateful
 * handler (token, list with pages, create with 409, update, delete) with a per-operation queue of scripted
 * answers, so that a test can inject one fault and let the rest behave normally. The real contract is
 * exercised against the emulator in client.emulator.test.ts.
 *
 * One of the two doubles of Scalekit's API besides the emulator, kept because it runs in the test's own
 * process under a fake clock: a retry schedule of minutes, a token's expiry or a rate limit's window is checked
 * in milliseconds, with every request the client made in hand. The other is test/helpers/loopback.ts (what
 * happens on a real socket).
 */
import { ScalekitClient, type ClientOptions, type FetchLike, type ProviderPayload } from "../../src/client";

export const SECRET = "sk-secret-Zq8w3K1p0s9VbY7c";
export const CLIENT_ID = "skc_unit_test";
export const ENV = "https://acme.scalekit.test";

/** A clock that starts at a fixed instant; `sleep` advances it at once and records the wait. */
export class FakeClock {
  t = Date.UTC(2026, 0, 1, 12, 0, 0);
  readonly sleeps: number[] = [];
  now = (): number => this.t;
  sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** What a handler answers: a response, a thrown network error, or "hang" (until the request is aborted). */
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | Error | "hang";

/** A JSON (object/array) or raw text (string) answer; `undefined` body means empty. */
export function reply(status: number, body?: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

/** A network error shaped like node-fetch 2's FetchError. */
export function networkError(code: string): Error {
  return Object.assign(new Error(`request to ${ENV} failed, reason: ${code}`), { name: "FetchError", type: "system", code, errno: code });
}

/** Records requests and answers them with `handler`. */
export class FakeFetch {
  readonly requests: RecordedRequest[] = [];
  constructor(public handler: (req: RecordedRequest) => Reply | Promise<Reply>) {}

  readonly fetch: FetchLike = async (url, init) => {
    const parsed = new URL(url);
    const req: RecordedRequest = {
      method: init.method,
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      headers: init.headers,
      body: init.body,
      signal: init.signal,
    };
    this.requests.push(req);
    const answer = await this.handler(req);
    if (answer === "hang") {
      return new Promise((_resolve, reject) => {
        init.signal.addEventListener("abort", () =>
          reject(Object.assign(new Error("The user aborted a request."), { name: "AbortError", type: "aborted" })),
        );
      });
    }
    if (answer instanceof Error) throw answer;
    const text = answer.body === undefined ? "" : typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    const headers = new Map(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: answer.status, headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null }, text: async () => text };
  };

  /** Requests of one kind, by method and path prefix. */
  count(kind: "token" | "list" | "create" | "update" | "delete"): number {
    return this.requests.filter((r) => kindOf(r) === kind).length;
  }
}

export function kindOf(r: Pick<RecordedRequest, "method" | "path">): "token" | "list" | "create" | "update" | "delete" | "other" {
  if (r.path === "/oauth/token") return "token";
  if (r.method === "GET" && r.path === "/api/v1/providers") return "list";
  if (r.method === "POST" && r.path === "/api/v1/custom-providers") return "create";
  if (r.method === "PUT" && r.path.startsWith("/api/v1/custom-providers/")) return "update";
  if (r.method === "DELETE" && r.path.startsWith("/api/v1/custom-providers/")) return "delete";
  return "other";
}

type Kind = ReturnType<typeof kindOf>;

/**
 * A minimal stateful Scalekit for unit tests. Scripted answers (`script(kind, reply | fn)`) are consumed
 * first, one per matching request; a function may perform the normal handling itself (`next()`), e.g. to
 * store a provider and then drop the answer.
 */
export class FakeScalekit {
  readonly providers: Array<Record<string, unknown> & { identifier: string; display_name: string }> = [];
  readonly issuedTokens: string[] = [];
  pageSize = 1000;
  tokenTtlSeconds = 3600;
  private seq = 0;
  private tokenSeq = 0;
  private readonly scripts = new Map<Kind, Array<(req: RecordedRequest, next: () => Reply) => Reply | Promise<Reply>>>();
  readonly http = new FakeFetch((req) => this.handle(req));

  script(kind: Kind, answer: Reply | ((req: RecordedRequest, next: () => Reply) => Reply | Promise<Reply>)): this {
    const list = this.scripts.get(kind) ?? [];
    list.push(typeof answer === "function" && !(answer instanceof Error) ? answer : () => answer);
    this.scripts.set(kind, list);
    return this;
  }

  add(displayName: string, extra: Record<string, unknown> = {}): { identifier: string; display_name: string } {
    const p = {
      id: `prv_${++this.seq}`,
      identifier: `${displayName.replace(/[^A-Za-z0-9]/g, "").toUpperCase()}:${1000 + this.seq}`,
      display_name: displayName,
      proxy_enabled: true,
      ...extra,
    };
    this.providers.push(p);
    return p;
  }

  private handle(req: RecordedRequest): Reply | Promise<Reply> {
    const kind = kindOf(req);
    const scripted = this.scripts.get(kind)?.shift();
    const next = (): Reply => this.normal(kind, req);
    return scripted ? scripted(req, next) : next();
  }

  private normal(kind: Kind, req: RecordedRequest): Reply {
    if (kind === "token") {
      const token = `tok_${++this.tokenSeq}_${"x".repeat(24)}`;
      this.issuedTokens.push(token);
      return reply(200, { access_token: token, token_type: "Bearer", expires_in: this.tokenTtlSeconds, scope: "openid" });
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !this.issuedTokens.includes(bearer)) return reply(401, { code: 16, message: "invalid token" });
    const identifier = decodeURIComponent(req.path.split("/").pop() ?? "");
    const index = this.providers.findIndex((p) => p.identifier === identifier);
    switch (kind) {
      case "list": {
        const offset = Number(req.query.get("page_token") || "0");
        const page = this.providers.slice(offset, offset + this.pageSize);
        const next = offset + this.pageSize < this.providers.length ? String(offset + this.pageSize) : "";
        return reply(200, { providers: page, next_page_token: next, prev_page_token: "", total_size: this.providers.length });
      }
      case "create": {
        const payload = JSON.parse(req.body ?? "{}") as { display_name: string };
        if (this.providers.some((p) => p.display_name === payload.display_name)) {
          return reply(409, { code: 6, message: "provider already exists", details: [{ "@type": "x", error_code: "ALREADY_EXISTS" }] });
        }
        return reply(201, { provider: this.add(payload.display_name, payload) });
      }
      case "update": {
        if (index === -1) return reply(404, { code: 5, message: "provider not found" });
        const body = JSON.parse(req.body ?? "{}") as { display_name: string };
        const provider = { ...body, id: this.providers[index].id, identifier };
        this.providers[index] = provider;
        return reply(200, { provider });
      }
      case "delete":
        if (index === -1) return reply(404, { code: 5, message: "provider not found" });
        this.providers.splice(index, 1);
        return reply(200, {});
      default:
        return reply(404, "Not Found");
    }
  }
}

/** A client on the fake API with a fake clock and no jitter-free waits; overrides as given. */
export function makeClient(api: FakeScalekit | FakeFetch, clock = new FakeClock(), overrides: Partial<ClientOptions> = {}): ScalekitClient {
  const http = api instanceof FakeScalekit ? api.http : api;
  return new ScalekitClient({
    environmentUrl: ENV,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    fetch: http.fetch,
    sleep: clock.sleep,
    now: clock.now,
    random: () => 0.5,
    ...overrides,
  });
}

/** The rejection of `promise` (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

/** A valid provider payload with the given display name (its content does not matter to the client). */
export function payload(displayName: string): ProviderPayload {
  return {
    display_name: displayName,
    auth_patterns: [{ type: "BEARER", fields: [{ field_name: "token", label: "Token", input_type: "password" }] }],
    proxy_url: "https://api.example.com",
    proxy_enabled: true,
  };
}
