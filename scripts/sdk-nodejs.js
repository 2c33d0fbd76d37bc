#!/usr/bin/env node
// @ts-check
/**
 * `npm run --silent sdk:nodejs`: makes the generated Node.js SDK (sdk/nodejs, TypeScript sources) an npm package a
 * Pulumi program installs, the way Pulumi's own providers publish theirs: compiled with this repository's
 * TypeScript into `bin/`, its package.json and README copied beside, then `npm pack`. Prints the tarball's path as
 * the last line of its standard output; `npm install <that path>` in a program installs
 * `@scalekit-providers/scalekit`. Made once per content of sdk/nodejs, into `.sdk-nodejs/<digest>/` (git-ignored).
 * Offline: no dependency is installed to build it (the SDK needs @pulumi/pulumi's types, which this repository has).
 */
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { digestFiles } = require("./folder-files");

const PROJECT_DIR = path.resolve(__dirname, "..");
const SDK_DIR = path.join(PROJECT_DIR, "sdk", "nodejs");
const CACHE_DIR = path.join(PROJECT_DIR, ".sdk-nodejs");

const progress = (/** @type {string} */ line) => process.stderr.write(`sdk:nodejs: ${line}\n`);

/** Runs a command to its end; throws with what it printed when it fails. */
function run(/** @type {string} */ command, /** @type {string[]} */ args, /** @type {string} */ cwd) {
  const done = spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
  if (done.error) throw done.error;
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${done.status}):\n${done.stdout}${done.stderr}`);
  return done.stdout;
}

/** The tarball of the Node.js SDK, made first when sdk/nodejs changed since the last one. */
function packNodejsSdk() {
  const dir = path.join(CACHE_DIR, digestFiles(crypto.createHash("sha256"), SDK_DIR).digest("hex").slice(0, 16));
  const { name, version } = JSON.parse(fs.readFileSync(path.join(SDK_DIR, "package.json"), "utf8"));
  const tarball = path.join(dir, `${name.replace(/^@/, "").replace("/", "-")}-${version}.tgz`);
  if (fs.existsSync(tarball)) return tarball;

  progress(`compiling sdk/nodejs and packing ${name}@${version}…`);
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  // Built in a scratch folder and renamed into place, so an interrupted build is never taken for a finished one.
  const scratch = fs.mkdtempSync(path.join(CACHE_DIR, ".partial-"));
  try {
    const source = path.join(scratch, "source");
    fs.cpSync(SDK_DIR, source, { recursive: true });
    // The SDK resolves @pulumi/pulumi and @types/node as its users' installs will: from a node_modules above it.
    fs.symlinkSync(path.join(PROJECT_DIR, "node_modules"), path.join(source, "node_modules"), "dir");
    run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json"], source);
    const bin = path.join(source, "bin");
    for (const file of ["package.json", "README.md"]) fs.copyFileSync(path.join(source, file), path.join(bin, file));
    run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", scratch], bin);
    fs.rmSync(source, { recursive: true });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(scratch, dir);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  for (const stale of fs.readdirSync(CACHE_DIR).filter((entry) => !entry.startsWith(".") && entry !== path.basename(dir))) {
    fs.rmSync(path.join(CACHE_DIR, stale), { recursive: true, force: true });
  }
  return tarball;
}

module.exports = { packNodejsSdk };

if (require.main === module) {
  try {
    process.stdout.write(`${packNodejsSdk()}\n`);
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
    process.exitCode = 1;
  }
}
