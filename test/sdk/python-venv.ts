/**
 * A Python virtual environment made as a user makes one: `python3 -m venv`, then `pip install` of the generated SDK
 * (a copy of sdk/python, since pip builds in the folder it is given) with test/sdk/python/requirements.txt
 * (`pulumi` and mypy from PyPI). Made once per content of those inputs and kept in `.python-venv/<digest>/`
 * (git-ignored): a changed SDK or requirement gets a fresh environment, an unchanged one costs nothing. Built under
 * a scratch name and renamed into place, so an interrupted build is never taken for a finished one; run its tools
 * as `<venv>/bin/python -m <tool>` (the scripts pip writes name the scratch path).
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { digestFiles } from "../helpers/folder-files";

const ROOT = path.resolve(__dirname, "../..");
const SDK = path.join(ROOT, "sdk", "python");
export const REQUIREMENTS = path.join(__dirname, "python", "requirements.txt");
const CACHE = path.join(ROOT, ".python-venv");

/** The environment's name: a digest of the requirements, the SDK's files and the Python that makes it. */
function key(python: string): string {
  const digest = createHash("sha256").update(fs.readFileSync(REQUIREMENTS)).update(python);
  return digestFiles(digest, SDK).digest("hex").slice(0, 16);
}

/** Runs a command to its end: its exit status and what it printed. */
export function run(command: string, args: string[], cwd = ROOT): { status: number | null; output: string } {
  const done = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: "1" } });
  if (done.error) throw done.error;
  return { status: done.status, output: `${done.stdout}${done.stderr}` };
}

/** Runs a command to its end and returns what it printed; a failure throws with it. */
export function check(command: string, args: string[], cwd = ROOT): string {
  const { status, output } = run(command, args, cwd);
  if (status !== 0) throw new Error(`\`${[command, ...args].join(" ")}\` exited with status ${status}:\n${output}`);
  return output;
}

/** The environment's folder, made first when needed; progress of a build goes to standard error. */
export function pythonVenv(): string {
  const python = check("python3", ["--version"]).trim();
  const venv = path.join(CACHE, key(python));
  if (fs.existsSync(path.join(venv, "bin", "python"))) return venv;
  fs.mkdirSync(CACHE, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(CACHE, ".partial-"));
  const sdkCopy = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-python-"));
  try {
    process.stderr.write(`python-venv: making a virtual environment with sdk/python and ${path.relative(ROOT, REQUIREMENTS)} (${python})…\n`);
    fs.cpSync(SDK, sdkCopy, { recursive: true });
    check("python3", ["-m", "venv", scratch]);
    check(path.join(scratch, "bin", "python"), ["-m", "pip", "install", "--quiet", "-r", REQUIREMENTS, sdkCopy]);
    for (const stale of fs.readdirSync(CACHE).filter((name) => !name.startsWith("."))) {
      fs.rmSync(path.join(CACHE, stale), { recursive: true, force: true });
    }
    fs.renameSync(scratch, venv);
    return venv;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(sdkCopy, { recursive: true, force: true });
  }
}
