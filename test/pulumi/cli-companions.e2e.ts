/**
 * scripts/pulumi-cli.js on a project-local copy made before the Python language host was one of the CLI's
 * companions (the copy CI caches and developers already have): it builds just that host, with its exec script,
 * into the copy, and leaves the rest as it was. Run in a fresh checkout holding that older copy, with no `pulumi`
 * on PATH, so that the script takes the copy.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cliDir, REPO_ROOT } from "./harness";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pinnedVersion } = require("../../scripts/pulumi-cli") as { pinnedVersion: () => string };

const OLDER_COMPANIONS = ["pulumi", "pulumi-language-nodejs", "pulumi-language-yaml", "pulumi-resource-pulumi-nodejs"];

/** Runs the script in `checkout` with PATH stripped of every folder holding a `pulumi`. */
function provide(checkout: string) {
  const searchPath = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "pulumi")))
    .join(path.delimiter);
  return spawnSync(process.execPath, [path.join(checkout, "scripts", "pulumi-cli.js")], {
    cwd: checkout,
    encoding: "utf8",
    env: { ...process.env, PATH: searchPath, SCALEKIT_PROVIDERS_OFFLINE: "true" },
    timeout: 10 * 60 * 1000,
  });
}

test("a project-local copy without the Python language host gets just that host and its exec script built into it; a second call builds nothing", () => {
  const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "older-cli-copy-"));
  for (const entry of ["package.json", "scripts", "tools"])
    fs.cpSync(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(checkout, "node_modules"), "dir");
  const bin = path.join(checkout, ".pulumi-cli", pinnedVersion(), "bin");
  fs.mkdirSync(bin, { recursive: true });
  for (const name of OLDER_COMPANIONS) {
    // A hard link where the file system allows (the pulumi binary is large), else a copy.
    try {
      fs.linkSync(path.join(cliDir(), name), path.join(bin, name));
    } catch {
      fs.copyFileSync(path.join(cliDir(), name), path.join(bin, name));
      fs.chmodSync(path.join(bin, name), 0o755);
    }
  }
  const before = OLDER_COMPANIONS.map((name) => fs.statSync(path.join(bin, name)).mtimeMs);

  const first = provide(checkout);
  expect(first.status).toBe(0);
  expect(first.stdout.trim().split("\n").pop()).toBe(bin);
  expect(first.stderr).toMatch(/building pulumi-language-python v3\.68\.0 from its Go module/);
  expect(first.stderr).toContain(`added pulumi-language-python to ${bin}`);
  expect(first.stderr).not.toMatch(/building pulumi v|building pulumi-language-(nodejs|yaml)|installing pulumi/);
  expect(fs.readdirSync(bin).sort()).toEqual([...OLDER_COMPANIONS, "pulumi-language-python", "pulumi-language-python-exec"].sort());
  for (const name of ["pulumi-language-python", "pulumi-language-python-exec"]) {
    expect(fs.statSync(path.join(bin, name)).mode & 0o111).toBe(0o111);
  }
  expect(fs.readFileSync(path.join(bin, "pulumi-language-python-exec"), "utf8")).toMatch(
    /^#!\/usr\/bin\/env python\n[\s\S]*runpy\.run_path/,
  );
  expect(OLDER_COMPANIONS.map((name) => fs.statSync(path.join(bin, name)).mtimeMs)).toEqual(before);

  const second = provide(checkout);
  expect(second.status).toBe(0);
  expect(second.stdout.trim().split("\n").pop()).toBe(bin);
  expect(second.stderr).not.toMatch(/building|added/);
  fs.rmSync(checkout, { recursive: true, force: true });
});
