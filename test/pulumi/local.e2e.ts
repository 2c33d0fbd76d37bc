/**
 * The README's second command, `npm run local`, in a fresh checkout of this repository (its tracked files, with
 * this checkout's node_modules linked): the real `pulumi preview` and `up` against the embedded emulator, twice.
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

test("npm run local previews and creates the definitions in the emulator, then a second run changes nothing", async () => {
  const dir = freshCheckout();
  const definitions = fs.readdirSync(path.join(dir, "definitions")).filter((f) => /\.(json|ya?ml)$/.test(f));

  const first = await npmRunLocal(dir);
  expect(first.code).toBe(0);
  expect(first.output).toMatch(/\$ pulumi preview --diff --stack local/);
  expect(first.output).toMatch(/\+ 7 to create/);
  expect(first.output).toMatch(/\+ 7 created/);
  expect(first.output).toMatch(new RegExp(`pulumi up: 7 create; ${definitions.length} write\\(s\\) to the emulator`));
  const url = /providers in the emulator \((http:\/\/127\.0\.0\.1:\d+)\)/.exec(first.output)?.[1];
  expect(url).toBeDefined();
  expect(await listening(url!)).toBe(false);

  const second = await npmRunLocal(dir);
  expect(second.code).toBe(0);
  expect(second.output).toMatch(/pulumi up: 7 unchanged; 0 write\(s\) to the emulator/);

  // The demo secret is public, but it stands for a real one: encrypted in the stack file, absent from the state, history and logs.
  expect(fs.readFileSync(path.join(dir, "Pulumi.local.yaml"), "utf8")).toMatch(/clientSecret:\s+secure: /);
  for (const text of filesUnder(path.join(dir, ".pulumi-local"))) expect(text).not.toContain(DEMO_SECRET);
  fs.rmSync(dir, { recursive: true, force: true });
});
