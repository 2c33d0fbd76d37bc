/**
 * Every assumption this client makes about the shape of Scalekit's answers, in one place (contract:
 * docs/scalekit-api.md). The schemas are deliberately lenient: unknown keys pass through, fields the
 * contract is unsure about are `nullish`, and only what the client cannot work without is required (an
 * access token; a provider's `identifier`). When the real service answers differently, change it here.
 */
import { z } from "zod";
import type { FieldViolation } from "./errors";
import { grpcCodeNumber } from "./grpc";
import { IDENTIFIER_MAX_LENGTH, IDENTIFIER_PATTERN, isProviderIdentifier } from "./identifier";
import type { ListPage, ListedProvider, MalformedEntry, Parsed, ServerProvider } from "./parsed";

// The types of parsed answers live apart, free of zod, because the public types refer to them.
export type { ListPage, ListedProvider, MalformedEntry, Parsed, ProviderPayload, ServerFields, ServerProvider } from "./parsed";

/**
 * `POST /oauth/token` answer: `{"access_token","token_type":"Bearer","expires_in":86399,"scope"}`.
 * `expires_in` (seconds) is coerced from a string and may be missing: see ASSUMED_TOKEN_TTL_SECONDS.
 */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().nullish(),
  expires_in: z.coerce.number().positive().finite().nullish().catch(undefined),
  scope: z.string().nullish(),
});

/** Lifetime assumed for a token whose answer has no usable `expires_in` (a 401 still renews it earlier). */
export const ASSUMED_TOKEN_TTL_SECONDS = 300;

/**
 * The fields only the server writes, beside the payload's (type: ServerFields): never sent, and never
 * compared (the comparison reads the payload's own properties only, src/comparison/normalize.ts). Only
 * `identifier` is required: every later call needs it, as a path segment, so it must be one Scalekit issues
 * (identifier.ts).
 */
export const serverFieldsSchema = z.object({
  id: z.string().nullish(),
  identifier: z.string().min(1).max(IDENTIFIER_MAX_LENGTH).regex(IDENTIFIER_PATTERN),
  categories: z.array(z.unknown()).nullish(),
  display_priority: z.unknown().optional(),
  coming_soon: z.boolean().nullish(),
  is_custom: z.boolean().nullish(),
  is_custom_mcp: z.boolean().nullish(),
});

// Parsed keys come out in the shape's order: the server's ids first, its other own fields last.
const { id, identifier, ...serverOnly } = serverFieldsSchema.shape;

/**
 * A provider as Scalekit returns it: the payload fields plus the server's own fields. Payload fields are
 * checked loosely (the server may fill defaults, reorder keys, or add fields), and unknown keys are kept.
 */
export const serverProviderSchema = z.looseObject({
  id,
  identifier,
  display_name: z.string().nullish(),
  description: z.string().nullish(),
  auth_patterns: z.array(z.looseObject({})).nullish(),
  proxy_url: z.string().nullish(),
  proxy_enabled: z.boolean().nullish(),
  icon_src: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  ...serverOnly,
});

/**
 * Create and update answer `{"provider": {...}}`. A bare provider object is accepted as well, since the
 * envelope is documented only by example.
 */
export const providerEnvelopeSchema = z.looseObject({ provider: serverProviderSchema });

/**
 * A provider as a listing must hold it: a server provider with a display name too, since providers are
 * matched by display name (adopt, compare, export). One that is not is reported, never dropped.
 */
export const listedProviderSchema = serverProviderSchema.extend({ display_name: z.string().min(1) });

/**
 * One page of `GET /api/v1/providers`: `{"providers":[…],"next_page_token":"","prev_page_token":"",
 * "total_size":N}`. A missing `providers` means an empty page; a missing or empty `next_page_token` means
 * the last page; `total_size` is informational (it may be 0). Each provider is checked on its own
 * (listedProviderSchema), so that a malformed one is named, not the whole page refused.
 */
export const listPageSchema = z.looseObject({
  providers: z.array(z.unknown()).nullish(),
  next_page_token: z.string().nullish(),
  prev_page_token: z.string().nullish(),
  total_size: z.unknown().optional(),
});

const fieldViolationSchema = z.looseObject({
  field: z.string().nullish().catch(undefined),
  description: z.string().nullish().catch(undefined),
});

const errorDetailSchema = z.looseObject({
  "@type": z.string().nullish().catch(undefined),
  error_code: z.string().nullish().catch(undefined),
  validation_error_info: z
    .looseObject({ field_violations: z.array(fieldViolationSchema).nullish().catch(undefined) })
    .nullish()
    .catch(undefined),
});

/**
 * The documented error body `{"code": <gRPC code>, "message", "details": [{"@type", "error_code",
 * "validation_error_info": {"field_violations": [{"field","description"}]}}]}`, plus the OAuth 2.0 form
 * (`error`, `error_description`) the token endpoint may use. Every field is optional and a malformed one is
 * dropped rather than failing the parse: an error answer must always become a typed error.
 */
export const errorBodySchema = z.looseObject({
  code: z.union([z.number(), z.string()]).nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
  error: z.string().nullish().catch(undefined),
  error_description: z.string().nullish().catch(undefined),
  details: z.array(errorDetailSchema).nullish().catch(undefined),
});

/**
 * Parses a 2xx body as JSON and checks it against `schema`. Never throws. `problem` names the first
 * mismatching path, never a value (a token answer must not echo the token into an error message).
 */
export function parseBody<S extends z.ZodType>(schema: S, text: string): Parsed<z.output<S>> {
  const json = parseJson(text);
  return json.ok ? check(schema, json.value) : json;
}

function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: text.trim() === "" ? {} : JSON.parse(text) };
  } catch {
    return { ok: false, problem: "the body is not JSON" };
  }
}

function check<S extends z.ZodType>(schema: S, json: unknown): Parsed<z.output<S>> {
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join(".") : "(top level)";
  return { ok: false, problem: `${path}: ${issue?.code ?? "invalid"}` };
}

/** Parses a create/update answer into the provider it carries (enveloped or bare). */
export function parseProviderBody(text: string): Parsed<ServerProvider> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const enveloped = typeof json.value === "object" && json.value !== null && "provider" in json.value;
  if (enveloped) {
    const body = check(providerEnvelopeSchema, json.value);
    return body.ok ? { ok: true, value: body.value.provider as ServerProvider } : body;
  }
  return check(serverProviderSchema, json.value) as Parsed<ServerProvider>;
}

/** Parses one list page. The page's own shape must hold; each provider is then checked on its own. */
export function parseListPageBody(text: string): Parsed<ListPage> {
  const page = parseBody(listPageSchema, text);
  if (!page.ok) return page;
  const providers: ListedProvider[] = [];
  const malformed: MalformedEntry[] = [];
  (page.value.providers ?? []).forEach((raw, index) => {
    const parsed = listedProviderSchema.safeParse(raw);
    if (parsed.success) providers.push(parsed.data as ListedProvider);
    else malformed.push({ position: index + 1, ...identification(raw), problem: describeProblem(raw, parsed.error.issues) });
  });
  return { ok: true, value: { providers, malformed, nextPageToken: page.value.next_page_token ?? "" } };
}

/** What of a malformed provider can name it: its identifier and display name, when they are non-empty strings. */
function identification(raw: unknown): { identifier?: string; displayName?: string } {
  const record = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  const identifier = text(record.identifier);
  const displayName = text(record.display_name);
  return { ...(identifier === undefined ? {} : { identifier }), ...(displayName === undefined ? {} : { displayName }) };
}

/** What is wrong with a malformed provider, in words, naming the fields (never their values). */
function describeProblem(raw: unknown, issues: readonly z.core.$ZodIssue[]): string {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return "not an object";
  const record = raw as Record<string, unknown>;
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join(".");
    if (field === "" || seen.has(field)) continue;
    seen.add(field);
    const value = issue.path.length === 1 ? record[String(issue.path[0])] : undefined;
    if (issue.path.length === 1 && (value === undefined || value === null)) problems.push(`${field} is missing`);
    else if (value === "") problems.push(`${field} is empty`);
    else if (field === "identifier" && typeof value === "string" && !isProviderIdentifier(value))
      problems.push("identifier is not one Scalekit issues");
    else problems.push(`${field} has the wrong type or form`);
  }
  return problems.length > 0 ? problems.join(", ") : "not a provider";
}

/** Parses a token answer; a missing or unusable `expires_in` becomes ASSUMED_TOKEN_TTL_SECONDS. */
export function parseTokenBody(text: string): Parsed<{ accessToken: string; expiresInSeconds: number }> {
  const token = parseBody(tokenResponseSchema, text);
  if (!token.ok) return token;
  return {
    ok: true,
    value: { accessToken: token.value.access_token, expiresInSeconds: token.value.expires_in ?? ASSUMED_TOKEN_TTL_SECONDS },
  };
}

/** What the error factory reads from an error body. */
export interface ParsedErrorBody {
  /** The gRPC code as a number (string names such as "NOT_FOUND" are mapped). */
  code?: number;
  message?: string;
  errorCode?: string;
  violations: FieldViolation[];
  /** The OAuth 2.0 `error` of a token answer, e.g. "invalid_client". */
  oauthError?: string;
  /** The body was present but not JSON (e.g. an HTML page from a gateway). */
  nonJson: boolean;
}

/** Parses an error answer's body text; never throws (empty, non-JSON or odd bodies give empty fields). */
export function parseErrorBody(text: string): ParsedErrorBody {
  const empty: ParsedErrorBody = { violations: [], nonJson: false };
  if (text.trim() === "") return empty;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ...empty, nonJson: true };
  }
  const parsed = errorBodySchema.safeParse(json);
  if (!parsed.success) return { ...empty, nonJson: typeof json !== "object" || json === null };
  const body = parsed.data;
  const code =
    typeof body.code === "number"
      ? body.code
      : typeof body.code === "string"
        ? (grpcCodeNumber(body.code) ?? (/^\d+$/.test(body.code) ? Number(body.code) : undefined))
        : undefined;
  const details = body.details ?? [];
  const errorCode = details.map((d) => d.error_code).find((c): c is string => typeof c === "string" && c !== "") ?? body.error ?? undefined;
  const violations: FieldViolation[] = details.flatMap((d) =>
    (d.validation_error_info?.field_violations ?? []).map((v) => ({
      ...(v.field ? { field: v.field } : {}),
      ...(v.description ? { description: v.description } : {}),
    })),
  );
  const message = body.message ?? body.error_description ?? undefined;
  return { code, message: message || undefined, errorCode, violations, oauthError: body.error ?? undefined, nonJson: false };
}
