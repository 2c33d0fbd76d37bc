/**
 * Matching providers by display name, the one key that pairs a provider of one side with its counterpart on
 * the other (the promotion gate, `compare`, `export`). Two providers with one display name cannot be told
 * apart, so they are refused, naming both: keeping one of them would compare, or write, the wrong provider.
 */
import { NamedError } from "../named-error";
import { inert } from "../text";

/** A provider as a listing holds it: what it is matched by, and what tells it apart. */
export interface NamedProvider {
  readonly display_name: string;
  readonly identifier: string;
}

/** A display name held by more than one provider, with every identifier holding it, in listing order. */
export interface DisplayNameClash {
  readonly displayName: string;
  readonly identifiers: readonly string[];
}

/** Two or more providers of one side share a display name, so matching by display name cannot pick one. */
export class DuplicateDisplayNameError extends NamedError {
  constructor(
    /** The side, as messages name it: `dev (acme-dev.scalekit.dev)`. */
    readonly side: string,
    readonly clashes: readonly DisplayNameClash[],
  ) {
    const lines = clashes.map((clash) => `  "${inert(clash.displayName)}": ${clash.identifiers.map((id) => inert(id)).join(", ")}`);
    super(
      `${side} has more than one custom provider with the same display name:\n${lines.join("\n")}\n` +
        "Providers are matched by display name, so which one is meant cannot be told; nothing was written or compared. " +
        "Rename or delete the extra ones in the Scalekit Dashboard, then run the command again.",
    );
  }
}

/**
 * `providers` by display name, exactly as stored.
 * @throws DuplicateDisplayNameError when display names repeat, naming each one and all its identifiers
 */
export function byDisplayName<T extends NamedProvider>(providers: readonly T[], side: string): Map<string, T> {
  const map = new Map<string, T>();
  const clashes = new Map<string, string[]>();
  for (const provider of providers) {
    const first = map.get(provider.display_name);
    if (first) clashes.set(provider.display_name, [...(clashes.get(provider.display_name) ?? [first.identifier]), provider.identifier]);
    else map.set(provider.display_name, provider);
  }
  if (clashes.size > 0) {
    throw new DuplicateDisplayNameError(
      side,
      [...clashes].map(([displayName, identifiers]) => ({ displayName, identifiers })),
    );
  }
  return map;
}
