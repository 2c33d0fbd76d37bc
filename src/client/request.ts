/**
 * One API call, start to finish: throttle, bearer token, per-attempt timeout, retries with backoff, waits
 * for the rate limit (which use up no retry), the single 401 renewal, and the typed error at the end. The
 * client's methods describe calls as `RequestSpec`s and leave all of this to `Requester.send`.
 */
import { BodyTooLarge, readCappedText, release } from "./answer";
import {
  createAnswerTooLargeError,
  createApiError,
  createConnectionError,
  createRedirectError,
  createTimeoutError,
  createUnexpectedResponseError,
  redact,
  type CallContext,
} from "./error-factory";
import { RateLimitError, ScalekitError, type Operation } from "./errors";
import { invalidIdentifierError, isProviderUrl } from "./identifier";
import { MAX_ANSWER_BYTES } from "./limits";
import type { ResolvedOptions } from "./options";
import type { Parsed } from "./parsed";
import { MAX_RATE_LIMITED_ATTEMPTS, retryDelay, serverRequestedDelay, shouldRetry, type HeadersLike } from "./retry";
import type { Throttle } from "./throttle";

/** A complete HTTP answer: status, headers and the whole body text. */
export interface HttpAnswer {
  status: number;
  headers: HeadersLike;
  text: string;
}

/** Per-call overrides of the client options. */
export interface RequestOptions {
  /** Time limit of each attempt, in milliseconds. @default the client's timeoutMs */
  timeoutMs?: number;
  /** Retries after a transient failure. @default the client's maxRetries */
  maxRetries?: number;
}

export interface RequestSpec<T> extends RequestOptions {
  operation: Operation;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Path plus query string, already encoded, starting with "/". */
  path: string;
  body?: { contentType: string; text: string };
  /** Whether to send `Authorization: Bearer <token>` (every call but the token request). */
  authenticated: boolean;
  identifier?: string;
  displayName?: string;
  /** Turns a 2xx answer into the result. A problem becomes an UnexpectedResponseError (not retried). */
  parse: (answer: HttpAnswer) => Parsed<T>;
  /**
   * Called after a retryable failure, before the next attempt (after the backoff) and before giving up. A
   * result other than undefined ends the call with it (create uses this to find a provider stored by an
   * attempt whose answer was lost).
   */
  recover?: (failure: ScalekitError) => Promise<T | undefined>;
}

/** How the requester reaches the token cache (kept abstract: the token request itself goes through here). */
export interface TokenSource {
  get(): Promise<string>;
  invalidate(refused: string): void;
  /** Strings to scrub from messages: the client secret and recent tokens. */
  secrets(): readonly string[];
}

export class Requester {
  private readonly attempts: Record<Operation, number> = { token: 0, list: 0, create: 0, update: 0, delete: 0 };
  private retries = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly throttle: Throttle,
    private readonly tokens: TokenSource,
  ) {}

  /**
   * Performs the call and returns the parsed result.
   * @throws ScalekitError subclasses: the typed error of the last attempt once it is not retryable or the
   *   retries are spent; errors of the token request propagate as they are (they were retried already).
   */
  async send<T>(spec: RequestSpec<T>): Promise<T> {
    // Defence in depth behind providerPath: a write reaches one provider's own path, or nothing is sent.
    if ((spec.operation === "update" || spec.operation === "delete") && !isProviderUrl(this.url(spec), this.options.environmentUrl)) {
      throw invalidIdentifierError(spec.identifier, { operation: spec.operation, displayName: spec.displayName });
    }
    const maxRetries = spec.maxRetries ?? this.options.maxRetries;
    let renewedToken = false;
    /** When the server first refused this call with 429 (waits for the rate limit do not use up retries). */
    let rateLimitedSince: number | undefined;
    let refusals = 0;
    for (let attempt = 1; ; attempt++) {
      const token = spec.authenticated ? await this.tokens.get() : undefined;
      const ctx = this.context(spec, attempt);
      let failure: ScalekitError;
      let headers: HeadersLike | undefined;
      let startedAt = 0;
      try {
        const answer = await this.throttle.run((at) => {
          startedAt = at;
          return this.attempt(spec, ctx, token);
        });
        headers = answer.headers;
        if (answer.status !== 429) this.throttle.accepted(startedAt);
        if (answer.status >= 200 && answer.status < 300) {
          const parsed = spec.parse(answer);
          if (parsed.ok) return parsed.value;
          throw createUnexpectedResponseError(
            ctx,
            answer.status,
            `its body does not have the expected shape (${parsed.problem})`,
            answer.headers,
          );
        }
        if (answer.status === 401 && token !== undefined && !renewedToken) {
          // The token expired or was revoked: renew it once and repeat the call; this is not a retry.
          renewedToken = true;
          this.tokens.invalidate(token);
          this.log(`${spec.method} ${pathOnly(spec.path)}: access token refused (401), renewing it and repeating the call once`);
          attempt--;
          continue;
        }
        failure = createApiError(
          { ...ctx, rateLimitedMs: rateLimitedSince === undefined ? undefined : this.options.now() - rateLimitedSince },
          { status: answer.status, body: answer.text, headers: answer.headers },
        );
      } catch (error) {
        if (!(error instanceof ScalekitError)) throw error;
        failure = error;
      }
      if (failure instanceof RateLimitError) {
        // The limit concerns the whole client: the throttle holds every request, this one included, and
        // the call is repeated when the hold ends. Refusals lasting rateLimitWaitMs, or MAX_RATE_LIMITED_ATTEMPTS
        // of them, fail it.
        const now = this.options.now();
        rateLimitedSince ??= now;
        refusals++;
        const wait = this.throttle.refused(startedAt, serverRequestedDelay(headers, this.options.now));
        if (now - rateLimitedSince >= this.options.rateLimitWaitMs || refusals >= MAX_RATE_LIMITED_ATTEMPTS) throw failure;
        this.log(`${spec.method} ${pathOnly(spec.path)}: rate limited (429); the client waits ${wait} ms, then repeats the call`);
        attempt--;
        continue;
      }
      const retryable = shouldRetry(failure);
      if (!retryable || attempt > maxRetries) {
        const recovered = retryable && spec.recover ? await spec.recover(failure) : undefined;
        if (recovered !== undefined) return recovered;
        throw failure;
      }
      const delay = retryDelay(attempt, headers, { ...this.options }, this.options.random);
      this.retries++;
      this.log(`${spec.method} ${pathOnly(spec.path)}: ${failure.name}; retry ${attempt} of ${maxRetries} in ${delay} ms`);
      await this.options.sleep(delay);
      const recovered = spec.recover ? await spec.recover(failure) : undefined;
      if (recovered !== undefined) return recovered;
    }
  }

  /** Attempts sent, by operation, and retries scheduled. */
  stats(): { attempts: Record<Operation, number>; retries: number } {
    return { attempts: { ...this.attempts }, retries: this.retries };
  }

  /**
   * One attempt under the time limit; the body is read inside it too, under MAX_ANSWER_BYTES. A redirect is
   * not followed: it is a RedirectError, its body unread. Throws Timeout/Connection/AnswerTooLarge/RedirectError.
   */
  private async attempt(spec: RequestSpec<unknown>, ctx: CallContext, token: string | undefined): Promise<HttpAnswer> {
    this.attempts[spec.operation]++;
    const timeoutMs = spec.timeoutMs ?? this.options.timeoutMs;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Racing the timer as well as aborting makes the limit hold even for a fetch that ignores the signal.
    const timedOut = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve("timeout");
      }, timeoutMs);
    });
    const headers: Record<string, string> = { accept: "application/json", "user-agent": "scalekit-providers" };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    if (spec.body) headers["content-type"] = spec.body.contentType;
    const started = this.options.now();
    const exchange = (async (): Promise<HttpAnswer> => {
      const response = await this.options.fetch(this.url(spec), {
        method: spec.method,
        headers,
        body: spec.body?.text,
        signal: controller.signal,
        redirect: "manual",
      });
      if (isRedirect(response.status)) {
        release(response.body);
        throw createRedirectError(ctx, response.status, response.headers.get("location"), this.url(spec), response.headers);
      }
      try {
        return { status: response.status, headers: response.headers, text: await readCappedText(response, MAX_ANSWER_BYTES) };
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        controller.abort(); // drop the connection rather than drain the rest
        throw createAnswerTooLargeError(ctx, response.status, MAX_ANSWER_BYTES);
      }
    })();
    try {
      const outcome = await Promise.race([exchange, timedOut]);
      if (outcome === "timeout") {
        exchange.catch(() => undefined); // settles later with an AbortError nobody needs
        this.log(`${spec.method} ${pathOnly(spec.path)}: no answer within ${timeoutMs} ms`);
        throw createTimeoutError(ctx, timeoutMs);
      }
      this.log(`${spec.method} ${pathOnly(spec.path)} -> ${outcome.status} in ${this.options.now() - started} ms`);
      return outcome;
    } catch (error) {
      if (error instanceof ScalekitError) throw error;
      this.log(`${spec.method} ${pathOnly(spec.path)}: connection failed`);
      throw createConnectionError(ctx, error);
    } finally {
      clearTimeout(timer);
    }
  }

  private url(spec: RequestSpec<unknown>): string {
    return `${this.options.environmentUrl}${spec.path}`;
  }

  private context(spec: RequestSpec<unknown>, attempt: number): CallContext {
    return {
      operation: spec.operation,
      environmentUrl: this.options.environmentUrl,
      identifier: spec.identifier,
      displayName: spec.displayName,
      attempts: attempt,
      secrets: [this.options.clientSecret, ...this.tokens.secrets()],
    };
  }

  private log(line: string): void {
    this.options.logger?.(redact(`scalekit: ${line}`, [this.options.clientSecret, ...this.tokens.secrets()]));
  }
}

function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

/** The path without its query string (page tokens and filters stay out of the logs). */
function pathOnly(path: string): string {
  const q = path.indexOf("?");
  return q === -1 ? path : path.slice(0, q);
}
