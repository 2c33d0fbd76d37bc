/** The client secret and access tokens never reach the journal, logs, state, state file or error bodies. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { asanaPayload, call, createProvider, requestToken, token } from "../helpers/emulator";

const SECRET = "sks_very_distinctive_secret_93c1";

describe("secrets", () => {
  let dir: string;
  let emu: RunningEmulator;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-secrets-"));
    emu = await startEmulator({ clientSecret: SECRET, stateFile: path.join(dir, "state.json"), logger: (l) => logLines.push(l) });
  });
  afterAll(async () => {
    await emu.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("the secret and tokens are absent from the journal, logs, state and state file, even when sent in odd places", async () => {
    const t = await token(emu);
    expect((await requestToken(emu, emu.clientId, "wrong-secret")).status).toBe(401);
    await createProvider(emu, t, asanaPayload());
    // a careless client: the secret as JSON to the form endpoint, in a query string, in a path and in a payload
    await call(emu, "POST", "/oauth/token", { body: { client_secret: SECRET, client_id: emu.clientId } });
    await call(emu, "GET", `/api/v1/providers?client_secret=${SECRET}&note=${SECRET}`, { token: t });
    const inPath = await call(emu, "GET", `/api/v1/${SECRET}`, { token: t });
    const leaky = await call(emu, "POST", "/api/v1/custom-providers", {
      body: { ...asanaPayload("Leaky"), description: `secret ${SECRET}` },
      token: t,
    });
    expect(leaky.status).toBe(400); // refused: state must never hold the secret
    expect(leaky.body.message).toContain("contains the client secret");

    const journal = JSON.stringify(emu.journal());
    const state = JSON.stringify((await call(emu, "GET", "/_emulator/state")).body);
    const file = fs.readFileSync(path.join(dir, "state.json"), "utf8");
    const logs = logLines.join("\n");
    for (const [where, text] of Object.entries({ journal, state, file, logs, errorBody: inPath.text })) {
      expect({ where, leaked: text.includes(SECRET) }).toEqual({ where, leaked: false });
      for (const issued of emu.issuedTokens()) expect({ where, leaked: text.includes(issued) }).toEqual({ where, leaked: false });
    }
    const tokenEntry = emu.journal().find((e) => e.kind === "token")!;
    expect(tokenEntry.body).toEqual({ grant_type: "client_credentials", client_id: emu.clientId, client_secret: "[REDACTED]" });
    expect(journal).not.toContain("wrong-secret"); // a wrong secret is a secret too
  });
});

describe("a secret with characters that encoding changes", () => {
  const ENCODED_SECRET = "Sk+/= &%emulator_secret==";
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ clientSecret: ENCODED_SECRET });
  });
  afterAll(() => emu.stop());

  test("sent percent-encoded in a path or form-encoded in a body, it is journaled as [REDACTED] by the client's one redaction", async () => {
    const t = await token(emu);
    await call(emu, "GET", `/api/v1/custom-providers/${encodeURIComponent(ENCODED_SECRET)}`, { token: t });
    await call(emu, "POST", "/api/v1/custom-providers", {
      rawBody: `note=${new URLSearchParams({ s: ENCODED_SECRET }).toString().slice(2)}`,
      headers: { "Content-Type": "text/plain" },
      token: t,
    });
    const journal = JSON.stringify(emu.journal());
    for (const form of [
      ENCODED_SECRET,
      encodeURIComponent(ENCODED_SECRET),
      new URLSearchParams({ s: ENCODED_SECRET }).toString().slice(2),
    ]) {
      expect(journal).not.toContain(form);
    }
    expect(journal).toContain("[REDACTED]");
  });
});
