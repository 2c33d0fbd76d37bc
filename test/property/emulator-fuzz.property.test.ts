/**
 * The emulator under random requests: any method, path (percent-encoding broken or not, unicode, dot
 * segments, identifiers of any shape), query, headers and body (malformed and truncated JSON, junk JSON,
 * mutated payloads, binary, oversized). Every request gets an answer, never a 5xx or a dropped connection;
 * every error is the documented error body; and the emulator keeps answering afterwards. The hand-written
 * cases live in test/emulator/robustness.test.ts; this searches around them.
 */
import * as http from "node:http";
import fc from "fast-check";
import type { RunningEmulator } from "../../src/emulator";
import { asanaPayload, call, token, useEmulator } from "../helpers/emulator";
import { junk } from "../schema/arbitraries";

const RUNS = 300;
const MAX_BODY_BYTES = 4096;
/**
 * Past this many bytes of an oversized upload the emulator stops draining it and cuts the connection
 * (DRAIN_FACTOR × the limit, src/emulator/http-util.ts): a client still writing then sees a reset.
 */
const CUT_AFTER_BYTES = MAX_BODY_BYTES * 8;

type RawAnswer = { status: number; text: string } | { error: string };

/** One request with node:http (fetch refuses some of what is sent here); a connection error is an answer too. */
function rawRequest(
  emu: RunningEmulator,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const reject = (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message });
    const req = http.request({ host: "127.0.0.1", port: emu.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** A path segment as a client might send it: encoded text, raw junk, broken escapes, dot segments. */
const segment = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 20 }).map(encodeURIComponent),
  fc.constantFrom(
    "",
    ".",
    "..",
    "%",
    "%zz",
    "%E0%A4%A",
    "%00",
    "%2F",
    "MYASANA%3A17919",
    "a%2Fb",
    "~",
    "api",
    "v1",
    "providers",
    "custom-providers",
  ),
  fc.stringMatching(/^[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,30}$/),
);

/** Known routes with junk around them, and junk paths. */
const pathArb = fc
  .oneof(
    fc.constantFrom("/oauth/token", "/api/v1/providers", "/api/v1/custom-providers", "/api/v1/custom-providers/", "/api/v2/providers", "/"),
    segment.map((s) => `/api/v1/custom-providers/${s}`),
    fc.array(segment, { maxLength: 6 }).map((segments) => `/${segments.join("/")}`),
  )
  .chain((path) =>
    fc.oneof(
      fc.constant(path),
      fc
        .dictionary(fc.string({ maxLength: 10 }), fc.string({ unit: "grapheme", maxLength: 20 }), { maxKeys: 3 })
        .map((q) => `${path}?${new URLSearchParams(q).toString()}`),
      fc
        .constantFrom(
          "?page_size=-1",
          "?page_size=abc",
          "?page_token=%%%",
          "?page_token=zzzz",
          "?filter.provider_type=CUSTOM&page_size=1000000",
        )
        .map((q) => `${path}${q}`),
    ),
  )
  .map(avoidControlPlane);

/** The control plane (`/_emulator/…`, e.g. reset) is the tests' own back door: keep random requests off it. */
function avoidControlPlane(path: string): string {
  const first = path
    .split("?")[0]
    .split("/")
    .find((s) => s !== "");
  let decoded = first;
  try {
    decoded = first === undefined ? undefined : decodeURIComponent(first);
  } catch {
    // not decodable: cannot be the control prefix
  }
  return decoded === "_emulator" ? `/x${path}` : path;
}

/** A body, shown in counterexamples by its size and first bytes (some are kilobytes long). */
interface Body {
  bytes: Buffer;
  [fc.toStringMethod](): string;
}

function body(bytes: Buffer): Body {
  return {
    bytes,
    [fc.toStringMethod]: () =>
      `Body(${bytes.length} bytes: ${JSON.stringify(bytes.subarray(0, 80).toString("utf8"))}${bytes.length > 80 ? "…" : ""})`,
  };
}

const bodyArb: fc.Arbitrary<Body | undefined> = fc
  .oneof(
    fc.constant<Buffer | undefined>(undefined),
    fc.string({ unit: "grapheme", maxLength: 200 }).map((s) => Buffer.from(s)),
    fc.nat({ max: 400 }).map((cut) => Buffer.from(JSON.stringify(asanaPayload()).slice(0, cut))),
    junk().map((value) => Buffer.from(JSON.stringify(value) ?? "undefined")),
    fc
      .record({ key: fc.constantFrom("display_name", "auth_patterns", "proxy_url", "metadata", "description"), value: junk() })
      .map(({ key, value }) => Buffer.from(JSON.stringify({ ...asanaPayload(), [key]: value }) ?? "")),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    fc.integer({ min: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES * 2 }).map((n) => Buffer.from(`{"display_name":"${"x".repeat(n)}"}`)),
    fc
      .constantFrom("grant_type=client_credentials", "grant_type=password&client_id=x", "client_id=&client_secret=")
      .map((s) => Buffer.from(s)),
  )
  .map((bytes) => (bytes === undefined ? undefined : body(bytes)));

const contentTypeArb = fc.constantFrom(
  undefined,
  "application/json",
  "application/x-www-form-urlencoded",
  "text/plain",
  "application/json; charset=latin1",
  "multipart/form-data",
);
const authArb = fc.constantFrom("valid", "none", "garbage", "basic");

describe("the emulator under random requests", () => {
  const emu = useEmulator({ maxBodyBytes: MAX_BODY_BYTES });
  let accessToken: string;
  beforeEach(async () => {
    accessToken = await token(emu());
  });

  test("a path starting with // is a path, not a protocol-relative URL: answered 404 naming it, or routed as written", async () => {
    const bare = await rawRequest(emu(), "GET", "//?page_size=1", {}, undefined);
    expect(bare).toMatchObject({ status: 404, text: expect.stringContaining("no route for GET //") });
    const host = await rawRequest(emu(), "GET", "//api/v1/providers", { Authorization: `Bearer ${accessToken}` }, undefined);
    expect(host).toMatchObject({ status: 200 });
    const elsewhere = await rawRequest(emu(), "GET", "//x", {}, undefined);
    expect(elsewhere).toMatchObject({ status: 404, text: expect.stringContaining("no route for GET //x") });
  });

  test(`${RUNS} random requests: each answered with a 2xx or a documented 4xx, never a 5xx, no connection cut short of the upload bound, and the emulator stays up`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"),
        pathArb,
        bodyArb,
        contentTypeArb,
        authArb,
        async (method, path, sent, contentType, auth) => {
          const bytes = sent?.bytes;
          const headers: Record<string, string> = {};
          if (contentType !== undefined) headers["Content-Type"] = contentType;
          if (auth === "valid") headers.Authorization = `Bearer ${accessToken}`;
          if (auth === "garbage") headers.Authorization = "Bearer not-a-token";
          if (auth === "basic") headers.Authorization = "Basic Zm9vOmJhcg==";
          // Framed HTTP: node would send a GET body unframed, which is garbage HTTP (robustness.test.ts covers that).
          if (bytes !== undefined) headers["Content-Length"] = String(bytes.length);
          const answer = await rawRequest(emu(), method, path, headers, bytes);

          if ("error" in answer) {
            // Only an upload far past the limit may be cut; anything else must be answered.
            expect({ error: answer.error, cutAfterBody: (bytes?.length ?? 0) > CUT_AFTER_BYTES }).toEqual({
              error: answer.error,
              cutAfterBody: true,
            });
          } else {
            expectDocumentedAnswer(answer, method);
          }
          const list = await call(emu(), "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: accessToken });
          expect(list.status).toBe(200);
        },
      ),
      { numRuns: RUNS },
    );
    expect(
      emu()
        .journal()
        .filter((entry) => entry.status >= 500),
    ).toEqual([]);
  });
});

/** A 2xx, or a 4xx with the documented error body (`code`, `message`, `details`); never a 5xx. */
function expectDocumentedAnswer(answer: { status: number; text: string }, method: string): void {
  expect(answer.status).toBeGreaterThanOrEqual(200);
  expect(answer.status).toBeLessThan(500);
  if (answer.status >= 400 && method !== "HEAD") {
    const parsed = JSON.parse(answer.text) as { code: unknown; message: unknown; details: unknown };
    expect(typeof parsed.code).toBe("number");
    expect(typeof parsed.message).toBe("string");
    expect((parsed.message as string).length).toBeGreaterThan(0);
    expect(Array.isArray(parsed.details)).toBe(true);
  }
}
