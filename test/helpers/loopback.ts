/**
 * Hostile servers on 127.0.0.1 for the attack replays: a server answers with whatever the test's
 * handler writes, and records every request that reached it (a second server proves, by recording nothing,
 * that no credential travelled on).
 *
 * One of the two doubles of Scalekit's API besides the emulator, kept because what it replays happens on a real
 * socket, where neither of the others can go: redirects, endless and compressed bodies read by the real
 * `fetch`, and listings the emulator refuses to hold (hostileEnvironment, test/helpers/hostile.ts), also for
 * the built executable in a child process. The other is test/client/fakes.ts (an injected `fetch` and clock).
 */
import { spawn } from "node:child_process";
import * as http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface LoopbackServer {
  url: string;
  port: number;
  requests: Recorded[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (any free port); the handler gets each request once its body is read. */
export async function startServer(
  handler: (req: Recorded, res: http.ServerResponse) => void = (_req, res) => res.end(),
): Promise<LoopbackServer> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(recorded);
      handler(recorded, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One request with node:http, which (unlike fetch) lets a test set `Host` and `Origin` as a browser would. */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method,
        path,
        headers: { ...headers, ...(body === undefined ? {} : { "Content-Length": String(Buffer.byteLength(body)) }) },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, text, json });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The id of a process that has exited (for stale locks and orphaned files). */
export function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", () => resolve(child.pid!)));
}
