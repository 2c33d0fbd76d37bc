/**
 * What a user sees from the real `pulumi preview`, `up`, `refresh` and `destroy` of this repository's program,
 * against the emulator: each scenario with a project copy and a file backend of its own.
 */
import { calls, customProviders, example, RunningEmulator, scenarios } from "./harness";

const ASANA = "asana-oauth.json";
const BEARER = "bearer-token.json";

const { emulator: current, project, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

test("preview of a new stack plans one create per definition, reads the environment once (the live review) and writes nothing; up creates exactly the files; the next preview shows no change", async () => {
  const p = project();
  await p.initStack("dev", emulator);
  const definitions = [
    "asana-oauth",
    "attention-api-key",
    "bearer-token",
    "freshdesk-basic",
    "github-mcp-oauth",
    "public-docs-mcp-no-auth",
  ];

  const preview = await p.pulumi(["preview", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  for (const name of definitions)
    expect(preview.stdout).toMatch(new RegExp(`\\+ +pulumi-nodejs:dynamic/scalekit:CustomProvider +${name} +create`));
  expect(preview.stdout).toMatch(/\+ 7 to create/);
  // The live review's one read for the whole run (scalekit:liveReview false makes it none: live-review.e2e.ts).
  expect(calls(emulator, "token", "list", "create", "update", "delete").map((e) => e.kind)).toEqual(["token", "list"]);

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/\+ 7 created/);
  const creates = calls(emulator, "create");
  expect(creates).toHaveLength(6);
  for (const name of definitions) expect(creates.map((c) => c.body)).toContainEqual(example(`${name}.json`));
  const state = await p.exportState("dev");
  expect(
    customProviders(state)
      .map((r) => r.id)
      .sort(),
  ).toEqual(
    emulator
      .providers()
      .map((s) => s.identifier)
      .sort(),
  );

  emulator.clearJournal();
  const again = await p.pulumi(["preview", "--stack", "dev"]);
  expect(again.code).toBe(0);
  expect(again.stdout).toMatch(/7 unchanged/);
  expect(again.stdout).not.toMatch(/to create|to update|to delete|to replace/);
  expect(calls(emulator, "token", "list", "create", "update", "delete").map((e) => e.kind)).toEqual(["token", "list"]);
});

test("an edited definition: preview --diff names the changed properties and values and warns about existing connections; up updates in place", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  const asana = example(ASANA) as { description: string; auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[] };
  asana.description = "Asana, projects only";
  asana.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.filter(
    (s) => s.scope !== "email",
  );
  p.writeDefinition(ASANA, asana);
  emulator.clearJournal();

  const preview = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/~ +pulumi-nodejs:dynamic\/scalekit:CustomProvider: \(update\)/);
  expect(preview.stdout).toMatch(/description *: *"Connect to Asana[^"]*" => "Asana, projects only"/);
  expect(preview.stdout).toMatch(/availableScopes/);
  expect(preview.stdout).toMatch(/- +scope +: +"email"|scope *: *"email"/);
  expect(preview.output).toMatch(/this change touches OAuth scopes/);
  expect(preview.output).toMatch(/Existing connections do not pick it up/);
  expect(calls(emulator, "create", "update", "delete")).toHaveLength(0);

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/~ 1 updated/);
  expect(up.stdout).not.toMatch(/\d+ (created|deleted|replaced)/);
  expect(calls(emulator, "update")).toHaveLength(1);
  expect(calls(emulator, "create", "delete")).toHaveLength(0);
  expect(emulator.providers().find((s) => s.payload.display_name === "My Asana")?.payload.description).toBe("Asana, projects only");
});

test("a Dashboard edit shows in refresh and the next up puts the definition back; a provider deleted outside Pulumi leaves the stack and is created again", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  const asanaId = emulator.providers().find((s) => s.payload.display_name === "My Asana")!.identifier;
  const bearerId = emulator.providers().find((s) => s.payload.display_name === "My Bearer Token Provider")!.identifier;

  emulator.editProvider(asanaId, { description: "Edited in the Dashboard" });
  const refresh = await p.pulumi(["refresh", "--yes", "--diff", "--stack", "dev"]);
  expect(refresh.code).toBe(0);
  expect(refresh.stdout).toMatch(/Edited in the Dashboard/);
  expect(refresh.stdout).toMatch(/~ 1 updated/);

  emulator.clearJournal();
  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(calls(emulator, "update")).toHaveLength(1);
  expect(emulator.providers().find((s) => s.identifier === asanaId)?.payload.description).toBe(example(ASANA).description);

  emulator.removeProvider(bearerId);
  const gone = await p.pulumi(["refresh", "--yes", "--stack", "dev"]);
  expect(gone.code).toBe(0);
  expect(gone.stdout).toMatch(/- 1 deleted/);
  expect(customProviders(await p.exportState("dev")).map((r) => r.id)).toEqual([asanaId]);
  emulator.clearJournal();
  const recreate = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(recreate.code).toBe(0);
  expect(recreate.stdout).toMatch(/\+ 1 created/);
  expect(calls(emulator, "create")).toHaveLength(1);
  expect(
    emulator
      .providers()
      .map((s) => s.payload.display_name)
      .sort(),
  ).toEqual(["My Asana", "My Bearer Token Provider"]);
});

test("a definition removed from the folder is deleted by up in Dev", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  p.removeDefinition(BEARER);
  emulator.clearJournal();

  const up = await p.pulumi(["up", "--yes", "--stack", "dev"]);
  expect(up.code).toBe(0);
  expect(up.stdout).toMatch(/- 1 deleted/);
  expect(calls(emulator, "delete")).toHaveLength(1);
  expect(emulator.providers().map((s) => s.payload.display_name)).toEqual(["My Asana"]);
});

test("state, outputs and the stack file hold no client secret and no access token; the stack file holds the secret encrypted", async () => {
  const p = project({ [ASANA]: example(ASANA) });
  await p.initStack("dev", emulator);
  const up = await p.ok(["up", "--yes", "--stack", "dev"]);
  const outputs = await p.ok(["stack", "output", "--json", "--show-secrets", "--stack", "dev"]);
  const state = await p.exportState("dev");
  const stackFile = p.stackFile("dev");

  expect(JSON.parse(outputs.stdout).identifiers["asana-oauth"]).toBe(emulator.providers()[0].identifier);
  for (const text of [up.output, outputs.stdout, state.text, stackFile]) {
    expect(text).not.toContain(emulator.clientSecret);
    for (const token of emulator.issuedTokens()) expect(text).not.toContain(token);
  }
  expect(stackFile).toMatch(/scalekit:clientSecret:\n\s+secure: v1:/);
  expect(state.text).not.toContain(p.dir);
});

test("state written by one checkout is refreshed and destroyed from a second copy of the project at another path", async () => {
  const first = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await first.initStack("dev", emulator);
  await first.ok(["up", "--yes", "--stack", "dev"]);
  const second = first.copy();
  track(second);

  const refresh = await second.pulumi(["refresh", "--yes", "--stack", "dev"]);
  expect(refresh.code).toBe(0);
  expect(refresh.stdout).toMatch(/3 unchanged/);
  const destroy = await second.pulumi(["destroy", "--yes", "--stack", "dev"]);
  expect(destroy.code).toBe(0);
  expect(destroy.stdout).toMatch(/- 3 deleted/);
  expect(emulator.providers()).toHaveLength(0);
});
