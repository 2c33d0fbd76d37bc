/**
 * Python programs using the generated SDK (`pulumi_scalekit`, pip-installed beside `pulumi` from PyPI), run by the
 * real CLI and its Python language host (built beside `pulumi` by scripts/pulumi-cli.js) against the emulator, the
 * plugin found through Pulumi.yaml `plugins.providers[].path`. The program's Python is the virtual environment of
 * test/sdk/python-venv.ts, activated as a user activates one (its `bin` first on PATH): that is where the language
 * host looks for it.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { RESOURCE_TOKEN as TOKEN } from "../../src/plugin";
import { calls, example, filesOf, writes, newBackend, Project, REPO_ROOT, RunningEmulator, scenarios } from "../pulumi/harness";
import { check, pythonVenv } from "./python-venv";

const EXAMPLE = path.join(REPO_ROOT, "examples", "python");
let venv: string;

beforeAll(() => {
  venv = pythonVenv();
  // What `source <venv>/bin/activate` does; jest gives each test file a process.env of its own.
  process.env.PATH = [path.join(venv, "bin"), process.env.PATH].join(path.delimiter);
  process.env.VIRTUAL_ENV = venv;
}, 10 * 60 * 1000);

const { emulator: current, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

/** A copy of a Python project folder, its plugin path pointed at this repository's launcher (bin/). */
function pythonProject(source: string): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-python-"));
  fs.cpSync(source, dir, { recursive: true });
  const file = path.join(dir, "Pulumi.yaml");
  const project = parse(fs.readFileSync(file, "utf8")) as { plugins: { providers: { name: string; path: string }[] } };
  for (const provider of project.plugins.providers) provider.path = path.join(REPO_ROOT, "bin");
  fs.writeFileSync(file, stringify(project));
  return track(Project.at(dir, newBackend()));
}

/**
 * A program declaring one provider, `bearer`, from `definition.json` beside it: the payload of a definition file,
 * whose snake_case keys are the SDK's own argument names, passed as keyword arguments.
 */
const DEFINITION_PROGRAM = [
  "import json",
  "import pulumi",
  "import pulumi_scalekit as scalekit",
  "",
  "with open('definition.json') as file:",
  "    definition = json.load(file)",
  "bearer = scalekit.CustomProvider('bearer', **definition)",
  "pulumi.export('identifier', bearer.identifier)",
  "pulumi.export('display_name', bearer.display_name)",
  "",
].join("\n");

function definitionProject(definition: Record<string, unknown>): Project {
  const source = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-python-source-"));
  fs.writeFileSync(path.join(source, "Pulumi.yaml"), stringify({ name: "scalekit-python", runtime: "python", plugins: { providers: [{ name: "scalekit", path: "." }] } }));
  fs.writeFileSync(path.join(source, "__main__.py"), DEFINITION_PROGRAM);
  const p = pythonProject(source);
  writeDefinition(p, definition);
  return p;
}

function writeDefinition(p: Project, definition: Record<string, unknown>): void {
  fs.writeFileSync(path.join(p.dir, "definition.json"), JSON.stringify(definition));
}

test("examples/python as it stands: its requirements are what the test environment holds; mypy accepts it; preview of a new stack writes nothing; up creates the documented example; destroy deletes; no secret anywhere", async () => {
  // Offline: every requirement of the quick start is already satisfied by the environment the program runs in.
  const satisfied = check(path.join(venv, "bin", "python"), ["-m", "pip", "install", "--no-index", "-r", "requirements.txt"], EXAMPLE);
  expect(satisfied).toMatch(/^Requirement already satisfied: pulumi[<>=,.\d]+ in .*\(3\.272\.0\)$/m);
  expect(satisfied).toMatch(/^Requirement already satisfied: pulumi_scalekit[<>=,.\d]* in .*\(0\.1\.0\)$/m);
  const typed = check(path.join(venv, "bin", "python"), ["-m", "mypy", "--cache-dir", path.join(venv, ".mypy-cache"), "__main__.py"], EXAMPLE);
  expect(typed).toContain("Success: no issues found");
  const p = pythonProject(EXAMPLE);
  await p.initStack("dev", emulator);

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(writes(emulator)).toEqual([]);

  emulator.clearJournal();
  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  const creates = calls(emulator, "create");
  expect(creates).toHaveLength(1);
  expect(creates[0].body).toEqual(example("bearer-token.json"));
  const [stored] = emulator.providers();
  const outputs = await p.ok(["stack", "output", "--json", "--show-secrets", "--stack", "dev"]);
  expect(JSON.parse(outputs.stdout)).toEqual({ identifier: stored.identifier });
  const state = await p.exportState("dev");

  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toEqual([]);

  expect(emulator.issuedTokens().length).toBeGreaterThan(0);
  const everything = [state.text, outputs.stdout, filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(everything).not.toContain(secret);
});

test("Python through the plugin: up, preview with no change, refresh after a Dashboard edit, an in-place update, an auth-type change replaced, destroy; no secret in any output, the state or the program's outputs", async () => {
  const bearer = example("bearer-token.json");
  const p = definitionProject(bearer);
  await p.initStack("dev", emulator);
  expect((await p.pulumi(["up", "--yes", "--stack", "dev"])).code).toBe(0);
  expect(calls(emulator, "create").map((c) => c.body)).toEqual([bearer]);
  const [stored] = emulator.providers();

  emulator.clearJournal();
  const same = await p.pulumi(["preview", "--stack", "dev"]);
  expect(same.code).toBe(0);
  expect(same.stdout).toMatch(/2 unchanged/);
  expect(same.stdout).not.toMatch(/to create|to update|to delete|to replace/);
  expect(writes(emulator)).toEqual([]);

  emulator.editProvider(stored.identifier, { description: "Edited in the Dashboard" });
  const refresh = await p.pulumi(["refresh", "--yes", "--diff", "--stack", "dev"]);
  expect(refresh.code).toBe(0);
  expect(refresh.stdout).toMatch(/description: "Connect to an API[^"]*" => "Edited in the Dashboard"/);
  const refreshed = (await p.exportState("dev")).resources.find((r) => r.type === TOKEN);
  expect(refreshed?.outputs?.description).toBe("Edited in the Dashboard");

  writeDefinition(p, { ...bearer, description: "A static bearer token, described anew" });
  emulator.clearJournal();
  const update = await p.pulumi(["up", "--yes", "--diff", "--stack", "dev"]);
  expect(update.code).toBe(0);
  expect(update.stdout).toMatch(/~ +scalekit:index:CustomProvider: \(update\)/);
  expect(update.stdout).toMatch(/~ description: "Edited in the Dashboard" => "A static bearer token, described anew"/);
  expect(calls(emulator, "create", "update", "delete").map((c) => c.kind)).toEqual(["update"]);
  expect(emulator.providers().map((s) => [s.identifier, s.payload.description])).toEqual([
    [stored.identifier, "A static bearer token, described anew"],
  ]);

  const apiKey = example("attention-api-key.json");
  writeDefinition(p, { ...bearer, auth_patterns: apiKey.auth_patterns });
  emulator.clearJournal();
  const replace = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(replace.code).toBe(0);
  expect(replace.stdout).toMatch(/\+-.*scalekit:index:CustomProvider.*replace/);
  expect(replace.output).toMatch(/will be replaced: Scalekit cannot change/);
  expect(writes(emulator)).toEqual([]);
  const replaced = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(replaced.code).toBe(0);
  expect(calls(emulator, "create", "update", "delete").map((c) => c.kind)).toEqual(["delete", "create"]);
  const [now] = emulator.providers();
  expect(now.identifier).not.toBe(stored.identifier);
  expect((now.payload.auth_patterns as { type: string }[])[0].type).toBe("API_KEY");
  const outputs = await p.ok(["stack", "output", "--json", "--show-secrets", "--stack", "dev"]);
  expect(JSON.parse(outputs.stdout)).toEqual({ identifier: now.identifier, display_name: "My Bearer Token Provider" });
  const state = await p.exportState("dev");
  expect(state.resources.find((r) => r.type === TOKEN)?.id).toBe(now.identifier);

  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toEqual([]);

  const everything = [state.text, outputs.stdout, filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(everything).not.toContain(secret);
});

test("Python through the plugin: an invalid definition fails the preview naming the property as the Python program writes it (auth_patterns[0].oauth_config.token_uri), before any write", async () => {
  const asana = example("asana-oauth.json") as { auth_patterns: { oauth_config: Record<string, unknown> }[] };
  const [pattern] = asana.auth_patterns;
  const p = definitionProject({
    ...asana,
    auth_patterns: [{ ...pattern, oauth_config: { ...pattern.oauth_config, token_uri: "http://app.asana.com/-/oauth_token" } }],
  });
  await p.initStack("dev", emulator);
  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/property authPatterns\[0\]\.oauthConfig\.tokenUri value .* has a problem: must start with https:\/\/.*\(in Python: auth_patterns\[0\]\.oauth_config\.token_uri;/);
  expect(writes(emulator)).toEqual([]);
});
