/**
 * A throw-away consumer project with the packed package installed the way a user installs it, with no
 * network: `npm pack` makes the tarball, and `npm ci --offline` installs it with `@pulumi/pulumi`,
 * TypeScript and `@types/node` from the npm cache that this repository's own `npm ci` filled. npm ci needs
 * a lockfile, so the consumer's is cut from this repository's: the entries the consumer's dependencies
 * reach (same versions, same integrity hashes, same layout), plus the tarball.
 */
import { spawnSync, type SpawnSyncReturns } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

type Lock = { packages: Record<string, LockEntry> };

/** npm never goes to the network here: offline, no update check, no audit. */
const OFFLINE_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  npm_config_offline: "true",
  npm_config_update_notifier: "false",
  npm_config_audit: "false",
  npm_config_fund: "false",
};

/** Runs a command (npm included, always offline); throws with its output when it fails. */
export function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: OFFLINE_ENV, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** `npm pack` of this repository (as built by `npm run build`, no scripts run) into `dir`; the tarball path. */
export function pack(dir: string): { tarball: string; files: string[] } {
  const out = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], REPO_ROOT);
  const [info] = JSON.parse(out.stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
}

/** The lock path a package `name` needed by the package at `from` resolves to, the way Node resolves it. */
function resolveIn(packages: Lock["packages"], from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
    if (packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut < 0 ? "" : base.slice(0, cut);
  }
}

/** Every lock path reachable from the roots (dependencies, optional and non-optional peer dependencies). */
function closure(packages: Lock["packages"], roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (at: string): void => {
    if (seen.has(at)) return;
    seen.add(at);
    const entry = packages[at];
    const optionalPeers = Object.entries(entry.peerDependenciesMeta ?? {})
      .filter(([, m]) => m.optional)
      .map(([n]) => n);
    const needed = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.includes(n)),
    ];
    for (const name of needed) {
      const found = resolveIn(packages, at, name);
      if (found !== undefined) visit(found);
    }
  };
  for (const root of roots) visit(root);
  return seen;
}

/** Drops the flags that describe this repository's tree (dev, peer…): in the consumer they are dependencies. */
function asDependency(entry: LockEntry): LockEntry {
  const { dev: _dev, devOptional: _devOptional, peer: _peer, ...rest } = entry;
  return rest;
}

/** The compiler options both of Pulumi's TypeScript templates share. */
const TEMPLATE_COMMON = {
  strict: true,
  outDir: "bin",
  target: "es2020",
  sourceMap: true,
  experimentalDecorators: true,
  pretty: true,
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
};
/** Pulumi's TypeScript template tsconfig files, by the file name the tests give them. */
export const TSCONFIGS: Record<"tsconfig.nodenext.json" | "tsconfig.commonjs.json", object> = {
  // `pulumi new typescript` since March 2026.
  "tsconfig.nodenext.json": {
    compilerOptions: { ...TEMPLATE_COMMON, module: "nodenext", moduleResolution: "nodenext" },
    files: ["index.ts"],
  },
  // Before: no esModuleInterop, no skipLibCheck, so every .d.ts the package reaches is checked.
  "tsconfig.commonjs.json": { compilerOptions: { ...TEMPLATE_COMMON, module: "commonjs", moduleResolution: "node" }, files: ["index.ts"] },
};

export interface Consumer {
  readonly dir: string;
  readonly tarballFiles: string[];
}

/** Another package the consumer installs from a tarball of its own (the generated Node.js SDK, say). */
export interface LocalPackage {
  readonly tarball: string;
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
}

/** The lock entry of a package installed from a tarball copied into the consumer's folder, and its spec. */
function tarballEntry(
  dir: string,
  tarball: string,
  manifest: Omit<LockEntry, "resolved" | "integrity">,
): { spec: string; entry: LockEntry } {
  const spec = `file:${path.basename(tarball)}`;
  const integrity = `sha512-${crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`;
  if (path.dirname(tarball) !== dir) fs.copyFileSync(tarball, path.join(dir, path.basename(tarball)));
  return { spec, entry: { ...manifest, resolved: spec, integrity } };
}

/**
 * Creates the consumer project in a new directory under os.tmpdir(), with `files` written into it, and installs
 * the packed package, `@pulumi/pulumi`, `typescript` and `@types/node` (the versions this repository uses), and
 * any `localPackages`, with `npm ci --offline`.
 */
export function createConsumer(files: Record<string, string>, localPackages: readonly LocalPackage[] = []): Consumer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-consumer-"));
  const { tarball, files: tarballFiles } = pack(dir);
  const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as Lock;
  const own = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  const tools = ["@pulumi/pulumi", "typescript", "@types/node"];
  const versions = Object.fromEntries(tools.map((name) => [name, lock.packages[`node_modules/${name}`].version!]));
  const selfDependencies: Record<string, string> = own.dependencies;
  const self = tarballEntry(dir, tarball, {
    version: own.version,
    license: own.license,
    dependencies: selfDependencies,
    bin: own.bin,
    engines: own.engines,
    peerDependencies: own.peerDependencies,
  });
  const locals = localPackages.map((p) => ({
    name: p.name,
    ...tarballEntry(dir, p.tarball, { version: p.version, dependencies: p.dependencies }),
  }));
  const dependencies = { "scalekit-providers": self.spec, ...Object.fromEntries(locals.map((l) => [l.name, l.spec])), ...versions };

  const roots = [...tools, ...Object.keys(selfDependencies)].map((name) => `node_modules/${name}`);
  const packages: Record<string, LockEntry> = {
    "": { name: "consumer", version: "1.0.0", dependencies },
    "node_modules/scalekit-providers": self.entry,
    ...Object.fromEntries(locals.map((l) => [`node_modules/${l.name}`, l.entry])),
  };
  for (const at of [...closure(lock.packages, roots)].sort()) packages[at] = asDependency(lock.packages[at]);
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true, dependencies }, null, 2)}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    `${JSON.stringify({ name: "consumer", version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], dir);
  return { dir, tarballFiles };
}
