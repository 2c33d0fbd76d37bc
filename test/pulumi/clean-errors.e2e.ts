/**
 * What the real `pulumi` prints for an expected failure of the provider: the message once, without a stack trace
 * or a path of the machine, in preview, up, refresh and destroy alike (test/engine/expected-failures.test.ts
 * covers every error class through Pulumi's provider host).
 */
import * as os from "os";
import { example, REPO_ROOT, RunningEmulator, scenarios, type Run } from "./harness";

const BEARER = "bearer-token.json";

const { emulator: current, project } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

/**
 * The run failed and its Diagnostics show `message` once, without a stack frame, an error class or a path of
 * this machine (the progress rows above them show an error's first line, as Pulumi shows every error).
 */
function expectOneCleanMessage(run: Run, message: string, projectDir: string): void {
  expect(run.code).not.toBe(0);
  const diagnostics = run.output.slice(run.output.indexOf("Diagnostics:"));
  expect(diagnostics.split(message)).toHaveLength(2);
  expect(run.output).not.toMatch(/^\s+at /m);
  expect(run.output).not.toMatch(/[A-Za-z]+Error\b/);
  for (const dir of [projectDir, REPO_ROOT, os.homedir()]) expect(run.output).not.toContain(dir);
}

test("an expected failure is one clean message in pulumi preview, up, refresh and destroy", async () => {
  const p = project({ [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["config", "rm", "--stack", "dev", "scalekit:clientId"]);

  const missing =
    "Scalekit connection settings are missing:\n      scalekit:clientId (set it with `pulumi config set scalekit:clientId <value>`)";
  expectOneCleanMessage(await p.pulumi(["preview", "--stack", "dev"]), missing, p.dir);
  expectOneCleanMessage(await p.pulumi(["up", "--yes", "--stack", "dev"]), missing, p.dir);

  await p.ok(["config", "set", "--stack", "dev", "scalekit:clientId", emulator.clientId]);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  // Refresh and destroy configure the provider from the state, so their failures come from Scalekit.
  emulator.addFault({ kind: "list", count: 100, action: { type: "status", status: 403 } });
  expectOneCleanMessage(
    await p.pulumi(["refresh", "--yes", "--stack", "dev"]),
    "is not allowed to do this: it needs the permission agent_connectors:read",
    p.dir,
  );
  emulator.clearFaults();
  emulator.attachConnections(emulator.providers()[0].identifier);
  expectOneCleanMessage(await p.pulumi(["destroy", "--yes", "--stack", "dev"]), "is still used by connections", p.dir);
  expect(emulator.providers()).toHaveLength(1);
});
