/**
 * The types of what responses.ts parses, kept apart from its zod schemas so that the client's public
 * declarations need nothing from zod.
 */
import type { ProviderPayload } from "./payload";

export type { ProviderPayload };

/** A provider as Scalekit returned it: the payload fields, `id`, `identifier`, server-only and unknown fields. */
export type ServerProvider = Partial<ProviderPayload> & {
  /** The server's id, e.g. `prv_…`. Never used in paths. */
  id?: string | null;
  /** The opaque identifier every path uses, e.g. `MYASANA:48213`: take it from here, never derive it. */
  identifier: string;
  categories?: unknown[] | null;
  display_priority?: unknown;
  coming_soon?: boolean | null;
  is_custom?: boolean | null;
  is_custom_mcp?: boolean | null;
  [key: string]: unknown;
};

/** The outcome of parsing a 2xx body: the value, or what was wrong with it (for UnexpectedResponseError). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
