/**
 * The client's options and their validation; the numeric ones' defaults and bounds are the client settings
 * table (settings.ts). Options are plain values plus injectable functions (fetch, sleep, clock) so that a
 * client is cheap to build where it is needed (for example in a Pulumi dynamic provider's `configure`) and
 * tests never wait for real.
 */
import nodeFetch from "node-fetch";
import { shownUrl } from "../text";
import { ConfigurationError, CredentialsInUrlError } from "./errors";
import { CREDENTIALS, optionValue, sourceName } from "./settings";

/** The subset of a fetch Response the client reads. */
export interface FetchResponse {
  status: number;
  headers: { get(name: string): string | null };
  /**
   * The body as a stream of chunks (node-fetch's Readable, undici's ReadableStream): read chunk by chunk
   * under MAX_ANSWER_BYTES. Without it, `text()` is read whole and checked afterwards.
   */
  body?: AsyncIterable<Uint8Array | string> | null;
  text(): Promise<string>;
}

/** The request the client hands to `fetch`. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** Always "manual": a redirect is answered as it is (and becomes a RedirectError), never followed. */
  redirect: "manual";
}

/** A `fetch` implementation (node-fetch 2, undici/global fetch, or a test double). */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

export interface ClientOptions {
  /**
   * Base URL of the Scalekit environment (`SCALEKIT_ENVIRONMENT_URL`), e.g. `https://acme.scalekit.dev`.
   * Must be `https://`, except for a loopback host (127.0.0.0/8, localhost, ::1) such as the local
   * emulator: over plain http the client secret would travel in clear text. A trailing slash is ignored.
   */
  environmentUrl: string;
  /** Client id of the environment's API credentials. */
  clientId: string;
  /** Client secret of the environment's API credentials. Never logged, never put in an error message. */
  clientSecret: string;
  /** HTTP implementation. @default node-fetch 2 */
  fetch?: FetchLike;
  /** Waits between retries and for the throttle, in milliseconds. @default a setTimeout promise */
  sleep?: (ms: number) => Promise<void>;
  /** Clock, in epoch milliseconds (token expiry, throttle window, listing reuse). @default Date.now */
  now?: () => number;
  /** Source of randomness in [0, 1) for backoff jitter. @default Math.random */
  random?: () => number;
  /** Time limit of one attempt (connect, send, complete answer), in milliseconds. @default 30000 */
  timeoutMs?: number;
  /** Retries after a transient failure, on top of the first attempt (0 disables retries). @default 4 */
  maxRetries?: number;
  /** Backoff ceiling before the first retry, in milliseconds; doubled per retry, with full jitter. @default 500 */
  retryBaseDelayMs?: number;
  /**
   * Largest backoff between two attempts, in milliseconds. A server `Retry-After` may ask for more and is
   * honoured up to max(retryMaxDelayMs, 60000). @default 20000
   */
  retryMaxDelayMs?: number;
  /**
   * Requests in flight at once, for this client instance (token and list requests included): the only
   * bound on the pace until the server answers 429. As many as the operations a provider host is usually
   * given at once, so that it costs nothing against a server with room to spare. @default 16
   */
  maxInFlight?: number;
  /**
   * Optional cap on requests started per second (any sliding one-second window), for this client instance,
   * token and list requests included. Off by default: Scalekit publishes no limit, so the client runs at
   * `maxInFlight` and follows the server's 429s instead (see `rateLimitWaitMs`). Values below 1 space
   * requests 1/requestsPerSecond seconds apart; fractions above 1 are rounded down. A request counts from its
   * start until one window after its answer, and the window is stretched by 50 ms. @default none
   */
  requestsPerSecond?: number;
  /**
   * How long one call may keep being refused with 429 before it fails, in milliseconds: the first refusal
   * at or after this time since its first one ends it. While refused, every request of the client waits
   * (the server's `Retry-After`, or a backoff growing with jitter up to a minute); these waits use up no
   * retry. @default 300000 (5 minutes)
   */
  rateLimitWaitMs?: number;
  /**
   * How long a finished listing keeps answering reads that find their provider in it, in milliseconds (0 to
   * 1000), counted from the last such read: a burst of reads (a refresh) shares one listing, for at most 30 s
   * (LISTING_MAX_AGE_MS). A listing is never reused after a write by this client, and a read that does not
   * find its provider always waits for a listing started after it. @default 1000
   */
  listingReuseMs?: number;
  /** `page_size` asked of the list call (1 to 1000). @default 1000 */
  pageSize?: number;
  /** Receives one line per attempt, retry and token renewal; never a secret, a token or a body. */
  logger?: (line: string) => void;
}

/** ClientOptions with every default applied and validated. */
export interface ResolvedOptions extends Required<Omit<ClientOptions, "logger" | "requestsPerSecond">> {
  requestsPerSecond?: number;
  logger?: (line: string) => void;
}

/** Whether `hostname` (as URL.hostname gives it) is a loopback address. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  return v4 !== null && v4.slice(1).every((octet) => Number(octet) <= 255);
}

/**
 * Checks the environment URL and returns it without trailing slashes.
 * @throws CredentialsInUrlError when it carries credentials (never echoed); ConfigurationError when it is not
 *   an absolute http(s) URL, has a query or a fragment, or is plain http to a host that is not loopback.
 */
export function normalizeEnvironmentUrl(value: unknown): string {
  const hint = `set ${sourceName(CREDENTIALS.environmentUrl)} to the environment URL shown in the Scalekit Dashboard, e.g. https://acme.scalekit.dev`;
  if (typeof value !== "string" || value.trim() === "")
    throw new ConfigurationError(`environmentUrl is missing: ${hint}`, "environmentUrl");
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigurationError(`environmentUrl "${shownUrl(value)}" is not an absolute URL: ${hint}`, "environmentUrl");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigurationError(`environmentUrl must be an https:// URL, got "${url.protocol}": ${hint}`, "environmentUrl");
  }
  if (url.username || url.password) {
    const { clientId, clientSecret } = CREDENTIALS;
    throw new CredentialsInUrlError(
      `environmentUrl must not carry credentials (a user name or password before the host, "user:password@"): ` +
        `set it to the URL alone, e.g. ${shownUrl(value)}, and give the API credentials as ${clientId.configKey} and ` +
        `${clientSecret.configKey} (a secret), or the variables ` +
        `${clientId.envVar} and ${clientSecret.envVar}`,
      "environmentUrl",
    );
  }
  if (url.search || url.hash)
    throw new ConfigurationError(`environmentUrl must not have a query or fragment, got "${shownUrl(value)}"`, "environmentUrl");
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `environmentUrl "${url.origin}" uses plain http://: the client secret would travel in clear text. Use https:// (plain http is accepted only for a loopback host such as the local emulator on 127.0.0.1)`,
      "environmentUrl",
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

function requireString(name: "clientId" | "clientSecret", value: unknown): string {
  const source = sourceName(CREDENTIALS[name]);
  if (typeof value !== "string" || value.trim() === "") {
    throw new ConfigurationError(
      `${name} is missing: set ${source} to the API credentials of this environment, found in the Scalekit Dashboard`,
      name,
    );
  }
  return value;
}

function functionOption<T>(name: string, value: unknown, fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== "function") throw new ConfigurationError(`${name} must be a function`, name);
  return value as T;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Applies defaults and validates every option.
 * @throws ConfigurationError naming the first unusable option (never echoing the client secret).
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) throw new ConfigurationError("ScalekitClient needs an options object");
  const retryBaseDelayMs = optionValue("retryBaseDelayMs", options.retryBaseDelayMs);
  const retryMaxDelayMs = optionValue("retryMaxDelayMs", options.retryMaxDelayMs);
  if (retryMaxDelayMs < retryBaseDelayMs) {
    throw new ConfigurationError(
      `retryMaxDelayMs (${retryMaxDelayMs}) must be at least retryBaseDelayMs (${retryBaseDelayMs})`,
      "retryMaxDelayMs",
    );
  }
  return {
    environmentUrl: normalizeEnvironmentUrl(options.environmentUrl),
    clientId: requireString("clientId", options.clientId),
    clientSecret: requireString("clientSecret", options.clientSecret),
    fetch: functionOption<FetchLike>("fetch", options.fetch, nodeFetch),
    sleep: functionOption("sleep", options.sleep, defaultSleep),
    now: functionOption("now", options.now, Date.now),
    random: functionOption("random", options.random, Math.random),
    timeoutMs: optionValue("timeoutMs", options.timeoutMs),
    maxRetries: optionValue("maxRetries", options.maxRetries),
    retryBaseDelayMs,
    retryMaxDelayMs,
    maxInFlight: optionValue("maxInFlight", options.maxInFlight),
    requestsPerSecond: optionValue("requestsPerSecond", options.requestsPerSecond),
    rateLimitWaitMs: optionValue("rateLimitWaitMs", options.rateLimitWaitMs),
    listingReuseMs: optionValue("listingReuseMs", options.listingReuseMs),
    pageSize: optionValue("pageSize", options.pageSize),
    logger: functionOption<((line: string) => void) | undefined>("logger", options.logger, undefined),
  };
}
