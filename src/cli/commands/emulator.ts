/**
 * `scalekit-providers emulator` (also `npm run emulator`): starts the local Scalekit emulator (src/emulator, a
 * library), optionally seeded from a definitions folder, prints how to point a client at it, and serves until
 * SIGINT/SIGTERM. Its flags fall back to SCALEKIT_EMULATOR_* variables.
 */
import * as path from "path";
import { Command, InvalidArgumentError } from "commander";
import { isInUseStatus } from "../../client";
import {
  DEMO_CLIENT_SECRET,
  IN_USE_STATUS_TEXT,
  OPTION_BOUNDS,
  startEmulator,
  type EmulatorOptions,
  type InUseStatus,
  type RunningEmulator,
} from "../../emulator";
import { loadDefinitions } from "../../program";
import { numberArg, rateArg } from "../args";
import { failure } from "../exit";
import { untilSignal, type CliIo } from "../io";

/** Port used when neither --port nor SCALEKIT_EMULATOR_PORT says otherwise, so that docs can show a URL. */
export const DEFAULT_EMULATOR_PORT = 8787;

/** Where the client secret came from: printed only when it is the public demo value. */
export type SecretSource = "demo" | "env" | "flag";

/** The command's flags as commander parses them (see emulatorFlags). */
export interface EmulatorFlags {
  port?: number;
  stateFile?: string;
  clientId?: string;
  clientSecret?: string;
  pageSizeCap?: number;
  latencyMs?: number;
  tokenTtlSeconds?: number;
  inUseStatus?: InUseStatus;
  rateLimit?: { requests: number; windowSeconds: number };
  seed?: string;
  quiet?: boolean;
}

export interface EmulatorSettings {
  options: EmulatorOptions;
  secretSource: SecretSource;
  /** Warnings to print before starting (e.g. a secret given on the command line). */
  warnings: string[];
  /** A definitions folder whose providers are created at start (--seed). */
  seed?: string;
  /** No line per request (--quiet). */
  quiet: boolean;
}

/** Declares the command's flags on `command` (the router's `emulator` subcommand). */
export function emulatorFlags(command: Command): Command {
  return command
    .option(
      "--port <port>",
      `TCP port, 0 for any free port (env SCALEKIT_EMULATOR_PORT; default ${DEFAULT_EMULATOR_PORT})`,
      boundedArg("--port", "port"),
    )
    .option("--state-file <file>", "keep providers in this JSON file across restarts (env SCALEKIT_EMULATOR_STATE_FILE)")
    .option("--client-id <id>", "client id to accept (env SCALEKIT_EMULATOR_CLIENT_ID; default the demo id)")
    .option(
      "--client-secret <secret>",
      "client secret to accept; prefer env SCALEKIT_EMULATOR_CLIENT_SECRET, a flag lands in shell history (default the demo secret)",
    )
    .option("--page-size-cap <n>", "largest list page, to force pagination", boundedArg("--page-size-cap", "pageSizeCap"))
    .option("--latency-ms <ms>", "milliseconds added to every API request", boundedArg("--latency-ms", "latencyMs"))
    .option("--token-ttl-seconds <s>", "lifetime of access tokens", boundedArg("--token-ttl-seconds", "tokenTtlSeconds"))
    .option("--in-use-status <status>", `status of a refused delete while connections remain: ${IN_USE_STATUS_TEXT}`, inUseStatusArg)
    .option(
      "--rate-limit <n/seconds>",
      "accept n API requests per window of that many seconds (e.g. 600/60), then 429 RATE_LIMITED",
      rateArg("--rate-limit"),
    )
    .option(
      "--seed <folder>",
      "create the providers of this definitions folder at start (validated as `pulumi preview` does; kept if already there)",
    )
    .option("--quiet", "do not print one line per request");
}

/** A flag for a numeric option of the emulator, within the library's bounds for it (OPTION_BOUNDS). */
function boundedArg(flag: string, option: keyof typeof OPTION_BOUNDS): (value: string) => number {
  const { min, max, integer } = OPTION_BOUNDS[option];
  return numberArg(flag, min, max, integer);
}

function inUseStatusArg(value: string): InUseStatus {
  const status = /^\d+$/.test(value.trim()) ? Number(value) : undefined;
  if (!isInUseStatus(status)) throw new InvalidArgumentError(`--in-use-status must be ${IN_USE_STATUS_TEXT}, got "${value}"`);
  return status;
}

/**
 * The emulator's options from its flags, falling back to SCALEKIT_EMULATOR_* variables of `env`.
 * @throws ExitError (exit 2) for a bad SCALEKIT_EMULATOR_PORT
 */
export function emulatorSettings(flags: EmulatorFlags, env: CliIo["env"]): EmulatorSettings {
  const warnings: string[] = [];
  const envPort = env.SCALEKIT_EMULATOR_PORT;
  let port = flags.port ?? DEFAULT_EMULATOR_PORT;
  if (flags.port === undefined && envPort !== undefined && envPort !== "") {
    try {
      port = boundedArg("SCALEKIT_EMULATOR_PORT", "port")(envPort);
    } catch (err) {
      throw failure((err as Error).message);
    }
  }
  let secretSource: SecretSource = "demo";
  let clientSecret: string | undefined;
  if (flags.clientSecret !== undefined) {
    secretSource = "flag";
    clientSecret = flags.clientSecret;
    warnings.push(
      "warning: --client-secret puts the secret in your shell history and process list; prefer SCALEKIT_EMULATOR_CLIENT_SECRET",
    );
  } else if (env.SCALEKIT_EMULATOR_CLIENT_SECRET) {
    secretSource = "env";
    clientSecret = env.SCALEKIT_EMULATOR_CLIENT_SECRET;
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
  if (flags.inUseStatus !== undefined) options.inUseStatus = flags.inUseStatus;
  if (flags.rateLimit !== undefined) options.rateLimit = flags.rateLimit;
  return { options, secretSource, warnings, quiet: flags.quiet === true, ...(flags.seed !== undefined ? { seed: flags.seed } : {}) };
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
 * Starts an emulator, creates the providers of the --seed folder (relative to `io.cwd`), and prints the banner
 * (warnings and the start's notices to stderr first). The folder is loaded and validated before anything
 * listens, by the program's own loader, so a bad file stops the start with the message `pulumi preview` would give.
 * @throws DefinitionError for a bad --seed folder; as startEmulator (bad option, unreadable state file); an
 *   Error saying what to do when the port is taken
 */
export async function serveEmulator(settings: EmulatorSettings, io: CliIo): Promise<RunningEmulator> {
  const out = (line: string) => io.stdout.write(`${line}\n`);
  for (const w of settings.warnings) io.stderr.write(`${w}\n`);
  const definitions = settings.seed !== undefined ? loadDefinitions(path.resolve(io.cwd, settings.seed)) : [];
  let emu: RunningEmulator;
  try {
    emu = await startEmulator({ ...settings.options, ...(settings.quiet ? {} : { logger: (line: string) => out(`  ${line}`) }) });
    for (const line of emu.notices) io.stderr.write(`note: ${line}\n`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EADDRINUSE") {
      throw new Error(
        `port ${settings.options.port} on 127.0.0.1 is already in use: stop the other process, or pass --port 0 (any free port) or another port`,
        { cause: err },
      );
    }
    throw err;
  }
  let seeded: SeedSummary | undefined;
  if (settings.seed !== undefined) {
    // A state file may hold them from an earlier run: a provider is created once, never duplicated or changed.
    const existing = new Set(emu.providers().map((p) => p.payload.display_name));
    const fresh = definitions.filter((d) => !existing.has(d.payload.display_name));
    for (const d of fresh) emu.insertProvider(d.payload);
    seeded = { folder: settings.seed, created: fresh.length, kept: definitions.length - fresh.length };
  }
  for (const line of bannerLines(emu, settings.secretSource, settings.options.stateFile, seeded)) out(line);
  return emu;
}

/**
 * The whole command: serve until `io.untilStopped` resolves (default: SIGINT or SIGTERM), then stop.
 * @throws as serveEmulator
 */
export async function emulatorCommand(settings: EmulatorSettings, io: CliIo): Promise<void> {
  // Listen for the stop signal before the banner says the emulator is up: a SIGTERM sent as soon as the
  // banner shows must stop it cleanly, not kill the process (Node's default when no listener is set yet).
  const stopped = (io.untilStopped ?? untilSignal)();
  const emulator = await serveEmulator(settings, io);
  const reason = await stopped;
  io.stdout.write(`Stopping (${String(reason)})…\n`);
  await emulator.stop();
  io.stdout.write("Emulator stopped.\n");
}
