/**
 * What changes in one provider, property by property, with the comparison part's code (the one the
 * resource's diff, `compare` and the promotion gate use): fields compared after normalization, OAuth scopes
 * matched by name, and what existing connections do not pick up.
 */
import {
  authIdentityChanges,
  diffPayloads,
  fieldChanges,
  PROMOTED_FIELDS,
  scopeChanges,
  touchesConnections,
  type AuthIdentityChange,
  type ConnectionChange,
} from "../comparison";

/** One property that changes: `before` absent when it is added, `after` when it is removed. */
export interface PropertyChange {
  /** snake_case, as in definition files; one scope by name: `auth_patterns[0].oauth_config.available_scopes[scope=email].required`. */
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

export interface ProviderChanges {
  readonly properties: readonly PropertyChange[];
  readonly scopes: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** What existing connections and connected accounts do not pick up. */
  readonly touches: readonly ConnectionChange[];
  /** What Scalekit cannot change in place (what makes it a replacement). */
  readonly identity: readonly AuthIdentityChange[];
}

/** A whole scope added or removed: already said by `scopes`, by name. */
const WHOLE_SCOPE = /\.available_scopes\[scope=[^\]]*\]$/;

/** The changes from `before` (the state) to `after` (the program), both wire payloads. */
export function providerChanges(before: unknown, after: unknown): ProviderChanges {
  const promoted = fieldChanges(before, after).map((c): PropertyChange => ({
    path: c.path,
    ...("to" in c ? { before: c.to } : {}),
    ...("from" in c ? { after: c.from } : {}),
  }));
  // The fields a promotion leaves out (icon_src, metadata) still change the provider: compared as the diff does.
  const others = diffPayloads(unpromoted(before), unpromoted(after));
  return {
    properties: [...promoted.filter((c) => !WHOLE_SCOPE.test(c.path)), ...others],
    scopes: scopeChanges(before, after),
    touches: touchesConnections(before, after),
    identity: authIdentityChanges(before, after),
  };
}

function unpromoted(payload: unknown): Record<string, unknown> {
  const source = typeof payload === "object" && payload !== null ? (payload as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(source).filter(([key]) => !(PROMOTED_FIELDS as readonly string[]).includes(key)));
}
