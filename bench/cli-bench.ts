/**
 * `npm run bench:cli`: what the real `pulumi up`, `preview`, `refresh` and `destroy` cost for N custom providers,
 * against the local emulator with a fixed latency added to every request: wall time of each command (process
 * start, program compilation, engine and provider host included) and HTTP requests by kind from the emulator's
 * journal. Beside the same figures from the gRPC driver (`npm run bench`), the difference is the engine's own
 * overhead. Needs the Pulumi CLI (`npm run --silent pulumi-cli`); exits 1 when a command fails.
 *
 * Options: --sizes=10,100  --latency-ms=20
 */
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { calls, newBackend, Project, startEmulator } from "../test/pulumi/harness";
import { examples } from "../test/helpers/examples";

const KINDS = ["token", "list", "create", "update", "delete"] as const;

function option(name: string, fallback: string): string {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
}

/** N distinct valid definitions: the documented examples in turn (every auth type), each with its own name. */
function definitions(count: number): Record<string, unknown> {
  const templates = Object.values(examples());
  const files: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) {
    const number = String(i).padStart(4, "0");
    files[`bench-${number}.json`] = { ...templates[(i - 1) % templates.length], display_name: `Bench Provider ${number}` };
  }
  return files;
}

async function main(): Promise<number> {
  const sizes = option("sizes", "10,100").split(",").map(Number);
  const latencyMs = Number(option("latency-ms", "20"));
  const provided = spawnSync(process.execPath, [path.join(__dirname, "../scripts/pulumi-cli.js")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const cli = provided.stdout.trim().split("\n").pop();
  if (provided.status !== 0 || !cli) return 1;
  process.env.SCALEKIT_PROVIDERS_PULUMI_CLI = cli;
  const version = spawnSync(path.join(cli, "pulumi"), ["version"], { encoding: "utf8" }).stdout.trim();
  console.log(
    `Real Pulumi CLI ${version}, Node ${process.version}, ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(`Emulator latency ${latencyMs} ms per request\n`);
  console.log(`| N | command | wall time | ${KINDS.join(" | ")} |`);
  console.log(`|---:|---|---:|${KINDS.map(() => "---:").join("|")}|`);
  for (const n of sizes) {
    const emulator = await startEmulator({ port: 0, latencyMs });
    try {
      const project = Project.create(newBackend(), definitions(n));
      await project.initStack("bench", emulator);
      for (const command of [["up", "--yes"], ["preview"], ["refresh", "--yes"], ["destroy", "--yes"]]) {
        emulator.clearJournal();
        const started = process.hrtime.bigint();
        const run = await project.pulumi([...command, "--stack", "bench"]);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        if (run.code !== 0) {
          console.error(`pulumi ${command.join(" ")} failed:\n${run.output}`);
          return 1;
        }
        console.log(`| ${n} | ${command[0]} | ${seconds.toFixed(1)} s | ${KINDS.map((k) => calls(emulator, k).length).join(" | ")} |`);
      }
    } finally {
      await emulator.stop();
    }
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
