/**
 * `npm run emulator`: runs the local Scalekit emulator until Ctrl+C. Flags: see `--help` or command.ts.
 * The exit code is set here and nowhere else.
 */
import { CommanderError } from "commander";
import { runEmulatorCommand } from "./command";

const io = {
  out: (line: string) => console.log(line),
  err: (line: string) => console.error(line),
};

runEmulatorCommand(process.argv.slice(2), process.env, io).then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    if (err instanceof CommanderError) {
      // Commander already printed the message or the help text.
      process.exitCode = err.exitCode;
      return;
    }
    io.err(`emulator: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
