/**
 * How a stored provider is returned by the API: the payload plus `id`, `identifier`, `icon_src` and
 * `metadata` defaults and the server-only fields, and (with fillServerDefaults) server defaults inside the
 * auth patterns and keys in the server's own order. Whether the real service does the latter is unknown:
 * doing it here makes sure clients compare after normalizing.
 */
import type { StoredProvider } from "./types";

/**
 * Defaults filled where absent when fillServerDefaults is on. A client's normalization must treat these
 * values as equal to absent.
 */
export const SERVER_DEFAULTS = {
  provider: { description: "" },
  authPattern: { is_mcp: false, fields: [] as unknown[], account_fields: [] as unknown[] },
  field: { hint: "", required: false },
  scope: { description: "", required: false },
} as const;

/** The returned provider, a fresh object each time. */
export function presentProvider(p: StoredProvider, fillServerDefaults: boolean): Record<string, unknown> {
  const payload = structuredClone(p.payload);
  const patterns = Array.isArray(payload.auth_patterns) ? payload.auth_patterns : [];
  const isMcp = patterns.some((ap) => isObject(ap) && ap.is_mcp === true);
  const body: Record<string, unknown> = {
    id: p.id,
    identifier: p.identifier,
    ...payload,
    icon_src: payload.icon_src ?? "",
    metadata: payload.metadata ?? {},
    categories: [],
    display_priority: 0,
    coming_soon: false,
    is_custom: true,
    is_custom_mcp: isMcp,
  };
  if (!fillServerDefaults) return body;
  withDefaults(body, SERVER_DEFAULTS.provider);
  if (Array.isArray(body.auth_patterns)) body.auth_patterns.forEach(fillPattern);
  return serverKeyOrder(body) as Record<string, unknown>;
}

function fillPattern(pattern: unknown): void {
  if (!isObject(pattern)) return;
  withDefaults(pattern, SERVER_DEFAULTS.authPattern);
  for (const list of [pattern.fields, pattern.account_fields]) {
    if (Array.isArray(list)) list.forEach((f) => isObject(f) && withDefaults(f, SERVER_DEFAULTS.field));
  }
  const oauth = pattern.oauth_config;
  if (isObject(oauth) && Array.isArray(oauth.available_scopes)) {
    oauth.available_scopes.forEach((s) => isObject(s) && withDefaults(s, SERVER_DEFAULTS.scope));
  }
}

function withDefaults(target: Record<string, unknown>, defaults: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(defaults)) {
    if (target[key] === undefined) target[key] = structuredClone(value);
  }
}

/**
 * Rebuilds every object with its keys in descending order: the emulator's "server order", deliberately
 * unlike the order payloads are usually written in. Array order is kept.
 */
function serverKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(serverKeyOrder);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .reverse()
      .map((key) => [key, serverKeyOrder(value[key])]),
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
