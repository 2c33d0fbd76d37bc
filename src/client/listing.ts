/**
 * One listing shared by every reader of a client instance. Scalekit has no "get one" call, so every read
 * is a listing; a refresh of N providers run in parallel would otherwise cost N listings.
 *
 * Contract:
 * - concurrent readers share the listing in flight;
 * - a finished listing answers later readers for at most `reuseMs` after it finished (so what a read sees
 *   is never older than that window), and never once a write by this client has started or finished since
 *   the listing started: `invalidate()` is called at the start and at the end of every create, update and
 *   delete;
 * - a `fresh` read never takes a listing that started before it was asked for;
 * - a failed listing is not kept: every reader sharing it gets the error, the next reader starts anew.
 */
import type { ServerProvider } from "./responses";

interface Snapshot {
  providers: readonly ServerProvider[];
  /** When the listing finished (epoch ms). */
  at: number;
  generation: number;
}

export class SharedListing {
  /** Bumped by every invalidation; a listing started under an older generation is never reused. */
  private generation = 0;
  private inFlight?: { promise: Promise<readonly ServerProvider[]>; generation: number };
  private snapshot?: Snapshot;
  private nextFresh?: Promise<readonly ServerProvider[]>;
  private listings = 0;

  /**
   * @param fetchAll performs one complete listing (every page).
   * @param reuseMs how long a finished listing may be reused, in milliseconds.
   */
  constructor(
    private readonly fetchAll: () => Promise<ServerProvider[]>,
    private readonly now: () => number,
    private readonly reuseMs: number,
  ) {}

  /**
   * Every custom provider, shared with concurrent readers. The array and its objects are shared: callers
   * must copy before changing them (the client's public methods do).
   * @param fresh when true, only a listing started after this call is acceptable.
   */
  get(fresh = false): Promise<readonly ServerProvider[]> {
    if (fresh) return this.getFresh();
    const snapshot = this.snapshot;
    if (snapshot && snapshot.generation === this.generation && this.now() - snapshot.at < this.reuseMs) {
      return Promise.resolve(snapshot.providers);
    }
    if (this.inFlight && this.inFlight.generation === this.generation) return this.inFlight.promise;
    return this.start();
  }

  /**
   * A listing that starts after this call. When one is already in flight (it may have started before a
   * write this caller cares about), the caller waits for the next one, which starts when the current one
   * settles and is shared by every fresh reader that arrived meanwhile: at most two listings run at once
   * however many fresh readers there are.
   */
  private getFresh(): Promise<readonly ServerProvider[]> {
    if (!this.inFlight) return this.start();
    if (!this.nextFresh) {
      const settled = this.inFlight.promise.then(
        () => undefined,
        () => undefined,
      );
      this.nextFresh = settled.then(() => {
        this.nextFresh = undefined;
        return this.start();
      });
    }
    return this.nextFresh;
  }

  /** Forgets the finished listing and stops sharing the one in flight (its current readers still get it). */
  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
  }

  /** Listings started since the client was built. */
  listingCount(): number {
    return this.listings;
  }

  private start(): Promise<readonly ServerProvider[]> {
    const generation = this.generation;
    this.listings++;
    const promise = this.fetchAll().then(
      (providers) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        if (generation === this.generation) this.snapshot = { providers, at: this.now(), generation };
        return providers;
      },
      (error: unknown) => {
        if (this.inFlight?.promise === promise) this.inFlight = undefined;
        throw error;
      },
    );
    this.inFlight = { promise, generation };
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
export async function listAllPages(fetchPage: (pageToken: string) => Promise<ListPageResult>, loopError: (problem: string) => Error): Promise<ServerProvider[]> {
  const byIdentifier = new Map<string, ServerProvider>();
  const seenTokens = new Set<string>();
  let pageToken = "";
  for (let page = 1; ; page++) {
    const result = await fetchPage(pageToken);
    const before = byIdentifier.size;
    for (const provider of result.providers) byIdentifier.set(provider.identifier, provider);
    if (result.nextPageToken === "") return [...byIdentifier.values()];
    if (seenTokens.has(result.nextPageToken)) {
      throw loopError(`page ${page} handed out a next_page_token that an earlier page already gave, so the listing would never end; it was stopped`);
    }
    if (byIdentifier.size === before) {
      throw loopError(`page ${page} added no provider that earlier pages had not listed, yet handed out another next_page_token, so the listing was making no progress; it was stopped`);
    }
    if (page >= MAX_LIST_PAGES) throw loopError(`the listing still had more pages after ${MAX_LIST_PAGES}; it was stopped`);
    seenTokens.add(result.nextPageToken);
    pageToken = result.nextPageToken;
  }
}
