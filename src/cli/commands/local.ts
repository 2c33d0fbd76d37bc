/**
 * `npm run local` (the hidden `scalekit-providers local`): runs this Pulumi project against the embedded emulator, with no
 * Scalekit account. It provides the Pulumi CLI (`npm run --silent pulumi-cli`: a `pulumi` on PATH, else a
 * project-local copy, installed when needed), starts the emulator (printing its URL and demo credentials), runs
 * the real `pulumi preview` and `pulumi up` on a `local` stack kept in a file backend under `.pulumi-local/`, and
 * prints a summary. When the CLI cannot be provided it says why and exits 1: nothing pretends that Pulumi ran.
 */
import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { startEmulator } from "../../emulator";
import { EXIT, ExitError } from "../exit";
import type { CliIo } from "../io";
import { bannerLines } from "./emulator";

/** This repository: the command runs its own Pulumi project (dist/cli/commands → the root). */
const PROJECT_DIR = path.resolve(__dirname, "../../..");
const STATE_DIR = path.join(PROJECT_DIR, ".pulumi-local");
const STACK = "local";
const WRITES = new Set(["create", "update", "delete"]);

/** The folder holding `pulumi` and its companions, from the provisioning script; undefined when it failed. */
export function providePulumiCli(): string | undefined {
  const run = spawnSync(process.execPath, [path.join(PROJECT_DIR, "scripts/pulumi-cli.js")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = (run.stdout ?? "").trim().split("\n");
  return run.status === 0 && lines.length ? lines[lines.length - 1] : undefined;
}

/**
 * The passphrase of the local stack's secrets: made once on this machine, kept beside its state, never committed.
 * A new one makes the stack file's salt stale; that file holds only what each run sets again, so it goes too.
 */
function passphraseFile(): string {
  const file = path.join(STATE_DIR, "passphrase");
  try {
    fs.writeFileSync(file, randomBytes(24).toString("base64url"), { flag: "wx", mode: 0o600 });
    fs.rmSync(path.join(PROJECT_DIR, `Pulumi.${STACK}.yaml`), { force: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
  return file;
}

/**
 * Runs the local job, printing Pulumi's output and a summary to `io.stdout`.
 * @throws ExitError (exit 1) when the Pulumi CLI cannot be provided (the provisioning script has said why) or the
 *   run fails (reported here as "local run failed: …")
 */
export async function localCommand(io: CliIo): Promise<void> {
  let cliDir: string | undefined;
  try {
    cliDir = providePulumiCli();
    if (cliDir) await runLocal(cliDir, io);
  } catch (err) {
    io.stderr.write(`local run failed: ${err instanceof Error ? err.message : String(err)}\n`);
    throw new ExitError(EXIT.FAILED);
  }
  if (!cliDir) throw new ExitError(EXIT.FAILED);
}

async function runLocal(cliDir: string, io: CliIo): Promise<void> {
  const print = (text: string) => io.stdout.write(`${text}\n`);
  // The emulator keeps its providers beside the local stack's state, so that a second run finds what the first
  // one created, as a real environment would.
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const stateFile = path.join(STATE_DIR, "emulator-state.json");
  const emulator = await startEmulator({ port: 0, stateFile });
  try {
    print(bannerLines(emulator, "demo", stateFile).slice(0, 4).join("\n"));
    const envVars = {
      PATH: `${cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
      PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile(),
      PULUMI_HOME: path.join(STATE_DIR, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    // Loaded here, not at the top: every other command of the CLI runs without the Pulumi SDK.
    const { LocalWorkspace, PulumiCommand } = await import("@pulumi/pulumi/automation");
    // The Automation API runs `<root>/bin/pulumi`, or `pulumi` from this process's PATH without a root.
    process.env.PATH = envVars.PATH;
    const root = path.basename(cliDir) === "bin" ? path.dirname(cliDir) : undefined;
    const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: PROJECT_DIR }, { envVars, pulumiCommand });
    await stack.setAllConfig({
      "scalekit:environmentUrl": { value: emulator.url },
      "scalekit:clientId": { value: emulator.clientId },
      "scalekit:clientSecret": { value: emulator.clientSecret, secret: true },
    });
    const onOutput = (out: string) => io.stdout.write(out);
    print(`\n$ pulumi preview --diff --stack ${STACK}`);
    await stack.preview({ onOutput, diff: true });
    emulator.clearJournal();
    print(`\n$ pulumi up --stack ${STACK} --yes`);
    const result = await stack.up({ onOutput });
    const writes = emulator.journal().filter((entry) => WRITES.has(entry.kind)).length;
    const changes = Object.entries(result.summary.resourceChanges ?? {}).map(([op, n]) => `${n} ${op === "same" ? "unchanged" : op}`);
    print("\nSummary");
    print(`  pulumi up: ${changes.join(", ")}; ${writes} write(s) to the emulator`);
    print(`  providers in the emulator (${emulator.url}):`);
    for (const p of emulator.providers()) print(`    ${p.identifier.padEnd(32)} ${String(p.payload.display_name)}`);
    print("\nNext: edit a file in definitions/ and run `npm run local` again to see the diff; the state is in .pulumi-local/.");
  } finally {
    await emulator.stop();
  }
}
