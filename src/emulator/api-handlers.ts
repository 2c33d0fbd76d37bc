/**
 * The Scalekit API as the contract describes it (docs/scalekit-api.md): the token grant, list,
 * create, update and delete of custom providers. Each handler takes the parsed request and returns the
 * answer, or throws an EmulatorError that becomes the documented error body.
 */
import type { IncomingHttpHeaders } from "node:http";
import { IDENTIFIER_MAX_LENGTH, IDENTIFIER_PATTERN, isProviderIdentifier } from "../client";
import { BUILT_IN_PROVIDERS } from "./builtins";
import type { EmulatorCore } from "./core";
import { EmulatorError, errorBody } from "./errors";
import { parseFormBody, parseJsonBody } from "./http-util";
import { decodePageToken, encodePageToken } from "./identifiers";
import { DEFAULT_PAGE_SIZE } from "./options";
import { presentProvider } from "./presentation";
import type { Route } from "./routes";

export interface ApiRequest {
  headers: IncomingHttpHeaders;
  query: Record<string, string>;
  bodyText: string;
}

export interface ApiAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

type ApiRoute = Extract<Route, { kind: "token" | "list" | "create" | "update" | "delete" }>;

/**
 * Answers one API request. Every call but the token grant requires a valid bearer token.
 * @throws EmulatorError for every documented error answer
 */
export function handleApi(core: EmulatorCore, route: ApiRoute, req: ApiRequest): ApiAnswer {
  if (route.kind === "token") return grantToken(core, req);
  requireBearer(core, req.headers);
  switch (route.kind) {
    case "list":
      return listProviders(core, req.query);
    case "create":
      return { status: 201, body: { provider: present(core, core.store.create(parseJsonBody(req.bodyText))) } };
    case "update":
      return { status: 200, body: { provider: present(core, core.store.update(route.identifier, parseJsonBody(req.bodyText))) } };
    case "delete":
      core.store.delete(route.identifier);
      return { status: 200, body: {} };
  }
}

function present(core: EmulatorCore, p: Parameters<typeof presentProvider>[0]): Record<string, unknown> {
  return presentProvider(p, core.options.fillServerDefaults);
}

/**
 * `POST /oauth/token` with a form body `grant_type=client_credentials&client_id=…&client_secret=…`.
 * Errors carry the documented body plus the OAuth 2.0 `error`/`error_description` pair.
 */
function grantToken(core: EmulatorCore, req: ApiRequest): ApiAnswer {
  const contentType = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    .trim()
    .toLowerCase();
  if (contentType !== "application/x-www-form-urlencoded") {
    throw oauthError(400, "invalid_request", "send the token request form-encoded (Content-Type: application/x-www-form-urlencoded)");
  }
  const form = parseFormBody(req.bodyText);
  if (form.grant_type !== "client_credentials") {
    throw oauthError(400, "unsupported_grant_type", "grant_type must be client_credentials");
  }
  if (!form.client_id || !form.client_secret) {
    throw oauthError(400, "invalid_request", "client_id and client_secret are required");
  }
  if (!core.tokens.credentialsMatch(form.client_id, form.client_secret)) {
    throw oauthError(401, "invalid_client", "invalid client credentials: check the client id and secret of this environment");
  }
  const { token, expiresIn } = core.tokens.issue();
  return {
    status: 200,
    body: { access_token: token, token_type: "Bearer", expires_in: expiresIn, scope: "openid" },
    headers: { "Cache-Control": "no-store" },
  };
}

function oauthError(status: 400 | 401, error: string, description: string): EmulatorError {
  const code = status === 401 ? "UNAUTHENTICATED" : "INVALID_ARGUMENT";
  const body = { ...errorBody(code, description, error.toUpperCase()), error, error_description: description };
  return new EmulatorError(status, body, { "Cache-Control": "no-store" });
}

/** @throws EmulatorError 401 unless the request carries a bearer token issued here that has not expired */
function requireBearer(core: EmulatorCore, headers: IncomingHttpHeaders): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(String(headers.authorization ?? ""));
  if (!match) {
    throw EmulatorError.unauthenticated("missing bearer token: send Authorization: Bearer <access_token> from POST /oauth/token");
  }
  if (!core.tokens.isValid(match[1])) {
    throw EmulatorError.unauthenticated("access token is invalid or expired: request a new one from POST /oauth/token", "INVALID_TOKEN");
  }
}

const PROVIDER_TYPES = ["CUSTOM", "DEFAULT", "ALL"] as const;

/**
 * `GET /api/v1/providers?filter.provider_type=CUSTOM&page_size=N[&page_token=T][&identifier=X]`. The
 * type filter works as Scalekit's: CUSTOM lists custom providers, ALL the built-in ones then the custom
 * ones, and DEFAULT, or no filter, the built-in ones only. Pages hold min(page_size, pageSizeCap)
 * providers (10 without page_size), custom ones in creation order; page tokens are opaque offsets tied
 * to the filters.
 */
function listProviders(core: EmulatorCore, query: Record<string, string>): ApiAnswer {
  const type = query["filter.provider_type"] || "DEFAULT";
  if (!(PROVIDER_TYPES as readonly string[]).includes(type)) {
    throw EmulatorError.invalidArgument(`filter.provider_type must be one of ${PROVIDER_TYPES.join(", ")}`, [
      { field: "filter.provider_type", description: `must be one of ${PROVIDER_TYPES.join(", ")}` },
    ]);
  }
  const requested = query.page_size === undefined || query.page_size === "" ? 0 : Number(query.page_size);
  if (!Number.isInteger(requested) || requested < 0) {
    throw EmulatorError.invalidArgument("page_size must be an integer, 0 or more", [
      { field: "page_size", description: "must be an integer, 0 or more" },
    ]);
  }
  // The filter takes what an identifier may be (the client's rule, docs/scalekit-api.md "list"); empty means no filter.
  const identifier = query.identifier || undefined;
  if (identifier !== undefined && !isProviderIdentifier(identifier)) {
    const rule = `must match ${IDENTIFIER_PATTERN.source} and be at most ${IDENTIFIER_MAX_LENGTH} characters`;
    throw EmulatorError.invalidArgument(`identifier ${rule}`, [{ field: "identifier", description: rule }]);
  }
  const pageSize = Math.min(requested === 0 ? DEFAULT_PAGE_SIZE : requested, core.options.pageSizeCap);
  const queryKey = `${type}|${identifier ?? ""}`;
  const offset = query.page_token ? decodePageToken(query.page_token, queryKey) : 0;

  const builtIns = type === "CUSTOM" ? [] : BUILT_IN_PROVIDERS.map((p) => structuredClone(p) as Record<string, unknown>);
  const custom = type === "DEFAULT" ? [] : core.store.list().map((p) => present(core, p));
  const all = [...builtIns, ...custom].filter((p) => identifier === undefined || p.identifier === identifier);
  const page = all.slice(offset, offset + pageSize);
  const nextOffset = offset + page.length;
  return {
    status: 200,
    body: {
      providers: page,
      next_page_token: nextOffset < all.length ? encodePageToken(nextOffset, queryKey) : "",
      prev_page_token: offset > 0 ? encodePageToken(Math.max(0, offset - pageSize), queryKey) : "",
      total_size: all.length,
    },
  };
}
