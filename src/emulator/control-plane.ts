/**
 * The control plane under `/_emulator/` (no authentication; loopback only, and never from a web page: see
 * origin-guard.ts): the emulator's control surface (control.ts) over HTTP, for tools outside the process. Each
 * route calls one method of it; only the shape of the request body is checked here.
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
import { EmulatorError, errorBody } from "./errors";
import { parseJsonBody } from "./http-util";
import { routeNotFound } from "./routes";
import type { EmulatorControl, FaultSpec } from "./types";

type Handler = (control: EmulatorControl, body: () => unknown, param: string | undefined) => ApiAnswer;

const ok = (body: unknown = {}): ApiAnswer => ({ status: 200, body });

/** Routes by path; "{identifier}" is one path parameter. */
const CONTROL_ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  reset: { POST: (control) => (control.reset(), ok()) },
  state: { GET: (control) => ok(control.state()) },
  journal: {
    GET: (control) => ok({ entries: control.journal() }),
    DELETE: (control) => (control.clearJournal(), ok()),
  },
  faults: {
    GET: (control) => ok({ faults: control.faults() }),
    // addFault checks the spec, whatever its type says: a body is any JSON.
    POST: (control, body) => (control.addFault(body() as FaultSpec), { status: 201, body: { faults: control.faults() } }),
    DELETE: (control) => (control.clearFaults(), ok()),
  },
  connections: {
    POST: (control, body) => {
      const b = objectBody(body());
      if (typeof b.identifier !== "string") throw EmulatorError.invalidArgument("identifier (string) is required");
      const count = b.count === undefined ? 1 : b.count;
      if (typeof count !== "number") throw EmulatorError.invalidArgument("count must be an integer, 0 or more");
      return ok({ provider: control.attachConnections(b.identifier, count) });
    },
  },
  providers: { POST: (control, body) => ({ status: 201, body: { provider: control.insertProvider(body()) } }) },
  "providers/{identifier}": {
    PATCH: (control, body, identifier) => ok({ provider: control.editProvider(identifier!, objectBody(body())) }),
    DELETE: (control, _body, identifier) => (control.removeProvider(identifier!), ok()),
  },
  "tokens/expire": { POST: (control) => (control.expireTokens(), ok()) },
  "rate-limit": {
    PUT: (control, body) => {
      const b = objectBody(body());
      // setRateLimit checks the limit's fields and answers 400 for a bad one.
      control.setRateLimit(Object.keys(b).length === 0 ? undefined : b);
      return ok({ rateLimit: control.state().rateLimit });
    },
  },
  latency: {
    PUT: (control, body) => {
      control.setLatency(objectBody(body()).ms as number);
      return ok({ latencyMs: control.state().latencyMs });
    },
  },
  stats: { GET: (control) => ok(control.stats()) },
};

/**
 * Answers one control-plane request; `rest` is the decoded path after `/_emulator/`.
 * @throws EmulatorError 404 (unknown route or provider), 405 (wrong method), 400 (bad body)
 */
export function handleControl(
  control: EmulatorControl,
  method: string,
  rest: readonly string[],
  bodyText: string,
  rawPath: string,
): ApiAnswer {
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
  return handler(control, () => parseJsonBody(bodyText), param);
}

function objectBody(value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw EmulatorError.invalidArgument("request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
