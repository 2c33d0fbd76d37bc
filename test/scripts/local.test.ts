/**
 * `npm run local` (scripts/local.ts, run by ts-node) on a machine where the Pulumi CLI cannot be provided (no `pulumi` on
 * PATH, no project-local copy, no installer, no Go): it says which ways it tried and how to get the CLI, and exits
 * 1. Nothing pretends that Pulumi ran. It runs in a fresh copy of the project, since this checkout may already hold
 * a project-local CLI in .pulumi-cli/.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../..");

test("when the CLI cannot be provided the local job names the three ways to get it and exits 1", () => {
  const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "fresh-checkout-"));
  for (const entry of ["Pulumi.yaml", "package.json", "tsconfig.json", "dist", "src", "scripts", "tools"]) {
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
  const tsNode = require.resolve("ts-node/dist/bin.js", { paths: [REPO_ROOT] });
  const run = spawnSync(process.execPath, [tsNode, "--transpile-only", path.join(checkout, "scripts/local.ts")], {
    cwd: checkout,
    encoding: "utf8",
    env: { PATH: emptyBin, HOME: process.env.HOME, SCALEKIT_PROVIDERS_OFFLINE: "true" },
    timeout: 60000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/The Pulumi CLI could not be provided/);
  expect(run.stderr).toMatch(/a pulumi v3\.\d+\.\d+ or later on PATH/);
  expect(run.stderr).toMatch(/Pulumi's installer/);
  expect(run.stderr).toMatch(/Go is not on PATH/);
  expect(run.stdout + run.stderr).not.toMatch(/pulumi up --stack/);
  // Nothing half-installed is left to be taken for a CLI next time.
  const cache = path.join(checkout, ".pulumi-cli");
  expect(fs.existsSync(cache) ? fs.readdirSync(cache) : []).toEqual([]);
  fs.rmSync(checkout, { recursive: true, force: true });
});

test("the published executable has no `local` command: it needs this checkout, which an installed package is not", () => {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist/cli/main.js"), "local"], { encoding: "utf8", timeout: 30000 });
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(/unknown command 'local'/);
});
