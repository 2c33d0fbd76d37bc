/**
 * A Pulumi YAML program declaring `scalekit:index:CustomProvider` through the native plugin
 * (bin/pulumi-resource-scalekit, found through Pulumi.yaml `plugins.providers[].path`), run by the real CLI and
 * its YAML language host against the emulator. What a team whose code is not TypeScript sees.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { calls, example, newBackend, Project, REPO_ROOT, RunningEmulator, scenarios } from "./harness";

const TOKEN = "scalekit:index:CustomProvider";
const { emulator: current, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

/** Snake_case payload keys to camelCase, as a YAML program writes them (keys of data maps are kept). */
function camel(value: unknown, dataMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => camel(item));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      dataMap ? key : key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
      camel(item, !dataMap && (key === "metadata" || key === "auth_field_mutations")),
    ]),
  );
}

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

/** Every file of the project folder and the backend, as text, for the secrets check. */
function filesOf(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "latin1"))
    .join("\n");
}

test("YAML through the plugin: preview of a new stack makes no request; up creates; preview shows no change; a description change is an in-place update; destroy deletes; no secret anywhere", async () => {
  const bearer = camel(example("bearer-token.json")) as Record<string, unknown>;
  const p = yamlProject({ bearer: { properties: bearer } });
  await p.initStack("dev", emulator);

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/\+ +scalekit:index:CustomProvider +bearer +create/);
  expect(emulator.journal()).toHaveLength(0);

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  const creates = calls(emulator, "create");
  expect(creates).toHaveLength(1);
  expect(creates[0].body).toEqual(example("bearer-token.json"));
  const [stored] = emulator.providers();
  const outputs = await p.ok(["stack", "output", "--json", "--stack", "dev"]);
  expect(JSON.parse(outputs.stdout)).toEqual({ bearerIdentifier: stored.identifier });

  emulator.clearJournal();
  const again = await p.pulumi(["preview", "--stack", "dev"]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/2 unchanged/);
  expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);

  writeProgram(p.dir, { bearer: { properties: { ...bearer, description: "A static bearer token, described anew" } } });
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
