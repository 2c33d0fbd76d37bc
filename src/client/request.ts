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

/** Where one call stands: what decides whether, and how, it goes on after a failed attempt. */
interface CallProgress {
  readonly maxRetries: number;
  /**
   * The attempt under way, from 1; each retry is the next one. Repeating the call with a renewed token, or
   * once the rate limit's hold ends, is the same attempt again: neither uses up a retry.
   */
  attempt: number;
  /** Whether the call used its one token renewal (after a 401). */
  renewedToken: boolean;
  /** When the server first refused this call with 429. */
  rateLimitedSince?: number;
  /** How many times the server refused this call with 429. */
  rateLimitRefusals: number;
}

/** An attempt that did not give the result: its typed error, and what the decision reads besides. */
interface FailedAttempt {
  readonly failure: ScalekitError;
  /** The HTTP status, when the server answered. */
  readonly status?: number;
  readonly headers?: HeadersLike;
  /** The access token the attempt sent. */
  readonly token?: string;
  /** When the throttle let the attempt start. */
  readonly startedAt: number;
}

/** What follows a failed attempt. */
type Next =
  /** The same attempt again: with a renewed token, or once the throttle's hold for the rate limit ends. */
  | { kind: "repeat" }
  /** The next attempt, after waiting `delayMs`. */
  | { kind: "retry"; delayMs: number }
  /** The failure ends the call; `retryable` when it may hide a success (then `recover` looks first). */
  | { kind: "give-up"; retryable: boolean };

export class Requester {
  private readonly attempts: Record<Operation, number> = { token: 0, list: 0, create: 0, update: 0, delete: 0 };
  private retries = 0;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly throttle: Throttle,
    private readonly tokens: TokenSource,
  ) {}

  /**
   * Performs the call and returns the parsed result: one attempt, one decision on what follows it, one wait,
   * until the result or the end.
   * @throws ScalekitError subclasses: the typed error of the last attempt once it is not retryable or the
   *   retries are spent; errors of the token request propagate as they are (they were retried already).
   */
  async send<T>(spec: RequestSpec<T>): Promise<T> {
    // Defence in depth behind providerPath: a write reaches one provider's own path, or nothing is sent.
    if ((spec.operation === "update" || spec.operation === "delete") && !isProviderUrl(this.url(spec), this.options.environmentUrl)) {
      throw invalidIdentifierError(spec.identifier, { operation: spec.operation, displayName: spec.displayName });
    }
    const call: CallProgress = {
      maxRetries: spec.maxRetries ?? this.options.maxRetries,
      attempt: 1,
      renewedToken: false,
      rateLimitRefusals: 0,
    };
    for (;;) {
      const result = await this.attemptOnce(spec, call);
      if (result.ok) return result.value;
      const { next } = result;
      if (next.kind === "repeat") continue;
      if (next.kind === "retry") await this.options.sleep(next.delayMs);
      // A retryable failure may hide a success (create's lost answer): `recover` looks before the call goes on or ends.
      const recovered = spec.recover && (next.kind === "retry" || next.retryable) ? await spec.recover(result.failure) : undefined;
      if (recovered !== undefined) return recovered;
      if (next.kind === "give-up") throw result.failure;
      call.attempt++;
    }
  }

  /**
   * One attempt through the throttle, its answer read as the result or as the typed error, and then, at once,
   * the decision on what follows a failure: the throttle and the token cache hear of a 429 or a 401 before
   * any other request of the client starts.
   */
  private async attemptOnce<T>(
    spec: RequestSpec<T>,
    call: CallProgress,
  ): Promise<{ ok: true; value: T } | { ok: false; failure: ScalekitError; next: Next }> {
    const token = spec.authenticated ? await this.tokens.get() : undefined;
    const ctx = this.context(spec, call.attempt);
    let failed: FailedAttempt;
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
        if (parsed.ok) return { ok: true, value: parsed.value };
        throw createUnexpectedResponseError(
          ctx,
          answer.status,
          `its body does not have the expected shape (${parsed.problem})`,
          answer.headers,
        );
      }
      const failure = createApiError(
        { ...ctx, rateLimitedMs: call.rateLimitedSince === undefined ? undefined : this.options.now() - call.rateLimitedSince },
        { status: answer.status, body: answer.text, headers: answer.headers },
      );
      failed = { failure, status: answer.status, headers, token, startedAt };
    } catch (error) {
      if (!(error instanceof ScalekitError)) throw error;
      failed = { failure: error, headers, token, startedAt };
    }
    return { ok: false, failure: failed.failure, next: this.decide(spec, call, failed) };
  }

  /** What follows a failed attempt, by the retry rules; it counts what it decides (renewal, refusals, retries). */
  private decide(spec: RequestSpec<unknown>, call: CallProgress, failed: FailedAttempt): Next {
    const where = `${spec.method} ${pathOnly(spec.path)}`;
    if (failed.status === 401 && failed.token !== undefined && !call.renewedToken) {
      // The token expired or was revoked: renew it once and repeat the call; this is not a retry.
      call.renewedToken = true;
      this.tokens.invalidate(failed.token);
      this.log(`${where}: access token refused (401), renewing it and repeating the call once`);
      return { kind: "repeat" };
    }
    if (failed.failure instanceof RateLimitError) {
      // The limit concerns the whole client: the throttle holds every request, this one included, and the
      // call is repeated when the hold ends. Refusals lasting rateLimitWaitMs, or MAX_RATE_LIMITED_ATTEMPTS
      // of them, fail it.
      const now = this.options.now();
      call.rateLimitedSince ??= now;
      call.rateLimitRefusals++;
      const wait = this.throttle.refused(failed.startedAt, serverRequestedDelay(failed.headers, this.options.now));
      if (now - call.rateLimitedSince >= this.options.rateLimitWaitMs || call.rateLimitRefusals >= MAX_RATE_LIMITED_ATTEMPTS) {
        return { kind: "give-up", retryable: false };
      }
      this.log(`${where}: rate limited (429); the client waits ${wait} ms, then repeats the call`);
      return { kind: "repeat" };
    }
    const retryable = shouldRetry(failed.failure);
    if (!retryable || call.attempt > call.maxRetries) return { kind: "give-up", retryable };
    const delayMs = retryDelay(call.attempt, failed.headers, { ...this.options }, this.options.random);
    this.retries++;
    this.log(`${where}: ${failed.failure.name}; retry ${call.attempt} of ${call.maxRetries} in ${delayMs} ms`);
    return { kind: "retry", delayMs };
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
