/**
 * The ways a user installs the `scalekit` plugin, each through the real CLI against the emulator, with a Pulumi
 * home of the test's own: the self-contained executable (`npm run plugin:executable`, built once for this file)
 * installed from its archive with `pulumi plugin install … --file`, and found on PATH; the executable started
 * with an empty environment, and named by a project's `plugins.providers[].path` (the launcher's folder there is
 * yaml.e2e.ts's route).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { packageSchema, pluginVersion, RESOURCE_TOKEN as TOKEN } from "../../src/plugin";
import { wireToArgs } from "../../src/schema";
import { pluginInfo } from "../helpers/plugin-process";
import { calls, cliDir, example, newBackend, Project, REPO_ROOT, runCommand, scenarios } from "./harness";

const { emulator, track } = scenarios();
const VERSION = pluginVersion();
let archive: string;
let executableDir: string;

beforeAll(async () => {
  const started = Date.now();
  const built = await runCommand("npm", ["run", "--silent", "plugin:executable"], { cwd: REPO_ROOT, env: process.env });
  if (built.code !== 0) throw new Error(`npm run plugin:executable failed:\n${built.output}`);
  [archive, executableDir] = built.stdout.trim().split("\n").slice(-2);
  process.stdout.write(`plugin:executable built in ${Date.now() - started} ms\n`);
}, 300_000);

/** What the CLI says when nothing provides the plugin. */
const NOT_FOUND = /no resource plugin 'pulumi-resource-scalekit' found/;

/** A YAML project declaring one bearer-token provider; with no `plugins:` section unless `pluginPath` is given. */
function yamlProject(pluginPath?: string): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-yaml-installed-"));
  const program = {
    name: "scalekit-installed",
    runtime: "yaml",
    ...(pluginPath ? { plugins: { providers: [{ name: "scalekit", path: pluginPath }] } } : {}),
    resources: { bearer: { type: TOKEN, properties: wireToArgs(example("bearer-token.json")) } },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
  return track(Project.at(dir, newBackend()));
}

/** preview (the live review's one read, no write), up (one create), destroy (one delete) of that project, with `env` added to each run. */
async function upAndDestroy(p: Project, env: Record<string, string>): Promise<void> {
  const preview = await p.pulumi(["preview", "--stack", "dev"], env);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(
    emulator()
      .journal()
      .map((e) => e.kind),
  ).toEqual(["token", "list"]);
  const up = await p.pulumi(["up", "--yes", "--stack", "dev"], env);
  expect(up.code).toBe(0);
  expect(calls(emulator(), "create")).toHaveLength(1);
  expect(
    emulator()
      .providers()
      .map((s) => s.payload.display_name),
  ).toEqual(["My Bearer Token Provider"]);
  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"], env);
  expect(destroy.code).toBe(0);
  expect(emulator().providers()).toEqual([]);
}

test("the self-contained executable starts with an empty environment (no Node, no PATH) and answers GetPluginInfo with the package's version", async () => {
  const answer = await pluginInfo(path.join(executableDir, "pulumi-resource-scalekit"), { cwd: os.tmpdir(), env: {} });
  expect(answer.version).toBe(VERSION);
  process.stdout.write(`self-contained executable: GetPluginInfo answered ${answer.answeredMs.toFixed(0)} ms after start\n`);
});

test("pulumi package get-schema on the self-contained executable prints the package schema", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-schema-"));
  const run = await runCommand(
    path.join(cliDir(), "pulumi"),
    ["package", "get-schema", path.join(executableDir, "pulumi-resource-scalekit")],
    {
      cwd: dir,
      env: { PATH: cliDir(), HOME: dir, PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  );
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(packageSchema(VERSION));
});

test("pulumi plugin install resource scalekit <version> --file <archive>: a YAML program with no plugins section runs on the installed executable, ambient plugins ignored", async () => {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  expect(path.basename(archive)).toBe(`pulumi-resource-scalekit-v${VERSION}-linux-${arch}.tar.gz`);
  const p = yamlProject();
  await p.initStack("dev", emulator());
  const env = { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" };

  // Before the install, nothing provides the plugin: the preview fails, naming it.
  const missing = await p.pulumi(["preview", "--stack", "dev"], env);
  expect(missing.code).not.toBe(0);
  expect(missing.output).toMatch(NOT_FOUND);

  const install = await p.pulumi(["plugin", "install", "resource", "scalekit", VERSION, "--file", archive], env);
  expect(install.code).toBe(0);
  const installed = path.join(p.backend.dir, ".pulumi-home", "plugins", `resource-scalekit-v${VERSION}`, "pulumi-resource-scalekit");
  expect(fs.statSync(installed).size).toBe(fs.statSync(path.join(executableDir, "pulumi-resource-scalekit")).size);
  const listed = await p.pulumi(["plugin", "ls"], env);
  expect(listed.stdout).toMatch(new RegExp(`scalekit +resource +${VERSION.replace(/\./g, "\\.")}`));

  await upAndDestroy(p, env);
});

test("the self-contained executable's folder on PATH: a YAML program with no plugins section finds it there", async () => {
  const p = yamlProject();
  await p.initStack("dev", emulator());
  const missing = await p.pulumi(["preview", "--stack", "dev"]);
  expect(missing.code).not.toBe(0);
  expect(missing.output).toMatch(NOT_FOUND);

  const PATH = [cliDir(), executableDir, process.env.PATH].join(path.delimiter);
  await upAndDestroy(p, { PATH });
  expect(fs.existsSync(path.join(p.backend.dir, ".pulumi-home", "plugins", `resource-scalekit-v${VERSION}`))).toBe(false);
});

test("a project's plugins.providers[].path naming the self-contained executable's folder: preview plans the create, with the live review's one read and no write", async () => {
  const p = yamlProject(executableDir);
  await p.initStack("dev", emulator());
  const preview = await p.pulumi(["preview", "--stack", "dev"], { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" });
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(
    emulator()
      .journal()
      .map((e) => e.kind),
  ).toEqual(["token", "list"]);
});
