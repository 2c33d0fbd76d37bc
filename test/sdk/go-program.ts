/**
 * A Go program of this repository (a module whose go.mod replaces `scalekit-providers/sdk/go` with a relative path
 * to sdk/go) built as a user builds it from a copy: the module copied to a scratch folder, its replace pointed at
 * this repository's sdk/go (`go mod edit`), then `go build` with the committed go.sum (a missing checksum fails the
 * build) and the flags the Pulumi CLI is built with (scripts/pulumi-cli.js `goBuild`), so the CLI's build cache
 * serves the Pulumi SDK's packages. Built once per content of its inputs (the module's files, sdk/go's files,
 * `go version`) and kept in `.go-programs/<name>-<digest>/` (git-ignored): an unchanged program costs nothing.
 * Built under a scratch name and renamed into place, so an interrupted build is never taken for a finished one.
 */
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { digestFiles, filesUnder } from "../helpers/folder-files";

// A script in JavaScript (scripts/ is not compiled): the one home of the CLI's build flags.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { goBuild } = require("../../scripts/pulumi-cli") as {
  goBuild: (build: { toolsDir: string; pkg: string; output: string; say?: (line: string) => void }) => Promise<string>;
};

const ROOT = path.resolve(__dirname, "../..");
const SDK = path.join(ROOT, "sdk", "go");
const SDK_MODULE = "scalekit-providers/sdk/go";
const CACHE = path.join(ROOT, ".go-programs");
/** A stack's settings, written when the program runs in its own folder: not part of the program. */
const STACK_SETTINGS = /^Pulumi\.[^/]+\.yaml$/;

/** Every file under `dir`, relative to it with `/` separators, sorted; stack settings left out. */
function files(dir: string): string[] {
  return filesUnder(dir).filter((file) => !STACK_SETTINGS.test(file));
}

/**
 * A copy of the module in `source` in a new temporary folder, its replace of the SDK pointed at this repository's
 * sdk/go: what a user has after copying the module and pointing the replace at their checkout.
 */
export function moduleCopy(source: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-go-"));
  for (const file of files(source)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.copyFileSync(path.join(source, file), path.join(dir, file));
  }
  execFileSync("go", ["mod", "edit", `-replace=${SDK_MODULE}=${SDK}`], { cwd: dir });
  return dir;
}

/** The executable of the main package at the root of the module in `source`, built first when needed. */
export async function goProgram(source: string): Promise<string> {
  const name = path.relative(ROOT, source).split(path.sep).join("-");
  const digest = createHash("sha256").update(execFileSync("go", ["version"]));
  digestFiles(digest, source, files(source));
  digestFiles(digest, SDK, files(SDK));
  const binary = path.join(CACHE, `${name}-${digest.digest("hex").slice(0, 16)}`, "program");
  if (fs.existsSync(binary)) return binary;
  fs.mkdirSync(CACHE, { recursive: true });
  const scratch = fs.mkdtempSync(path.join(CACHE, `.partial-${name}-`));
  const copy = moduleCopy(source);
  const say = (line: string) => process.stderr.write(`go-program: ${line}\n`);
  try {
    say(`building ${path.relative(ROOT, source)} with sdk/go (cold Go caches: the Pulumi SDK's modules and packages first, minutes)…`);
    const started = Date.now();
    await goBuild({ toolsDir: copy, pkg: ".", output: path.join(scratch, "program"), say });
    say(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    for (const stale of fs.readdirSync(CACHE).filter((entry) => entry.startsWith(`${name}-`))) {
      fs.rmSync(path.join(CACHE, stale), { recursive: true, force: true });
    }
    fs.renameSync(scratch, path.dirname(binary));
    return binary;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(copy, { recursive: true, force: true });
  }
}
