/**
 * The package as a user meets it: a project laid out as `pulumi new typescript` makes it, with the packed
 * tarball and @pulumi/pulumi installed (offline, see test/package/consumer.ts), declaring providers with
 * camelCase args and with `fromPayload` of a documented payload, driven by the real `pulumi`; then the same
 * project moved to another path (the serialized provider loads from that project's own node_modules), and the
 * package's CLI run there against the emulator.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { createConsumer, TSCONFIGS } from "../package/consumer";
import { calls, customProviders, example, newBackend, Project, REPO_ROOT, RunningEmulator, startEmulator } from "./harness";

const PULUMI_YAML = `name: consumer
description: A Pulumi project that uses scalekit-providers
runtime:
  name: nodejs
  options:
    packagemanager: npm
`;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { CustomProvider, fromPayload } from "scalekit-providers";

const bearer = new CustomProvider("consumer-bearer", {
  displayName: "Consumer Bearer",
  description: "Declared with camelCase args",
  authPatterns: [{
    type: "BEARER",
    displayName: "Bearer Token",
    fields: [{ fieldName: "token", label: "Token", inputType: "password", required: true }],
  }],
  proxyUrl: "https://api.example.com",
});

const asana = new CustomProvider("consumer-asana", fromPayload(${JSON.stringify(example("asana-oauth.json"))}));

export const bearerIdentifier = bearer.identifier;
export const asanaIdentifier = asana.identifier;
export const stack = pulumi.getStack();
`;

/** Runs the installed package's CLI in the project (through npx, offline). */
function cli(dir: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["--offline", "scalekit-providers", ...args], {
      cwd: dir,
      env: { ...process.env, PATH: `${path.join(REPO_ROOT, "node_modules/.bin")}${path.delimiter}${process.env.PATH}`, ...env },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output }));
  });
}

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
});

afterEach(async () => {
  await emulator.stop();
});

test("a consumer project deploys, previews, refreshes and destroys with the installed package, also after it moves; its CLI exports and compares", async () => {
  const consumer = createConsumer({
    "Pulumi.yaml": PULUMI_YAML,
    "tsconfig.json": `${JSON.stringify(TSCONFIGS["tsconfig.nodenext.json"], null, 2)}\n`,
    "index.ts": PROGRAM,
  });
  const project = Project.at(consumer.dir, newBackend());
  await project.initStack("dev", emulator);

  const up = await project.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(calls(emulator, "create")).toHaveLength(2);
  const outputs = JSON.parse((await project.ok(["stack", "output", "--json", "--stack", "dev"])).stdout);
  const ids = emulator
    .providers()
    .map((p) => p.identifier)
    .sort();
  expect([outputs.bearerIdentifier, outputs.asanaIdentifier].sort()).toEqual(ids);
  expect(calls(emulator, "create").map((c) => c.body)).toContainEqual(example("asana-oauth.json"));

  emulator.clearJournal();
  const preview = await project.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/3 unchanged/);
  const refresh = await project.pulumi(["refresh", "--yes", "--stack", "dev"]);
  expect(refresh.code).toBe(0);
  expect(refresh.stdout).toMatch(/3 unchanged/);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);

  const state = await project.exportState("dev");
  expect(customProviders(state)).toHaveLength(2);
  for (const forbidden of [emulator.clientSecret, ...emulator.issuedTokens(), consumer.dir, REPO_ROOT, os.homedir()]) {
    expect(state.text).not.toContain(forbidden);
  }

  const env = {
    SCALEKIT_ENVIRONMENT_URL: emulator.url,
    SCALEKIT_CLIENT_ID: emulator.clientId,
    SCALEKIT_CLIENT_SECRET: emulator.clientSecret,
  };
  const help = await cli(consumer.dir, ["--help"], env);
  expect(help.code).toBe(0);
  expect(help.output).toMatch(/export/);
  const exported = await cli(consumer.dir, ["export", "--dir", "exported"], env);
  expect(exported.code).toBe(0);
  expect(fs.readdirSync(path.join(consumer.dir, "exported"))).toHaveLength(2);
  const compared = await cli(consumer.dir, ["compare", "--dir", "exported"], env);
  expect(compared.code).toBe(0);
  for (const run of [help, exported, compared]) expect(run.output).not.toContain(emulator.clientSecret);

  const moved = project.copyWhole();
  fs.rmSync(consumer.dir, { recursive: true, force: true });
  const movedRefresh = await moved.pulumi(["refresh", "--yes", "--stack", "dev"]);
  expect(movedRefresh.code).toBe(0);
  const destroy = await moved.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toHaveLength(0);
  for (const run of [...project.runs, ...moved.runs]) expect(run.output).not.toContain(emulator.clientSecret);
});
