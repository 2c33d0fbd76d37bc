/**
 * A Pulumi YAML program declaring `scalekit:index:CustomProvider` through the native plugin
 * (bin/pulumi-resource-scalekit, found through Pulumi.yaml `plugins.providers[].path`), run by the real CLI and
 * its YAML language host against the emulator. What a team whose code is not TypeScript sees.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse, stringify } from "yaml";
import { PACKAGE_SCHEMA_FILE, RESOURCE_TOKEN as TOKEN } from "../../src/plugin";
import { wireToArgs } from "../../src/schema";
import { calls, cliDir, filesOf, example, newBackend, Project, REPO_ROOT, runCommand, RunningEmulator, scenarios } from "./harness";

const { emulator: current, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

/** A YAML project in a folder of its own, with a file backend of its own, declaring `resources` (name → properties). */
function yamlProject(resources: Record<string, { properties: unknown; options?: unknown }>): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-yaml-"));
  writeProgram(dir, resources);
  return track(Project.at(dir, newBackend()));
}

function writeProgram(dir: string, resources: Record<string, { properties: unknown; options?: unknown }>): void {
  const program = {
    name: "scalekit-yaml",
    runtime: "yaml",
    plugins: { providers: [{ name: "scalekit", path: path.join(REPO_ROOT, "bin") }] },
    resources: Object.fromEntries(
      Object.entries(resources).map(([name, { properties, options }]) => [
        name,
        { type: TOKEN, properties, ...(options ? { options } : {}) },
      ]),
    ),
    outputs: Object.fromEntries(Object.keys(resources).map((name) => [`${name}Identifier`, `\${${name}.identifier}`])),
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
}

/** The README's YAML quick start, examples/yaml/ as it stands, in a folder of its own with the plugin at ./plugin. */
function quickStart(): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-yaml-quick-start-"));
  fs.cpSync(path.join(REPO_ROOT, "examples", "yaml"), dir, { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "bin"), path.join(dir, "plugin"), "dir");
  return track(Project.at(dir, newBackend()));
}

test("YAML through the plugin, from the README's quick start: preview of a new stack reads the environment once and writes nothing; up creates; preview shows no change; a description change is an in-place update; destroy deletes; no secret anywhere", async () => {
  const bearer = wireToArgs(example("bearer-token.json"));
  const p = quickStart();
  await p.initStack("dev", emulator);

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  // The live review's one read (one token, one listing page), in the plugin as in the dynamic resource.
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list"]);
  emulator.clearJournal();

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  const creates = calls(emulator, "create");
  expect(creates).toHaveLength(1);
  expect(creates[0].body).toEqual(example("bearer-token.json"));
  const [stored] = emulator.providers();
  const outputs = await p.ok(["stack", "output", "--json", "--stack", "dev"]);
  expect(JSON.parse(outputs.stdout)).toEqual({ identifier: stored.identifier });

  emulator.clearJournal();
  const again = await p.pulumi(["preview", "--stack", "dev"]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/2 unchanged/);
  expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);

  const program = path.join(p.dir, "Pulumi.yaml");
  fs.writeFileSync(
    program,
    fs
      .readFileSync(program, "utf8")
      .replace(`description: ${String(bearer.description)}`, "description: A static bearer token, described anew"),
  );
  const changed = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(changed.code).toBe(0);
  expect(changed.stdout).toMatch(/~ +scalekit:index:CustomProvider: \(update\)/);
  // The detailed diff names the one property that changed, and nothing else of the provider.
  expect(changed.stdout).toMatch(/~ description: "Connect to an API[^"]*" => "A static bearer token, described anew"/);
  expect(changed.stdout).not.toMatch(/authPatterns|proxyUrl|displayName/);
  expect(changed.stdout).toMatch(/~ 1 to update/);
  const update = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(update.code).toBe(0);
  expect(calls(emulator, "update")).toHaveLength(1);
  expect(calls(emulator, "create", "delete")).toHaveLength(0);
  expect(emulator.providers().map((s) => [s.identifier, s.payload.description])).toEqual([
    [stored.identifier, "A static bearer token, described anew"],
  ]);

  const state = await p.exportState("dev");
  const resource = state.resources.find((r) => r.type === TOKEN);
  expect(resource?.id).toBe(stored.identifier);
  expect(resource?.outputs).toEqual(expect.objectContaining({ identifier: stored.identifier, displayName: "My Bearer Token Provider" }));

  const destroy = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(emulator.providers()).toEqual([]);
  expect(calls(emulator, "delete")).toHaveLength(1);

  const secrets = [emulator.clientSecret, ...emulator.issuedTokens()];
  expect(emulator.issuedTokens().length).toBeGreaterThan(0);
  const everything = [state.text, filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  for (const secret of secrets) expect(everything).not.toContain(secret);
});

test("YAML through the plugin: pulumi import by identifier writes nothing and leaves no diff; refresh finds a Dashboard edit and up puts it back; protect refuses a delete; an auth-type change is a delete-before-replace", async () => {
  const bearer = wireToArgs(example("bearer-token.json"));
  const existing = emulator.insertProvider(example("bearer-token.json"));
  const p = yamlProject({});
  await p.initStack("dev", emulator);
  emulator.clearJournal();

  const imported = await p.pulumi(["import", TOKEN, "bearer", existing.identifier, "--yes", "--generate-code=false", "--stack", "dev"]);
  expect(imported.code).toBe(0);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);
  const [resource] = (await p.exportState("dev")).resources.filter((r) => r.type === TOKEN);
  expect(resource.id).toBe(existing.identifier);

  writeProgram(p.dir, { bearer: { properties: bearer, options: { protect: true } } });
  const same = await p.pulumi(["preview", "--stack", "dev"]);
  expect(same.code).toBe(0);
  expect(same.stdout).not.toMatch(/to create|to update|to delete|to replace/);

  emulator.editProvider(existing.identifier, { description: "Edited in the Dashboard" });
  const refresh = await p.pulumi(["refresh", "--yes", "--stack", "dev"]);
  expect(refresh.code).toBe(0);
  const refreshed = (await p.exportState("dev")).resources.find((r) => r.type === TOKEN);
  expect(refreshed?.outputs?.description).toBe("Edited in the Dashboard");
  emulator.clearJournal();
  const putBack = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(putBack.code).toBe(0);
  expect(calls(emulator, "update")).toHaveLength(1);
  expect(emulator.providers().map((s) => s.payload.description)).toEqual([bearer.description]);

  emulator.clearJournal();
  const refused = await p.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toMatch(/protect/i);
  expect(calls(emulator, "delete")).toHaveLength(0);

  writeProgram(p.dir, { bearer: { properties: bearer } });
  const unprotected = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(unprotected.code).toBe(0);
  const apiKey = wireToArgs(example("attention-api-key.json"));
  writeProgram(p.dir, { bearer: { properties: { ...bearer, authPatterns: apiKey.authPatterns } } });
  const replace = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(replace.code).toBe(0);
  expect(replace.stdout).toMatch(/\+-.*scalekit:index:CustomProvider.*replace/);
  expect(replace.output).toMatch(/will be replaced: Scalekit cannot change/);
  emulator.clearJournal();
  const replaced = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(replaced.code).toBe(0);
  expect(calls(emulator, "delete", "create").map((c) => c.kind)).toEqual(["delete", "create"]);
  const [now] = emulator.providers();
  expect(now.identifier).not.toBe(existing.identifier);
  expect((now.payload.auth_patterns as { type: string }[])[0].type).toBe("API_KEY");

  expect((await p.pulumi(["destroy", "--yes", "--stack", "dev"])).code).toBe(0);
  expect(emulator.providers()).toEqual([]);
  const everything = [filesOf(p.dir), filesOf(p.backend.dir)].join("\n");
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(everything).not.toContain(secret);
});

test("YAML through the plugin: an invalid definition fails the preview with the resource's own message, naming the property in camelCase, before any request", async () => {
  const bearer = wireToArgs(example("bearer-token.json"));
  const p = yamlProject({ bearer: { properties: { ...bearer, proxyUrl: "http://api.example.com" } } });
  await p.initStack("dev", emulator);
  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/property proxyUrl value .* has a problem: must start with https:\/\/: replace http:\/\/ with https:\/\//);
  expect(emulator.journal()).toHaveLength(0);
});

test("YAML through the plugin: protect from stack config (`options: protect: ${protect}`, `pulumi config set protect true`) refuses a destroy", async () => {
  const p = yamlProject({ bearer: { properties: wireToArgs(example("bearer-token.json")), options: { protect: "${protect}" } } });
  // The project's own config key, as the README shows it for YAML programs: off unless a stack sets it.
  const program = parse(fs.readFileSync(path.join(p.dir, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
  fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), stringify({ ...program, config: { protect: { type: "boolean", default: false } } }));
  await p.initStack("prod", emulator, { protect: "true" });

  expect((await p.pulumi(["up", "--yes", "--stack", "prod"])).code).toBe(0);
  const [resource] = (await p.exportState("prod")).resources.filter((r) => r.type === TOKEN) as { protect?: boolean }[];
  expect(resource.protect).toBe(true);
  emulator.clearJournal();
  const refused = await p.pulumi(["destroy", "--yes", "--stack", "prod"]);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toMatch(/protect/i);
  expect(calls(emulator, "delete")).toHaveLength(0);
  expect(emulator.providers()).toHaveLength(1);
});

test("pulumi package get-schema on the plugin prints the package schema the build writes", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-schema-"));
  const run = await runCommand(
    path.join(cliDir(), "pulumi"),
    ["package", "get-schema", path.join(REPO_ROOT, "bin", "pulumi-resource-scalekit")],
    {
      cwd: dir,
      env: { ...process.env, PULUMI_HOME: path.join(dir, ".pulumi-home"), PULUMI_SKIP_UPDATE_CHECK: "true" },
    },
  );
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, PACKAGE_SCHEMA_FILE), "utf8")));
});
