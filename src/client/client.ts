/**
 * ScalekitClient: one method per documented call of Scalekit's custom-providers API. Token handling,
 * throttling, retries and typed errors live in the modules it assembles; this file describes the calls.
 *
 * The client holds no module-level state and reads no environment: build one where it is needed (for
 * example in a Pulumi dynamic provider's `configure`) and share it for the life of the process, so that all
 * calls share one token, one throttle and one listing. Never capture an instance in a serialized closure:
 * it holds the client secret.
 */
import { conflictWithExisting, createUnexpectedResponseError, type CallContext } from "./error-factory";
import { ConflictError, NotFoundError, ScalekitError, type Operation } from "./errors";
import { providerPath } from "./identifier";
import { SharedListing, listAllPages, malformedListingError, type ProviderListing } from "./listing";
import { resolveOptions, type ClientOptions, type ResolvedOptions } from "./options";
import { optionValue } from "./settings";
import { Requester, type RequestOptions } from "./request";
import type { ListedProvider, ProviderPayload, ServerProvider } from "./parsed";
import { parseListPageBody, parseProviderBody, parseTokenBody } from "./responses";
import { mayHaveTakenEffect } from "./retry";
import { Throttle, type ThrottleStats } from "./throttle";
import { TokenCache } from "./token";
import { payloadsEqual } from "../comparison";
import { inert } from "../text";

/** Options of the read methods. */
export interface ReadOptions {
  /** Only a listing started after this call will do, even for a provider that a shared listing holds. @default false */
  fresh?: boolean;
}

/** Counters for tests and the benchmark. */
export interface ClientStats {
  /** HTTP attempts sent, by operation (retries and the 401 repeat included). */
  requests: Record<Operation, number>;
  /** Retries scheduled after transient failures. */
  retries: number;
  /** Token requests started (each may take several attempts). */
  tokenRequests: number;
  /** Complete listings started (each may take several pages). */
  listings: number;
  throttle: ThrottleStats;
}

export class ScalekitClient {
  private readonly options: ResolvedOptions;
  private readonly throttle: Throttle;
  private readonly tokens: TokenCache;
  private readonly http: Requester;
  private readonly listing: SharedListing;

  /** @throws ConfigurationError when an option is missing or unusable (e.g. a plain http:// URL to a remote host). */
  constructor(options: ClientOptions) {
    const o = resolveOptions(options);
    this.options = o;
    this.throttle = new Throttle({
      maxInFlight: o.maxInFlight,
      requestsPerSecond: o.requestsPerSecond,
      now: o.now,
      sleep: o.sleep,
      random: o.random,
    });
    this.tokens = new TokenCache(() => this.requestToken(), o.now);
    this.http = new Requester(o, this.throttle, {
      get: () => this.tokens.get(),
      invalidate: (refused) => this.tokens.invalidate(refused),
      secrets: () => this.tokens.recentTokens(),
    });
    this.listing = new SharedListing(() => this.listAll(), o.now, o.listingReuseMs);
  }

  /** The environment URL in use, without a trailing slash. */
  get environmentUrl(): string {
    return this.options.environmentUrl;
  }

  /**
   * A valid access token (client credentials grant), cached until shortly before it expires; concurrent
   * callers share one token request.
   * @throws AuthenticationError when the client id or secret is wrong for this environment.
   */
  getToken(): Promise<string> {
    return this.tokens.get();
  }

  /**
   * Every custom provider of the environment (all pages), from a listing that started after this call
   * (shared with concurrent callers whose call it also follows): whatever existed when it was called is in it.
   * @throws MalformedListingError naming the listed providers without a usable identifier or display name
   *   (or with fields of the wrong type): a listing without them would be incomplete.
   * @throws ListingTooLargeError past MAX_LISTING_BYTES.
   */
  async listProviders(): Promise<ListedProvider[]> {
    const listing = await this.listing.since(this.listing.mark());
    if (listing.malformed.length > 0)
      throw malformedListingError(`listing the custom providers of ${this.environmentUrl}`, listing.malformed);
    return structuredClone([...listing.providers]);
  }

  /**
   * The provider with this identifier or, failing that, the one with server id `opts.providerId` (for an
   * identifier the server changed), or undefined when there is none. A provider the shared listing holds
   * is returned from it; "none" is only ever answered from a listing that started after this call.
   * @throws MalformedListingError when it is not found and the listing holds malformed providers: any of
   *   them might be it, so "none" cannot be answered.
   */
  async findByIdentifier(identifier: string, opts: ReadOptions & { providerId?: string } = {}): Promise<ListedProvider | undefined> {
    requireIdentifier(identifier);
    const { providerId } = opts;
    return this.find(
      (ps) => ps.find((p) => p.identifier === identifier) ?? (providerId === undefined ? undefined : ps.find((p) => p.id === providerId)),
      `reading custom provider ${inert(identifier, 80)}`,
      opts,
    );
  }

  /** The provider with this server id (`id`), or undefined; "none" and its errors as for findByIdentifier. */
  async findByServerId(providerId: string, opts: ReadOptions = {}): Promise<ListedProvider | undefined> {
    return this.find((ps) => ps.find((p) => p.id === providerId), `reading the custom provider with id ${inert(providerId, 80)}`, opts);
  }

  /** The provider with exactly this display name, or undefined; "none" and its errors as for findByIdentifier. */
  async findByDisplayName(displayName: string, opts: ReadOptions = {}): Promise<ListedProvider | undefined> {
    return this.find((ps) => ps.find((p) => p.display_name === displayName), `looking for custom provider "${inert(displayName)}"`, opts);
  }

  /**
   * Creates a provider from the payload, sent unchanged, and returns it as stored (take its identifier
   * from here). Never creates a duplicate: when an attempt's answer was lost (timeout, broken connection,
   * 5xx), the provider is looked up in a fresh listing before any further attempt, and a provider found
   * then, or behind a 409 answered after such an attempt, is that attempt's provider and returned, but only
   * if it has exactly this display name and this definition: a different provider that merely holds the name
   * is never taken over this way (it is a ConflictError, as on a first attempt).
   * @throws ConflictError on a 409 to the first attempt: another provider has this display name; its
   *   identifier is in `existingIdentifier` and the message says how to adopt it.
   * @throws ValidationError when Scalekit refuses the payload; other ScalekitErrors as they come.
   */
  async createProvider(payload: ProviderPayload, opts: RequestOptions = {}): Promise<ServerProvider> {
    const displayName = requireDisplayName(payload);
    let mayBeStored = false;
    this.listing.invalidate();
    try {
      return await this.http.send({
        ...pickRequestOptions(opts),
        operation: "create",
        method: "POST",
        path: "/api/v1/custom-providers",
        body: json(payload),
        authenticated: true,
        displayName,
        parse: (answer) => parseProviderBody(answer.text),
        recover: async (failure) => {
          if (!mayHaveTakenEffect(failure)) return undefined;
          mayBeStored = true;
          const holder = await this.holderOfDisplayName(displayName);
          return holder && isStoredCopy(holder, payload) ? holder : undefined;
        },
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const existing = await this.holderOfDisplayName(displayName);
      if (mayBeStored && existing && isStoredCopy(existing, payload)) return existing;
      throw conflictWithExisting(error, this.context("create", { displayName }), existing);
    } finally {
      this.listing.invalidate();
    }
  }

  /**
   * Replaces the provider's definition with `payload` (PUT, the full payload) and returns it as stored;
   * use the identifier of the answer from then on.
   * @throws InvalidIdentifierError when the identifier is not one Scalekit issues; nothing was sent.
   * @throws NotFoundError when the provider no longer exists (deleted outside Pulumi).
   * @throws ConflictError when another provider has the new display name (`existingIdentifier` names it).
   */
  async updateProvider(identifier: string, payload: ProviderPayload, opts: RequestOptions = {}): Promise<ServerProvider> {
    const displayName = requireDisplayName(payload);
    const path = providerPath(identifier, { operation: "update", displayName });
    this.listing.invalidate();
    try {
      return await this.http.send({
        ...pickRequestOptions(opts),
        operation: "update",
        method: "PUT",
        path,
        body: json(payload),
        authenticated: true,
        identifier,
        displayName,
        parse: (answer) => parseProviderBody(answer.text),
      });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const holder = await this.holderOfDisplayName(displayName);
      throw conflictWithExisting(
        error,
        this.context("update", { identifier, displayName }),
        holder?.identifier === identifier ? undefined : holder,
      );
    } finally {
      this.listing.invalidate();
    }
  }

  /**
   * Deletes the provider. A 404 answered to a retry after an attempt whose answer was lost counts as done.
   * `opts.displayName` only names the provider in errors.
   * @throws InvalidIdentifierError when the identifier is not one Scalekit issues; nothing was sent.
   * @throws NotFoundError when no provider has this identifier (callers that want "gone" may treat it as success).
   * @throws InUseError when connections or connected accounts still use it; nothing was deleted.
   */
  async deleteProvider(identifier: string, opts: RequestOptions & { displayName?: string } = {}): Promise<void> {
    const path = providerPath(identifier, { operation: "delete", displayName: opts.displayName });
    let mayBeDeleted = false;
    this.listing.invalidate();
    try {
      await this.http.send({
        ...pickRequestOptions(opts),
        operation: "delete",
        method: "DELETE",
        path,
        authenticated: true,
        identifier,
        parse: () => ({ ok: true, value: true }),
        recover: async (failure) => {
          mayBeDeleted ||= mayHaveTakenEffect(failure);
          return undefined;
        },
      });
    } catch (error) {
      if (!(mayBeDeleted && error instanceof NotFoundError)) throw error;
    } finally {
      this.listing.invalidate();
    }
  }

  /** Request, retry, token, listing and throttle counters of this instance. */
  stats(): ClientStats {
    const http = this.http.stats();
    return {
      requests: http.attempts,
      retries: http.retries,
      tokenRequests: this.tokens.requestCount(),
      listings: this.listing.listingCount(),
      throttle: this.throttle.stats(),
    };
  }

  /** What JSON.stringify shows: never the secret. */
  toJSON(): { environmentUrl: string; clientId: string } {
    return { environmentUrl: this.options.environmentUrl, clientId: this.options.clientId };
  }

  /** What console.log and util.inspect show: never the secret. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `ScalekitClient { environmentUrl: '${this.options.environmentUrl}', clientId: '${this.options.clientId}' }`;
  }

  /** POST /oauth/token, form-encoded client credentials grant. Used by the token cache only. */
  private requestToken() {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.options.clientId,
      client_secret: this.options.clientSecret,
    });
    return this.http.send({
      operation: "token",
      method: "POST",
      path: "/oauth/token",
      body: { contentType: "application/x-www-form-urlencoded", text: form.toString() },
      authenticated: false,
      parse: (answer) => parseTokenBody(answer.text),
    });
  }

  /** One complete listing: GET /api/v1/providers?filter.provider_type=CUSTOM&page_size=N, page after page. */
  private listAll(): Promise<ProviderListing> {
    return listAllPages(
      (pageToken) => {
        const query = new URLSearchParams({ "filter.provider_type": "CUSTOM", page_size: String(this.options.pageSize) });
        if (pageToken !== "") query.set("page_token", pageToken);
        return this.http.send({
          operation: "list",
          method: "GET",
          path: `/api/v1/providers?${query.toString()}`,
          authenticated: true,
          parse: (answer) => {
            const page = parseListPageBody(answer.text);
            return page.ok ? { ok: true, value: { ...page.value, bytes: Buffer.byteLength(answer.text) } } : page;
          },
        });
      },
      {
        loop: (problem) => createUnexpectedResponseError(this.context("list", {}), 200, problem),
        environmentUrl: this.options.environmentUrl,
      },
    );
  }

  /**
   * What `pick` finds in the shared listing (a hit needs no new listing), else what it finds in a listing
   * that started after this call: a miss is never decided on a listing older than the question.
   */
  private async find(
    pick: (providers: readonly ListedProvider[]) => ListedProvider | undefined,
    question: string,
    opts: ReadOptions,
  ): Promise<ListedProvider | undefined> {
    const mark = this.listing.mark();
    const shared = opts.fresh ? undefined : pick((await this.listing.get()).providers);
    if (shared) return structuredClone(shared);
    const listing = await this.listing.since(mark);
    const found = pick(listing.providers);
    if (found) return structuredClone(found);
    if (listing.malformed.length > 0) throw malformedListingError(question, listing.malformed);
    return undefined;
  }

  /**
   * The provider holding a display name, from a listing started after this call: exact match first, then
   * ignoring case and surrounding spaces (Scalekit's uniqueness rule for names is unknown).
   */
  private async holderOfDisplayName(displayName: string): Promise<ServerProvider | undefined> {
    const { providers } = await this.listing.since(this.listing.mark());
    const loose = (s: unknown) => (typeof s === "string" ? s.trim().toLowerCase() : undefined);
    const found =
      providers.find((p) => p.display_name === displayName) ?? providers.find((p) => loose(p.display_name) === loose(displayName));
    return found && structuredClone(found);
  }

  private context(operation: Operation, extra: Partial<CallContext>): CallContext {
    return {
      operation,
      environmentUrl: this.options.environmentUrl,
      secrets: [this.options.clientSecret, ...this.tokens.recentTokens()],
      ...extra,
    };
  }
}

/**
 * Whether `stored` is what a create of `payload` would have stored: the very same display name and an equal
 * definition once server defaults are set aside. Only such a provider can be a lost attempt's own.
 */
function isStoredCopy(stored: ServerProvider, payload: ProviderPayload): boolean {
  return stored.display_name === payload.display_name && payloadsEqual(stored, payload);
}

function json(payload: ProviderPayload): { contentType: string; text: string } {
  return { contentType: "application/json", text: JSON.stringify(payload) };
}

/** The per-call overrides, checked like the client options (absent means the client's own). @throws ConfigurationError */
function pickRequestOptions(opts: RequestOptions): RequestOptions {
  const { timeoutMs, maxRetries } = opts;
  if (timeoutMs !== undefined) optionValue("timeoutMs", timeoutMs);
  if (maxRetries !== undefined) optionValue("maxRetries", maxRetries);
  return { timeoutMs, maxRetries };
}

function requireIdentifier(identifier: unknown): asserts identifier is string {
  if (typeof identifier !== "string" || identifier === "")
    throw new ScalekitError("A provider identifier must be a non-empty string, as returned by Scalekit.");
}

function requireDisplayName(payload: unknown): string {
  const name = typeof payload === "object" && payload !== null ? (payload as { display_name?: unknown }).display_name : undefined;
  if (typeof name !== "string" || name === "")
    throw new ScalekitError("A provider payload must be an object with a non-empty display_name.");
  return name;
}
