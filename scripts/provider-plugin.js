#!/usr/bin/env node
// @ts-check
/**
 * `npm run --silent provider-plugin`: builds the package when its plugin entry (dist/plugin/main.js) is missing or
 * older than a source file, then prints, as the last line of its standard output, the folder that holds the
 * `pulumi-resource-scalekit` executable (bin/, a launcher running that entry with the project's Node 22). Use the
 * folder as a Pulumi project's `plugins.providers[].path`, or put it on PATH. Build output goes to standard error.
 */
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const PROJECT_DIR = path.resolve(__dirname, "..");
const ENTRY = path.join(PROJECT_DIR, "dist", "plugin", "main.js");

/** The newest modification time of the files under `dir`. */
function newest(/** @type {string} */ dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

const stale =
  !fs.existsSync(ENTRY) ||
  fs.statSync(ENTRY).mtimeMs < Math.max(newest(path.join(PROJECT_DIR, "src")), newest(path.join(PROJECT_DIR, "codegen")));
const built = stale
  ? spawnSync("npm", ["run", "--silent", "build"], { cwd: PROJECT_DIR, stdio: ["ignore", process.stderr, "inherit"] })
  : undefined;
if (built && built.status !== 0) {
  process.stderr.write(`provider-plugin: npm run build failed (status ${built.status}); the plugin was not built\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(`${path.join(PROJECT_DIR, "bin")}\n`);
}
