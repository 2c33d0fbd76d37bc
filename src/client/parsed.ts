/**
 * The types of what responses.ts parses, free of zod: the package's public declarations must reach nothing
 * but themselves and @pulumi/pulumi (test/package checks it), so ProviderPayload comes from the generated
 * payload-types, not the schema's index.
 */
import type { ProviderPayload } from "../schema/payload-types";

/** The body of create and update: sent unchanged (validating it is src/schema's job). */
export type { ProviderPayload };

/**
 * The fields only the server writes, beside the payload's: the output of `serverFieldsSchema` in
 * responses.ts, written out without zod (a type test fails when the two differ).
 */
export interface ServerFields {
  /** The server's id, e.g. `prv_…`. Never used in paths. */
  id?: string | null;
  /** The opaque identifier every path uses, e.g. `MYASANA:48213`: take it from here, never derive it. */
  identifier: string;
  categories?: unknown[] | null;
  display_priority?: unknown;
  coming_soon?: boolean | null;
  is_custom?: boolean | null;
  is_custom_mcp?: boolean | null;
}

/** A provider as Scalekit returned it: the payload fields, the server's own fields, and unknown fields. */
export type ServerProvider = Partial<ProviderPayload> & ServerFields & { [key: string]: unknown };

/** A provider of a listing: a server provider that has a display name. */
export type ListedProvider = ServerProvider & { display_name: string };

/** A listed provider the client cannot use: what identifies it, its position on its page (from 1), and what is wrong. */
export interface MalformedEntry {
  /** Its position on its page, from 1. */
  position: number;
  identifier?: string;
  displayName?: string;
  problem: string;
}

/** One list page as parsed: its well-formed providers, the malformed ones, and the next page token ("" on the last page). */
export interface ListPage {
  providers: ListedProvider[];
  malformed: MalformedEntry[];
  nextPageToken: string;
}

/** The outcome of parsing a 2xx body: the value, or what was wrong with it (for UnexpectedResponseError). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
