/**
 * What the real `pulumi` prints when something must not happen: protected deletes, a provider still in use,
 * broken definitions, missing or wrong credentials; and the promotion gate. (Adoption, from `scalekit:adopt` to no
 * write: test/program/program.test.ts and test/engine/lifecycle.test.ts.) Each scenario with a project copy and a file backend of its own.
 */
import { calls, customProviders, example, newBackend, Project, RunningEmulator, scenarios, startEmulator } from "./harness";

const ASANA = "asana-oauth.json";
const BEARER = "bearer-token.json";

const { emulator: current, project, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

test("on a stack with scalekit:protect, up and destroy refuse to delete and nothing is deleted", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("prod", emulator, { "scalekit:protect": "true" });
  await p.ok(["up", "--yes", "--stack", "prod"]);
  p.removeDefinition(BEARER);
  emulator.clearJournal();

  const up = await p.pulumi(["up", "--yes", "--stack", "prod"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toMatch(/protect/i);
  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "prod"]);
  expect(destroy.code).not.toBe(0);
  expect(destroy.output).toMatch(/protect/i);
  expect(calls(emulator, "delete")).toHaveLength(0);
  expect(emulator.providers()).toHaveLength(2);
});

test("a delete refused because connections use the provider says what to do, the stack keeps it, and a later destroy succeeds", async () => {
  const p = project({ [ASANA]: example(ASANA) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  const id = emulator.providers()[0].identifier;
  emulator.attachConnections(id, 2);

  const refused = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toMatch(/still used by connections or connected\s+accounts/);
  expect(refused.output).toMatch(/Remove those connections and connected accounts in the Scalekit Dashboard/);
  expect(customProviders(await p.exportState("dev")).map((r) => r.id)).toEqual([id]);

  emulator.attachConnections(id, 0);
  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toHaveLength(0);
});

test("broken definitions stop preview with every file, property path and fix at once, as validate words them, and nothing is sent", async () => {
  const broken = { ...example(BEARER), proxyEnable: true, proxy_url: "http://api.example.com" };
  const p = project({ [ASANA]: example(ASANA), "broken.json": broken, "unparsable.json": '{ "display_name": ' });
  await p.initStack("dev", emulator);

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/2 of 3 definition files are invalid/);
  expect(preview.output).toMatch(/✗ definitions\/broken\.json\n\s+proxyEnable: unknown property; did you mean `proxy_enabled`\?/);
  expect(preview.output).toMatch(/proxy_url: must start with https:\/\//);
  expect(preview.output).toMatch(/✗ definitions\/unparsable\.json\n\s+definitions\/unparsable\.json is not valid JSON/);
  // Once under Diagnostics (the progress row above shows its first line, as Pulumi shows every error).
  expect(preview.output.slice(preview.output.indexOf("Diagnostics:")).split("2 of 3 definition files are invalid")).toHaveLength(2);
  expect(preview.output).not.toMatch(/^\s+at /m);
  expect(preview.output).not.toContain(p.dir);
  expect(emulator.journal()).toHaveLength(0);
});

test("missing credentials name the config key and the variable; wrong ones say to check them, and nothing is written", async () => {
  const p = project({ [ASANA]: example(ASANA) });
  await p.ok(["stack", "init", "dev"]);
  await p.ok(["config", "set", "--stack", "dev", "scalekit:environmentUrl", emulator.url]);

  const missing = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(missing.code).not.toBe(0);
  expect(missing.output).toMatch(/scalekit:clientId/);
  expect(missing.output).toMatch(/SCALEKIT_CLIENT_ID/);
  expect(missing.output).toMatch(/scalekit:clientSecret/);
  expect(missing.output).toMatch(/SCALEKIT_CLIENT_SECRET/);

  await p.ok(["config", "set", "--stack", "dev", "scalekit:clientId", emulator.clientId]);
  await p.ok(["config", "set", "--stack", "dev", "--secret", "scalekit:clientSecret", "sks_not_the_right_secret_at_all"]);
  const wrong = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(wrong.code).not.toBe(0);
  expect(wrong.output).toMatch(/scalekit:clientSecret/);
  expect(wrong.output).toMatch(/SCALEKIT_CLIENT_SECRET/);
  expect(wrong.output).not.toContain("sks_not_the_right_secret_at_all");
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);
});

test("the promotion gate refuses up on the prod stack for a definition not live in Dev, and only warns in preview", async () => {
  const dev = await startEmulator({ port: 0 });
  try {
    const p = project({ [ASANA]: example(ASANA) });
    await p.initStack("prod", emulator, { "scalekit:protect": "true" });
    await p.ok(["config", "set", "--stack", "prod", "--path", "scalekit:promotionGate.environmentUrl", dev.url]);
    await p.ok(["config", "set", "--stack", "prod", "--path", "scalekit:promotionGate.clientId", dev.clientId]);
    await p.ok(["config", "set", "--stack", "prod", "--secret", "scalekit:promotionGateClientSecret", dev.clientSecret]);

    const preview = await p.pulumi(["preview", "--stack", "prod"]);
    expect(preview.code).toBe(0);
    expect(preview.output).toMatch(/The promotion gate of stack prod will refuse to deploy/);
    expect(preview.output).toMatch(/asana-oauth\.json \("My Asana"\)/);

    const up = await p.pulumi(["up", "--yes", "--stack", "prod"]);
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/The promotion gate of stack prod refused to deploy/);
    // One clean message: once under Diagnostics, no stack trace, no path of this machine.
    expect(up.output.slice(up.output.lastIndexOf("Diagnostics:")).split("refused to deploy")).toHaveLength(2);
    expect(up.output).not.toMatch(/^\s+at /m);
    expect(up.output).not.toContain(p.dir);
    expect(emulator.providers()).toHaveLength(0);
    expect(calls(dev, "create", "update", "delete")).toHaveLength(0);
    for (const run of p.runs) expect(run.output).not.toContain(dev.clientSecret);
  } finally {
    await dev.stop();
  }
});

test("an auth type change is a replacement: preview shows it and warns, Dev deletes then creates with a new identifier, a protected stack refuses", async () => {
  const bearer = example(BEARER) as { auth_patterns: { type: string; fields: { field_name: string }[] }[] };
  const apiKey = JSON.parse(JSON.stringify(bearer));
  apiKey.auth_patterns[0].type = "API_KEY";
  apiKey.auth_patterns[0].fields[0].field_name = "api_key";

  const dev = project({ [BEARER]: bearer });
  await dev.initStack("dev", emulator);
  await dev.ok(["up", "--yes", "--stack", "dev"]);
  const before = emulator.providers()[0].identifier;
  dev.writeDefinition(BEARER, apiKey);
  emulator.clearJournal();

  const preview = await dev.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+-\s+pulumi-nodejs:dynamic\/scalekit:CustomProvider\s+bearer-token\s+replace/);
  expect(preview.output).toMatch(/will be replaced/);
  expect(preview.output).toMatch(/authPatterns\[0\]\.type from BEARER to API_KEY/);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);

  const up = await dev.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/\+-1 replaced/);
  expect(calls(emulator, "create", "update", "delete").map((c) => c.kind)).toEqual(["delete", "create"]);
  const after = emulator.providers();
  expect(after).toHaveLength(1);
  expect(after[0].identifier).not.toBe(before);

  const prodEmulator = await startEmulator({ port: 0 });
  try {
    const prod = Project.create(newBackend(), { [BEARER]: bearer });
    track(prod);
    await prod.initStack("prod", prodEmulator, { "scalekit:protect": "true" });
    await prod.ok(["up", "--yes", "--stack", "prod"]);
    prod.writeDefinition(BEARER, apiKey);
    prodEmulator.clearJournal();
    const refused = await prod.pulumi(["up", "--yes", "--stack", "prod"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/protect/i);
    expect(calls(prodEmulator, "create", "update", "delete")).toHaveLength(0);
    expect(prodEmulator.providers()).toHaveLength(1);
  } finally {
    await prodEmulator.stop();
  }
});
