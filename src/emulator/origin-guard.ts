/**
 * Who may talk to the emulator. It listens on 127.0.0.1 only, but a web page open in the user's browser can
 * still send it requests: directly (a cross-site form or `fetch` with `text/plain`, which needs no CORS
 * preflight), or through DNS rebinding (its own host name resolving to 127.0.0.1). So:
 * - every request must name a loopback host with the emulator's port in `Host` (a rebinding page's
 *   requests carry its own host name);
 * - control-plane requests must not come from a web page other than a loopback one (`Origin`, when
 *   present), and a body must be `application/json` (what a page cannot send cross-site without a
 *   preflight, which the emulator never grants).
 */
import type { IncomingHttpHeaders } from "node:http";
import { isLoopbackHost } from "../client";
import { inert } from "../text";
import { errorBody, type ErrorBody } from "./errors";

export interface Refusal {
  status: 403 | 415;
  body: ErrorBody;
}

/** Why the request must be refused for its `Host`, or undefined when it names a loopback host and `port`. */
export function hostRefusal(headers: IncomingHttpHeaders, port: number): Refusal | undefined {
  const host = headers.host;
  if (host !== undefined && hostMatches(host, port)) return undefined;
  const got = host === undefined ? "no Host header" : `Host "${inert(host, 100)}"`;
  return {
    status: 403,
    body: errorBody(
      "PERMISSION_DENIED",
      `the emulator answers only requests addressed to a loopback host on its port (Host: 127.0.0.1:${port}, localhost:${port} or [::1]:${port}); got ${got}`,
      "FOREIGN_HOST",
    ),
  };
}

/** Why a control-plane request must be refused for its `Origin` or `Content-Type`, or undefined. */
export function controlRefusal(headers: IncomingHttpHeaders): Refusal | undefined {
  const origin = headers.origin;
  if (origin !== undefined && !loopbackOrigin(origin)) {
    return {
      status: 403,
      body: errorBody(
        "PERMISSION_DENIED",
        `the control plane refuses requests from web pages: Origin "${inert(origin, 100)}" is not a loopback origin`,
        "FOREIGN_ORIGIN",
      ),
    };
  }
  const type = headers["content-type"];
  const hasBody =
    (headers["content-length"] !== undefined && headers["content-length"] !== "0") || headers["transfer-encoding"] !== undefined;
  if ((hasBody || type !== undefined) && mediaType(type) !== "application/json") {
    return {
      status: 415,
      body: errorBody(
        "INVALID_ARGUMENT",
        `control-plane requests with a body must be Content-Type: application/json; got ${type === undefined ? "none" : `"${inert(type, 100)}"`}`,
        "UNSUPPORTED_MEDIA_TYPE",
      ),
    };
  }
  return undefined;
}

function hostMatches(host: string, port: number): boolean {
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  if (url.username || url.password || url.pathname !== "/" || url.search || url.hash) return false;
  return isLoopbackHost(url.hostname) && Number(url.port || 80) === port;
}

function loopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === "http:" || url.protocol === "https:") && isLoopbackHost(url.hostname);
  } catch {
    return false; // "null" (a sandboxed page or a file) included
  }
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0]?.trim().toLowerCase();
}
