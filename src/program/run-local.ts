/**
 * The local main job (`npm run local`): runs this Pulumi project against the embedded emulator, with no
 * Scalekit account. It provides the Pulumi CLI (`npm run --silent pulumi-cli`: a `pulumi` on PATH, else a
 * project-local copy, installed when needed), starts the emulator (printing its URL and demo credentials), runs
 * the real `pulumi preview` and `pulumi up` on a `local` stack kept in a file backend under `.pulumi-local/`, and
 * prints a summary. When the CLI cannot be provided it says why and exits non-zero: nothing pretends that Pulumi
 * ran.
 */
import { spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { bannerLines } from "../emulator/command";

const PROJECT_DIR = path.resolve(__dirname, "../..");
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

async function main(): Promise<number> {
  const cliDir = providePulumiCli();
  if (!cliDir) return 1;
  // The emulator keeps its providers beside the local stack's state, so that a second run finds what the first
  // one created, as a real environment would.
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const stateFile = path.join(STATE_DIR, "emulator-state.json");
  const emulator = await startEmulator({ port: 0, stateFile });
  try {
    console.log(bannerLines(emulator, "demo", stateFile).slice(0, 4).join("\n"));
    const envVars = {
      PATH: `${cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
      PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile(),
      PULUMI_HOME: path.join(STATE_DIR, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    // The Automation API runs `<root>/bin/pulumi`, or `pulumi` from this process's PATH without a root.
    process.env.PATH = envVars.PATH;
    const root = path.basename(cliDir) === "bin" ? path.dirname(cliDir) : undefined;
    const pulumiCommand = await PulumiCommand.get({ root, skipVersionCheck: true });
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: STACK, workDir: PROJECT_DIR },
      { envVars, pulumiCommand },
    );
    await stack.setAllConfig({
      "scalekit:environmentUrl": { value: emulator.url },
      "scalekit:clientId": { value: emulator.clientId },
      "scalekit:clientSecret": { value: emulator.clientSecret, secret: true },
    });
    const onOutput = (out: string) => process.stdout.write(out);
    console.log(`\n$ pulumi preview --diff --stack ${STACK}`);
    await stack.preview({ onOutput, diff: true });
    emulator.clearJournal();
    console.log(`\n$ pulumi up --stack ${STACK} --yes`);
    const result = await stack.up({ onOutput });
    const writes = emulator.journal().filter((entry) => WRITES.has(entry.kind)).length;
    const changes = Object.entries(result.summary.resourceChanges ?? {}).map(([op, n]) => `${n} ${op === "same" ? "unchanged" : op}`);
    console.log("\nSummary");
    console.log(`  pulumi up: ${changes.join(", ")}; ${writes} write(s) to the emulator`);
    console.log(`  providers in the emulator (${emulator.url}):`);
    for (const p of emulator.providers()) console.log(`    ${p.identifier.padEnd(32)} ${String(p.payload.display_name)}`);
    console.log("\nNext: edit a file in definitions/ and run `npm run local` again to see the diff; the state is in .pulumi-local/.");
    return 0;
  } finally {
    await emulator.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`local run failed: ${err.message}`);
      process.exit(1);
    },
  );
}
