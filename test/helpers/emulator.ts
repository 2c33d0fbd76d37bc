/**
 * Test helpers for talking to the local emulator over loopback with Node's global fetch: a jest fixture that
 * starts one emulator per file and resets it before each test, a token helper, and a tiny API caller that
 * returns status, headers and the parsed body.
 */
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator";

/** A valid payload in the contract's shape (the Asana example), with a display name of the caller's choice. */
export function asanaPayload(displayName = "My Asana"): Record<string, unknown> {
  return {
    display_name: displayName,
    description: "Connect to Asana. Manage tasks, projects, teams, and workflow automation",
    auth_patterns: [
      {
        type: "OAUTH",
        display_name: "OAuth 2.0",
        description: "Authenticate with Asana using OAuth 2.0",
        fields: [],
        oauth_config: {
          authorize_uri: "https://app.asana.com/-/oauth_authorize",
          token_uri: "https://app.asana.com/-/oauth_token",
          user_info_uri: "https://app.asana.com/api/1.0/users/me",
          available_scopes: [
            { scope: "profile", display_name: "Profile", description: "Access user profile information", required: true },
            { scope: "email", display_name: "Email", description: "Access user email address", required: true },
          ],
        },
      },
    ],
    proxy_url: "https://app.asana.com/api",
    proxy_enabled: true,
  };
}

/** A valid BEARER payload with few fields (hint and required omitted, so that server defaults show). */
export function bearerPayload(displayName = "My Bearer"): Record<string, unknown> {
  return {
    display_name: displayName,
    description: "Static bearer token",
    auth_patterns: [
      {
        type: "BEARER",
        display_name: "Bearer Token",
        description: "Authenticate with a static bearer token",
        fields: [{ field_name: "token", label: "Bearer Token", input_type: "password" }],
      },
    ],
    proxy_url: "https://api.example.com",
    proxy_enabled: true,
  };
}

/**
 * Starts one emulator for the calling test file (beforeAll), resets it before each test and stops it
 * afterwards. Read the running emulator through the returned getter.
 */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options });
  });
  beforeEach(() => emu?.reset());
  afterAll(async () => {
    await emu?.stop();
  });
  return () => {
    if (!emu) throw new Error("the emulator is not running (useEmulator must be called at the top of a describe)");
    return emu;
  };
}

export interface Answer<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is empty or not JSON. */
  body: T;
  text: string;
}

/** Requests a token with the emulator's own credentials (or the given ones); returns the raw answer. */
export async function requestToken(emu: RunningEmulator, clientId = emu.clientId, clientSecret = emu.clientSecret): Promise<Answer> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret });
  return call(emu, "POST", "/oauth/token", { rawBody: form.toString(), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
}

/** A valid access token. @throws Error when the grant fails */
export async function token(emu: RunningEmulator): Promise<string> {
  const answer = await requestToken(emu);
  if (answer.status !== 200) throw new Error(`token grant answered ${answer.status}: ${answer.text}`);
  return answer.body.access_token as string;
}

export interface CallOptions {
  /** JSON body. */
  body?: unknown;
  /** Body sent as-is (takes precedence over `body`). */
  rawBody?: string;
  /** Bearer token for the Authorization header. */
  token?: string;
  headers?: Record<string, string>;
}

/** One HTTP request to the emulator; never throws for an HTTP status. */
export async function call(emu: RunningEmulator, method: string, path: string, opts: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined = opts.rawBody;
  if (body === undefined && opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["Content-Type"] ??= "application/json";
  }
  const res = await fetch(`${emu.url}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, body: parsed, text };
}

/** Creates a provider through the API; returns the provider of the 201 answer. @throws Error on another status */
export async function createProvider(emu: RunningEmulator, accessToken: string, payload: unknown): Promise<Record<string, any>> {
  const answer = await call(emu, "POST", "/api/v1/custom-providers", { body: payload, token: accessToken });
  if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${answer.text}`);
  return answer.body.provider;
}

/** The path of a provider: identifiers are always encoded as one path segment. */
export function providerPath(identifier: string): string {
  return `/api/v1/custom-providers/${encodeURIComponent(identifier)}`;
}
