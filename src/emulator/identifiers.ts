/**
 * How the emulator names things: provider identifiers and ids, list page tokens and access tokens. All are
 * opaque to clients; the formats only imitate the contract's examples.
 */
import { randomBytes } from "node:crypto";
import { EmulatorError } from "./errors";

/** Longest name part of an identifier (the display name can be 200 characters). */
const IDENTIFIER_PREFIX_MAX = 32;

/** A prime coprime with 90000, so that sequence numbers 1..90000 map to distinct 5-digit numbers. */
const SCRAMBLE_PRIME = 7919;
const FIVE_DIGIT_SPAN = 90000;

/**
 * The identifier of a provider in the contract's style (`GOOGLEWORKSPACE:12345`): the letters and digits of
 * the display name, upper-cased (at most 32), a colon, and a number unique to `sequence`. The number is
 * scrambled so that it does not look computable, and unique as long as `sequence` is. It always satisfies
 * the identifier rule the client holds every identifier to (isProviderIdentifier, src/client/identifier.ts).
 */
export function deriveIdentifier(displayName: string, sequence: number): string {
  const prefix =
    displayName
      .replace(/[^A-Za-z0-9]/g, "")
      .toUpperCase()
      .slice(0, IDENTIFIER_PREFIX_MAX) || "PROVIDER";
  return `${prefix}:${scrambledNumber(sequence)}`;
}

function scrambledNumber(sequence: number): number {
  if (sequence >= 1 && sequence <= FIVE_DIGIT_SPAN) {
    return ((sequence * SCRAMBLE_PRIME) % FIVE_DIGIT_SPAN) + 10000;
  }
  return 100000 + sequence; // beyond 90000 providers: 6+ digits, still unique
}

/** The server id of a provider, e.g. `prv_10000000000104729`: unique per sequence number. */
export function providerId(sequence: number): string {
  return `prv_${(10n ** 16n + BigInt(sequence) * 104729n).toString()}`;
}

interface PageCursor {
  /** Offset of the first provider of the page. */
  o: number;
  /** The query the token belongs to (filters), so that a token is not reused with another query. */
  q: string;
}

/** An opaque page token pointing at `offset` within the listing of `queryKey`. */
export function encodePageToken(offset: number, queryKey: string): string {
  const cursor: PageCursor = { o: offset, q: queryKey };
  return Buffer.from(JSON.stringify(cursor), "utf8").toString("base64url");
}

/**
 * The offset a page token points at.
 * @throws EmulatorError 400 when the token is not one this emulator issued for the same query
 */
export function decodePageToken(token: string, queryKey: string): number {
  let cursor: unknown;
  try {
    cursor = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw EmulatorError.invalidArgument("page_token is not valid: pass back a next_page_token or prev_page_token unchanged");
  }
  const c = cursor as Partial<PageCursor> | null;
  if (!c || typeof c !== "object" || typeof c.o !== "number" || !Number.isInteger(c.o) || c.o < 0 || typeof c.q !== "string") {
    throw EmulatorError.invalidArgument("page_token is not valid: pass back a next_page_token or prev_page_token unchanged");
  }
  if (c.q !== queryKey) {
    throw EmulatorError.invalidArgument("page_token belongs to a listing with other filters: keep the filters of the first page");
  }
  return c.o;
}

/** A new random, opaque access token. */
export function newAccessToken(): string {
  return `skt_${randomBytes(24).toString("base64url")}`;
}
