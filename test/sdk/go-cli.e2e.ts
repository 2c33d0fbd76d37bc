/**
 * Go programs declaring `scalekit.CustomProvider` with the generated Go SDK (sdk/go), run by the real Pulumi CLI
 * against the emulator. A Go program reaches the CLI as an Automation API inline program: the engine talks to the
 * program's own process, so no Go language host is needed (the one Pulumi publishes is a module the Go proxy
 * refuses). test/sdk/go/ is the scenarios' program, examples/go/ the README's quick start; each is built once per
 * content (test/sdk/go-program.ts). The stack is made and set up with `pulumi stack init` and `pulumi config set`,
 * as a user does, and every run's output is checked for the client secret and tokens (test/pulumi/harness.ts).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { RESOURCE_TOKEN as TOKEN } from "../../src/plugin";
import { calls, cliDir, filesOf, writes, example, newBackend, Project, REPO_ROOT, Run, runCommand, RunningEmulator, scenarios } from "../pulumi/harness";
import { goProgram, moduleCopy } from "./go-program";

const SCENARIOS = path.join(__dirname, "go");
const QUICK_START = path.join(REPO_ROOT, "examples", "go");
const PLUGIN_DIR = path.join(REPO_ROOT, "bin");

const { emulator: current, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

let scenariosProgram: string;
beforeAll(async () => {
  scenariosProgram = await goProgram(SCENARIOS);
}, 15 * 60 * 1000);

/** The temporary folders of the file's projects and backends, removed at the end. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project in `dir` with a file backend of its own, both removed at the end. */
function projectAt(dir: string): Project {
  const p = track(Project.at(dir, newBackend()));
  made.push(p.dir, p.backend.dir);
  return p;
}

/** What the Automation API answered for one operation, as the scenarios' program prints it. */
interface Answer {
  StdOut: string;
  StdErr: string;
  ChangeSummary?: Record<string, number>;
  Summary?: { kind: string; result: string; resourceChanges?: Record<string, number>; config?: Record<string, { Value: string; Secret: boolean }> };
  Outputs?: Record<string, { Value: unknown; Secret: boolean }>;
}

/** The environment of a program run: the project's file backend, offline, no Scalekit settings but the stack's. */
function programEnv(p: Project, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${p.backend.dir}`,
    PULUMI_CONFIG_PASSPHRASE: p.backend.passphrase,
    PULUMI_HOME: path.join(p.backend.dir, ".pulumi-home"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    ...extra,
  };
  for (const name of ["SCALEKIT_ENVIRONMENT_URL", "SCALEKIT_CLIENT_ID", "SCALEKIT_CLIENT_SECRET"]) delete env[name];
  return env;
}

/** Runs a program in the project's folder; its run joins the project's, for the secrets check. */
async function runProgram(p: Project, program: string, args: string[], env: Record<string, string>): Promise<Run> {
  const run = await runCommand(program, args, { cwd: p.dir, env: programEnv(p, env) });
  p.runs.push(run);
  return run;
}

/**
 * A folder holding the scenarios' project (Pulumi.yaml naming the plugin's folder in `plugins.providers`) with a
 * stack `dev` set to the emulator; the program finds the plugin there only (ambient plugins ignored).
 */
async function scenariosProject(): Promise<{ p: Project; go: (operation: string, ...flags: string[]) => Promise<Run> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-go-project-"));
  const settings = { name: "scalekit-go", runtime: "go", plugins: { providers: [{ name: "scalekit", path: PLUGIN_DIR }] } };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(settings));
  const p = projectAt(dir);
  await p.initStack("dev", emulator);
  const go = (operation: string, ...flags: string[]) =>
    runProgram(p, scenariosProgram, ["-pulumi-root", path.dirname(cliDir()), ...flags, operation], { PULUMI_IGNORE_AMBIENT_PLUGINS: "true" });
  return { p, go };
}

/** The answer of a run that must succeed. */
function answer(run: Run): Answer {
  if (run.code !== 0) throw new Error(`the Go program exited with ${run.code}:\n${run.output}`);
  return JSON.parse(run.stdout) as Answer;
}

test("Go through the plugin: preview of a new stack writes nothing; up creates the documented payload; preview shows no change; refresh finds a Dashboard edit; an in-place update; an auth-type change planned and applied as a replacement; destroy; no secret anywhere", async () => {
  const { p, go } = await scenariosProject();
  emulator.clearJournal();

  const preview = answer(await go("preview"));
  expect(preview.ChangeSummary).toEqual({ create: 2 });
  expect(preview.StdOut).toMatch(/\+ scalekit:index:CustomProvider: \(create\)/);
  expect(writes(emulator)).toEqual([]);
  expect(fs.readdirSync(path.join(p.backend.dir, ".pulumi-home"))).not.toContain("plugins");

  const up = answer(await go("up"));
  expect(up.Summary).toEqual(expect.objectContaining({ kind: "update", result: "succeeded", resourceChanges: { create: 2 } }));
  const creates = calls(emulator, "create");
  expect(creates.map((c) => c.body)).toEqual([example("bearer-token.json")]);
  const [stored] = emulator.providers();
  expect(up.Outputs).toEqual({ identifier: { Value: stored.identifier, Secret: false } });
  // The program asks for ShowSecrets(false); by default the Automation API would decrypt the secret into the summary.
  expect(up.Summary?.config?.["scalekit:clientSecret"]).toEqual({ Value: "", Secret: true });

  emulator.clearJournal();
  const same = answer(await go("preview"));
  expect(same.ChangeSummary).toEqual({ same: 2 });
  expect(writes(emulator)).toEqual([]);

  emulator.editProvider(stored.identifier, { description: "Edited in the Dashboard" });
  const refresh = answer(await go("refresh"));
  expect(refresh.StdOut).toMatch(/~ +scalekit:index:CustomProvider bearer updated .*\[diff: ~description\]/);
  expect(refresh.Summary).toEqual(expect.objectContaining({ kind: "refresh", result: "succeeded", resourceChanges: { same: 1, update: 1 } }));
  const refreshed = (await p.exportState("dev")).resources.find((r) => r.type === TOKEN);
  expect(refreshed?.outputs?.description).toBe("Edited in the Dashboard");

  emulator.clearJournal();
  const update = answer(await go("up", "-description", "A static bearer token, described anew"));
  expect(update.Summary?.resourceChanges).toEqual({ same: 1, update: 1 });
  expect(update.StdOut).toMatch(/~ description: "Edited in the Dashboard" => "A static bearer token, described anew"/);
  expect(calls(emulator, "create", "update", "delete").map((c) => c.kind)).toEqual(["update"]);
  expect(emulator.providers().map((s) => [s.identifier, s.payload.description])).toEqual([
    [stored.identifier, "A static bearer token, described anew"],
  ]);

  emulator.clearJournal();
  const planned = answer(await go("preview", "-auth", "api-key"));
  expect(planned.ChangeSummary).toEqual({ replace: 1, same: 1 });
  expect(planned.StdOut).toMatch(/\+-scalekit:index:CustomProvider: \(replace\)/);
  expect(planned.StdOut).toMatch(/~ type +: "BEARER" => "API_KEY"/);
  expect(`${planned.StdOut}${planned.StdErr}`).toMatch(/will be replaced: Scalekit cannot change/);
  expect(writes(emulator)).toEqual([]);
  const replaced = answer(await go("up", "-auth", "api-key"));
  expect(replaced.Summary?.resourceChanges).toEqual({ replace: 1, same: 1 });
  expect(calls(emulator, "create", "update", "delete").map((c) => c.kind)).toEqual(["delete", "create"]);
  const [now] = emulator.providers();
  expect(now.identifier).not.toBe(stored.identifier);
  expect(now.payload.auth_patterns).toEqual(example("attention-api-key.json").auth_patterns);

  const state = await p.exportState("dev");
  const destroy = answer(await go("destroy"));
  expect(destroy.Summary).toEqual(expect.objectContaining({ kind: "destroy", result: "succeeded", resourceChanges: { delete: 2 } }));
  expect(emulator.providers()).toEqual([]);

  const secrets = [emulator.clientSecret, ...emulator.issuedTokens()];
  expect(emulator.issuedTokens().length).toBeGreaterThan(0);
  const everything = [state.text, filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  expect(everything).toContain(now.identifier);
  for (const secret of secrets) expect(everything).not.toContain(secret);
});

test("Go through the plugin: an invalid definition fails the preview naming the property as Pulumi prints it and as the Go program writes it (ProxyUrl), with no write", async () => {
  const { go } = await scenariosProject();
  emulator.clearJournal();
  const run = await go("preview", "-proxy-url", "http://api.example.com");
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(
    /scalekit:index:CustomProvider resource 'bearer': property proxyUrl value \{http:\/\/api\.example\.com\} has a problem: must start with https:\/\/: replace http:\/\/ with https:\/\/ \(in Python: proxy_url; in Go: ProxyUrl\)/,
  );
  expect(writes(emulator)).toEqual([]);
});

test("Go's compiler rejects a misspelt field of CustomProviderArgs (DisplayNme), naming it", () => {
  const build = spawnSync("go", ["build", "-trimpath", "-tags", "osusergo,grpcnotrace,misspelt", "-o", os.devNull, "./misspelt"], {
    cwd: SCENARIOS,
    encoding: "utf8",
    env: { ...process.env, CGO_ENABLED: "0" },
  });
  expect(build.status).toBe(1);
  expect(build.stderr).toContain("misspelt/main.go:15:4: unknown field DisplayNme in struct literal of type scalekit.CustomProviderArgs");
});

test("the Go programs are as gofmt writes them (the README shows examples/go/main.go)", () => {
  const listed = spawnSync("gofmt", ["-l", SCENARIOS, QUICK_START], { encoding: "utf8" });
  expect({ status: listed.status, unformatted: listed.stdout, stderr: listed.stderr }).toEqual({ status: 0, unformatted: "", stderr: "" });
});

test("the Go quick start (examples/go), copied and pointed at sdk/go, runs through the CLI with the plugin on PATH: preview writes nothing, up creates the documented bearer provider, destroy deletes it", async () => {
  const quickStart = await goProgram(QUICK_START);
  const p = projectAt(moduleCopy(QUICK_START));
  await p.initStack("dev", emulator);
  const env = { PATH: [cliDir(), PLUGIN_DIR, process.env.PATH].join(path.delimiter) };
  emulator.clearJournal();

  const preview = await runProgram(p, quickStart, ["dev", "preview"], env);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(writes(emulator)).toEqual([]);

  const up = await runProgram(p, quickStart, ["dev", "up"], env);
  expect(up.code).toBe(0);
  expect(calls(emulator, "create").map((c) => c.body)).toEqual([example("bearer-token.json")]);
  const [stored] = emulator.providers();
  expect(up.stdout).toContain(`identifier: "${stored.identifier}"`);

  const destroy = await runProgram(p, quickStart, ["dev", "destroy"], env);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toEqual([]);
  const everything = [filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(everything).not.toContain(secret);
});
