/**
 * `npm run local`: runs this repository's Pulumi project against the embedded emulator, with no Scalekit account.
 * Repository tooling, not part of the package: it needs this checkout (its Pulumi project, scripts/pulumi-cli.js),
 * and is built on the library (the emulator) like any other program using it. It provides the Pulumi CLI
 * (`npm run --silent pulumi-cli`: a `pulumi` on PATH, else a project-local copy, installed when needed), starts the
 * emulator (printing its URL and demo credentials), runs the real `pulumi preview --diff` and `pulumi up` on a
 * `local` stack kept in a file backend under `.pulumi-local/`, showing what Pulumi prints as it prints it (warnings
 * included), and prints a summary of the providers. When the CLI cannot be provided it says why and exits 1:
 * nothing pretends that Pulumi ran.
 *
 * Run by ts-node (`npm run local` builds dist/ first: the project's program loads the provider from it).
 */
import { spawn, spawnSync } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { bannerLines } from "../src/cli/commands/emulator";
import { startEmulator } from "../src/emulator";
import { NamedError } from "../src/named-error";

/** Where the run's output goes: this process's stdout and stderr. */
interface Output {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** This repository: the script runs its own Pulumi project (scripts → the root). */
const PROJECT_DIR = path.resolve(__dirname, "..");
const STATE_DIR = path.join(PROJECT_DIR, ".pulumi-local");
const STACK = "local";

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

/** A step of the local run failed; Pulumi's own error, when it printed one, is above or in the message. */
export class LocalRunError extends NamedError {}

/**
 * Runs the local job, printing Pulumi's output (its stdout to `io.stdout`, its stderr to `io.stderr`) and a summary.
 * @returns the exit code: 0, or 1 when the Pulumi CLI cannot be provided (the provisioning script has said why) or
 *   the run fails (reported here once, as "local run failed: …")
 */
export async function runLocalJob(io: Output): Promise<number> {
  try {
    const cliDir = providePulumiCli();
    if (!cliDir) return 1;
    await runLocal(cliDir, io);
    return 0;
  } catch (err) {
    io.stderr.write(`local run failed: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

async function runLocal(cliDir: string, io: Output): Promise<void> {
  const print = (text: string) => io.stdout.write(`${text}\n`);
  // The emulator keeps its providers beside the local stack's state, so that a second run finds what the first
  // one created, as a real environment would.
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const stateFile = path.join(STATE_DIR, "emulator-state.json");
  const emulator = await startEmulator({ port: 0, stateFile });
  try {
    print(bannerLines(emulator, "demo", stateFile).slice(0, 4).join("\n"));
    // The run's own settings, given to Pulumi alone: this process's environment is left as it is.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
      PULUMI_CONFIG_PASSPHRASE_FILE: passphraseFile(),
      PULUMI_HOME: path.join(STATE_DIR, "home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    delete env.PULUMI_CONFIG_PASSPHRASE;
    const pulumi = (args: string[], options: { shown?: boolean; input?: string } = {}) =>
      runPulumi(
        path.join(cliDir, "pulumi"),
        [...args, "--stack", STACK, "--non-interactive"],
        env,
        options.shown ? io : undefined,
        options.input,
      );

    await pulumi(["stack", "select", "--create"]);
    await pulumi(["config", "set", "scalekit:environmentUrl", emulator.url]);
    await pulumi(["config", "set", "scalekit:clientId", emulator.clientId]);
    // The secret goes on stdin, never on a command line.
    await pulumi(["config", "set", "--secret", "scalekit:clientSecret"], { input: emulator.clientSecret });
    print(`\n$ pulumi preview --diff --stack ${STACK}`);
    await pulumi(["preview", "--diff"], { shown: true });
    emulator.clearJournal();
    print(`\n$ pulumi up --stack ${STACK} --yes`);
    await pulumi(["up", "--yes"], { shown: true });
    const kinds = emulator.journal().map((entry) => entry.kind);
    const count = (kind: string) => kinds.filter((k) => k === kind).length;
    const declared = Object.keys(JSON.parse(await pulumi(["stack", "output", "identifiers", "--json"])) as object).length;
    const [created, updated, deleted] = [count("create"), count("update"), count("delete")];
    print("\nSummary");
    print(
      `  providers: ${declared} declared; ${created} created, ${updated} updated, ${deleted} deleted, ` +
        `${Math.max(0, declared - created - updated)} unchanged`,
    );
    print(`  providers in the emulator (${emulator.url}):`);
    for (const p of emulator.providers()) print(`    ${p.identifier.padEnd(32)} ${String(p.payload.display_name)}`);
    print("\nNext: edit a file in definitions/ and run `npm run local` again to see the diff; the state is in .pulumi-local/.");
  } finally {
    await emulator.stop();
  }
}

/**
 * Runs `pulumi` with `args` in this project. With `io`, what it prints goes there as it comes (its stdout to
 * stdout, its stderr to stderr); else it is collected. Resolves with its stdout.
 * @throws LocalRunError when it fails: naming the command, with Pulumi's own error unless it was shown already
 */
function runPulumi(pulumi: string, args: string[], env: NodeJS.ProcessEnv, io?: Output, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(pulumi, args, { cwd: PROJECT_DIR, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (io ? io.stdout.write(chunk.toString()) : (stdout += chunk.toString())));
    child.stderr.on("data", (chunk: Buffer) => (io ? io.stderr.write(chunk.toString()) : (stderr += chunk.toString())));
    child.stdin.end(input);
    child.on("error", (err) => reject(new LocalRunError(`cannot run ${pulumi}: ${err.message}`)));
    child.on("close", (code) => {
      if (code === 0) return resolve(stdout);
      const command = `pulumi ${args.slice(0, 2).join(" ")}`;
      reject(
        new LocalRunError(
          io
            ? `\`${command}\` failed (exit code ${code}): Pulumi's error is above.`
            : `\`${command}\` failed: ${stderr.trim() || stdout.trim()}`,
        ),
      );
    });
  });
}

if (require.main === module) {
  void runLocalJob(process).then((code) => {
    process.exitCode = code;
  });
}
