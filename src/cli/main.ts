#!/usr/bin/env node
/**
 * The `scalekit-providers` executable (package.json "bin"). The one place that ends the process: it waits
 * for stdout to drain (so piped --json output is never cut short), then exits with the code runCli returned.
 */
import { nodeIo } from "./io";
import { runCli } from "./router";

void runCli(process.argv.slice(2), nodeIo()).then((code) => {
  process.stdout.write("", () => process.exit(code));
});
