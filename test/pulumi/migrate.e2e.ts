/**
 * docs/migrate-to-plugin.md, run as written: a stack deployed by this repository's program (the dynamic
 * `CustomProvider`) moves to a Pulumi YAML program declaring `scalekit:index:CustomProvider` through the plugin
 * (matched by the alias the plugin's schema names), and to a TypeScript program (which names that alias itself),
 * with the real CLI against the emulator. The programs and the commands are read from the document.
 */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { RESOURCE_TOKEN as TOKEN } from "../../src/plugin";
import { wireToArgs } from "../../src/schema";
import { readDoc, shellWords } from "../docs/markdown";
import { calls, customProviders, example, Project, REPO_ROOT, scenarios } from "./harness";

const DOC = readDoc("docs/migrate-to-plugin.md");
const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/scalekit:CustomProvider";
const NAMES = ["bearer-token", "attention-api-key"];

interface YamlProgram {
  resources: Record<string, { type: string; properties: unknown; options: { protect?: boolean } }>;
}

/** The document's YAML program, as text. */
function documentedProgram(): string {
  return documented("yaml", "name: scalekit-providers");
}

/** The document's fence of that language that begins with `firstLine`, as text. */
function documented(lang: string, firstLine: string): string {
  const block = DOC.fences.find((f) => f.lang === lang && f.lines[0] === firstLine);
  if (!block) throw new Error(`docs/migrate-to-plugin.md shows no ${lang} block beginning with ${firstLine}`);
  return `${block.lines.join("\n")}\n`;
}

/** The `pulumi` arguments of the document's shell commands, in order (each is `npm run pulumi -- …`). */
function documentedCommands(): string[][] {
  return DOC.fences
    .filter((f) => f.lang === "sh")
    .flatMap((f) => f.lines.filter((l) => l.trim() !== ""))
    .map((line) => {
      const words = shellWords(line);
      expect(words.slice(0, 4)).toEqual(["npm", "run", "pulumi", "--"]);
      return words.slice(4);
    });
}

const { emulator: current, project } = scenarios();

/** This repository's program deployed on a Production stack (protected providers): the state to move. */
async function deployedWithTheDynamicResource(): Promise<Project> {
  const p = project(Object.fromEntries(NAMES.map((name) => [`${name}.json`, example(`${name}.json`)])));
  // The plugin's folder, as the document's program names it (`path: bin`).
  fs.cpSync(path.join(REPO_ROOT, "bin"), path.join(p.dir, "bin"), { recursive: true });
  await p.initStack("prod", current(), { "scalekit:protect": "true" });
  await p.ok(["up", "--yes", "--stack", "prod"]);
  expect(calls(current(), "create")).toHaveLength(2);
  return p;
}

test("the document's program declares the providers the definitions hold, under their names, protected, with no alias of its own", () => {
  const program = parse(documentedProgram()) as YamlProgram;
  expect(Object.keys(program.resources)).toEqual(NAMES);
  for (const name of NAMES) {
    const resource = program.resources[name];
    expect(resource.type).toBe(TOKEN);
    expect(resource.properties).toEqual(wireToArgs(example(`${name}.json`)));
    expect(resource.options).toEqual({ protect: true });
  }
});

test("moving a stack to the plugin as documented: not one write to Scalekit, the same identifiers, still protected, no change after", async () => {
  const emulator = current();
  const p = await deployedWithTheDynamicResource();
  // Each provider's identifier by resource name, as the dynamic resource left them.
  const before = Object.fromEntries(customProviders(await p.exportState("prod")).map((r) => [r.urn.split("::").pop(), r.id]));
  expect(Object.keys(before).sort()).toEqual([...NAMES].sort());
  const identifiers = () =>
    emulator
      .providers()
      .map((s) => s.identifier)
      .sort();
  const held = identifiers();
  const outputsBefore = JSON.parse((await p.ok(["stack", "output", "--json", "--stack", "prod"])).stdout);
  emulator.clearJournal();

  const [showUrns, preview, up, refresh, finalPreview, ...more] = documentedCommands();
  expect(more).toEqual([]);

  // 1. The URNs to alias.
  const urns = await p.ok(showUrns);
  for (const name of NAMES) expect(urns.stdout).toContain(`urn:pulumi:prod::scalekit-providers::${DYNAMIC_TYPE}::${name}`);

  // 2. The program with the plugin replaces the project's Pulumi.yaml.
  fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), documentedProgram());

  // 3. The preview plans nothing and prints what the document shows ("migrate-preview").
  const previewed = await p.ok(preview);
  expect(previewed.stdout).not.toMatch(/to create|to update|to delete|to replace|to import/);
  const shown = DOC.fences.find((f) => f.output === "migrate-preview");
  expect(shown).toBeDefined();
  let from = 0;
  for (const part of shown!.lines.join("\n").split(/^…$/m)) {
    const at = previewed.stdout.indexOf(part.replace(/^\n|\n$/g, ""), from);
    expect({ part, found: at >= 0 }).toEqual({ part, found: true });
    from = at;
  }

  // 4. up: the state moves, and no write reaches Scalekit: only the live review's read, in each of up's two passes.
  emulator.clearJournal();
  const moved = await p.ok(up);
  expect(moved.stdout).toMatch(/3 unchanged/);
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list", "token", "list"]);
  const state = await p.exportState("prod");
  expect(state.resources.filter((r) => r.type === DYNAMIC_TYPE || r.urn.includes("pulumi:providers:pulumi-nodejs"))).toEqual([]);
  const plugged = state.resources.filter((r) => r.type === TOKEN) as { urn: string; id?: string; protect?: boolean; provider?: string }[];
  expect(Object.fromEntries(plugged.map((r) => [r.urn, [r.id, r.protect]]))).toEqual(
    Object.fromEntries(NAMES.map((name) => [`urn:pulumi:prod::scalekit-providers::${TOKEN}::${name}`, [before[name], true]])),
  );
  for (const r of plugged) expect(r.provider).toMatch(/^urn:pulumi:prod::scalekit-providers::pulumi:providers:scalekit::default::/);
  expect(JSON.parse((await p.ok(["stack", "output", "--json", "--stack", "prod"])).stdout)).toEqual(outputsBefore);

  // 5. refresh: reads only, and the dynamic resource's `__provider` leaves the stored outputs.
  expect(customProviders(state).every((r) => r.outputs && "__provider" in r.outputs)).toBe(true);
  await p.ok(refresh);
  expect(
    emulator
      .journal()
      .map((entry) => entry.kind)
      .filter((kind) => kind !== "token" && kind !== "list"),
  ).toEqual([]);
  const refreshed = await p.exportState("prod");
  const outputs = refreshed.resources.filter((r) => r.type === TOKEN).map((r) => [r.urn.split("::").pop(), r.outputs ?? {}] as const);
  expect(Object.fromEntries(outputs.map(([name, o]) => [name, [o.identifier, "__provider" in o]]))).toEqual(
    Object.fromEntries(NAMES.map((name) => [name, [before[name], false]])),
  );

  // 6. No change.
  const last = await p.ok(finalPreview);
  expect(last.stdout).toMatch(/3 unchanged/);
  expect(last.stdout).not.toMatch(/to create|to update|to delete|to replace|to import/);

  expect(calls(emulator, "create", "update", "delete")).toEqual([]);
  expect(identifiers()).toEqual(held);
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(refreshed.text).not.toContain(secret);
});

test("a TypeScript program on the plugin, as documented: with the alias it names, the stack moves with no write and no change", async () => {
  const emulator = current();
  const p = await deployedWithTheDynamicResource();
  const ids = Object.fromEntries(customProviders(await p.exportState("prod")).map((r) => [r.urn.split("::").pop(), r.id]));
  const outputsBefore = JSON.parse((await p.ok(["stack", "output", "--json", "--stack", "prod"])).stdout);
  emulator.clearJournal();

  const pulumiYaml = path.join(p.dir, "Pulumi.yaml");
  fs.appendFileSync(pulumiYaml, documented("yaml", "plugins:"));
  fs.writeFileSync(path.join(p.dir, "src", "program", "main.ts"), documented("ts", 'import * as pulumi from "@pulumi/pulumi";'));
  const [, preview, up, , finalPreview] = documentedCommands();

  const previewed = await p.ok(preview);
  expect(previewed.stdout).toMatch(/3 unchanged/);
  expect(previewed.stdout).not.toMatch(/to create|to update|to delete|to replace|to import/);
  await p.ok(up);
  const state = await p.exportState("prod");
  expect(state.resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => [r.urn.split("::").slice(2).join("::"), r.id])).toEqual(
    expect.arrayContaining([
      ...NAMES.map((name) => [`${TOKEN}::${name}`, ids[name]]),
      ["pulumi:providers:scalekit::default", expect.any(String)],
    ]),
  );
  expect(state.resources).toHaveLength(4);
  expect(state.resources.filter((r) => r.type === TOKEN).map((r) => (r as { protect?: boolean }).protect)).toEqual([true, true]);
  expect(JSON.parse((await p.ok(["stack", "output", "--json", "--stack", "prod"])).stdout)).toEqual(outputsBefore);
  const last = await p.ok(finalPreview);
  expect(last.stdout).not.toMatch(/to create|to update|to delete|to replace|to import/);
  // No write; the reads are the live review's, one per pass: the preview, up's two, the last preview.
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list", "token", "list", "token", "list", "token", "list"]);
});

test("what to avoid, as documented: a provider declared under another name is a create and a delete, refused on a protected stack", async () => {
  const emulator = current();
  const p = await deployedWithTheDynamicResource();
  emulator.clearJournal();
  const program = parse(documentedProgram()) as YamlProgram;
  const { "bearer-token": bearer, ...others } = program.resources;
  fs.writeFileSync(path.join(p.dir, "Pulumi.yaml"), stringify({ ...program, resources: { bearer, ...others }, outputs: {} }));

  const renamed = await p.pulumi(["preview", "--stack", "prod"]);
  expect(renamed.code).not.toBe(0);
  expect(renamed.stdout).toMatch(new RegExp(`\\+ +${TOKEN} bearer create`));
  expect(renamed.stdout).toMatch(new RegExp(`- +${DYNAMIC_TYPE} bearer-token delete`));
  expect(renamed.output).toContain(`"urn:pulumi:prod::scalekit-providers::${DYNAMIC_TYPE}::bearer-token" cannot be deleted`);
  expect(renamed.output).toMatch(/because it is protected/);
  expect(renamed.stdout).not.toMatch(new RegExp(`${DYNAMIC_TYPE} attention-api-key delete`));

  // The same stack unprotected (Dev): the delete is planned.
  await p.ok(["state", "unprotect", "--all", "--yes", "--stack", "prod"]);
  const unprotected = await p.ok(["preview", "--stack", "prod"]);
  expect(unprotected.stdout).toMatch(/\+ 1 to create/);
  expect(unprotected.stdout).toMatch(/- 1 to delete/);

  expect(calls(emulator, "create", "update", "delete")).toEqual([]);
});
