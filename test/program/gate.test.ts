/**
 * The promotion gate: a Production stack that opts in refuses to deploy definitions not live in Dev. The
 * program runs from the built dist/ under Pulumi's mocks in a child process (test/helpers/register-gate.js),
 * against two emulators standing for Dev and Production.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ConfigurationError } from "../../src/client";
import { findUnpromoted, PromotionGateError, readPromotionGateSettings, runPromotionGate } from "../../src/program/gate";
import { DuplicateDisplayNameError, PROMOTED_FIELDS } from "../../src/comparison";
import type { ProviderPayload } from "../../src/schema";
import { EngineDriver } from "../engine/driver";
import { stackConfig } from "../engine/harness";
import { bearerPayload } from "../helpers/emulator";
import { apiRequests, closedPort, copy, examples, tempDir, useDevAndProd } from "../cli/helpers";

const EXAMPLES = examples();
const asana = EXAMPLES["asana-oauth"];
const asanaWithoutEmail = copy(asana);
asanaWithoutEmail.auth_patterns[0].oauth_config.available_scopes.pop();
const env = useDevAndProd();

interface GateRun {
  registrations: { type: string; name: string; inputs: Record<string, unknown> }[];
  identifiers?: Record<string, string>;
  warnings: string[];
  error?: string;
  runError?: boolean;
}

/** Runs the program for a stack in a child process (asynchronously: the emulators live in this process). */
function runProgram(request: {
  stack?: string;
  preview?: boolean;
  config: Record<string, string>;
  secretKeys?: string[];
  env?: Record<string, string>;
}): Promise<GateRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, "../helpers/register-gate.js")], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0 || !stdout) reject(new Error(`gate process failed (${code}): ${stderr}`));
      else resolve(JSON.parse(stdout) as GateRun);
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** A definitions folder holding these payloads, one file each. */
function folder(files: Record<string, unknown>): string {
  const dir = tempDir("definitions-");
  for (const [name, payload] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), JSON.stringify(payload, null, 2));
  return dir;
}

/** The Production stack's config, with the gate pointing at the Dev emulator. */
function prodConfig(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "scalekit:environmentUrl": env.prod().url,
    "scalekit:clientId": env.prod().clientId,
    "scalekit:clientSecret": env.prod().clientSecret,
    "scalekit:protect": "true",
    "scalekit:definitionsDir": dir,
    "scalekit:promotionGate": JSON.stringify({ environmentUrl: env.dev().url, clientId: env.dev().clientId }),
    "scalekit:promotionGateClientSecret": env.dev().clientSecret,
    "scalekit:maxRetries": "0",
    ...extra,
  };
}
const SECRET_KEYS = ["scalekit:clientSecret", "scalekit:promotionGateClientSecret"];

describe("the promotion gate on the Production stack", () => {
  test("allows definitions identical to Dev, which then deploy to Production", async () => {
    env.dev().insertProvider(asana);
    env.dev().insertProvider(bearerPayload());
    const dir = folder({ "asana.json": asana, "bearer.json": bearerPayload() });

    const run = await runProgram({ config: prodConfig(dir), secretKeys: SECRET_KEYS });
    expect(run.error).toBeUndefined();
    expect(run.registrations.map((r) => r.name).sort()).toEqual(["asana", "bearer"]);
    expect(run.identifiers).toEqual({ asana: "ASANA:1", bearer: "BEARER:1" });
    expect(apiRequests(env.dev(), "list")).toHaveLength(1);
    expect(apiRequests(env.dev()).filter((e) => !["token", "list"].includes(e.kind))).toEqual([]);

    const engine = await EngineDriver.start({ ...stackConfig(env.prod()), stack: "prod" });
    try {
      for (const r of run.registrations) await engine.up(r.name, r.inputs);
    } finally {
      await engine.stop();
    }
    expect(
      env
        .prod()
        .providers()
        .map((p) => p.payload.display_name)
        .sort(),
    ).toEqual(["My Asana", "My Bearer"]);
  });

  test("blocks a definition that differs from Dev (a scope removed), naming it and how to promote it", async () => {
    env.dev().insertProvider(asana);
    env.dev().insertProvider(bearerPayload());
    const dir = folder({ "asana.json": asanaWithoutEmail, "bearer.json": bearerPayload() });

    const run = await runProgram({ config: prodConfig(dir), secretKeys: SECRET_KEYS });
    expect(run.runError).toBe(true);
    expect(run.registrations).toEqual([]);
    expect(run.error).toContain("The promotion gate of stack prod refused to deploy: 1 definition is not live in the Dev environment");
    expect(run.error).toContain(
      'asana.json ("My Asana"): differs from Dev in auth_patterns[0].oauth_config.available_scopes[scope=email]; OAuth scopes removed: email (in Dev, not in asana.json)',
    );
    expect(run.error).not.toContain("bearer.json");
    expect(run.error).toContain("`pulumi up --stack dev`");
    expect(run.error).toContain(`scalekit-providers compare --dir ${dir} --stack dev`);
    expect(run.error).not.toContain(env.dev().clientSecret);
    expect(apiRequests(env.prod())).toEqual([]);
  });

  test("blocks a definition Dev does not have", async () => {
    env.dev().insertProvider(asana);
    const dir = folder({ "asana.json": asana, "new.json": bearerPayload("Brand New") });
    const run = await runProgram({
      config: prodConfig(dir, {
        "scalekit:promotionGate": JSON.stringify({ environmentUrl: env.dev().url, clientId: env.dev().clientId, stack: "development" }),
      }),
      secretKeys: SECRET_KEYS,
    });
    expect(run.runError).toBe(true);
    expect(run.error).toContain('new.json ("Brand New"): not in Dev');
    expect(run.error).toContain("`pulumi up --stack development`");
  });

  test("in a preview, a refusal is a warning and the program goes on", async () => {
    env.dev().insertProvider(asana);
    const dir = folder({ "asana.json": asanaWithoutEmail });
    const run = await runProgram({ preview: true, config: prodConfig(dir), secretKeys: SECRET_KEYS });
    expect(run.error).toBeUndefined();
    expect(run.registrations.map((r) => r.name)).toEqual(["asana"]);
    expect(run.warnings).toEqual([expect.stringContaining('asana.json ("My Asana"): differs from Dev')]);
    expect(run.warnings[0]).toMatch(/^The promotion gate of stack prod will refuse to deploy: /);
    expect(run.warnings[0]).toMatch(/This is a preview, so it goes on: `pulumi up` on stack prod will stop here/);
  });

  test("when Dev cannot be read, an update is refused (the gate fails closed)", async () => {
    const port = await closedPort();
    const dir = folder({ "asana.json": asana });
    const run = await runProgram({
      config: prodConfig(dir, {
        "scalekit:promotionGate": JSON.stringify({ environmentUrl: `http://127.0.0.1:${port}`, clientId: "skc_dev" }),
      }),
      secretKeys: SECRET_KEYS,
    });
    expect(run.runError).toBe(true);
    expect(run.error).toMatch(/cannot read the Dev environment http:\/\/127\.0\.0\.1:\d+/);
    expect(run.registrations).toEqual([]);
  });

  test("the Dev secret may come from SCALEKIT_PROMOTION_GATE_CLIENT_SECRET", async () => {
    env.dev().insertProvider(asana);
    const dir = folder({ "asana.json": asana });
    const { "scalekit:promotionGateClientSecret": _secret, ...config } = prodConfig(dir);
    const run = await runProgram({
      config,
      secretKeys: ["scalekit:clientSecret"],
      env: { SCALEKIT_PROMOTION_GATE_CLIENT_SECRET: env.dev().clientSecret },
    });
    expect(run.error).toBeUndefined();
    expect(run.registrations).toHaveLength(1);
  });

  test("is off by default: without scalekit:promotionGate nothing asks Dev", async () => {
    const dir = folder({ "asana.json": asanaWithoutEmail });
    const { "scalekit:promotionGate": _gate, "scalekit:promotionGateClientSecret": _secret, ...config } = prodConfig(dir);
    const run = await runProgram({ config, secretKeys: ["scalekit:clientSecret"] });
    expect(run.error).toBeUndefined();
    expect(run.registrations).toHaveLength(1);
    expect(apiRequests(env.dev())).toEqual([]);
  });

  test("a client limit out of range stops the program with the provider's ConfigurationError, in a preview too (never dropped)", async () => {
    const dir = folder({ "asana.json": asana });
    const run = await runProgram({ preview: true, config: prodConfig(dir, { "scalekit:maxRetries": "many" }), secretKeys: SECRET_KEYS });
    expect(run.runError).toBe(true);
    expect(run.error).toBe('scalekit:maxRetries (or SCALEKIT_MAX_RETRIES) must be an integer from 0 to 20, got "many"');
    expect(run.registrations).toEqual([]);
    expect(apiRequests(env.dev())).toEqual([]);
  });

  test("a gate without the Dev secret stops the program with the command that sets it", async () => {
    const dir = folder({ "asana.json": asana });
    const { "scalekit:promotionGateClientSecret": _secret, ...config } = prodConfig(dir);
    const run = await runProgram({ preview: true, config, secretKeys: ["scalekit:clientSecret"] });
    expect(run.runError).toBe(true);
    expect(run.error).toMatch(
      /pulumi config set --secret scalekit:promotionGateClientSecret <Dev client secret>, or the variable SCALEKIT_PROMOTION_GATE_CLIENT_SECRET/,
    );
  });
});

describe("readPromotionGateSettings", () => {
  const read =
    (config: Record<string, unknown>, envVars: Record<string, string> = {}) =>
    () =>
      readPromotionGateSettings((k) => config[k], envVars);
  const gate = { environmentUrl: "https://acme-dev.scalekit.dev", clientId: "skc_dev" };

  test("is off when scalekit:promotionGate is not set", () => {
    expect(read({})()).toBeUndefined();
  });

  test("takes an object or its JSON text, the secret from config or the variable, and hides the secret", () => {
    const settings = read({ "scalekit:promotionGate": JSON.stringify(gate), "scalekit:promotionGateClientSecret": "sks_dev_123" })()!;
    expect(settings).toEqual({ ...gate, stack: "dev" });
    expect(settings.clientSecret).toBe("sks_dev_123");
    expect(JSON.stringify(settings)).not.toContain("sks_dev_123");
    expect(read({ "scalekit:promotionGate": gate }, { SCALEKIT_PROMOTION_GATE_CLIENT_SECRET: "sks_env" })()!.clientSecret).toBe("sks_env");
  });

  test.each([
    [{ "scalekit:promotionGate": "https://acme-dev.scalekit.dev" }, /must be an object with environmentUrl and clientId/],
    [{ "scalekit:promotionGate": { environmentUrl: gate.environmentUrl } }, /needs clientId of the Dev environment/],
    [
      { "scalekit:promotionGate": { ...gate, environmentURL: "x" } },
      /unknown keys environmentURL: it takes environmentUrl, clientId, stack/,
    ],
    [{ "scalekit:promotionGate": gate }, /needs the Dev environment's client secret/],
    [
      {
        "scalekit:promotionGate": gate,
        "scalekit:promotionGateClientSecret": "s3cret",
        "scalekit:environmentUrl": "https://acme-dev.scalekit.dev/",
      },
      /is this stack's own environment/,
    ],
  ])("refuses %j", (config, message) => {
    expect(read(config)).toThrow(message);
  });
});

test("findUnpromoted compares only the promoted fields, after normalization", async () => {
  env.dev().insertProvider({ ...bearerPayload(), icon_src: "https://cdn.example.com/dev.png", metadata: { env: "dev" } });
  const settings = readPromotionGateSettings(
    (k) =>
      ({
        "scalekit:promotionGate": { environmentUrl: env.dev().url, clientId: env.dev().clientId },
        "scalekit:promotionGateClientSecret": env.dev().clientSecret,
      })[k],
    {},
  )!;
  const verbose = copy(bearerPayload()) as any;
  verbose.auth_patterns[0].fields[0].required = false;
  verbose.metadata = { env: "prod" };
  expect(await findUnpromoted([{ name: "b", file: "b.json", payload: verbose }], settings, { maxRetries: 0 })).toEqual([]);
  expect(PROMOTED_FIELDS).not.toContain("metadata");
});

test("runPromotionGate refuses the stack's client limit as the provider does (config or variable), before asking Dev", async () => {
  const fetch = jest.fn();
  const { "scalekit:maxRetries": _retries, ...withoutRetries } = prodConfig(tempDir());
  const ctx = (config: Record<string, string>, envVars: Record<string, string> = {}) => ({
    config: (key: string) => ({ ...withoutRetries, ...config })[key],
    env: envVars,
    stack: "prod",
    definitionsDir: "definitions",
    dryRun: true,
    warn: () => undefined,
    tuning: { fetch },
  });
  const fromConfig = runPromotionGate([], ctx({ "scalekit:timeoutSeconds": "0" }));
  await expect(fromConfig).rejects.toThrow(ConfigurationError);
  await expect(fromConfig).rejects.toThrow(
    'scalekit:timeoutSeconds (or SCALEKIT_TIMEOUT_SECONDS) must be a number of seconds above 0, got "0"',
  );
  const fromVariable = runPromotionGate([], ctx({}, { SCALEKIT_MAX_RETRIES: "-1" }));
  await expect(fromVariable).rejects.toThrow('scalekit:maxRetries (or SCALEKIT_MAX_RETRIES) must be an integer from 0 to 20, got "-1"');
  expect(fetch).not.toHaveBeenCalled();
});

test("when Dev does not answer in time, the refusal says to raise the stack's timeout, which the gate's calls take", async () => {
  const hang = (_url: unknown, init?: { signal?: AbortSignal }) =>
    new Promise<never>((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(new Error("aborted"))));
  const dir = tempDir();
  const gate = runPromotionGate([{ name: "b", file: "b.json", payload: bearerPayload() as unknown as ProviderPayload }], {
    config: (key: string) => ({ ...prodConfig(dir), "scalekit:timeoutSeconds": "0.05", "scalekit:maxRetries": "0" })[key],
    env: {},
    stack: "prod",
    definitionsDir: "definitions",
    dryRun: false,
    warn: () => undefined,
    tuning: { fetch: hang },
  });
  await expect(gate).rejects.toThrow(PromotionGateError);
  await expect(gate).rejects.toThrow(
    /did not answer within 50 ms.*Raise the timeout with scalekit:timeoutSeconds \(or SCALEKIT_TIMEOUT_SECONDS\)\.$/s,
  );
});

test("findUnpromoted names a changed OAuth scope by its name, as compare does", async () => {
  env.dev().insertProvider(asana);
  const config: Record<string, unknown> = {
    "scalekit:promotionGate": { environmentUrl: env.dev().url, clientId: env.dev().clientId },
    "scalekit:promotionGateClientSecret": env.dev().clientSecret,
  };
  const settings = readPromotionGateSettings((k) => config[k], {})!;
  const definition = { name: "asana", file: "asana.json", payload: asanaWithoutEmail as ProviderPayload };
  const [unpromoted] = await findUnpromoted([definition], settings, { maxRetries: 0 });
  expect(unpromoted).toEqual({
    file: "asana.json",
    displayName: "My Asana",
    reason: "different",
    changes: [{ path: "auth_patterns[0].oauth_config.available_scopes[scope=email]", to: expect.objectContaining({ scope: "email" }) }],
    scopes: { added: [], removed: ["email"] },
  });
});

describe("two Dev providers with one display name", () => {
  // Dev's listing holds two "My Bearer" providers, the last one exactly the definition: matching by name
  // cannot tell which one the definition was promoted from, so neither is taken (the rule compare follows).
  const twins = [
    { identifier: "BEARER:1", ...bearerPayload(), description: "an older copy" },
    { identifier: "BEARER:2", ...bearerPayload() },
  ];
  const gateConfig: Record<string, unknown> = {};
  beforeEach(() => {
    env
      .dev()
      .addFault({ kind: "list", count: 5, action: { type: "status", status: 200, body: { providers: twins, next_page_token: "" } } });
    Object.assign(gateConfig, {
      "scalekit:promotionGate": { environmentUrl: env.dev().url, clientId: env.dev().clientId },
      "scalekit:promotionGateClientSecret": env.dev().clientSecret,
    });
  });
  const definition = { name: "bearer", file: "bearer.json", payload: bearerPayload() as unknown as ProviderPayload };

  test("findUnpromoted refuses them with DuplicateDisplayNameError, naming the display name and both identifiers", async () => {
    const settings = readPromotionGateSettings((k) => gateConfig[k], {})!;
    const found = findUnpromoted([definition], settings, { maxRetries: 0 });
    await expect(found).rejects.toThrow(DuplicateDisplayNameError);
    await expect(found).rejects.toThrow(
      /^Dev \(stack dev, http:\/\/127\.0\.0\.1:\d+\) has more than one custom provider with the same display name:\n {2}"My Bearer": BEARER:1, BEARER:2\n/,
    );
    await expect(found).rejects.toThrow(/Rename or delete the extra ones in the Scalekit Dashboard/);
  });

  test("runPromotionGate refuses an update (fails closed) and warns in a preview, never passing on one of the two", async () => {
    const warnings: string[] = [];
    const ctx = (dryRun: boolean) => ({
      config: (key: string) => gateConfig[key],
      env: {},
      stack: "prod",
      definitionsDir: "definitions",
      dryRun,
      warn: (message: string) => warnings.push(message),
      tuning: { maxRetries: 0 },
    });
    const update = runPromotionGate([definition], ctx(false));
    await expect(update).rejects.toThrow(PromotionGateError);
    await expect(update).rejects.toThrow(
      /^The promotion gate of stack prod cannot tell which Dev provider a definition is: Dev \(stack dev, /,
    );
    await expect(update).rejects.toThrow(/"My Bearer": BEARER:1, BEARER:2/);
    expect(await runPromotionGate([definition], ctx(true))).toBe("warned");
    expect(warnings).toEqual([expect.stringMatching(/"My Bearer": BEARER:1, BEARER:2\n[\s\S]*This is a preview, so it goes on/)]);
  });
});
