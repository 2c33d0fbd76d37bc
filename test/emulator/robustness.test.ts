/** Bad input never crashes the server: malformed JSON, oversized bodies, unknown routes, wrong methods. */
import * as http from "node:http";
import type { RunningEmulator } from "../../src/emulator";
import { asanaPayload, call, createProvider, providerPath, token, useEmulator } from "../helpers/emulator";

/** A raw request with node:http, for what fetch will not send. */
function rawRequest(emu: RunningEmulator, method: string, path: string, body: Buffer | string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = http.request(`${emu.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("robustness", () => {
  const emu = useEmulator({ maxBodyBytes: 4096 });
  let t: string;
  beforeEach(async () => {
    t = await token(emu());
  });

  async function stillUp() {
    expect((await call(emu(), "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: t })).status).toBe(200);
  }

  test("malformed JSON answers 400 INVALID_ARGUMENT saying the JSON is malformed, and the server stays up", async () => {
    const answer = await call(emu(), "POST", "/api/v1/custom-providers", {
      rawBody: '{"display_name": "x",',
      token: t,
      headers: { "Content-Type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 3,
      message: expect.stringContaining("malformed JSON"),
      details: [{ error_code: "MALFORMED_JSON" }],
    });
    expect(emu().journal().at(-1)!.body).toBe('{"display_name": "x",');
    await stillUp();
  });

  test("an empty create body answers 400 asking for the payload", async () => {
    const answer = await call(emu(), "POST", "/api/v1/custom-providers", { token: t });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toContain("empty");
  });

  test("a body over the limit answers 413 with the documented error body, and the server stays up", async () => {
    const big = JSON.stringify({ ...asanaPayload(), description: "x".repeat(10_000) });
    const answer = await rawRequest(emu(), "POST", "/api/v1/custom-providers", big, {
      "Content-Type": "application/json",
      Authorization: `Bearer ${t}`,
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text)).toMatchObject({
      code: 3,
      message: expect.stringContaining("4096 bytes"),
      details: [{ error_code: "PAYLOAD_TOO_LARGE" }],
    });
    expect(emu().providers()).toEqual([]);
    await stillUp();
  });

  test("an oversized chunked body (no Content-Length) answers 413 too", async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        `${emu().url}/api/v1/custom-providers`,
        { method: "POST", headers: { "Transfer-Encoding": "chunked", Authorization: `Bearer ${t}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      for (let i = 0; i < 10; i++) req.write("y".repeat(1000));
      req.end();
    });
    expect(answer).toBe(413);
    await stillUp();
  });

  test("an unknown route answers 404 naming the route", async () => {
    const answer = await call(emu(), "GET", "/api/v2/whatever?x=1", { token: t });
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({
      code: 5,
      message: "no route for GET /api/v2/whatever",
      details: [{ error_code: "ROUTE_NOT_FOUND" }],
    });
    expect(emu().journal().at(-1)).toMatchObject({ kind: "unknown", status: 404 });
  });

  test("there is no get-one call: GET on a provider path answers 405 with Allow", async () => {
    const p = await createProvider(emu(), t, asanaPayload());
    const answer = await call(emu(), "GET", providerPath(p.identifier), { token: t });
    expect(answer.status).toBe(405);
    expect(answer.headers.get("allow")).toBe("PUT, DELETE");
    expect(answer.body.code).toBe(12);
  });

  test("a wrong method on the list answers 405", async () => {
    expect((await call(emu(), "POST", "/api/v1/providers", { token: t, body: {} })).status).toBe(405);
  });

  test("a PUT without an identifier segment answers 405 (the path is the create route)", async () => {
    expect((await call(emu(), "PUT", "/api/v1/custom-providers/", { token: t, body: asanaPayload() })).status).toBe(405);
  });

  test("broken percent-encoding in the path answers 400", async () => {
    const answer = await rawRequest(emu(), "PUT", "/api/v1/custom-providers/%E0%A4%A", "{}", { Authorization: `Bearer ${t}` });
    expect(answer.status).toBe(400);
    await stillUp();
  });

  test("a JSON array, a string or null as a create body answers 400, never 500", async () => {
    for (const rawBody of ["[]", '"hello"', "null", "42"]) {
      const answer = await call(emu(), "POST", "/api/v1/custom-providers", {
        rawBody,
        token: t,
        headers: { "Content-Type": "application/json" },
      });
      expect(answer.status).toBe(400);
    }
    await stillUp();
  });

  test("garbage that is not HTTP is refused and the server stays up", async () => {
    const net = await import("node:net");
    await new Promise<void>((resolve) => {
      const socket = net.connect(emu().port, "127.0.0.1", () => socket.write("THIS IS NOT HTTP\r\n\r\n"));
      socket.on("data", () => undefined);
      socket.on("close", () => resolve());
      socket.on("error", () => resolve());
    });
    await stillUp();
  });

  test("a client that hangs up mid-request leaves the server up", async () => {
    await new Promise<void>((resolve) => {
      const req = http.request(`${emu().url}/api/v1/custom-providers`, { method: "POST", headers: { "Content-Length": "1000" } });
      req.on("error", () => resolve());
      req.write("{");
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 50);
    });
    await stillUp();
  });
});
