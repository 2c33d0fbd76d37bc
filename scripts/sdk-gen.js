#!/usr/bin/env node
// @ts-check
/**
 * `npm run sdk`: writes the Python, Go and Node.js SDKs (sdk/python, sdk/go, sdk/nodejs) from the plugin's package
 * schema, with Pulumi's own code generators, offline.
 *   node scripts/sdk-gen.js [<schema.json> <out-dir>]   (default: schema/pulumi-package.json, which `npm run sdk`
 *                                                       writes first, into sdk/)
 * The generators are Go packages of the module the CLI is built from, so tools/sdk-gen (a Go module of its own,
 * pinned to the CLI's versions so that the CLI's build cache serves it) is built into `.sdk-gen/<key>/` (git-ignored)
 * the first time, and again only when its go.mod, go.sum or main.go change. Progress goes to standard error;
 * concurrent calls (jest workers) wait for one another on a lock, so the generator is built once.
 */
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { goBuild, lock } = require("./pulumi-cli");

const PROJECT_DIR = path.resolve(__dirname, "..");
const TOOLS_DIR = path.join(PROJECT_DIR, "tools", "sdk-gen");
const CACHE_DIR = path.join(PROJECT_DIR, ".sdk-gen");
const SOURCES = ["go.mod", "go.sum", "main.go"];

const progress = (/** @type {string} */ line) => process.stderr.write(`sdk-gen: ${line}\n`);

/** The generator's folder, named by a digest of its sources: changed sources mean another build. */
function binaryDir() {
  const digest = crypto.createHash("sha256");
  for (const file of SOURCES) digest.update(`${file}\0`).update(fs.readFileSync(path.join(TOOLS_DIR, file)));
  return path.join(CACHE_DIR, digest.digest("hex").slice(0, 16));
}

/** The generator's executable, built first when needed. */
async function provideGenerator() {
  const dir = binaryDir();
  const binary = path.join(dir, "sdk-gen");
  if (fs.existsSync(binary)) return binary;
  const unlock = await lock(path.join(CACHE_DIR, ".lock"), "building the SDK generator", progress);
  try {
    if (fs.existsSync(binary)) return binary;
    progress(
      "building tools/sdk-gen with Pulumi's code generators (seconds when the Pulumi CLI was built from source on this machine, several minutes cold on 2 cores)…",
    );
    const started = Date.now();
    // Built under a scratch name, so that an interrupted build is never taken for a finished one.
    const scratch = path.join(CACHE_DIR, `.sdk-gen.partial-${process.pid}`);
    try {
      await goBuild({ toolsDir: TOOLS_DIR, pkg: ".", output: scratch, say: progress });
      for (const stale of fs.readdirSync(CACHE_DIR).filter((name) => !name.startsWith("."))) {
        fs.rmSync(path.join(CACHE_DIR, stale), { recursive: true, force: true });
      }
      fs.mkdirSync(dir, { recursive: true });
      fs.renameSync(scratch, binary);
    } finally {
      fs.rmSync(scratch, { force: true });
    }
    progress(`built in ${Math.round((Date.now() - started) / 1000)} s`);
    return binary;
  } finally {
    unlock();
  }
}

/** Writes the three SDKs from `schemaFile` into `outDir` (each language's folder replaced whole). */
async function generate(/** @type {string} */ schemaFile, /** @type {string} */ outDir) {
  const generator = await provideGenerator();
  const run = spawnSync(generator, [schemaFile, outDir], { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`tools/sdk-gen could not generate the SDKs from ${schemaFile}:\n${run.stderr.trim()}`);
}

module.exports = { generate };

if (require.main === module) {
  const [schemaFile = path.join(PROJECT_DIR, "schema", "pulumi-package.json"), outDir = path.join(PROJECT_DIR, "sdk")] =
    process.argv.slice(2);
  generate(schemaFile, outDir).then(
    () => progress(`wrote ${["python", "go", "nodejs"].map((l) => path.relative(process.cwd(), path.join(outDir, l))).join(", ")}`),
    (err) => {
      process.stderr.write(`${err instanceof Error ? err.message : err}\n`);
      process.exitCode = 1;
    },
  );
}
