/**
 * `scalekit-providers emulator`: the local Scalekit emulator, as `npm run emulator` runs it: the flags,
 * the banner and the signal handling are src/emulator/command.ts's; this adapts the output, names the
 * command as the CLI does, and listens for the stop signal before announcing the emulator.
 */
import { CommanderError } from "commander";
import { parseEmulatorArgs, serveEmulator, untilSignal, type CommandIo } from "../../emulator/command";
import type { CliIo } from "../io";

/**
 * Runs the emulator until `io.untilStopped` resolves (default: SIGINT or SIGTERM), then stops it.
 * @throws CommanderError for a bad flag or --help (its exitCode: 0 for help); DefinitionError for a bad --seed
 *   folder; an Error when it cannot start
 */
export async function emulatorCommand(args: readonly string[], io: CliIo): Promise<void> {
  const out = lines(io);
  const parsed = parseEmulatorArgs(args, io.env, out);
  // Listen for the stop signal before the banner says the emulator is up: a SIGTERM sent as soon as the
  // banner shows must stop it cleanly, not kill the process (Node's default when no listener is set yet).
  const stopped = io.untilStopped ? io.untilStopped() : untilSignal();
  const emulator = await serveEmulator(parsed, out, io.cwd);
  const reason = await stopped;
  out.out(`Stopping (${String(reason)})…`);
  await emulator.stop();
  out.out("Emulator stopped.");
}

/** The emulator's help text, as `scalekit-providers emulator --help` prints it. */
export function emulatorHelp(): string {
  const out: string[] = [];
  const capture: CommandIo = { out: (l) => out.push(rename(l)), err: (l) => out.push(rename(l)) };
  try {
    parseEmulatorArgs(["--help"], {}, capture);
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
  }
  return `${out.join("\n")}\n`;
}

function lines(io: CliIo): CommandIo {
  return {
    out: (line) => io.stdout.write(`${rename(line)}\n`),
    err: (line) => io.stderr.write(`${rename(line)}\n`),
  };
}

/** The emulator's own usage line says `emulator`; here it is a subcommand. */
function rename(line: string): string {
  return line.replace(/^Usage: emulator\b/, "Usage: scalekit-providers emulator");
}
