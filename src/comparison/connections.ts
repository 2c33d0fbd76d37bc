/**
 * What a change means for existing connections. Scalekit does not carry a changed definition into existing
 * connections and connected accounts: changed scopes, auth fields or proxy URL may need connections
 * re-created and accounts re-authorized. These helpers find such changes so the caller can say so.
 */
import { arrayOf, jsonEqual, prop } from "../schema";
import { normalizeForCompare } from "./normalize";
import { compareText } from "../text";

/** The kinds of change that existing connections do not pick up, worded for a warning. */
export type ConnectionChange = "OAuth scopes" | "auth fields" | "proxy URL";

/**
 * Which kinds of change from `before` to `after` (payloads or server responses, compared normalized) touch
 * existing connections, in a fixed order:
 * - "OAuth scopes": a scope added or removed, or its `required` flag changed (not its display text);
 * - "auth fields": how credentials are collected or sent: the auth `type`, `is_mcp`, the fields and account
 *   fields (names, input types, `required`, `is_path_param`; not labels or hints), `auth_field_mutations`,
 *   `auth_header_key_override`, and the OAuth endpoints and flags (everything in `oauth_config` but scopes);
 * - "proxy URL": `proxy_url`.
 */
export function touchesConnections(before: unknown, after: unknown): ConnectionChange[] {
  const a = normalizeForCompare(before);
  const b = normalizeForCompare(after);
  const touched: ConnectionChange[] = [];
  if (!jsonEqual(scopeSettings(a), scopeSettings(b))) touched.push("OAuth scopes");
  if (!jsonEqual(authSettings(a), authSettings(b))) touched.push("auth fields");
  if (!jsonEqual(prop(a, "proxy_url"), prop(b, "proxy_url"))) touched.push("proxy URL");
  return touched;
}

/** Scope names only in `after` (added) and only in `before` (removed), each in its payload's order. */
export function scopeChanges(before: unknown, after: unknown): { added: string[]; removed: string[] } {
  const was = scopeNames(before);
  const is = scopeNames(after);
  return { added: is.filter((name) => !was.includes(name)), removed: was.filter((name) => !is.includes(name)) };
}

function patternsOf(payload: unknown): readonly unknown[] {
  return arrayOf(prop(payload, "auth_patterns"));
}

function scopesOf(pattern: unknown): readonly unknown[] {
  return arrayOf(prop(prop(pattern, "oauth_config"), "available_scopes"));
}

function scopeNames(payload: unknown): string[] {
  const names = patternsOf(payload).flatMap((pattern) => scopesOf(pattern).map((scope) => prop(scope, "scope")));
  return [...new Set(names.filter((name): name is string => typeof name === "string"))];
}

/** Per pattern, its scopes with their `required` flag, sorted by name (order does not matter to a connection). */
function scopeSettings(payload: unknown): unknown {
  return patternsOf(payload).map((pattern) =>
    sortedBy(
      scopesOf(pattern).map((scope) => pick(scope, ["scope", "required"])),
      "scope",
    ),
  );
}

/** Per pattern, everything that decides how credentials are collected and sent. */
function authSettings(payload: unknown): unknown {
  const fieldSettings = (list: unknown) =>
    sortedBy(
      arrayOf(list).map((field) => pick(field, ["field_name", "input_type", "required", "is_path_param"])),
      "field_name",
    );
  return patternsOf(payload).map((pattern) => ({
    ...pick(pattern, ["type", "is_mcp", "auth_field_mutations", "auth_header_key_override"]),
    fields: fieldSettings(prop(pattern, "fields")),
    account_fields: fieldSettings(prop(pattern, "account_fields")),
    oauth: pick(prop(pattern, "oauth_config"), [
      "authorize_uri",
      "token_uri",
      "user_info_uri",
      "pkce_enabled",
      "allow_use_scalekit_credentials",
      "custom_scope_name",
    ]),
  }));
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key): [string, unknown] => [key, prop(value, key)]).filter(([, item]) => item !== undefined));
}

function sortedBy(items: Record<string, unknown>[], key: string): Record<string, unknown>[] {
  return [...items].sort((x, y) => compareText(String(x[key]), String(y[key])));
}

/** A change Scalekit cannot make in place: an auth pattern's `type` or `is_mcp`. */
export interface AuthIdentityChange {
  /** The property in camelCase, as a Pulumi user writes it: `authPatterns[0].type`, `authPatterns[0].isMcp`. */
  property: string;
  before: string;
  after: string;
}

/**
 * The auth pattern properties that differ between `before` and `after` (payloads or server responses) and
 * that an update cannot change: an auth pattern's `type` and `is_mcp` (absent means false). Scalekit
 * refuses such an update; the provider must be deleted and created again, which gives it a new identifier
 * and drops the connections that used it (docs/scalekit-api.md, "update").
 */
export function authIdentityChanges(before: unknown, after: unknown): AuthIdentityChange[] {
  const was = patternsOf(before);
  const is = patternsOf(after);
  const changes: AuthIdentityChange[] = [];
  for (let i = 0; i < Math.min(was.length, is.length); i++) {
    const [a, b] = [String(prop(was[i], "type")), String(prop(is[i], "type"))];
    if (a !== b) changes.push({ property: `authPatterns[${i}].type`, before: a, after: b });
    const [m, n] = [prop(was[i], "is_mcp") === true, prop(is[i], "is_mcp") === true];
    if (m !== n) changes.push({ property: `authPatterns[${i}].isMcp`, before: String(m), after: String(n) });
  }
  return changes;
}
