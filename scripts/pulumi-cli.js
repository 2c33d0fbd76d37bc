#!/usr/bin/env node
// @ts-check
/**
 * `npm run --silent pulumi-cli`: provides the Pulumi CLI for this repository and prints, as the last line of its
 * standard output, the folder that holds `pulumi` and its four companions (`pulumi-language-nodejs`, which runs a
 * Node.js program, `pulumi-resource-pulumi-nodejs`, which runs dynamic providers, `pulumi-language-yaml`, which
 * runs a Pulumi YAML program, and `pulumi-language-python`, which runs a Python program). In this order:
 *   1. a `pulumi` on PATH whose version is at least MINIMUM_VERSION, with its companions;
 *   2. the project-local copy of the pinned version, `.pulumi-cli/<version>/bin` (git-ignored);
 *   3. where the network allows, Pulumi's own installer, into that folder;
 *   4. a build from Pulumi's Go modules, pinned by tools/pulumi-cli/go.mod (the one home of the pinned version),
 *      tools/pulumi-language-nodejs/go.mod (the Node.js and Python language hosts) and
 *      tools/pulumi-language-yaml/go.mod (the YAML one), with the release's build flags and version stamps, into
 *      that folder;
 * else it fails with a message naming the three ways to get it. A project-local copy made before the YAML or the
 * Python language host was one of the companions gets just the missing ones built into it. Progress goes to
 * standard error. Concurrent
 * calls (jest workers) wait for one another on a lock, so the CLI is installed once.
 * Plain JavaScript so that a second call is instant (no compilation).
 */
const { spawnSync, spawn } = require("child_process");
const fs = require("fs");
const https = require("https");
const os = require("os");
const path = require("path");
const semver = require("semver");

const PROJECT_DIR = path.resolve(__dirname, "..");
const TOOLS_DIR = path.join(PROJECT_DIR, "tools", "pulumi-cli");
const CACHE_DIR = path.join(PROJECT_DIR, ".pulumi-cli");
const LOCK_DIR = path.join(CACHE_DIR, ".lock");
/** The first CLI that shows a dynamic provider's warnings (pulumi/pulumi#18253). */
const MINIMUM_VERSION = "3.146.0";
const PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3";
/**
 * Pulumi's Node.js language host. Since v3.69 it is a module of its own that is never tagged, which the Go module
 * proxy these machines use does not serve; v3.68.0 is the last release that published it inside the tagged sdk
 * module. The engine speaks to older language hosts by design (it falls back from newer calls), and the host only
 * starts the program with the project's own @pulumi/pulumi.
 */
const LANGUAGE_HOST_PACKAGE = "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs";
const LANGUAGE_HOST_TOOLS_DIR = path.join(PROJECT_DIR, "tools", "pulumi-language-nodejs");
const LANGUAGE_HOST = "pulumi-language-nodejs";
const DYNAMIC_PROVIDER_SHIM = "pulumi-resource-pulumi-nodejs";
/**
 * Pulumi's YAML language host, from its own module (tagged, served by the proxy). It needs an older pkg/sdk than
 * the CLI's, hence a go.mod of its own; the engine speaks to it like to any language host.
 */
const YAML_HOST = "pulumi-language-yaml";
const YAML_HOST_MODULE = "github.com/pulumi/pulumi-yaml";
const YAML_HOST_TOOLS_DIR = path.join(PROJECT_DIR, "tools", "pulumi-language-yaml");
/** Where a Pulumi SDK module (the CLI, the Node.js host) and pulumi-yaml keep the version they report. */
const SDK_VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";
const YAML_VERSION_VARIABLE = `${YAML_HOST_MODULE}/pkg/version.Version`;
/**
 * Pulumi's Python language host, from the same tagged sdk module as the Node.js host (v3.68.0, for the same
 * reason). It runs the program through a Python script of its own, the exec shim, which the host looks for
 * beside itself; the program imports `pulumi` from the Python on PATH (an activated virtual environment): this
 * host predates the `virtualenv` runtime option reaching it from a newer engine.
 */
const PYTHON_HOST = "pulumi-language-python";
const PYTHON_HOST_PACKAGE = "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python";
const PYTHON_EXEC_SHIM = "pulumi-language-python-exec";
const INSTALLER_URL = "https://get.pulumi.com/install.sh";

class CliUnavailableError extends Error {}
CliUnavailableError.prototype.name = "CliUnavailableError";

const progress = (/** @type {string} */ line) => process.stderr.write(`pulumi-cli: ${line}\n`);

/** The version of `module` that a tools go.mod pins (its one home). */
function requiredVersion(/** @type {string} */ toolsDir, /** @type {string} */ module) {
  const goMod = fs.readFileSync(path.join(toolsDir, "go.mod"), "utf8");
  const match = new RegExp(`^\\s*${module.replace(/\./g, "\\.")} v(\\d+\\.\\d+\\.\\d+)`, "m").exec(goMod);
  if (!match) throw new Error(`${path.relative(PROJECT_DIR, toolsDir)}/go.mod does not require ${module}`);
  return match[1];
}

/** The pinned CLI version, from tools/pulumi-cli/go.mod. */
function pinnedVersion() {
  return requiredVersion(TOOLS_DIR, PKG_MODULE);
}

/** The pinned language host version, from tools/pulumi-language-nodejs/go.mod. */
function languageHostVersion() {
  return requiredVersion(LANGUAGE_HOST_TOOLS_DIR, "github.com/pulumi/pulumi/sdk/v3");
}

/** `pulumi version` of an executable, or undefined when it does not run. */
function versionOf(/** @type {string} */ executable) {
  const run = spawnSync(executable, ["version"], {
    encoding: "utf8",
    timeout: 20000,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  if (run.error || run.status !== 0) return undefined;
  return semver.valid(semver.coerce(run.stdout.trim())) ?? undefined;
}

/** The folders of PATH that hold an executable of that name. */
function onPath(/** @type {string} */ name) {
  return (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter(Boolean)
    .filter((dir) => isExecutable(path.join(dir, name)));
}

function isExecutable(/** @type {string} */ file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Where @pulumi/pulumi ships the dynamic-provider shim (the engine runs it to host dynamic providers). */
function shimFromSdk() {
  const sdkDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PROJECT_DIR] }));
  return path.join(sdkDir, DYNAMIC_PROVIDER_SHIM);
}

/** The executables a complete folder holds. */
const EXECUTABLES = ["pulumi", LANGUAGE_HOST, DYNAMIC_PROVIDER_SHIM, YAML_HOST, PYTHON_HOST];
/** Companions added after the first copies were made, each with how to build it alone into a folder. */
const LATER_COMPANIONS = [
  { name: YAML_HOST, build: (/** @type {string} */ binDir) => buildYamlHost(binDir) },
  { name: PYTHON_HOST, build: (/** @type {string} */ binDir) => buildPythonHost(binDir) },
];

/** A folder is complete when it holds all five executables. */
function isComplete(/** @type {string} */ dir) {
  return EXECUTABLES.every((name) => isExecutable(path.join(dir, name)));
}

/**
 * The later companions a folder lacks, when it holds everything else: a project-local copy made before they were
 * companions. Empty otherwise.
 */
function missingLaterCompanions(/** @type {string} */ dir) {
  const missing = EXECUTABLES.filter((name) => !isExecutable(path.join(dir, name)));
  const later = LATER_COMPANIONS.filter((companion) => missing.includes(companion.name));
  return later.length === missing.length ? later : [];
}

/** 1. A `pulumi` on PATH, recent enough, whose folder holds its companions. */
function fromPath() {
  for (const dir of onPath("pulumi")) {
    const version = versionOf(path.join(dir, "pulumi"));
    if (!version) continue;
    if (semver.lt(version, MINIMUM_VERSION)) {
      progress(`ignoring ${path.join(dir, "pulumi")}: v${version} is older than the supported v${MINIMUM_VERSION}`);
      continue;
    }
    if (isComplete(dir)) return dir;
    progress(
      `ignoring ${path.join(dir, "pulumi")}: ${LANGUAGE_HOST}, ${DYNAMIC_PROVIDER_SHIM}, ${YAML_HOST} or ${PYTHON_HOST} is not beside it`,
    );
  }
  return undefined;
}

/**
 * Runs a command and resolves to its standard output; its output is streamed to standard error, with a heartbeat
 * (through `say`) during long silent work.
 */
function run(
  /** @type {string} */ command,
  /** @type {string[]} */ args,
  /** @type {import("child_process").SpawnOptions} */ options,
  say = progress,
) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const heartbeat = setInterval(() => say(`still working (${Math.round((Date.now() - started) / 1000)} s)…`), 30000);
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let output = "";
    const collect = (/** @type {Buffer} */ chunk) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout?.on("data", (/** @type {Buffer} */ chunk) => {
      stdout += chunk.toString();
      collect(chunk);
    });
    child.stderr?.on("data", collect);
    child.on("error", (err) => {
      clearInterval(heartbeat);
      reject(err);
    });
    child.on("close", (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve(stdout);
      else
        reject(
          new CliUnavailableError(
            `\`${[command, ...args].join(" ")}\` exited with status ${code}:\n${output.trim().split("\n").slice(-12).join("\n")}`,
          ),
        );
    });
  });
}

/** Whether Pulumi's installer can be reached (a HEAD request, 3 s at most). */
function installerReachable() {
  if (process.env.SCALEKIT_PROVIDERS_OFFLINE === "true") return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = https.request(INSTALLER_URL, { method: "HEAD", timeout: 3000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 400);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** 3. Pulumi's own installer, into the project-local folder. */
async function withInstaller(/** @type {string} */ version, /** @type {string} */ installRoot) {
  const script = path.join(os.tmpdir(), `pulumi-install-${process.pid}.sh`);
  await run("curl", ["-fsSL", "-o", script, INSTALLER_URL], {});
  try {
    await run("sh", [script, "--version", version, "--install-root", installRoot, "--no-edit-path"], {});
  } finally {
    fs.rmSync(script, { force: true });
  }
}

/**
 * Builds one Go package of a tools module into `output`, as Pulumi's releases build it: no cgo, trimmed paths, the
 * release's tags, and the version stamped where the program reads it (when given). scripts/sdk-gen.js builds the
 * SDK generator with it too, its heartbeat going through `say`.
 */
function goBuild(
  /** @type {{ toolsDir: string, pkg: string, output: string, versionVariable?: string, version?: string, say?: (line: string) => void }} */ build,
) {
  if (!onPath("go").length) throw new CliUnavailableError("Go is not on PATH.");
  const stamp = build.versionVariable ? ["-ldflags", `-X ${build.versionVariable}=v${build.version}`] : [];
  const flags = ["-trimpath", "-tags", "osusergo,grpcnotrace", ...stamp];
  return run(
    "go",
    ["build", ...flags, "-o", build.output, build.pkg],
    { cwd: build.toolsDir, env: { ...process.env, CGO_ENABLED: "0" } },
    build.say,
  );
}

/** The YAML language host, built into `binDir` (through a scratch name, so that a failed build leaves nothing). */
async function buildYamlHost(/** @type {string} */ binDir) {
  const version = requiredVersion(YAML_HOST_TOOLS_DIR, YAML_HOST_MODULE);
  progress(`building ${YAML_HOST} v${version} from its Go module…`);
  const scratch = path.join(binDir, `.${YAML_HOST}.partial-${process.pid}`);
  try {
    await goBuild({
      toolsDir: YAML_HOST_TOOLS_DIR,
      pkg: `${YAML_HOST_MODULE}/cmd/${YAML_HOST}`,
      output: scratch,
      versionVariable: YAML_VERSION_VARIABLE,
      version,
    });
    fs.renameSync(scratch, path.join(binDir, YAML_HOST));
  } finally {
    fs.rmSync(scratch, { force: true });
  }
}

/**
 * The Python language host and its exec shim (copied from the same module), built into `binDir` through scratch
 * names: the host is renamed into place last, so that a failed build leaves no host without its shim.
 */
async function buildPythonHost(/** @type {string} */ binDir) {
  const version = languageHostVersion();
  progress(`building ${PYTHON_HOST} v${version} from its Go module…`);
  const scratch = path.join(binDir, `.${PYTHON_HOST}.partial-${process.pid}`);
  try {
    await goBuild({
      toolsDir: LANGUAGE_HOST_TOOLS_DIR,
      pkg: PYTHON_HOST_PACKAGE,
      output: scratch,
      versionVariable: SDK_VERSION_VARIABLE,
      version,
    });
    const moduleDir = (
      await run("go", ["list", "-m", "-f", "{{.Dir}}", "github.com/pulumi/pulumi/sdk/v3"], { cwd: LANGUAGE_HOST_TOOLS_DIR })
    ).trim();
    const shim = path.join(binDir, PYTHON_EXEC_SHIM);
    fs.copyFileSync(path.join(moduleDir, "python", "cmd", PYTHON_EXEC_SHIM), shim);
    fs.chmodSync(shim, 0o755);
    fs.renameSync(scratch, path.join(binDir, PYTHON_HOST));
  } finally {
    fs.rmSync(scratch, { force: true });
  }
}

/** 4. A build from Pulumi's Go modules, as the release builds it. */
async function withGo(/** @type {string} */ version, /** @type {string} */ binDir) {
  const hostVersion = languageHostVersion();
  // The smaller builds first, so that a module the proxy refuses fails in about a minute, not after the long one.
  progress(`building ${LANGUAGE_HOST} v${hostVersion} from its Go module…`);
  await goBuild({
    toolsDir: LANGUAGE_HOST_TOOLS_DIR,
    pkg: LANGUAGE_HOST_PACKAGE,
    output: path.join(binDir, LANGUAGE_HOST),
    versionVariable: SDK_VERSION_VARIABLE,
    version: hostVersion,
  });
  await buildYamlHost(binDir);
  await buildPythonHost(binDir);
  progress(`building pulumi v${version} from its Go modules (a cold build takes several minutes on 2 cores)…`);
  await goBuild({
    toolsDir: TOOLS_DIR,
    pkg: `${PKG_MODULE}/cmd/pulumi`,
    output: path.join(binDir, "pulumi"),
    versionVariable: SDK_VERSION_VARIABLE,
    version,
  });
}

/**
 * Takes the lock (a directory, created atomically), waiting while a live process holds it. scripts/sdk-gen.js
 * takes its own lock with it: another `lockDir`, what the holder is `doing`, and its own `say`.
 */
async function lock(lockDir = LOCK_DIR, doing = "installing the Pulumi CLI", say = progress) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  for (let announced = false; ;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, "pid"), String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (err) {
      if (/** @type {NodeJS.ErrnoException} */ (err).code !== "EEXIST") throw err;
    }
    const holder = Number(readOr(path.join(lockDir, "pid"), ""));
    if (holder && !isAlive(holder)) {
      say(`removing the lock left by process ${holder}, which has ended`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!announced) say(`waiting for process ${holder || "?"}, which is ${doing}…`);
    announced = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function readOr(/** @type {string} */ file, /** @type {string} */ fallback) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return fallback;
  }
}

function isAlive(/** @type {number} */ pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return /** @type {NodeJS.ErrnoException} */ (err).code === "EPERM";
  }
}

/** Returns the folder holding the five executables, installing them first when needed. */
async function provide() {
  const found = fromPath();
  if (found) return found;
  const version = pinnedVersion();
  const installRoot = path.join(CACHE_DIR, version);
  const binDir = path.join(installRoot, "bin");
  if (isComplete(binDir)) return binDir;
  const unlock = await lock();
  try {
    if (isComplete(binDir)) return binDir;
    const missing = missingLaterCompanions(binDir);
    if (missing.length > 0) {
      for (const companion of missing) {
        try {
          await companion.build(binDir);
        } catch (err) {
          throw new CliUnavailableError(
            `${binDir} lacks ${companion.name}, and it could not be built from its Go module: ${/** @type {Error} */ (err).message}`,
          );
        }
        progress(`added ${companion.name} to ${binDir}`);
      }
      return binDir;
    }
    // Built into a scratch folder and renamed into place, so that an interrupted install is never taken for a complete one.
    const staging = `${installRoot}.partial-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    const stagingBin = path.join(staging, "bin");
    fs.mkdirSync(stagingBin, { recursive: true });
    const failures = [];
    if (await installerReachable()) {
      try {
        progress(`installing pulumi v${version} with Pulumi's installer…`);
        await withInstaller(version, staging);
      } catch (err) {
        failures.push(`Pulumi's installer: ${/** @type {Error} */ (err).message}`);
      }
    } else {
      failures.push(`Pulumi's installer: ${INSTALLER_URL} cannot be reached from this machine.`);
    }
    if (!isComplete(stagingBin)) {
      try {
        await withGo(version, stagingBin);
        fs.copyFileSync(shimFromSdk(), path.join(stagingBin, DYNAMIC_PROVIDER_SHIM));
        fs.chmodSync(path.join(stagingBin, DYNAMIC_PROVIDER_SHIM), 0o755);
      } catch (err) {
        failures.push(
          `a build from Pulumi's Go modules (tools/pulumi-cli, tools/pulumi-language-nodejs, tools/pulumi-language-yaml): ${/** @type {Error} */ (err).message}`,
        );
      }
    }
    if (!isComplete(stagingBin)) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new CliUnavailableError(
        [
          `The Pulumi CLI could not be provided. None of the three ways worked:`,
          `  1. a pulumi v${MINIMUM_VERSION} or later on PATH, with ${LANGUAGE_HOST}, ${YAML_HOST} and ${PYTHON_HOST} beside it: none found (install it: https://www.pulumi.com/docs/iac/download-install/);`,
          ...failures.map((failure, i) => `  ${i + 2}. ${failure}`),
        ].join("\n"),
      );
    }
    fs.rmSync(installRoot, { recursive: true, force: true });
    fs.renameSync(staging, installRoot);
    progress(`installed pulumi v${version} in ${binDir}`);
    return binDir;
  } finally {
    unlock();
  }
}

module.exports = { provide, pinnedVersion, goBuild, lock, MINIMUM_VERSION, CliUnavailableError };

if (require.main === module) {
  provide().then(
    (dir) => process.stdout.write(`${dir}\n`),
    (err) => {
      process.stderr.write(`${err instanceof CliUnavailableError ? err.message : (err.stack ?? err)}\n`);
      process.exitCode = 1;
    },
  );
}
