/**
 * The attack: answers of any size. Every answer (token, list page, error body) is read under
 * MAX_ANSWER_BYTES, counted as it arrives and after decompression: an endless body, a body announced as
 * huge, and a small gzip bomb all end with an AnswerTooLargeError that says the answer was too large (not a
 * network error), without holding the body.
 */
import * as zlib from "node:zlib";
import type { ServerResponse } from "node:http";
import { AnswerTooLargeError, MAX_ANSWER_BYTES, ScalekitClient, type FetchLike } from "../../src/client";
import { rejectionOf } from "./fakes";
import { startServer, type LoopbackServer } from "../helpers/loopback";

const TOKEN = JSON.stringify({ access_token: "tok_size_test_0123456789abcdef", token_type: "Bearer", expires_in: 3600 });
const CHUNK = Buffer.alloc(64 * 1024, "x");
/** Twice the limit once decompressed, a few dozen kilobytes on the wire. */
let bomb: Buffer | undefined;

/** Writes chunks for as long as the client reads; resolves with the bytes written once the client hangs up. */
function endless(res: ServerResponse, status: number, written: { bytes: number; finished: boolean }): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  const pump = () => {
    while (!res.destroyed) {
      written.bytes += CHUNK.length;
      if (written.bytes > 8 * MAX_ANSWER_BYTES) {
        written.finished = true; // the client never stopped reading
        res.end();
        return;
      }
      if (!res.write(CHUNK)) return void res.once("drain", pump);
    }
  };
  pump();
}

describe.each([
  ["node-fetch (the default)", undefined],
  ["Node's global fetch", globalThis.fetch as unknown as FetchLike],
])("answers are capped at MAX_ANSWER_BYTES, with %s", (_name, fetchImpl) => {
  let server: LoopbackServer;
  let route: (path: string, res: ServerResponse) => void;
  const written = { bytes: 0, finished: false };

  beforeEach(async () => {
    written.bytes = 0;
    written.finished = false;
    server = await startServer((req, res) => route(req.url.split("?")[0], res));
  });
  afterEach(() => server.close());

  const client = () =>
    new ScalekitClient({
      environmentUrl: server.url,
      clientId: "skc_size",
      clientSecret: "sks_size_test_secret_value",
      maxRetries: 2,
      timeoutMs: 30_000,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  const tokenThen = (other: (res: ServerResponse) => void) => (path: string, res: ServerResponse) =>
    path === "/oauth/token" ? res.writeHead(200, { "Content-Type": "application/json" }).end(TOKEN) : other(res);

  test("an endless list answer stops at the limit with a message saying it was too large", async () => {
    route = tokenThen((res) => endless(res, 200, written));
    const error = await rejectionOf(client().listProviders());
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ operation: "list", status: 200, limitBytes: MAX_ANSWER_BYTES });
    expect(error.message).toMatch(/answer \(HTTP 200\) while listing the custom providers of .* was too large: more than 32 MiB/);
    expect(error.message).not.toMatch(/network|reach/i);
    expect(written.finished).toBe(false);
    expect(server.requests.filter((r) => r.url.startsWith("/api/"))).toHaveLength(1); // not retried
  });

  test("a small gzip bomb is cut by its decompressed size", async () => {
    const body = (bomb ??= zlib.gzipSync(Buffer.alloc(2 * MAX_ANSWER_BYTES, " "), { level: 9 }));
    expect(body.length).toBeLessThan(MAX_ANSWER_BYTES / 100);
    route = tokenThen((res) =>
      res
        .writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip", "Content-Length": String(body.length) })
        .end(body),
    );
    const error = await rejectionOf(client().listProviders());
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error.message).toContain("was too large");
  });

  test("the token answer is capped too, and an answer announced as too large is not read at all", async () => {
    route = (_path, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(MAX_ANSWER_BYTES + 1) });
      res.write(CHUNK); // then stalls: the client must not wait for the rest
    };
    const error = await rejectionOf(client().getToken());
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ operation: "token" });
    expect(error.message).toMatch(/obtaining an access token .* was too large/);
  });

  test("an error body is capped too: a 500 with an endless body is not a network error, and not retried", async () => {
    route = tokenThen((res) => endless(res, 500, written));
    const error = await rejectionOf(client().listProviders());
    expect(error).toBeInstanceOf(AnswerTooLargeError);
    expect(error).toMatchObject({ status: 500 });
    expect(written.finished).toBe(false);
    expect(server.requests.filter((r) => r.url.startsWith("/api/"))).toHaveLength(1);
  });

  test("an answer just under the limit is read whole", async () => {
    const padding = " ".repeat(MAX_ANSWER_BYTES - 100);
    route = tokenThen((res) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end(`{"providers":[],"next_page_token":""}${padding}`),
    );
    expect(await client().listProviders()).toEqual([]);
  });
});
