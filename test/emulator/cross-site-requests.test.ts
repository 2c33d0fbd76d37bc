/**
 * The attack: web pages open in the user's browser talking to the emulator. A cross-site `text/plain`
 * POST (no CORS preflight) used to wipe every provider and rewrite the state file; a page rebinding its own
 * host name to 127.0.0.1 could use the API. Now every request must be addressed to a loopback host on the
 * emulator's port, and the control plane takes only JSON, from no page but a loopback one: the rest is
 * refused with a JSON error body and changes nothing.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { bearerPayload } from "../helpers/emulator";
import { rawRequest } from "../helpers/loopback";

let dir: string;
let file: string;
let emu: RunningEmulator;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-cross-site-"));
  file = path.join(dir, "state.json");
  emu = await startEmulator({ stateFile: file });
});
afterAll(async () => {
  await emu.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.reset();
  emu.insertProvider(bearerPayload("Precious"));
});

const loopback = () => ({ Host: `127.0.0.1:${emu.port}` });

/** The provider and the state file are as they were. */
function unchanged(before: string): void {
  expect(emu.providers().map((p) => p.payload.display_name)).toEqual(["Precious"]);
  expect(fs.readFileSync(file, "utf8")).toBe(before);
}

test("a cross-site text/plain POST to /_emulator/reset is refused with 403 and a JSON error, and changes nothing", async () => {
  const before = fs.readFileSync(file, "utf8");
  const answer = await rawRequest(
    emu.port,
    "POST",
    "/_emulator/reset",
    { ...loopback(), Origin: "https://evil.example", "Content-Type": "text/plain" },
    "{}",
  );
  expect(answer.status).toBe(403);
  expect(answer.json).toMatchObject({
    code: 7,
    message: expect.stringContaining('Origin "https://evil.example" is not a loopback origin'),
    details: [{ error_code: "FOREIGN_ORIGIN" }],
  });
  unchanged(before);
});

test.each([
  ["a foreign Origin", { Origin: "http://evil.example:8787" }],
  ["the opaque Origin of a sandboxed page or a file", { Origin: "null" }],
])("%s is refused on every control route, reads included", async (_name, headers) => {
  const before = fs.readFileSync(file, "utf8");
  for (const [method, route] of [
    ["GET", "state"],
    ["DELETE", "providers/x"],
    ["POST", "faults"],
    ["GET", "journal"],
  ] as const) {
    expect((await rawRequest(emu.port, method, `/_emulator/${route}`, { ...loopback(), ...headers })).status).toBe(403);
  }
  unchanged(before);
});

test("a body that is not application/json is refused with 415, even from loopback, and changes nothing", async () => {
  const before = fs.readFileSync(file, "utf8");
  for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
    const answer = await rawRequest(emu.port, "POST", "/_emulator/reset", { ...loopback(), "Content-Type": type }, "{}");
    expect(answer.status).toBe(415);
    expect(answer.json).toMatchObject({
      message: expect.stringContaining("must be Content-Type: application/json"),
      details: [{ error_code: "UNSUPPORTED_MEDIA_TYPE" }],
    });
  }
  const identifier = emu.providers()[0].identifier;
  const patch = await rawRequest(
    emu.port,
    "PATCH",
    `/_emulator/providers/${encodeURIComponent(identifier)}`,
    loopback(),
    '{"description":"x"}',
  );
  expect(patch.status).toBe(415);
  unchanged(before);
});

test("a Host that is not loopback on the emulator's port (DNS rebinding) is refused on the control plane and the API", async () => {
  const before = fs.readFileSync(file, "utf8");
  for (const host of [
    "evil.example",
    `evil.example:${emu.port}`,
    `127.0.0.1:${emu.port + 1}`,
    `127.0.0.1.nip.io:${emu.port}`,
    `user@127.0.0.1:${emu.port}`,
  ]) {
    const control = await rawRequest(emu.port, "POST", "/_emulator/reset", { Host: host, "Content-Type": "application/json" }, "{}");
    expect(control.status).toBe(403);
    expect(control.json).toMatchObject({ code: 7, details: [{ error_code: "FOREIGN_HOST" }] });
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
    }).toString();
    const tokenCall = await rawRequest(
      emu.port,
      "POST",
      "/oauth/token",
      { Host: host, "Content-Type": "application/x-www-form-urlencoded" },
      form,
    );
    expect(tokenCall.status).toBe(403);
    expect(tokenCall.json.access_token).toBeUndefined();
  }
  expect(emu.issuedTokens()).toEqual([]);
  expect(emu.journal()).toEqual([]);
  unchanged(before);
});

test("loopback hosts and origins on the emulator's port are served", async () => {
  for (const host of [`127.0.0.1:${emu.port}`, `localhost:${emu.port}`, `LOCALHOST:${emu.port}`, `[::1]:${emu.port}`]) {
    expect((await rawRequest(emu.port, "GET", "/_emulator/state", { Host: host })).status).toBe(200);
  }
  const fromLocalPage = await rawRequest(
    emu.port,
    "PUT",
    "/_emulator/latency",
    { ...loopback(), Origin: "http://localhost:3000", "Content-Type": "application/json; charset=utf-8" },
    '{"ms":0}',
  );
  expect(fromLocalPage.status).toBe(200);
  const reset = await rawRequest(emu.port, "POST", "/_emulator/reset", loopback());
  expect(reset.status).toBe(200);
  expect(emu.providers()).toEqual([]);
});
