/**
 * `npm run --silent provider-plugin`, an entry point independent checks rely on: it builds the plugin when its
 * entry is missing or older than the sources, and prints, as its last line of standard output, the folder that
 * holds the `pulumi-resource-scalekit` executable, which answers the engine's GetPluginInfo. Run in a copy of the
 * project, so that this checkout's dist/ (which other tests run) is never rebuilt under them.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pluginInfo } from "../helpers/plugin-process";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** What `npm run build` reads, and the launcher. */
const INPUTS = ["package.json", "tsconfig.json", "tsconfig.build.json", "src", "codegen", "scripts", "bin"];
const ENTRY = "dist/plugin/main.js";

let project: string;
// The Node running the tests comes first on PATH, for npm and for the scripts' `#!/usr/bin/env node`.
const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-provider-plugin-"));
  for (const entry of INPUTS) fs.cpSync(path.join(REPO_ROOT, entry), path.join(project, entry), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

function providerPlugin() {
  return spawnSync("npm", ["run", "--silent", "provider-plugin"], { cwd: project, env, encoding: "utf8", timeout: 300_000 });
}

const lastLine = (text: string) => text.trimEnd().split("\n").pop();

test("with no build yet, it builds, and its last line is the folder whose pulumi-resource-scalekit answers GetPluginInfo", async () => {
  expect(fs.existsSync(path.join(project, ENTRY))).toBe(false);
  const run = providerPlugin();
  expect({ status: run.status, last: lastLine(run.stdout) }).toEqual({ status: 0, last: path.join(project, "bin") });
  expect(fs.existsSync(path.join(project, ENTRY))).toBe(true);

  const folder = lastLine(run.stdout)!;
  const { version } = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { version: string };
  const answer = await pluginInfo(path.join(folder, "pulumi-resource-scalekit"), { cwd: os.tmpdir(), env: { PATH: env.PATH } });
  expect(answer.version).toBe(version);
});

test("when the build is current, it prints the folder without building", () => {
  const built = fs.statSync(path.join(project, ENTRY)).mtimeMs;
  const run = providerPlugin();
  expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
    status: 0,
    stdout: `${path.join(project, "bin")}\n`,
    stderr: "",
  });
  expect(fs.statSync(path.join(project, ENTRY)).mtimeMs).toBe(built);
});

test("when a source is newer than the build, it builds again; a failed build prints no folder and fails", () => {
  const source = path.join(project, "src/plugin/main.ts");
  fs.appendFileSync(source, "\nconst broken: number = 'not a number';\n");
  const run = providerPlugin();
  expect(run.status).not.toBe(0);
  expect(run.stdout).not.toContain(path.join(project, "bin"));
  expect(run.stderr).toContain("src/plugin/main.ts");
  expect(run.stderr).toMatch(/provider-plugin: npm run build failed.*the plugin was not built/);
});
