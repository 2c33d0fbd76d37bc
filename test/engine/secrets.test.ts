/**
 * Secrets and transport through the engine path. Every engine test is already checked by the secrets
 * guard of harness.ts (close() scans all the host printed and every RPC it answered for the client
 * secrets in play and every access token the emulator issued). Here: the guard itself, the error paths
 * most likely to leak (a wrong secret, a 401 mid-run, an in-use delete, validation errors, servers that
 * echo credentials back), and the refusal of a plain http:// environment URL to a remote host.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fromPayload } from "../../src/resource/custom-provider";
import { HostError, Props } from "./driver";
import { apiCalls, assertNoSecrets, engineEvidence, examples, Harness, registerInputs, startHarness } from "./harness";

const EXAMPLES = examples();
const PROBE = path.resolve(__dirname, "../helpers/network-probe.js");
const WRONG_SECRET = "sks_wrong_but_very_distinctive_7f3a9c51";

let inputs: Record<string, Props>;
let h: Harness | undefined;

beforeAll(() => {
  const bearer = EXAMPLES["bearer-token"];
  inputs = registerInputs({
    bearer: fromPayload(bearer),
    "bearer updated": fromPayload({ ...bearer, description: `${String(bearer.description)} (updated)` }),
    "bad proxy url": { ...fromPayload(bearer), proxyUrl: "http://api.example.com" },
  });
});

afterEach(async () => {
  await h?.close(); // the secrets guard runs here
  h = undefined;
});

/** The message of a rejected host call. */
async function failure(attempt: Promise<unknown>): Promise<string> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HostError);
  return (error as HostError).message;
}

/** Asserts that `text` holds neither the emulator's secret, nor `extra`, nor any token it issued. */
function expectClean(text: string, extra: string[] = []): void {
  const secrets = [h!.emulator.clientSecret, ...extra, ...h!.emulator.issuedTokens()];
  expect(secrets.filter((s) => text.includes(s))).toEqual([]);
}

describe("the secrets guard", () => {
  test("finds a planted secret, says where, and masks it in its own report", () => {
    const token = "skt_planted_token_0123456789";
    const check = () => assertNoSecrets({ "host 1 output": `error: token ${token} refused` }, [{ label: "an access token", value: token }]);
    expect(check).toThrow(/secrets guard: 1 leak\(s\) found:\nan access token appears in host 1 output: …error: token \[SECRET\] refused…/);
    expect(check).not.toThrow(token);
    expect(() => assertNoSecrets({ "host 1 output": "all clear" }, [{ label: "an access token", value: token }])).not.toThrow();
  });
});

describe("error paths show neither the client secret nor a token", () => {
  test("a wrong client secret fails with what to fix, without echoing it", async () => {
    h = await startHarness({ config: { "scalekit:clientSecret": WRONG_SECRET } });

    const message = await failure(h.engine.up("bearer", inputs.bearer));

    expect(message).toMatch(/client id or client secret is wrong for http:\/\/127\.0\.0\.1:\d+/);
    expect(message).toMatch(/pulumi config set --secret scalekit:clientSecret/);
    expectClean(message, [WRONG_SECRET]);
    expect(h.emulator.providers()).toEqual([]);
  });

  test("a token endpoint that echoes the wrong secret back: the message redacts it", async () => {
    h = await startHarness({ config: { "scalekit:clientSecret": WRONG_SECRET } });
    // Twice: the live review's token request (the preview's) comes first, then the create's.
    h.emulator.addFault({
      kind: "token",
      count: 2,
      action: {
        type: "status",
        status: 401,
        body: { error: "invalid_client", error_description: `client_secret=${WRONG_SECRET} is not valid for ${h.emulator.clientId}` },
      },
    });

    const message = await failure(h.engine.up("bearer", inputs.bearer));

    expect(message).toMatch(/client id or client secret is wrong/);
    expect(message).toContain("[REDACTED]");
    expectClean(message, [WRONG_SECRET]);
    const review = await h.engine.outputMatching(/Live review, not reachable/);
    expect(review).toMatch(/Live review, not reachable: .*\(HTTP 401 invalid_client\): client_secret=\[REDACTED\] is not valid/);
    expectClean(review, [WRONG_SECRET]);
  });

  test("a 401 mid-run, answered twice with a body quoting the token and the secret: one renewal, then a redacted error", async () => {
    h = await startHarness();
    const state = await h.engine.up("bearer", inputs.bearer);
    const token = h.emulator.issuedTokens().at(-1)!;
    const echo = {
      code: 16,
      message: `access token ${token} refused (Authorization: Bearer ${token}); client secret ${h.emulator.clientSecret}`,
    };
    h.emulator.clearJournal();
    h.emulator.addFault({ kind: "update", count: 2, action: { type: "status", status: 401, body: echo } });

    const message = await failure(h.engine.up("bearer", inputs["bearer updated"], state));

    expect(message).toMatch(/refused even after a fresh one was obtained/);
    expect(message).toContain("[REDACTED]");
    expectClean(message);
    expect(apiCalls(h.emulator).map((e) => `${e.kind} ${e.status}`)).toEqual(["update 401", "token 200", "update 401"]);
  });

  test("a delete refused because connections use the provider, with a body quoting the Authorization header", async () => {
    h = await startHarness();
    const state = await h.engine.up("bearer", inputs.bearer);
    h.emulator.attachConnections(state.id, 1);
    const plain = await failure(h.engine.destroy(state));
    expect(plain).toMatch(/connections and connected accounts in the Scalekit Dashboard/);

    const token = h.emulator.issuedTokens().at(-1)!;
    h.emulator.addFault({
      kind: "delete",
      action: { type: "status", status: 412, body: { code: 9, message: `connector in use (request had Authorization: Bearer ${token})` } },
    });
    const echoed = await failure(h.engine.destroy(state));
    expect(echoed).toMatch(/still used by connections/);
    expectClean(plain + echoed);
    expect(h.emulator.providers()).toHaveLength(1);
  });

  test("validation errors, from Check and from the server (violations quoting credentials), name the problem only", async () => {
    h = await startHarness();
    const checked = await h.engine.check(h.engine.urn("bad"), {}, inputs["bad proxy url"]);
    expect(checked.failures.map((f) => f.property)).toContain("proxyUrl");

    const token = h.emulator.issuedTokens().at(-1);
    h.emulator.addFault({
      kind: "create",
      action: {
        type: "status",
        status: 400,
        body: {
          code: 3,
          message: `invalid payload from client ${h.emulator.clientId} (secret ${h.emulator.clientSecret})`,
          details: [
            {
              "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo",
              error_code: "INVALID_ARGUMENT",
              validation_error_info: {
                field_violations: [{ field: "display_name", description: `taken; access_token=${token ?? "none"}` }],
              },
            },
          ],
        },
      },
    });
    const message = await failure(h.engine.up("bearer", inputs.bearer));
    expect(message).toMatch(/HTTP 400 INVALID_ARGUMENT/);
    expect(message).toMatch(/display_name: taken/);
    expectClean(message + JSON.stringify(checked));
    expect(h.emulator.providers()).toEqual([]);
  });
});

describe("transport", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "probe-"));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Host options that record every connection and DNS lookup of the provider host into `file`. */
  const probed = (file: string) => ({ start: { env: { NODE_OPTIONS: `--require ${PROBE}`, NETWORK_PROBE_FILE: file } } });
  const probeEntries = (file: string): { connect?: { host?: string; port?: number }; lookup?: string }[] =>
    fs.existsSync(file)
      ? fs
          .readFileSync(file, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
      : [];

  test("a plain http:// environment URL to a remote host fails already in preview, before any network attempt, saying why and to use https", async () => {
    const file = path.join(dir, "network.jsonl");
    h = await startHarness({ config: { "scalekit:environmentUrl": "http://scalekit.example.com" }, ...probed(file) });

    const previewMessage = await failure(h.engine.preview("bearer", inputs.bearer));
    const upMessage = await failure(h.engine.up("bearer", inputs.bearer));

    for (const message of [previewMessage, upMessage]) {
      expect(message).toMatch(/scalekit:environmentUrl \(or SCALEKIT_ENVIRONMENT_URL\)/);
      expect(message).toMatch(
        /"http:\/\/scalekit\.example\.com" uses plain http:\/\/: the client secret would travel in clear text\. Use https:\/\//,
      );
      expectClean(message);
    }
    // Only loopback (the host's own gRPC plumbing): no lookup or connection for scalekit.example.com.
    const entries = probeEntries(file);
    expect(entries.filter((e) => (e.lookup ?? e.connect?.host) !== "127.0.0.1")).toEqual([]);
    expect(JSON.stringify(entries)).not.toContain("example.com");
    expect(apiCalls(h.emulator)).toEqual([]);
  });

  test("plain http:// to the loopback emulator works (and the probe does see its connections)", async () => {
    const file = path.join(dir, "network.jsonl");
    h = await startHarness(probed(file));
    expect(h.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const state = await h.engine.up("bearer", inputs.bearer);

    expect(state.id).toBe(h.emulator.providers()[0].identifier);
    expect(probeEntries(file)).toContainEqual({ connect: { host: "127.0.0.1", port: h.emulator.port } });
    // What the guard scans is the real material: the RPCs carried `__provider` and the outputs.
    const evidence = engineEvidence(h.engines);
    expect(evidence["host 1 requests, results and errors"]).toContain("__provider");
    expect(evidence["host 1 requests, results and errors"]).toContain(state.id);
  });
});
