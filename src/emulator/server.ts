/**
 * The HTTP side of the emulator: one request pipeline on Node's http server, bound to 127.0.0.1.
 *
 * Every request must be addressed to a loopback host (the `Host` header, see origin-guard.ts), or it is
 * refused with 403 before anything else: a web page that rebinds its own host name to 127.0.0.1 gets nothing.
 * An API request then goes through, in order: route resolution, body read (413 past the limit), journal
 * body, added latency, the first matching fault, the rate limit (429), route errors (404/405),
 * authentication and the handler. Control-plane requests must also come from no web page but a loopback
 * one (`Origin`) and carry JSON (`Content-Type`), and skip latency, faults, rate limit and journal. Any
 * unexpected error answers 500 and the server stays up.
 *
 * Routing reads the path as sent. Redaction of the client secret applies only to what is journaled,
 * logged or quoted in an answer, after routing: a path that happens to contain the secret still routes.
 */
import { setMaxListeners } from "node:events";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { handleApi, type ApiAnswer } from "./api-handlers";
import { handleControl } from "./control-plane";
import type { EmulatorCore } from "./core";
import { defaultErrorBodyForStatus, EmulatorError, errorBody } from "./errors";
import { faultLabel } from "./faults";
import {
  parseFormBody,
  pathSegments,
  queryObject,
  RAW_BODY_KEEP_CHARS,
  readBody,
  resetConnection,
  sendJson,
  sendRaw,
  sleep,
} from "./http-util";
import { redact, redactText } from "./journal";
import { controlRefusal, hostRefusal } from "./origin-guard";
import { resolveRoute, type Route } from "./routes";
import { inert } from "../text";
import type { JournalEntry } from "./types";

export interface ListeningServer {
  port: number;
  /** Stops listening, ends pending delays and drops open connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the HTTP server for `core` on 127.0.0.1:`port` (0 = any free port).
 * @throws Error when the port cannot be bound (e.g. EADDRINUSE)
 */
export async function listen(core: EmulatorCore, port: number): Promise<ListeningServer> {
  const stopping = new AbortController();
  // Every delayed request listens to this one signal (and stops listening when done): many in flight are
  // normal, not the leak Node warns about past 10 listeners.
  setMaxListeners(0, stopping.signal);
  let boundPort = 0; // known once listening, before any request arrives
  const server = http.createServer((req, res) => {
    handleRequest(core, req, res, stopping.signal, boundPort).catch((err: unknown) => {
      // handleRequest answers its own errors; reaching here means answering failed too.
      log(core, `internal error while answering ${req.method} ${redactText(req.url ?? "", core.secrets)}: ${describe(err)}`);
      if (!res.headersSent) res.destroy();
    });
  });
  server.on("clientError", (_err, socket) => {
    // Unparseable HTTP: answer 400 where the socket still allows it; never crash.
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  boundPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    port: boundPort,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopping.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function handleRequest(
  core: EmulatorCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  stopping: AbortSignal,
  port: number,
): Promise<void> {
  const receivedAt = Date.now();
  const method = req.method ?? "GET";
  const url = requestUrl(req.url);
  // What is journaled, logged and quoted in answers: a secret put in the path by mistake must not travel on.
  const rawPath = redactText(url.pathname, core.secrets);
  const refused = hostRefusal(req.headers, port);
  if (refused) {
    log(core, `${method} ${rawPath} ${refused.status} refused: ${refused.body.message}`);
    sendJson(res, refused.status, refused.body);
    return;
  }
  let route: Route;
  try {
    route = resolveRoute(method, pathSegments(url.pathname), rawPath);
  } catch (err) {
    route = { kind: "unknown", error: err instanceof EmulatorError ? err : EmulatorError.invalidArgument(describe(err)) };
  }
  core.stats.count(route.kind);
  if (route.kind === "control") return handleControlRequest(core, req, res, route.rest, rawPath);

  const endInFlight = core.stats.begin();
  const entry: JournalEntry = {
    seq: core.journal.nextSequence(),
    method,
    path: rawPath,
    query: redact(queryObject(url), core.secrets) as Record<string, string>,
    kind: route.kind,
    status: 0,
    receivedAt,
    durationMs: 0,
  };
  let recorded = false;
  /** Journals, logs and counts the request once; called right before the answer is written. */
  const finish = (status: number) => {
    if (recorded) return;
    recorded = true;
    entry.status = status;
    entry.durationMs = Date.now() - receivedAt;
    core.journal.record(entry);
    endInFlight();
    const fault = entry.fault ? ` [fault ${entry.fault}]` : "";
    log(core, `${method} ${rawPath} ${status === 0 ? "(no answer)" : status} ${entry.kind} ${entry.durationMs}ms${fault}`);
  };
  res.on("close", () => finish(0)); // the client went away before an answer

  const answer = (a: ApiAnswer, raw = false) => {
    finish(a.status);
    if (res.destroyed || res.writableEnded) return;
    if (raw) sendRaw(res, a.status, a.body, { ...a.headers, "X-Request-Id": requestId(entry.seq) });
    else sendJson(res, a.status, a.body, { ...a.headers, "X-Request-Id": requestId(entry.seq) });
  };

  try {
    const bodyText = await readBody(req, core.options.maxBodyBytes);
    if (bodyText !== "") entry.body = journalBody(route, bodyText, core.secrets);
    await sleep(core.latencyMs, stopping);

    const fault = core.faults.take({ kind: route.kind, method, path: url.pathname });
    if (fault) entry.fault = faultLabel(fault);
    if (fault?.type === "latency") await sleep(fault.ms, stopping);
    if (fault?.type === "reset") {
      finish(0);
      resetConnection(req);
      return;
    }
    if (fault?.type === "status") {
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { "Retry-After": fault.retryAfter } : {};
      const body = "body" in fault ? fault.body : defaultErrorBodyForStatus(fault.status);
      answer({ status: fault.status, body, headers }, true);
      return;
    }

    const decision = core.limiter.take();
    if (!decision.allowed) {
      throw new EmulatorError(
        429,
        errorBody("RESOURCE_EXHAUSTED", "rate limit exceeded for this environment, retry later", "RATE_LIMITED"),
        decision.retryAfterSeconds === undefined ? {} : { "Retry-After": String(decision.retryAfterSeconds) },
      );
    }
    if (route.kind === "unknown") throw route.error;

    let result: ApiAnswer;
    try {
      result = handleApi(core, route, { headers: req.headers, query: queryObject(url), bodyText });
    } catch (err) {
      if (fault?.type !== "drop-after-commit") throw err;
      result = errorAnswer(core, err, rawPath);
    }
    if (fault?.type === "drop-after-commit") {
      // The write (if any) is stored; the answer is lost: the "lost create" case.
      finish(result.status);
      resetConnection(req);
      return;
    }
    answer(result);
  } catch (err) {
    answer(errorAnswer(core, err, rawPath));
  }
}

async function handleControlRequest(
  core: EmulatorCore,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  rest: string[],
  rawPath: string,
): Promise<void> {
  let result: ApiAnswer;
  const refused = controlRefusal(req.headers);
  if (refused) {
    // Nothing is read or changed: a cross-site form or fetch gets this answer and no more.
    result = { status: refused.status, body: refused.body };
  } else {
    try {
      const bodyText = await readBody(req, core.options.maxBodyBytes);
      result = handleControl(core.control, req.method ?? "GET", rest, bodyText, rawPath);
    } catch (err) {
      result = errorAnswer(core, err, rawPath);
    }
  }
  log(core, `${req.method} ${rawPath} ${result.status} control`);
  if (!res.destroyed && !res.writableEnded) sendJson(res, result.status, result.body, result.headers);
}

/**
 * The request target as a URL, always read as a path: `//x` is the path `//x`, not a protocol-relative URL
 * to a host `x` (which would route as `/`, and `//` alone would not parse at all).
 */
function requestUrl(target: string | undefined): URL {
  const path = target === undefined || target === "" ? "/" : target.startsWith("/") ? target : `/${target}`;
  return new URL(`http://127.0.0.1${path}`);
}

/**
 * The answer for a thrown error: its own status and body, or 500 for anything unexpected. Its text may quote
 * the request (a path segment, an identifier), so it is redacted here, after routing.
 */
function errorAnswer(core: EmulatorCore, err: unknown, rawPath: string): ApiAnswer {
  if (err instanceof EmulatorError) return { status: err.status, body: redact(err.body, core.secrets), headers: err.headers };
  log(core, `internal error on ${rawPath}: ${describe(err)}`);
  return { status: 500, body: redact(errorBody("INTERNAL", `emulator internal error: ${describe(err)}`, "INTERNAL"), core.secrets) };
}

/** The request body as the journal keeps it: parsed (form for the token grant), secrets redacted. */
function journalBody(route: Route, text: string, secrets: readonly string[]): unknown {
  if (route.kind === "token") return redact(parseFormBody(text), secrets);
  try {
    return redact(JSON.parse(text), secrets);
  } catch {
    return redact(text.slice(0, RAW_BODY_KEEP_CHARS), secrets);
  }
}

function requestId(seq: number): string {
  return `emu-${seq}`;
}

/** Longest log line, in characters (a path may be long; an internal error's message too). */
const LOG_LINE_MAX = 2000;

/** Log lines quote requests and errors (paths already redacted): control characters are made visible. */
function log(core: EmulatorCore, line: string): void {
  core.options.logger?.(inert(line, LOG_LINE_MAX));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
