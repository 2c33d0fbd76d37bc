/**
 * No phantom diff in what the real `pulumi preview --diff` prints after `pulumi refresh`: the inputs a refresh
 * records are written the way the program writes them, so a one-scope change shows that scope alone, without the
 * empty values Scalekit fills in (test/engine/no-phantom-diff.test.ts walks every example, adoption and export).
 */
import { example, RunningEmulator, scenarios } from "./harness";

const ASANA = "asana-oauth.json";

const { emulator: current, project } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

test("after refresh, an unchanged definition shows no change and a removed scope shows that scope alone", async () => {
  const p = project({ [ASANA]: example(ASANA) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  await p.ok(["refresh", "--yes", "--stack", "dev"]);

  const unchanged = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(unchanged.code).toBe(0);
  expect(unchanged.stdout).toMatch(/2 unchanged/);
  expect(unchanged.stdout).not.toMatch(/to update|to replace|to create|to delete/);

  const asana = example(ASANA) as { auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[] };
  const scopes = asana.auth_patterns[0].oauth_config;
  scopes.available_scopes = scopes.available_scopes.filter((s) => s.scope !== "email");
  p.writeDefinition(ASANA, asana);
  const preview = await p.pulumi(["preview", "--diff", "--stack", "dev"]);
  expect(preview.code).toBe(0);
  expect(preview.stdout).toMatch(/~ 1 to update/);
  expect(preview.stdout).toMatch(/- +\[1\]: \{[^}]*scope\s*: "email"/);
  for (const phantom of [/accountFields/, /isMcp/, /description\s*: ""/, /required\s*: false/, /iconSrc/, /metadata/, /hint/]) {
    expect(preview.stdout).not.toMatch(phantom);
  }
});
