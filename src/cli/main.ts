#!/usr/bin/env node
/**
 * The `scalekit-providers` executable (package.json "bin"), the package's only command-line program: `npm run
 * emulator` runs its `emulator` command. The one place that ends the process: it waits
 * for stdout to drain (so piped --json output is never cut short), then exits with the code runCli returned,
 * also when the reader of its output has gone.
 */
import { nodeIo } from "./io";
import { runCli } from "./router";

// A reader that went away (`… | head`, `… | true`) makes writes fail with EPIPE: that is no error of the
// command, so it is not reported (there is nowhere to report it) and the run ends with its own exit code.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);

void runCli(process.argv.slice(2), nodeIo()).then((code) => {
  process.stdout.write("", () => process.exit(code));
});
