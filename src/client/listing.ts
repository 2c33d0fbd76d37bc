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
import type { ServerProvider } from "./parsed";

interface Listing {
  /** Its number: listings are numbered from 1 in the order they start. */
  seq: number;
  generation: number;
}

interface Snapshot extends Listing {
  providers: readonly ServerProvider[];
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
  private inFlight?: Listing & { promise: Promise<readonly ServerProvider[]> };
  private snapshot?: Snapshot;
  private listings = 0;

  /**
   * @param fetchAll performs one complete listing (every page).
   * @param reuseMs the longest pause between reads for which a finished listing keeps answering them, in milliseconds.
   */
  constructor(
    private readonly fetchAll: () => Promise<ServerProvider[]>,
    private readonly now: () => number,
    private readonly reuseMs: number,
  ) {}

  /**
   * Every custom provider, shared with concurrent readers: good for finding what exists. The array and its
   * objects are shared: callers must copy before changing them (the client's public methods do).
   */
  get(): Promise<readonly ServerProvider[]> {
    const snapshot = this.snapshot;
    const now = this.now();
    if (
      snapshot &&
      snapshot.generation === this.generation &&
      now - snapshot.used < this.reuseMs &&
      now - snapshot.at < LISTING_MAX_AGE_MS
    ) {
      snapshot.used = now;
      return Promise.resolve(snapshot.providers);
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
  since(mark: number): Promise<readonly ServerProvider[]> {
    if (this.inFlight && this.inFlight.seq > mark) return this.inFlight.promise;
    if (this.snapshot && this.snapshot.seq > mark) return Promise.resolve(this.snapshot.providers);
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

  private start(): Promise<readonly ServerProvider[]> {
    const listing: Listing = { seq: ++this.listings, generation: this.generation };
    const promise = this.fetchAll().then(
      (providers) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        if (listing.generation === this.generation && (this.snapshot === undefined || this.snapshot.seq < listing.seq)) {
          const at = this.now();
          this.snapshot = { ...listing, providers, at, used: at };
        }
        return providers;
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

/** One list page as the client reads it. */
export interface ListPageResult {
  providers: ServerProvider[];
  nextPageToken: string;
}

/** Pages followed at most; far beyond any real environment, it stops a server handing out endless tokens. */
export const MAX_LIST_PAGES = 10_000;

/**
 * Follows `next_page_token` (passed back as `page_token`) from the first page until it is empty and
 * returns every provider, de-duplicated by identifier (a provider moving between pages during the walk is
 * kept once, as last seen).
 * @param fetchPage fetches one page; `pageToken` is "" for the first.
 * @param loopError builds the error thrown when a token repeats, a page that is not the last adds no
 *   provider not already listed (the walk is making no progress), or MAX_LIST_PAGES is reached.
 */
export async function listAllPages(
  fetchPage: (pageToken: string) => Promise<ListPageResult>,
  loopError: (problem: string) => Error,
): Promise<ServerProvider[]> {
  const byIdentifier = new Map<string, ServerProvider>();
  const seenTokens = new Set<string>();
  let pageToken = "";
  for (let page = 1; ; page++) {
    const result = await fetchPage(pageToken);
    const before = byIdentifier.size;
    for (const provider of result.providers) byIdentifier.set(provider.identifier, provider);
    if (result.nextPageToken === "") return [...byIdentifier.values()];
    if (seenTokens.has(result.nextPageToken)) {
      throw loopError(
        `page ${page} handed out a next_page_token that an earlier page already gave, so the listing would never end; it was stopped`,
      );
    }
    if (byIdentifier.size === before) {
      throw loopError(
        `page ${page} added no provider that earlier pages had not listed, yet handed out another next_page_token, so the listing was making no progress; it was stopped`,
      );
    }
    if (page >= MAX_LIST_PAGES) throw loopError(`the listing still had more pages after ${MAX_LIST_PAGES}; it was stopped`);
    seenTokens.add(result.nextPageToken);
    pageToken = result.nextPageToken;
  }
}
