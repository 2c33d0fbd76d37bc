/**
 * `npm run bench:cli` (and the second half of `npm run bench`): the real `pulumi` CLI running N custom providers
 * through each route, against the local emulator with a fixed latency added to every request, each route beside
 * the engine's own floor, the same N resources of a provider that does no I/O:
 *
 * - `plugin`: a Pulumi YAML program on the native plugin's launcher (bin/, `npm run provider-plugin`);
 * - `executable`: the same program on the self-contained executable (`npm run plugin:executable`);
 * - `plugin-floor`: the same program on bench/noop-plugin.ts (same schema and protocol classes, no-op provider);
 * - `dynamic`: this project's TypeScript program over a definitions folder of N files (the dynamic resource);
 * - `dynamic-floor`: bench/noop-dynamic-program.ts, the same resources on a no-op dynamic provider.
 *
 * Each run is a fresh stack: preview of the new stack, up, preview with no change, refresh, destroy; wall time of
 * each command (process start, program, engine and provider start included) and the requests it made, from the
 * emulator's journal. Every figure is the median of `--runs` runs, the routes taking turns within a run. The
 * TypeScript programs run with PULUMI_NODEJS_TRANSPILE_ONLY=true (type-checking them costs seconds per program run,
 * which neither provider changes). Needs the Pulumi CLI (`npm run --silent pulumi-cli`); exits 1 when a command
 * fails.
 *
 * Options: --sizes=10,100  --latency-ms=20  --runs=2  --routes=plugin,executable,plugin-floor,dynamic,dynamic-floor
 */
import { spawnSync } from "child_process";
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { RESOURCE_TOKEN } from "../src/plugin";
import { wireToArgs } from "../src/schema";
import { calls, newBackend, Project, REPO_ROOT, startEmulator } from "../test/pulumi/harness";
import { examples } from "../test/helpers/examples";

export const ROUTES = ["plugin", "executable", "plugin-floor", "dynamic", "dynamic-floor"] as const;
export type Route = (typeof ROUTES)[number];
/** The floor each route is compared with. */
const FLOOR: Partial<Record<Route, Route>> = { plugin: "plugin-floor", executable: "plugin-floor", dynamic: "dynamic-floor" };
export const COMMANDS = [
  { name: "preview (new)", args: ["preview"] },
  { name: "up", args: ["up", "--yes"] },
  { name: "preview (no change)", args: ["preview"] },
  { name: "refresh", args: ["refresh", "--yes"] },
  { name: "destroy", args: ["destroy", "--yes"] },
] as const;
const KINDS = ["token", "list", "create", "update", "delete"] as const;

export interface BenchOptions {
  sizes: number[];
  latencyMs: number;
  runs: number;
  routes: Route[];
  /** Progress lines go here (standard error from the command line). */
  log?: (line: string) => void;
}

/** One command of one run: its wall time and the emulator's requests by kind. */
export interface Measurement {
  n: number;
  route: Route;
  command: (typeof COMMANDS)[number]["name"];
  seconds: number;
  requests: Record<(typeof KINDS)[number], number>;
}

export class BenchCommandError extends Error {
  constructor(route: Route, command: string, output: string) {
    super(`${route}: pulumi ${command} failed:\n${output}`);
    this.name = "BenchCommandError";
  }
}

/** N distinct valid definitions: the documented examples in turn (every auth type), each with its own name. */
function definitions(count: number): Record<string, Record<string, unknown>> {
  const templates = Object.values(examples());
  const files: Record<string, Record<string, unknown>> = {};
  for (let i = 1; i <= count; i++) {
    const number = String(i).padStart(4, "0");
    files[`bench${number}.json`] = { ...templates[(i - 1) % templates.length], display_name: `Bench Provider ${number}` };
  }
  return files;
}

/** Resource name → the resource's properties (camelCase), as a program on either provider declares them. */
function resources(count: number): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(definitions(count)).map(([file, payload]) => [
      file.replace(/\.json$/, ""),
      wireToArgs(payload as never) as Record<string, unknown>,
    ]),
  );
}

function lastLine(command: string, args: string[]): string {
  const run = spawnSync(command, args, { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const line = (run.stdout ?? "").trim().split("\n").pop();
  if (run.status !== 0 || !line) throw new Error(`${command} ${args.join(" ")} failed (status ${run.status})`);
  return line;
}

/** bench/noop-plugin.ts bundled (packages left to node_modules) beside a launcher, in node_modules/.cache. */
function buildNoopPlugin(): string {
  const dir = path.join(REPO_ROOT, "node_modules", ".cache", "scalekit-bench", "noop-plugin");
  fs.mkdirSync(dir, { recursive: true });
  esbuild.buildSync({
    entryPoints: [path.join(__dirname, "noop-plugin.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    packages: "external",
    outfile: path.join(dir, "main.js"),
    logLevel: "warning",
  });
  const node = path.join(REPO_ROOT, "node_modules", ".bin", "node");
  const launcher = path.join(dir, "pulumi-resource-scalekit");
  fs.writeFileSync(launcher, `#!/bin/sh\nNOOP_PLUGIN_PROJECT_DIR='${REPO_ROOT}' exec '${node}' '${path.join(dir, "main.js")}' "$@"\n`, {
    mode: 0o755,
  });
  return dir;
}

/** A YAML project declaring `count` providers through the plugin in `pluginDir`. */
function yamlProject(pluginDir: string, count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-bench-yaml-"));
  const declared = resources(count);
  const program = {
    name: "scalekit-bench",
    runtime: "yaml",
    plugins: { providers: [{ name: "scalekit", path: pluginDir }] },
    resources: Object.fromEntries(Object.entries(declared).map(([name, properties]) => [name, { type: RESOURCE_TOKEN, properties }])),
    outputs: { identifiers: Object.fromEntries(Object.keys(declared).map((name) => [name, `\${${name}.identifier}`])) },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
  return dir;
}

/** A TypeScript project running bench/noop-dynamic-program.ts over `count` resources. */
function noopDynamicProject(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-bench-noop-dynamic-"));
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    stringify({ name: "scalekit-bench-noop", runtime: { name: "nodejs", options: { typescript: true } }, main: "index.ts" }),
  );
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "scalekit-bench-noop", private: true }));
  fs.writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { module: "nodenext", moduleResolution: "nodenext", target: "es2022", strict: true } }),
  );
  fs.copyFileSync(path.join(__dirname, "noop-dynamic-program.ts"), path.join(dir, "index.ts"));
  fs.writeFileSync(path.join(dir, "resources.json"), JSON.stringify(resources(count)));
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs the benchmark; resolves to every measurement. The Pulumi CLI's folder must be in SCALEKIT_PROVIDERS_PULUMI_CLI. */
export async function benchmark(options: BenchOptions): Promise<Measurement[]> {
  const log = options.log ?? (() => undefined);
  const pluginDirs: Partial<Record<Route, string>> = {};
  if (options.routes.includes("plugin")) pluginDirs.plugin = lastLine("npm", ["run", "--silent", "provider-plugin"]);
  if (options.routes.includes("executable")) pluginDirs.executable = lastLine("npm", ["run", "--silent", "plugin:executable"]);
  if (options.routes.includes("plugin-floor")) pluginDirs["plugin-floor"] = buildNoopPlugin();
  const transpileOnly = { PULUMI_NODEJS_TRANSPILE_ONLY: "true" };

  const measurements: Measurement[] = [];
  for (const n of options.sizes) {
    for (let run = 0; run < options.runs; run++) {
      // The routes take turns, starting one further on each run, so that a spell of load falls on each alike.
      const order = options.routes.map((_, i) => options.routes[(i + run) % options.routes.length]);
      for (const route of order) {
        const emulator = await startEmulator({ port: 0, latencyMs: options.latencyMs });
        try {
          const backend = newBackend();
          const pluginDir = pluginDirs[route];
          const project =
            route === "dynamic"
              ? Project.create(backend, definitions(n))
              : Project.at(pluginDir ? yamlProject(pluginDir, n) : noopDynamicProject(n), backend);
          await project.initStack("bench", emulator);
          for (const command of COMMANDS) {
            emulator.clearJournal();
            const started = process.hrtime.bigint();
            const result = await project.pulumi([...command.args, "--stack", "bench"], pluginDir ? {} : transpileOnly);
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            if (result.code !== 0) throw new BenchCommandError(route, command.args.join(" "), result.output);
            const requests = Object.fromEntries(KINDS.map((k) => [k, calls(emulator, k).length])) as Measurement["requests"];
            measurements.push({ n, route, command: command.name, seconds, requests });
            log(`N=${n} run ${run + 1}/${options.runs} ${route} ${command.name}: ${seconds.toFixed(2)} s`);
          }
          fs.rmSync(project.dir, { recursive: true, force: true });
          fs.rmSync(backend.dir, { recursive: true, force: true });
        } finally {
          await emulator.stop();
        }
      }
    }
  }
  return measurements;
}

/** The figures as a Markdown table: each route's median wall time, beside its floor, with the ratio. */
export function table(measurements: Measurement[], routes: Route[]): string {
  const cell = (n: number, route: Route, command: string) =>
    median(measurements.filter((m) => m.n === n && m.route === route && m.command === command).map((m) => m.seconds));
  const columns = routes.flatMap((route) => {
    const floor = FLOOR[route];
    return floor && routes.includes(floor) ? [route, `${route} ÷ floor`] : [route];
  });
  const lines = [`| N | command | ${columns.join(" | ")} |`, `|---:|---|${columns.map(() => "---:").join("|")}|`];
  for (const n of [...new Set(measurements.map((m) => m.n))]) {
    for (const { name } of COMMANDS) {
      const values = routes.flatMap((route) => {
        const seconds = cell(n, route, name);
        const floor = FLOOR[route];
        const shown = `${seconds.toFixed(1)} s`;
        return floor && routes.includes(floor) ? [shown, `${(seconds / cell(n, floor, name)).toFixed(2)}×`] : [shown];
      });
      lines.push(`| ${n} | ${name} | ${values.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

/** The requests each route made to the emulator, per command (the same in every run), as a Markdown table. */
export function requestTable(measurements: Measurement[], routes: Route[]): string {
  const real = routes.filter((route) => FLOOR[route]);
  const lines = [
    `| N | command | ${real.map((r) => `${r}: ${KINDS.join("/")}`).join(" | ")} |`,
    `|---:|---|${real.map(() => "---:").join("|")}|`,
  ];
  for (const n of [...new Set(measurements.map((m) => m.n))]) {
    for (const { name } of COMMANDS) {
      const values = real.map((route) => {
        const counts = [
          ...new Set(
            measurements
              .filter((m) => m.n === n && m.route === route && m.command === name)
              .map((m) => KINDS.map((k) => m.requests[k]).join("/")),
          ),
        ];
        return counts.join(" or ");
      });
      lines.push(`| ${n} | ${name} | ${values.join(" | ")} |`);
    }
  }
  return lines.join("\n");
}

function option(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

function machine(): string {
  const cpus = os.cpus();
  const load = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${cpus.length} CPUs (${cpus[0]?.model ?? "unknown"}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load average ${load}`;
}

async function main(): Promise<number> {
  const routes = option("routes", ROUTES.join(",")).split(",") as Route[];
  const unknown = routes.filter((r) => !ROUTES.includes(r));
  if (unknown.length > 0) throw new Error(`unknown route(s) ${unknown.join(", ")}: choose among ${ROUTES.join(", ")}`);
  const options: BenchOptions = {
    sizes: option("sizes", "10,100").split(",").map(Number),
    latencyMs: Number(option("latency-ms", "20")),
    runs: Number(option("runs", "2")),
    routes,
    log: (line) => void process.stderr.write(`${line}\n`),
  };
  process.env.SCALEKIT_PROVIDERS_PULUMI_CLI = lastLine(process.execPath, [path.join(__dirname, "../scripts/pulumi-cli.js")]);
  const version = spawnSync(path.join(process.env.SCALEKIT_PROVIDERS_PULUMI_CLI, "pulumi"), ["version"], {
    encoding: "utf8",
  }).stdout.trim();
  const before = machine();
  const measurements = await benchmark(options);
  console.log(`Real Pulumi CLI ${version}, Node ${process.version}; at the start ${before}; at the end ${machine()}`);
  console.log(`Emulator latency ${options.latencyMs} ms per request; median of ${options.runs} run(s)\n`);
  console.log(table(measurements, routes));
  console.log(`\nRequests to the emulator (${KINDS.join("/")}):\n`);
  console.log(requestTable(measurements, routes));
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(err.stack ?? err.message);
      process.exit(1);
    },
  );
}
