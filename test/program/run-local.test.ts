/**
 * `npm run local` (dist/program/run-local.js) on a machine without the Pulumi CLI: it starts the emulator
 * and shows its credentials, then says the CLI is missing and how to install it, and fails. Nothing
 * pretends that Pulumi ran.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../..");

test("without the Pulumi CLI the local job shows the emulator, explains how to install Pulumi, and exits 1", () => {
  const emptyBin = fs.mkdtempSync(path.join(os.tmpdir(), "no-pulumi-"));
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist/program/run-local.js")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { PATH: emptyBin, HOME: process.env.HOME },
    timeout: 30000,
  });
  expect(run.status).toBe(1);
  expect(run.stdout).toMatch(/Scalekit emulator listening on http:\/\/127\.0\.0\.1:\d+/);
  expect(run.stdout).toMatch(/client id: +skc_local_demo/);
  expect(run.stderr).toMatch(/The Pulumi CLI is not installed/);
  expect(run.stderr).toMatch(/get\.pulumi\.com/);
  expect(run.stdout + run.stderr).not.toMatch(/pulumi up --stack/);
});
