/**
 * Field changes as a reader wants them: like diffPayloads (normalized, promoted fields only), except that
 * OAuth scope lists are compared by scope name rather than by position. Removing the first scope then reads
 * as "scope profile removed", not as every later scope having changed its name and description.
 */
import { normalizeForCompare } from "../schema";
import { promotedPart, promotionChanges } from "../program/gate";

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

const SCOPE_LIST = /^auth_patterns\[(\d+)\]\.oauth_config\.available_scopes(?=\[|$)/;

/** What differs from `to` to `from` (applying `from` onto `to`), scopes matched by name. Empty when the same. */
export function fieldChanges(to: unknown, from: unknown): FieldChange[] {
  const positional = promotionChanges(to, from).map((c) => ({
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
        changes.push({ path: `${path}.${key}`, ...(Object.hasOwn(b, key) ? { from: b[key] } : {}), ...(Object.hasOwn(a, key) ? { to: a[key] } : {}) });
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
