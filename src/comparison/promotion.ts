/**
 * The promotion comparison: what "the same definition" means between two sides (Dev and Production, or the
 * definitions folder and an environment), and how a difference reads. The promotion gate (program/gate.ts) and
 * `scalekit-providers compare` both use it, so they always agree and name a difference the same way: the
 * promoted fields only, after the normalization the resource's diff uses, OAuth scopes matched by name.
 */
import { inert } from "../text";
import { scopeChanges } from "./connections";
import { diffPayloads } from "./diff";
import { normalizeForCompare } from "./normalize";

/**
 * The fields a promotion carries from Dev to Production, and the only ones compared: the definition proper.
 * `icon_src` and `metadata` are left out on purpose: they describe how a provider is shown or tagged in one
 * environment and may rightly differ between environments.
 */
export const PROMOTED_FIELDS = ["display_name", "description", "auth_patterns", "proxy_url", "proxy_enabled"] as const;

/** The promoted fields of a payload or server response (other keys dropped, nothing else changed). */
export function promotedPart(payload: unknown): Record<string, unknown> {
  const source = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  return Object.fromEntries(PROMOTED_FIELDS.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

export interface FieldChange {
  /**
   * The property, snake_case as in definition files; one scope is addressed by name:
   * `auth_patterns[0].oauth_config.available_scopes[scope=email].required`.
   */
  path: string;
  /** Its value on the `from` side; absent when `from` does not have it. */
  from?: unknown;
  /** Its value on the `to` side; absent when `to` does not have it. */
  to?: unknown;
}

/** How two providers differ: their field changes and the OAuth scopes `from` adds and removes. */
export interface PromotionDifference {
  changes: FieldChange[];
  scopes: { added: string[]; removed: string[] };
}

/**
 * What applying `from` onto `to` would change (payloads or server responses, compared on PROMOTED_FIELDS after
 * normalizeForCompare), or undefined when they are the same.
 */
export function promotionDifference(to: unknown, from: unknown): PromotionDifference | undefined {
  const changes = fieldChanges(to, from);
  return changes.length === 0 ? undefined : { changes, scopes: scopeChanges(to, from) };
}

const SCOPE_LIST = /^auth_patterns\[(\d+)\]\.oauth_config\.available_scopes(?=\[|$)/;

/**
 * What differs from `to` to `from` (applying `from` onto `to`) in the promoted fields, down to the smallest
 * differing property. Like diffPayloads, except that OAuth scope lists are compared by scope name rather than
 * by position: removing the first scope reads as "scope profile removed", not as every later scope having
 * changed its name and description. Empty when the same.
 */
export function fieldChanges(to: unknown, from: unknown): FieldChange[] {
  const positional = diffPayloads(promotedPart(to), promotedPart(from)).map((c) => ({
    path: c.path,
    ...("after" in c ? { from: c.after } : {}),
    ...("before" in c ? { to: c.before } : {}),
  }));
  const changes: FieldChange[] = [];
  const done = new Set<number>();
  for (const change of positional) {
    const match = SCOPE_LIST.exec(change.path);
    if (!match) {
      changes.push(change);
      continue;
    }
    const index = Number(match[1]);
    if (done.has(index)) continue;
    done.add(index);
    const keyed = scopeListChanges(match[0], scopesOf(to, index), scopesOf(from, index));
    changes.push(...(keyed ?? positional.filter((c) => c.path.startsWith(match[0]))));
  }
  return changes;
}

/** The changed properties, inert, as one line: the first `max`, then how many more. */
export function changedPaths(changes: readonly FieldChange[], max: number): string {
  const paths = changes.map((c) => inert(c.path));
  return paths.length > max ? `${paths.slice(0, max).join(", ")} and ${paths.length - max} more` : paths.join(", ");
}

/**
 * How OAuth scopes added and removed read, `from` and `to` being how the sides are named: "OAuth scopes
 * removed:" then "email (in prod, not in dev)". Names are shown through `show` (inert by default).
 */
export function scopeChangeLines(
  scopes: PromotionDifference["scopes"],
  sides: { from: string; to: string },
  show: (name: string) => string = (name) => inert(name),
): { heading: string; text: string }[] {
  const line = (heading: string, names: string[], inSide: string, notIn: string) =>
    names.length === 0 ? [] : [{ heading, text: `${names.map(show).join(", ")} (in ${inSide}, not in ${notIn})` }];
  return [
    ...line("OAuth scopes added:", scopes.added, sides.from, sides.to),
    ...line("OAuth scopes removed:", scopes.removed, sides.to, sides.from),
  ];
}

type Scope = Record<string, unknown>;

/** Scope-by-scope changes, or undefined when scope names are missing or repeated (then positions are kept). */
function scopeListChanges(prefix: string, to: Scope[], from: Scope[]): FieldChange[] | undefined {
  const byName = (list: Scope[]) => {
    const map = new Map<string, Scope>();
    for (const scope of list) {
      if (typeof scope.scope !== "string" || map.has(scope.scope)) return undefined;
      map.set(scope.scope, scope);
    }
    return map;
  };
  const toMap = byName(to);
  const fromMap = byName(from);
  if (!toMap || !fromMap) return undefined;
  const changes: FieldChange[] = [];
  const names = [...fromMap.keys(), ...[...toMap.keys()].filter((n) => !fromMap.has(n))];
  for (const name of names) {
    const path = `${prefix}[scope=${name}]`;
    const a = toMap.get(name);
    const b = fromMap.get(name);
    if (!a) changes.push({ path, from: b });
    else if (!b) changes.push({ path, to: a });
    else {
      for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])].sort()) {
        if (JSON.stringify(a[key]) === JSON.stringify(b[key])) continue;
        changes.push({
          path: `${path}.${key}`,
          ...(Object.hasOwn(b, key) ? { from: b[key] } : {}),
          ...(Object.hasOwn(a, key) ? { to: a[key] } : {}),
        });
      }
    }
  }
  if (changes.length === 0) {
    // Same scopes, other order: the order is the user's and is shown in the Dashboard.
    changes.push({ path: `${prefix} (order)`, from: [...fromMap.keys()], to: [...toMap.keys()] });
  }
  return changes;
}

function scopesOf(payload: unknown, index: number): Scope[] {
  const normalized = normalizeForCompare(promotedPart(payload)) as { auth_patterns?: { oauth_config?: { available_scopes?: unknown } }[] };
  const list = normalized.auth_patterns?.[index]?.oauth_config?.available_scopes;
  return Array.isArray(list) ? list.filter((s): s is Scope => typeof s === "object" && s !== null && !Array.isArray(s)) : [];
}
