/**
 * The live review through the real `pulumi preview` of this repository's program: a Dashboard edit, a deleted
 * provider and a taken display name, each warned in what `pulumi preview` prints and in the diagnostics of
 * `pulumi preview --json` (which `scalekit-providers review` reads); with `scalekit:liveReview false`, no request.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { RESOURCE_TOKEN } from "../../src/plugin";
import { warningOf } from "../../src/review";
import { wireToArgs } from "../../src/schema";
import { example, newBackend, Project, REPO_ROOT, RunningEmulator, scenarios } from "./harness";

const ASANA = "asana-oauth.json";
const BEARER = "bearer-token.json";
const FRESHDESK = "freshdesk-basic.json";

const { emulator: current, project, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

interface Diagnostic {
  urn?: string;
  prefix?: string;
  message: string;
  severity: string;
}

test("preview reads the environment once and warns of a Dashboard edit up would overwrite, a deleted provider and a taken name; --json carries them; off, no request; up warns in both passes", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  const asana = emulator.providers().find((s) => s.payload.display_name === "My Asana")!;
  const bearer = emulator.providers().find((s) => s.payload.display_name === "My Bearer Token Provider")!;
  // In the Dashboard: Asana's proxy URL edited, the bearer provider deleted, a Freshdesk provider made by hand.
  emulator.editProvider(asana.identifier, { proxy_url: "https://dashboard-edit.example.com/api" });
  emulator.removeProvider(bearer.identifier);
  const holder = emulator.insertProvider(example(FRESHDESK));
  // In the repository: Asana's description changed (so up would update it), Freshdesk added.
  p.writeDefinition(ASANA, { ...example(ASANA), description: "Asana, described anew" });
  p.writeDefinition(FRESHDESK, example(FRESHDESK));
  emulator.clearJournal();

  const preview = await p.pulumi(["preview", "--stack", "dev"]);

  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).toMatch(/\+ 1 to create/);
  // Pulumi shows each on the progress row that received it, then once under Diagnostics.
  const diagnosticsPart = preview.output.slice(preview.output.indexOf("Diagnostics:"));
  const warnings = diagnosticsPart.split("\n").filter((line) => line.includes("Live review, "));
  expect(warnings).toHaveLength(3);
  expect(warnings).toContainEqual(
    expect.stringContaining(
      `Live review, Dashboard edit: CustomProvider "My Asana" (${asana.identifier}) was changed in the Scalekit Dashboard since the last refresh; ` +
        '`pulumi up` would overwrite it. proxyUrl: live "https://dashboard-edit.example.com/api", planned "https://app.asana.com/api".',
    ),
  );
  expect(warnings).toContainEqual(
    expect.stringContaining(
      `Live review, deleted: CustomProvider "My Bearer Token Provider" (${bearer.identifier}) no longer exists in the environment`,
    ),
  );
  expect(warnings).toContainEqual(
    expect.stringContaining(
      `Live review, name taken: CustomProvider "My Freshdesk" (${holder.identifier}) already exists in the environment`,
    ),
  );
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list"]);

  emulator.clearJournal();
  const json = await p.pulumi(["preview", "--json", "--stack", "dev"]);
  expect(json.code).toBe(0);
  const diagnostics = (JSON.parse(json.stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  const review = diagnostics.filter((d) => warningOf(d)?.kind !== undefined);
  console.log(`pulumi preview --json, the live review's diagnostics:\n${JSON.stringify(review, null, 2)}`);
  expect(review.map((d) => warningOf(d)?.kind).sort()).toEqual(["dashboard-edit", "gone", "name-taken"]);
  // The dynamic resource's warnings come through its host's stderr: severity info#err, no URN (see warnings.ts).
  expect(review.map((d) => [d.severity, d.urn])).toEqual([
    ["info#err", undefined],
    ["info#err", undefined],
    ["info#err", undefined],
  ]);
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list"]);

  await p.ok(["config", "set", "--stack", "dev", "scalekit:liveReview", "false"]);
  emulator.clearJournal();
  const off = await p.pulumi(["preview", "--stack", "dev"]);
  expect(off.code).toBe(0);
  expect(off.stdout).toMatch(/~ 1 to update/);
  expect(off.output).not.toContain("Live review");
  expect(emulator.journal()).toEqual([]);

  // up previews first, then plans again in its update pass: each pass reads once and warns, before any write.
  await p.ok(["config", "set", "--stack", "dev", "scalekit:liveReview", "true"]);
  emulator.clearJournal();
  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).not.toBe(0);
  expect(up.output).toMatch(/a Scalekit provider named "My Freshdesk" already exists/);
  expect(up.output.split("Live review, Dashboard edit: ").length - 1).toBeGreaterThanOrEqual(2);
  expect(
    emulator
      .journal()
      .slice(0, 4)
      .map((e) => e.kind),
  ).toEqual(["token", "list", "token", "list"]);
});

test("through the plugin (a YAML program), pulumi preview --json carries the review's warning as a warning under the resource's URN; scalekit:liveReview false in stack config: no request", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-yaml-"));
  const program = {
    name: "scalekit-yaml",
    runtime: "yaml",
    plugins: { providers: [{ name: "scalekit", path: path.join(REPO_ROOT, "bin") }] },
    resources: { bearer: { type: RESOURCE_TOKEN, properties: wireToArgs(example(BEARER)) } },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
  const p = track(Project.at(dir, newBackend()));
  await p.initStack("dev", emulator);
  const holder = emulator.insertProvider(example(BEARER));
  emulator.clearJournal();

  const json = await p.pulumi(["preview", "--json", "--stack", "dev"]);

  expect(json.code).toBe(0);
  const diagnostics = (JSON.parse(json.stdout) as { diagnostics?: Diagnostic[] }).diagnostics ?? [];
  const review = diagnostics.filter((d) => warningOf(d)?.kind !== undefined);
  console.log(`pulumi preview --json through the plugin, the live review's diagnostics:\n${JSON.stringify(review, null, 2)}`);
  expect(review).toEqual([
    expect.objectContaining({
      urn: `urn:pulumi:dev::scalekit-yaml::${RESOURCE_TOKEN}::bearer`,
      severity: "warning",
      message: expect.stringContaining(`Live review, name taken: CustomProvider "My Bearer Token Provider" (${holder.identifier})`),
    }),
  ]);
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list"]);

  await p.ok(["config", "set", "--stack", "dev", "scalekit:liveReview", "false"]);
  emulator.clearJournal();
  const off = await p.pulumi(["preview", "--stack", "dev"]);
  expect(off.code).toBe(0);
  expect(off.output).not.toContain("Live review");
  expect(emulator.journal()).toEqual([]);
});
