/**
 * One listing shared by every reader of a client instance. Scalekit has no "get one" call, so every read
 * is a listing; a refresh of N providers run in parallel would otherwise cost N listings.
 *
 * Contract:
 * - concurrent readers share the listing in flight (`get`);
 * - a finished listing answers later readers while they keep coming less than `reuseMs` apart (a burst
 *   of reads, such as a refresh, shares one consistent listing however slowly the host serves it), for
 *   at most LISTING_MAX_AGE_MS after it finished, and never once a write by this client has started or
 *   finished since the listing started: `invalidate()` is called at the start and at the end of every
 *   create, update and delete;
 * - `since(mark)` answers only with a listing that started after `mark()` was taken: a listing the caller
 *   did not wait for cannot tell it that something does not exist (a provider made by another client a
 *   moment ago would look absent). Such a listing is shared too, by every caller whose mark it follows;
 * - a failed listing is not kept: every reader sharing it gets the error, the next reader starts anew.
 */
import { ListingTooLargeError, MalformedListingError, type MalformedProvider } from "./errors";
import type { ListPage, ListedProvider } from "./parsed";
import { inert } from "../text";

/** One complete listing: the well-formed providers, and the malformed ones, which are reported, never dropped. */
export interface ProviderListing {
  providers: readonly ListedProvider[];
  malformed: readonly MalformedProvider[];
}

interface Listing {
  /** Its number: listings are numbered from 1 in the order they start. */
  seq: number;
  generation: number;
}

interface Snapshot extends Listing {
  listing: ProviderListing;
  /** When the listing finished (epoch ms). */
  at: number;
  /** When a reader last took it (epoch ms). */
  used: number;
}

/** The oldest a shared listing may be when it answers a read that finds its provider, in milliseconds. */
export const LISTING_MAX_AGE_MS = 30_000;

export class SharedListing {
  /** Bumped by every invalidation; a listing started under an older generation is never reused by `get`. */
  private generation = 0;
  private inFlight?: Listing & { promise: Promise<ProviderListing> };
  private snapshot?: Snapshot;
  private listings = 0;

  /**
   * @param fetchAll performs one complete listing (every page).
   * @param reuseMs the longest pause between reads for which a finished listing keeps answering them, in milliseconds.
   */
  constructor(
    private readonly fetchAll: () => Promise<ProviderListing>,
    private readonly now: () => number,
    private readonly reuseMs: number,
  ) {}

  /**
   * Every custom provider, shared with concurrent readers: good for finding what exists. The array and its
   * objects are shared: callers must copy before changing them (the client's public methods do).
   */
  get(): Promise<ProviderListing> {
    const snapshot = this.snapshot;
    const now = this.now();
    if (
      snapshot &&
      snapshot.generation === this.generation &&
      now - snapshot.used < this.reuseMs &&
      now - snapshot.at < LISTING_MAX_AGE_MS
    ) {
      snapshot.used = now;
      return Promise.resolve(snapshot.listing);
    }
    if (this.inFlight && this.inFlight.generation === this.generation) return this.inFlight.promise;
    return this.start();
  }

  /** A mark for `since`: the question "does it exist?" is asked now. */
  mark(): number {
    return this.listings;
  }

  /**
   * Every custom provider, from a listing that started after `mark` was taken: the one in flight or the
   * last finished one when it qualifies, else a new one. Good for deciding that something does not exist.
   */
  since(mark: number): Promise<ProviderListing> {
    if (this.inFlight && this.inFlight.seq > mark) return this.inFlight.promise;
    if (this.snapshot && this.snapshot.seq > mark) return Promise.resolve(this.snapshot.listing);
    return this.start();
  }

  /** Forgets the finished listing and stops sharing the one in flight with `get` (its current readers still get it). */
  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
  }

  /** Listings started since the client was built. */
  listingCount(): number {
    return this.listings;
  }

  private start(): Promise<ProviderListing> {
    const listing: Listing = { seq: ++this.listings, generation: this.generation };
    const promise = this.fetchAll().then(
      (result) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        if (listing.generation === this.generation && (this.snapshot === undefined || this.snapshot.seq < listing.seq)) {
          const at = this.now();
          this.snapshot = { ...listing, listing: result, at, used: at };
        }
        return result;
      },
      (error: unknown) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        throw error;
      },
    );
    this.inFlight = { ...listing, promise };
    return promise;
  }
}

/** One list page as the client reads it: the parsed page and the size of its answer, in bytes. */
export interface ListPageResult extends ListPage {
  bytes: number;
}

/** Pages followed at most; far beyond any real environment, it stops a server handing out endless tokens. */
export const MAX_LIST_PAGES = 10_000;

/**
 * Most answer bytes one complete listing may take, all pages together (each page is also capped by
 * MAX_ANSWER_BYTES). Bytes rather than providers, because bytes are what fills memory: a count of providers
 * bounds nothing when each one can be megabytes. A provider at the documented maxima is a few kilobytes, so
 * 64 MiB is tens of thousands of providers, far beyond any real environment, while a server that keeps
 * adding providers is stopped with the process holding at most this plus one page.
 */
export const MAX_LISTING_BYTES = 64 * 1024 * 1024;

/** What the listing errors need to say where they happened. */
export interface ListingErrors {
  /** The error for a token that repeats, a page that makes no progress, or MAX_LIST_PAGES reached. */
  loop: (problem: string) => Error;
  /** The environment URL, for the message of a listing past its byte bound. */
  environmentUrl: string;
}

/**
 * Follows `next_page_token` (passed back as `page_token`) from the first page until it is empty and
 * returns every provider, de-duplicated by identifier (a provider moving between pages during the walk is
 * kept once, as last seen), and the malformed ones with their page and position.
 * @param fetchPage fetches one page; `pageToken` is "" for the first.
 * @param errors builds the error thrown when a token repeats, a page that is not the last adds no
 *   provider not already listed (the walk is making no progress), or MAX_LIST_PAGES is reached.
 * @param maxBytes the bound on all pages' answers together. @default MAX_LISTING_BYTES
 * @throws ListingTooLargeError past `maxBytes`: the walk stops there and keeps nothing.
 */
export async function listAllPages(
  fetchPage: (pageToken: string) => Promise<ListPageResult>,
  errors: ListingErrors,
  maxBytes: number = MAX_LISTING_BYTES,
): Promise<ProviderListing> {
  const loopError = errors.loop;
  const byIdentifier = new Map<string, ListedProvider>();
  const malformed: MalformedProvider[] = [];
  const seenTokens = new Set<string>();
  let pageToken = "";
  let bytes = 0;
  for (let page = 1; ; page++) {
    const result = await fetchPage(pageToken);
    bytes += result.bytes;
    if (bytes > maxBytes) throw listingTooLargeError(errors.environmentUrl, maxBytes, page);
    const before = byIdentifier.size + malformed.length;
    for (const provider of result.providers) byIdentifier.set(provider.identifier, provider);
    for (const entry of result.malformed) malformed.push({ page, ...entry });
    if (result.nextPageToken === "") return { providers: [...byIdentifier.values()], malformed };
    if (seenTokens.has(result.nextPageToken)) {
      throw loopError(
        `page ${page} handed out a next_page_token that an earlier page already gave, so the listing would never end; it was stopped`,
      );
    }
    if (byIdentifier.size + malformed.length === before) {
      throw loopError(
        `page ${page} added no provider that earlier pages had not listed, yet handed out another next_page_token, so the listing was making no progress; it was stopped`,
      );
    }
    if (page >= MAX_LIST_PAGES) throw loopError(`the listing still had more pages after ${MAX_LIST_PAGES}; it was stopped`);
    seenTokens.add(result.nextPageToken);
    pageToken = result.nextPageToken;
  }
}

function listingTooLargeError(environmentUrl: string, maxBytes: number, pages: number): ListingTooLargeError {
  const mib = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
  return new ListingTooLargeError(
    `The listing of the custom providers of ${environmentUrl} went past ${mib} MiB of answers after ${pages} pages ` +
      `(the client's bound on one listing, MAX_LISTING_BYTES), far beyond any real environment: it was stopped and nothing of it was used. ` +
      "Check environmentUrl; if it is the environment's own URL, delete providers it should not hold in the Scalekit Dashboard, or report this to Scalekit support.",
    { operation: "list", limit: maxBytes },
  );
}

/** How many malformed providers a message names; the error's `malformed` holds them all. */
const MAX_NAMED_MALFORMED = 20;

/**
 * The error for a listing holding malformed providers, each named by what identifies it.
 * @param question what could not be answered, e.g. `listing the custom providers of https://…`.
 */
export function malformedListingError(question: string, malformed: readonly MalformedProvider[]): MalformedListingError {
  const lines = malformed.slice(0, MAX_NAMED_MALFORMED).map((m) => `\n  - ${describeMalformed(m)}: ${m.problem}`);
  const more = malformed.length > MAX_NAMED_MALFORMED ? `\n  … and ${malformed.length - MAX_NAMED_MALFORMED} more` : "";
  return new MalformedListingError(
    `Scalekit's listing holds ${malformed.length === 1 ? "a custom provider" : `${malformed.length} custom providers`} the client cannot use, ` +
      `so ${question} gave no answer that might leave ${malformed.length === 1 ? "it" : "them"} out:${lines.join("")}${more}\n` +
      "Every provider needs an identifier and a display name. Fix or delete these in the Scalekit Dashboard, then run again; if they look right there, report this to Scalekit support.",
    { operation: "list", malformed },
  );
}

/** A malformed provider by whatever identifies it: its identifier, its display name, and always where it was listed. */
function describeMalformed(m: MalformedProvider): string {
  const names = [
    ...(m.identifier === undefined ? [] : [`identifier "${inert(m.identifier, 80)}"`]),
    ...(m.displayName === undefined ? [] : [`display name "${inert(m.displayName)}"`]),
  ];
  const where = `page ${m.page}, position ${m.position}`;
  return names.length === 0 ? `the provider at ${where}` : `${names.join(", ")} (${where})`;
}
