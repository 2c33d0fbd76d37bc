/**
 * The generated Node.js SDK as its users get it: `npm run sdk:nodejs` packs sdk/nodejs as an npm package, a
 * TypeScript project installs it (offline, beside `scalekit-providers` and @pulumi/pulumi: test/package/consumer.ts)
 * and runs the README's quick start, examples/nodejs/ as it stands, through the real CLI, with the plugin launcher
 * the installed npm package ships. Then the same program declares a dynamic `CustomProvider` beside it: both
 * resources, the plugin's and the dynamic one, share one stack, one configuration and one emulator.
 */
import * as fs from "fs";
import * as path from "path";
import { RESOURCE_TOKEN } from "../../src/plugin";
import { DYNAMIC_RESOURCE_TYPE } from "../../src/resource/resource-type";
import { createConsumer, run, TSCONFIGS } from "../package/consumer";
import { calls, example, writes, newBackend, Project, REPO_ROOT, RunningEmulator, scenarios } from "../pulumi/harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { packNodejsSdk } = require("../../scripts/sdk-nodejs.js") as { packNodejsSdk: () => string };

const EXAMPLE = path.join(REPO_ROOT, "examples", "nodejs");

/** The dynamic resource, declared after the quick start's program in the same index.ts. */
const BESIDE = `
import { CustomProvider, fromPayload } from "scalekit-providers";

const asana = new CustomProvider("asana", fromPayload(${JSON.stringify(example("asana-oauth.json"))}));

export const asanaIdentifier = asana.identifier;
`;

const { emulator: current, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

let consumerDir: string;

beforeAll(() => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "sdk", "nodejs", "package.json"), "utf8"));
  const program = fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
  consumerDir = createConsumer(
    {
      "Pulumi.yaml": fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8"),
      "tsconfig.json": `${JSON.stringify(TSCONFIGS["tsconfig.nodenext.json"], null, 2)}\n`,
      "index.ts": program,
      "misspelt.ts": program.replace("displayName: \"My Bearer Token Provider\"", "displayNme: \"My Bearer Token Provider\""),
    },
    [{ tarball: packNodejsSdk(), name: manifest.name, version: manifest.version, dependencies: manifest.dependencies }],
  ).dir;
}, 5 * 60 * 1000);

test("TypeScript checks a program against the SDK's types: the quick start compiles, a misspelt property is refused by name", () => {
  const tsc = path.join("node_modules", ".bin", "tsc");
  expect(run(tsc, ["--noEmit", "-p", "tsconfig.json"], consumerDir).status).toBe(0);
  expect(() => run(tsc, ["--noEmit", "--strict", "--module", "nodenext", "misspelt.ts"], consumerDir)).toThrow(
    /'displayNme' does not exist in type 'CustomProviderArgs'\. Did you mean to write 'displayName'\?/,
  );
});

test("the Node.js quick start through the plugin: preview writes nothing, up creates the documented payload, preview shows no change; beside it a dynamic CustomProvider deploys in the same stack; destroy deletes both", async () => {
  fs.rmSync(path.join(consumerDir, "misspelt.ts"));
  const p = track(Project.at(consumerDir, newBackend()));
  await p.initStack("dev", emulator);

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(writes(emulator)).toHaveLength(0);

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(calls(emulator, "create").map((c) => c.body)).toEqual([example("bearer-token.json")]);
  const [bearer] = emulator.providers();
  expect(JSON.parse((await p.ok(["stack", "output", "--json", "--stack", "dev"])).stdout)).toEqual({ identifier: bearer.identifier });

  emulator.clearJournal();
  const again = await p.pulumi(["preview", "--stack", "dev"]);
  expect(again.code).toBe(0);
  expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
  expect(writes(emulator)).toHaveLength(0);

  fs.appendFileSync(path.join(consumerDir, "index.ts"), BESIDE);
  emulator.clearJournal();
  const beside = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(beside.code).toBe(0);
  expect(calls(emulator, "create").map((c) => c.body)).toEqual([example("asana-oauth.json")]);
  expect(calls(emulator, "update", "delete")).toHaveLength(0);
  const state = await p.exportState("dev");
  const asana = emulator.providers().find((s) => s.identifier !== bearer.identifier);
  const declared = state.resources.filter((r) => r.type === RESOURCE_TOKEN || r.type === DYNAMIC_RESOURCE_TYPE);
  expect(declared.map((r) => [r.type, r.id])).toEqual(
    expect.arrayContaining([
      [RESOURCE_TOKEN, bearer.identifier],
      [DYNAMIC_RESOURCE_TYPE, asana?.identifier],
    ]),
  );
  expect(declared).toHaveLength(2);

  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toEqual([]);
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(state.text).not.toContain(secret);
});
