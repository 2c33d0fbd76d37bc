/**
 * The control plane under `/_emulator/` (no authentication; loopback only, and never from a web page: see
 * origin-guard.ts): what tests and the command line use to inspect the emulator and to stage situations
 * the API cannot create (connections, Dashboard edits, faults, expired tokens, rate limits, latency).
 *
 *   POST   /_emulator/reset                  -> {}
 *   GET    /_emulator/state                  -> {providers, faults, rateLimit, latencyMs}
 *   GET    /_emulator/journal                -> {entries}      DELETE -> {}
 *   GET    /_emulator/faults                 -> {faults}       POST FaultSpec -> 201 {faults}   DELETE -> {}
 *   POST   /_emulator/connections            {identifier, count?} -> {provider}
 *   POST   /_emulator/providers              payload -> 201 {provider}   (created in the Dashboard)
 *   PATCH  /_emulator/providers/{identifier} patch -> {provider}        (Dashboard edit: drift)
 *   DELETE /_emulator/providers/{identifier} -> {}                      (deleted outside Pulumi)
 *   POST   /_emulator/tokens/expire          -> {}
 *   PUT    /_emulator/rate-limit             {requests, windowSeconds?, retryAfterSeconds?, sendRetryAfter?} or {requestsPerSecond} or {} -> {rateLimit}
 *   PUT    /_emulator/latency                {ms} -> {latencyMs}
 *   GET    /_emulator/stats                  -> {maxConcurrentRequests, requestsByKind}
 *
 * Control-plane requests are counted under "control" in stats but not journaled: the journal records what
 * clients asked of the API, and reading it must not change it.
 */
import type { ApiAnswer } from "./api-handlers";
import type { EmulatorCore } from "./core";
import { EmulatorError, errorBody } from "./errors";
import { parseJsonBody } from "./http-util";
import { routeNotFound } from "./routes";
import type { RateLimit } from "./types";

type Handler = (core: EmulatorCore, body: () => unknown, param: string | undefined) => ApiAnswer;

const ok = (body: unknown = {}): ApiAnswer => ({ status: 200, body });

/** Routes by path; "{identifier}" is one path parameter. */
const CONTROL_ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  reset: { POST: (core) => (core.reset(), ok()) },
  state: {
    GET: (core) =>
      ok({ providers: core.providers(), faults: core.faults.list(), rateLimit: core.limiter.current ?? null, latencyMs: core.latencyMs }),
  },
  journal: {
    GET: (core) => ok({ entries: core.journal.list() }),
    DELETE: (core) => (core.journal.clear(), ok()),
  },
  faults: {
    GET: (core) => ok({ faults: core.faults.list() }),
    POST: (core, body) => (core.faults.add(body()), { status: 201, body: { faults: core.faults.list() } }),
    DELETE: (core) => (core.faults.clear(), ok()),
  },
  connections: {
    POST: (core, body) => {
      const b = objectBody(body());
      if (typeof b.identifier !== "string") throw EmulatorError.invalidArgument("identifier (string) is required");
      const count = b.count === undefined ? 1 : b.count;
      if (typeof count !== "number") throw EmulatorError.invalidArgument("count must be an integer, 0 or more");
      return ok({ provider: core.attachConnections(b.identifier, count) });
    },
  },
  providers: { POST: (core, body) => ({ status: 201, body: { provider: core.insertProvider(body()) } }) },
  "providers/{identifier}": {
    PATCH: (core, body, identifier) => ok({ provider: core.editProvider(identifier!, objectBody(body())) }),
    DELETE: (core, _body, identifier) => (core.removeProvider(identifier!), ok()),
  },
  "tokens/expire": { POST: (core) => (core.expireTokens(), ok()) },
  "rate-limit": {
    PUT: (core, body) => {
      const b = objectBody(body());
      const limit = Object.keys(b).length === 0 ? undefined : (b as unknown as RateLimit);
      core.setRateLimit(limit);
      return ok({ rateLimit: core.limiter.current ?? null });
    },
  },
  latency: {
    PUT: (core, body) => {
      const b = objectBody(body());
      core.setLatency(b.ms as number);
      return ok({ latencyMs: core.latencyMs });
    },
  },
  stats: { GET: (core) => ok(core.stats.snapshot()) },
};

/**
 * Answers one control-plane request; `rest` is the decoded path after `/_emulator/`.
 * @throws EmulatorError 404 (unknown route or provider), 405 (wrong method), 400 (bad body)
 */
export function handleControl(core: EmulatorCore, method: string, rest: readonly string[], bodyText: string, rawPath: string): ApiAnswer {
  let key = rest.join("/");
  let param: string | undefined;
  if (rest.length === 2 && rest[0] === "providers") {
    key = "providers/{identifier}";
    param = rest[1];
  }
  const methods = CONTROL_ROUTES[key];
  if (!methods) throw routeNotFound(method, rawPath);
  const handler = methods[method.toUpperCase()];
  if (!handler) {
    const allow = Object.keys(methods).join(", ");
    throw new EmulatorError(
      405,
      errorBody("UNIMPLEMENTED", `method ${method} is not allowed on ${rawPath}; allowed: ${allow}`, "METHOD_NOT_ALLOWED"),
      { Allow: allow },
    );
  }
  return handler(core, () => parseJsonBody(bodyText), param);
}

function objectBody(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw EmulatorError.invalidArgument("request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
