/**
 * The README's second command, `npm run local`, in a fresh checkout of this repository (its tracked files, with
 * this checkout's node_modules linked): the real `pulumi preview` and `up` against the embedded emulator, three times.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { cliDir, runCommand, type Run } from "./harness";

const REPO_ROOT = path.resolve(__dirname, "../..");
const DEMO_SECRET = "sks_local_demo_secret_not_for_production";

function freshCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-checkout-"));
  const listed = spawnSync("git", ["ls-files", "-z"], { cwd: REPO_ROOT, encoding: "utf8" });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  for (const file of listed.stdout.split("\0").filter(Boolean)) {
    if (!fs.existsSync(path.join(REPO_ROOT, file))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, file), path.join(dir, file));
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function npmRunLocal(dir: string): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [cliDir(), path.join(REPO_ROOT, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
  };
  for (const name of [
    "SCALEKIT_ENVIRONMENT_URL",
    "SCALEKIT_CLIENT_ID",
    "SCALEKIT_CLIENT_SECRET",
    "PULUMI_BACKEND_URL",
    "PULUMI_CONFIG_PASSPHRASE",
  ]) {
    delete env[name];
  }
  return runCommand("npm", ["run", "local"], { cwd: dir, env });
}

/** Whether something still accepts connections at that URL's port on 127.0.0.1. */
function listening(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Every file under `dir`, as text. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
}

/** What a run printed from its preview (after its `$ pulumi preview` line, before `$ pulumi up`). */
function previewPart(run: Run): string {
  const start = run.output.indexOf("$ pulumi preview");
  const end = run.output.indexOf("$ pulumi up");
  return run.output.slice(start, end === -1 ? undefined : end);
}

test("npm run local shows Pulumi's output as it prints it, warnings included, counts providers only, and reports a failure once", async () => {
  const dir = freshCheckout();
  const definitions = fs.readdirSync(path.join(dir, "definitions")).filter((f) => /\.(json|ya?ml)$/.test(f));
  const n = definitions.length;

  const first = await npmRunLocal(dir);
  expect(first.code).toBe(0);
  expect(first.output).toMatch(/\$ pulumi preview --diff --stack local/);
  expect(first.output).toMatch(/\+ 7 to create/);
  expect(first.output).toMatch(/\+ 7 created/);
  expect(first.output).toContain(`providers: ${n} declared; ${n} created, 0 updated, 0 deleted, 0 unchanged`);
  const url = /providers in the emulator \((http:\/\/127\.0\.0\.1:\d+)\)/.exec(first.output)?.[1];
  expect(url).toBeDefined();
  expect(await listening(url!)).toBe(false);

  // A scope removed between two runs: the preview shows Pulumi's warning about existing connections.
  const asanaFile = path.join(dir, "definitions", "asana-oauth.json");
  const asana = JSON.parse(fs.readFileSync(asanaFile, "utf8"));
  asana.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.slice(0, 1);
  fs.writeFileSync(asanaFile, JSON.stringify(asana, null, 2));
  const second = await npmRunLocal(dir);
  expect(second.code).toBe(0);
  expect(previewPart(second)).toMatch(/warning: .*this change touches OAuth scopes/);
  expect(second.output).toContain(`providers: ${n} declared; 0 created, 1 updated, 0 deleted, ${n - 1} unchanged`);

  // An invalid definition: Pulumi's own error once, then one line saying the run failed; no internal error object.
  fs.writeFileSync(path.join(dir, "definitions", "broken.json"), JSON.stringify({ ...asana, proxy_url: "http://api.example.com" }));
  const failed = await npmRunLocal(dir);
  expect(failed.code).not.toBe(0);
  expect(failed.output.split(`1 of ${n + 1} definition files are invalid`)).toHaveLength(2);
  expect(failed.output).toMatch(/✗ definitions\/broken\.json\n\s+proxy_url: must start with https:\/\//);
  expect(failed.output.match(/local run failed/g)).toEqual(["local run failed"]);
  expect(failed.stderr).toMatch(/local run failed: `pulumi preview --diff` failed \(exit code \d+\): Pulumi's error is above\./);
  expect(failed.output).not.toMatch(/code: -?\d|stdout:|stderr:|Command failed|CommandError|^\s+at /m);

  // The demo secret is public, but it stands for a real one: encrypted in the stack file, absent from the state, history and logs.
  expect(fs.readFileSync(path.join(dir, "Pulumi.local.yaml"), "utf8")).toMatch(/clientSecret:\s+secure: /);
  for (const text of filesUnder(path.join(dir, ".pulumi-local"))) expect(text).not.toContain(DEMO_SECRET);
  fs.rmSync(dir, { recursive: true, force: true });
});
