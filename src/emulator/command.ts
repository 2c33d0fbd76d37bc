/**
 * The `npm run emulator` command as plain functions: parse the flags, start the emulator and print how to
 * point a client at it, then serve until SIGINT/SIGTERM. main.ts is a thin wrapper; the package's CLI can
 * reuse `serveEmulator` or `runEmulatorCommand`.
 */
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import { loadDefinitions } from "../program/definitions";
import { startEmulator } from "./index";
import { DEMO_CLIENT_SECRET } from "./options";
import type { EmulatorOptions, InUseStatus, RunningEmulator } from "./types";

/** Port used when neither --port nor SCALEKIT_EMULATOR_PORT says otherwise, so that docs can show a URL. */
export const DEFAULT_EMULATOR_PORT = 8787;

/** Where the client secret came from: printed only when it is the public demo value. */
export type SecretSource = "demo" | "env" | "flag";

export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
}

export interface ParsedEmulatorArgs {
  options: EmulatorOptions;
  secretSource: SecretSource;
  /** Warnings to print before starting (e.g. a secret given on the command line). */
  warnings: string[];
  /** A definitions folder whose providers are created at start (--seed). */
  seed?: string;
}

/**
 * Parses the command's flags, falling back to SCALEKIT_EMULATOR_* variables of `env`.
 * @throws CommanderError for a bad flag or for --help (its exitCode says how to exit)
 */
export function parseEmulatorArgs(argv: readonly string[], env: NodeJS.ProcessEnv, io?: CommandIo): ParsedEmulatorArgs {
  const program = new Command("emulator")
    .description("Run the local Scalekit API emulator on 127.0.0.1 (custom providers, token grant, control plane under /_emulator/).")
    .option("--port <port>", `TCP port, 0 for any free port (env SCALEKIT_EMULATOR_PORT; default ${DEFAULT_EMULATOR_PORT})`, intArg("port", 0, 65535))
    .option("--state-file <file>", "keep providers in this JSON file across restarts (env SCALEKIT_EMULATOR_STATE_FILE)")
    .option("--client-id <id>", "client id to accept (env SCALEKIT_EMULATOR_CLIENT_ID; default the demo id)")
    .option(
      "--client-secret <secret>",
      "client secret to accept; prefer env SCALEKIT_EMULATOR_CLIENT_SECRET, a flag lands in shell history (default the demo secret)",
    )
    .option("--page-size-cap <n>", "largest list page, to force pagination", intArg("page-size-cap", 1, 1000))
    .option("--latency-ms <ms>", "milliseconds added to every API request", intArg("latency-ms", 0, 600000))
    .option("--token-ttl-seconds <s>", "lifetime of access tokens", intArg("token-ttl-seconds", 1, 86400 * 30))
    .option("--in-use-status <status>", "status of a refused delete while connections remain: 400, 403, 409 or 412", intArg("in-use-status", 400, 412))
    .option("--rate-limit <n/seconds>", "accept n API requests per window of that many seconds (e.g. 600/60), then 429 RATE_LIMITED", rateArg)
    .option("--seed <folder>", "create the providers of this definitions folder at start (validated as `pulumi preview` does; kept if already there)")
    .option("--quiet", "do not print one line per request")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => (io ? io.out(s.trimEnd()) : process.stdout.write(s)),
      writeErr: (s) => (io ? io.err(s.trimEnd()) : process.stderr.write(s)),
    });
  program.parse([...argv], { from: "user" });
  const flags = program.opts<{
    port?: number;
    stateFile?: string;
    clientId?: string;
    clientSecret?: string;
    pageSizeCap?: number;
    latencyMs?: number;
    tokenTtlSeconds?: number;
    inUseStatus?: number;
    rateLimit?: { requests: number; windowSeconds: number };
    seed?: string;
    quiet?: boolean;
  }>();

  const warnings: string[] = [];
  const envPort = env.SCALEKIT_EMULATOR_PORT;
  let port = flags.port ?? DEFAULT_EMULATOR_PORT;
  if (flags.port === undefined && envPort !== undefined && envPort !== "") {
    try {
      port = intArg("SCALEKIT_EMULATOR_PORT", 0, 65535)(envPort);
    } catch (err) {
      program.error(`error: ${(err as Error).message}`); // prints, then throws a CommanderError
    }
  }
  let secretSource: SecretSource = "demo";
  let clientSecret: string | undefined;
  if (flags.clientSecret !== undefined) {
    secretSource = "flag";
    clientSecret = flags.clientSecret;
    warnings.push("warning: --client-secret puts the secret in your shell history and process list; prefer SCALEKIT_EMULATOR_CLIENT_SECRET");
  } else if (env.SCALEKIT_EMULATOR_CLIENT_SECRET) {
    secretSource = "env";
    clientSecret = env.SCALEKIT_EMULATOR_CLIENT_SECRET;
  }
  if (flags.inUseStatus !== undefined && ![400, 403, 409, 412].includes(flags.inUseStatus)) {
    program.error("error: --in-use-status must be 400, 403, 409 or 412");
  }
  const options: EmulatorOptions = { port };
  const stateFile = flags.stateFile ?? (env.SCALEKIT_EMULATOR_STATE_FILE || undefined);
  const clientId = flags.clientId ?? (env.SCALEKIT_EMULATOR_CLIENT_ID || undefined);
  if (stateFile !== undefined) options.stateFile = stateFile;
  if (clientId !== undefined) options.clientId = clientId;
  if (clientSecret !== undefined) options.clientSecret = clientSecret;
  if (flags.pageSizeCap !== undefined) options.pageSizeCap = flags.pageSizeCap;
  if (flags.latencyMs !== undefined) options.latencyMs = flags.latencyMs;
  if (flags.tokenTtlSeconds !== undefined) options.tokenTtlSeconds = flags.tokenTtlSeconds;
  if (flags.inUseStatus !== undefined) options.inUseStatus = flags.inUseStatus as InUseStatus;
  if (flags.rateLimit !== undefined) options.rateLimit = flags.rateLimit;
  if (!flags.quiet && io) options.logger = (line) => io.out(`  ${line}`);
  return { options, secretSource, warnings, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) };
}

function rateArg(value: string): { requests: number; windowSeconds: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const [requests, windowSeconds] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(requests >= 1 && windowSeconds >= 1 && windowSeconds <= 86400)) {
    throw new InvalidArgumentError(`rate-limit must be <requests>/<seconds> with both at least 1 (e.g. 600/60), got "${value}"`);
  }
  return { requests, windowSeconds };
}

function intArg(name: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/**
 * The lines printed at start: the URL first, then the credentials and the three export lines. The secret is
 * printed only when it is the public demo value; otherwise the export line says where to take it from.
 */
export function bannerLines(emu: RunningEmulator, secretSource: SecretSource, stateFile?: string, seeded?: SeedSummary): string[] {
  const secretShown =
    secretSource === "demo" && emu.clientSecret === DEMO_CLIENT_SECRET
      ? { line: `${emu.clientSecret} (public demo value, not a real secret)`, exportValue: shellQuote(emu.clientSecret) }
      : secretSource === "env"
        ? { line: "(from SCALEKIT_EMULATOR_CLIENT_SECRET, not printed)", exportValue: '"$SCALEKIT_EMULATOR_CLIENT_SECRET"' }
        : { line: "(from --client-secret, not printed)", exportValue: "'<the value you passed to --client-secret>'" };
  return [
    `Scalekit emulator listening on ${emu.url}`,
    `  client id:     ${emu.clientId}`,
    `  client secret: ${secretShown.line}`,
    `  state:         ${stateFile ? stateFile : "in memory (use --state-file to keep it across restarts)"}`,
    `  control plane: ${emu.url}/_emulator/state`,
    ...(seeded ? [`  seeded:        ${seedLine(seeded)}`] : []),
    "",
    "Point a client at it:",
    `  export SCALEKIT_ENVIRONMENT_URL=${emu.url}`,
    `  export SCALEKIT_CLIENT_ID=${shellQuote(emu.clientId)}`,
    `  export SCALEKIT_CLIENT_SECRET=${secretShown.exportValue}`,
    "",
    "Press Ctrl+C to stop.",
  ];
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_.:/@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** What --seed did: providers created from the folder, and those whose display name was already there. */
export interface SeedSummary {
  folder: string;
  created: number;
  kept: number;
}

function seedLine({ folder, created, kept }: SeedSummary): string {
  const count = (n: number) => `${n} provider${n === 1 ? "" : "s"}`;
  return `${count(created)} created from ${folder}${kept > 0 ? `, ${count(kept)} already there (kept as they are)` : ""}`;
}

/**
 * Starts an emulator, creates the providers of the --seed folder (relative to `cwd`), and prints the banner (warnings to `io.err`
 * first). The folder is loaded and validated before anything listens, by the program's own loader, so a bad
 * file stops the start with the message `pulumi preview` would give.
 * @throws DefinitionError for a bad --seed folder; as startEmulator (bad option, unreadable state file); an
 *   Error saying what to do when the port is taken
 */
export async function serveEmulator(parsed: ParsedEmulatorArgs, io: CommandIo, cwd = process.cwd()): Promise<RunningEmulator> {
  for (const w of parsed.warnings) io.err(w);
  const definitions = parsed.seed !== undefined ? loadDefinitions(path.resolve(cwd, parsed.seed)) : [];
  let emu: RunningEmulator;
  try {
    emu = await startEmulator(parsed.options);
    for (const line of emu.notices) io.err(`note: ${line}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${parsed.options.port} on 127.0.0.1 is already in use: stop the other process, or pass --port 0 (any free port) or another port`,
        { cause: err },
      );
    }
    throw err;
  }
  let seeded: SeedSummary | undefined;
  if (parsed.seed !== undefined) {
    // A state file may hold them from an earlier run: a provider is created once, never duplicated or changed.
    const existing = new Set(emu.providers().map((p) => p.payload.display_name));
    const fresh = definitions.filter((d) => !existing.has(d.payload.display_name));
    for (const d of fresh) emu.insertProvider(d.payload);
    seeded = { folder: parsed.seed, created: fresh.length, kept: definitions.length - fresh.length };
  }
  for (const line of bannerLines(emu, parsed.secretSource, parsed.options.stateFile, seeded)) io.out(line);
  return emu;
}

/** Resolves on the first SIGINT or SIGTERM, removing its listeners. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

/**
 * The whole command: parse, serve, wait for `until` (default: SIGINT/SIGTERM), stop.
 * @throws CommanderError for bad flags or --help; errors of serveEmulator
 */
export async function runEmulatorCommand(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  io: CommandIo,
  until: () => Promise<unknown> = untilSignal,
): Promise<void> {
  const parsed = parseEmulatorArgs(argv, env, io);
  // Listen for the stop signal before the banner tells anyone the emulator is up.
  const stopped = until();
  const emu = await serveEmulator(parsed, io);
  const reason = await stopped;
  io.out(`Stopping (${String(reason)})…`);
  await emu.stop();
  io.out("Emulator stopped.");
}
