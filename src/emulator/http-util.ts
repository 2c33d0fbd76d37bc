/**
 * Small HTTP helpers for the emulator: reading a request body under a size limit, parsing it, and writing
 * answers. Nothing here knows the Scalekit contract beyond the error body.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatorError, errorBody } from "./errors";

/** Default largest accepted request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** How much of an oversized upload is drained (so the client can read the 413) before the socket is cut. */
const DRAIN_FACTOR = 8;

/** Longest raw text kept for a body that is not JSON (journal only). */
export const RAW_BODY_KEEP_CHARS = 4096;

/**
 * Reads the whole request body as UTF-8 text.
 * @throws EmulatorError 413 when the declared or actual size exceeds `maxBytes`; the rest of the upload is
 *   drained (up to a bound) so that the client reads the answer instead of a broken pipe.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = () =>
      new EmulatorError(413, errorBody("INVALID_ARGUMENT", `request body exceeds the limit of ${maxBytes} bytes`, "PAYLOAD_TOO_LARGE"), {
        Connection: "close",
      });
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxBytes) {
      drain(req, maxBytes * DRAIN_FACTOR);
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const onData = (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        req.off("data", onData);
        drain(req, maxBytes * DRAIN_FACTOR);
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.on("end", () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks).toString("utf8"));
    });
    const gone = () => {
      if (done) return;
      done = true;
      reject(
        new EmulatorError(400, errorBody("INVALID_ARGUMENT", "the client closed the request before its body ended", "REQUEST_ABORTED")),
      );
    };
    req.on("error", gone);
    req.on("close", gone);
  });
}

/** Consumes and discards up to `limit` more bytes of an upload, then destroys the socket. */
function drain(req: IncomingMessage, limit: number): void {
  let seen = 0;
  req.on("data", (chunk: Buffer) => {
    seen += chunk.length;
    if (seen > limit) req.socket.destroy();
  });
  req.resume();
}

/**
 * Parses a JSON request body. An empty body is `undefined`.
 * @throws EmulatorError 400 INVALID_ARGUMENT naming the JSON syntax problem
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new EmulatorError(400, errorBody("INVALID_ARGUMENT", `malformed JSON in request body: ${reason}`, "MALFORMED_JSON"));
  }
}

/** Parses an `application/x-www-form-urlencoded` body into a plain object (last value wins). */
export function parseFormBody(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text).entries());
}

/** The query string of a URL as a plain object (last value wins). */
export function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

/**
 * Splits a raw path into URL-decoded segments (empty segments dropped), so that an identifier encoded as one
 * segment (`MYASANA%3A48213`, even with `%2F`) stays one segment.
 * @throws EmulatorError 400 when a segment is not valid percent-encoding
 */
export function pathSegments(rawPath: string): string[] {
  return rawPath
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw EmulatorError.invalidArgument(`path segment "${s}" is not valid percent-encoding`);
      }
    });
}

/** Writes a JSON answer. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Writes an answer whose body may be anything a fault asks for: an object as JSON, a string as text/plain,
 * null or undefined as an empty body.
 */
export function sendRaw(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (body === null || body === undefined) {
    res.writeHead(status, { ...headers, "Content-Length": "0" });
    res.end();
  } else if (typeof body === "string") {
    res.writeHead(status, {
      ...headers,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(body)),
    });
    res.end(body);
  } else {
    sendJson(res, status, body, headers);
  }
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts (the emulator is stopping). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Destroys the request's socket without an answer, with a TCP RST where Node supports it. */
export function resetConnection(req: IncomingMessage): void {
  const socket = req.socket as typeof req.socket & { resetAndDestroy?: () => void };
  if (typeof socket.resetAndDestroy === "function") socket.resetAndDestroy();
  else socket.destroy();
}
