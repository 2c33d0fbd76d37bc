#!/usr/bin/env node
// @ts-check
/**
 * `npm run --silent plugin:executable`: builds `pulumi-resource-scalekit` as one self-contained executable, for
 * users with no Node of their own, from the npm registry alone: esbuild bundles the plugin (src/plugin/main.ts,
 * the code the launcher in bin/ runs) into one file, Node 22's single-executable-application support turns the
 * bundle into a blob, and postject injects the blob into a copy of the project's own Node binary (the `node`
 * devDependency). Beside it goes the archive `pulumi plugin install resource scalekit <version> --file …` takes
 * (`pulumi-resource-scalekit-v<version>-<os>-<arch>.tar.gz`, the executable at its root).
 *
 * Prints the archive's path, then, as its last line, the folder that holds the executable (git-ignored
 * `.plugin-executable/`). Everything is rebuilt on each run (about ten seconds on two cores, the bundle itself
 * under one) and moved into place only when whole.
 */
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const PROJECT_DIR = path.resolve(__dirname, "..");
const OUT_DIR = path.join(PROJECT_DIR, ".plugin-executable");
const EXECUTABLE = "pulumi-resource-scalekit";
/** The Node binary the executable is made of: the project's Node 22, as the launcher in bin/ runs. */
const NODE = path.join(PROJECT_DIR, "node_modules", ".bin", "node");
/** The fuse Node's single-executable support looks for (Node's documentation, "Single executable applications"). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";
/** Pulumi's names for the platforms a plugin archive is built for. */
const PULUMI_ARCH = { x64: "amd64", arm64: "arm64" };

/** The archive's file name, as Pulumi names a plugin's release archives. */
function archiveName() {
  const { version } = require(path.join(PROJECT_DIR, "package.json"));
  const arch = PULUMI_ARCH[/** @type {keyof typeof PULUMI_ARCH} */ (process.arch)] ?? process.arch;
  return `${EXECUTABLE}-v${version}-${process.platform}-${arch}.tar.gz`;
}

/**
 * An esbuild plugin giving the bundle the protocol modules that src/plugin/protocol.ts loads with
 * `fromPulumi("…")` (a require from @pulumi/pulumi's folder, which a bundler cannot follow): each becomes a static
 * require resolved from that same folder, so the bundle holds the very copies @pulumi/pulumi's generated classes
 * use. Fails the build if protocol.ts no longer defines `fromPulumi` as expected.
 */
const pulumiProtocol = {
  name: "pulumi-protocol",
  /** @param {import("esbuild").PluginBuild} build */
  setup(build) {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [PROJECT_DIR] }));
    const definition = /^const fromPulumi = createRequire\(require\.resolve\("@pulumi\/pulumi\/package\.json"\)\);$/m;
    build.onLoad({ filter: /[\\/]src[\\/]plugin[\\/]protocol\.ts$/ }, (args) => {
      const source = fs.readFileSync(args.path, "utf8");
      if (!definition.test(source)) throw new Error(`${args.path} no longer defines fromPulumi as this bundler expects`);
      const contents = source.replace(definition, "").replace(/\bfromPulumi\(/g, "require(");
      return { contents, loader: "ts", resolveDir: pulumiDir };
    });
  },
};

/**
 * An esbuild plugin leaving TypeScript (two thirds of the bundle) out: @pulumi/pulumi loads it for serializing a
 * dynamic provider's functions, which a provider plugin never does. Any use fails with this reason.
 */
const withoutTypeScript = {
  name: "without-typescript",
  /** @param {import("esbuild").PluginBuild} build */
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: "typescript", namespace: "without-typescript" }));
    build.onLoad({ filter: /.*/, namespace: "without-typescript" }, () => ({
      contents: `module.exports = new Proxy({}, {
        get(_, key) {
          if (typeof key === "symbol" || key === "__esModule") return undefined;
          throw new Error("TypeScript is not part of the self-contained scalekit plugin (asked for ts." + key + ")");
        },
      });`,
      loader: "js",
    }));
  },
};

/** Bundles the plugin into `outfile`; any warning (a require esbuild could not follow, say) fails the build. */
async function bundle(outfile) {
  const esbuild = require("esbuild");
  const result = await esbuild.build({
    entryPoints: [path.join(PROJECT_DIR, "src", "plugin", "main.ts")],
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    outfile,
    plugins: [pulumiProtocol, withoutTypeScript],
    logLevel: "silent",
    metafile: true,
  });
  if (result.warnings.length > 0) {
    const text = await esbuild.formatMessages(result.warnings, { kind: "warning" });
    throw new Error(`esbuild warned while bundling the plugin:\n${text.join("\n")}`);
  }
  // One copy of each protocol library, or messages built by one copy would be encoded by another.
  for (const library of ["@grpc/grpc-js", "google-protobuf"]) {
    const copies = new Set(
      Object.keys(result.metafile.inputs).flatMap((input) => {
        const at = input.lastIndexOf(`node_modules/${library}/`);
        return at < 0 ? [] : [input.slice(0, at)];
      }),
    );
    if (copies.size !== 1) throw new Error(`the bundle holds ${copies.size} copies of ${library}, expected exactly 1`);
  }
}

/** Builds the executable and its archive in `OUT_DIR`; returns their paths. */
async function buildExecutable() {
  if (process.platform !== "linux") {
    throw new Error(`the self-contained executable is built on Linux only (this is ${process.platform}); use the launcher in bin/`);
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const work = fs.mkdtempSync(path.join(OUT_DIR, ".build-"));
  try {
    const script = path.join(work, "plugin.js");
    await bundle(script);
    const blob = path.join(work, "plugin.blob");
    const config = {
      main: script,
      output: blob,
      disableExperimentalSEAWarning: true,
      // V8's compiled code in the blob: a faster start.
      useCodeCache: true,
      // Bundled, the code that requires Node's own punycode (node-fetch's URL parser) is no longer in a
      // node_modules folder, where Node keeps quiet about that deprecation.
      execArgv: ["--disable-warning=DEP0040"],
      // Self-contained means the user's NODE_OPTIONS (a --require meant for their own program) reach no plugin.
      execArgvExtension: "none",
    };
    fs.writeFileSync(path.join(work, "sea-config.json"), JSON.stringify(config));
    // Quiet unless it fails: the error then carries what Node printed.
    execFileSync(NODE, ["--experimental-sea-config", "sea-config.json"], { cwd: work, stdio: "pipe" });

    // A copy, not the file itself: node_modules may be hard-linked to other checkouts.
    const executable = path.join(work, EXECUTABLE);
    fs.copyFileSync(fs.realpathSync(NODE), executable);
    fs.chmodSync(executable, 0o755);
    const { inject } = require("postject");
    await inject(executable, "NODE_SEA_BLOB", fs.readFileSync(blob), { sentinelFuse: SEA_FUSE });

    const archive = path.join(work, archiveName());
    execFileSync("tar", ["-czf", archive, "-C", work, EXECUTABLE], { stdio: ["ignore", "ignore", "inherit"] });
    const placed = { executable: path.join(OUT_DIR, EXECUTABLE), archive: path.join(OUT_DIR, archiveName()) };
    fs.renameSync(executable, placed.executable);
    fs.renameSync(archive, placed.archive);
    return placed;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

buildExecutable().then(
  ({ archive }) => process.stdout.write(`${archive}\n${OUT_DIR}\n`),
  (err) => {
    process.stderr.write(`plugin:executable: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
