/**
 * The `pulumi-resource-scalekit` plugin's entry point (bin/pulumi-resource-scalekit runs it): the engine starts it
 * with its own address as the first argument that is not a flag, and reads the port the plugin serves on from the
 * first line of its standard output.
 */
import { engineWarnings } from "./engine-log";
import { servePlugin } from "./server";

const engineAddress = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
servePlugin(engineWarnings(engineAddress)).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  // The engine shows what the plugin printed when it cannot connect: one line, and a failing status.
  (err: unknown) => {
    process.stderr.write(`pulumi-resource-scalekit could not serve on 127.0.0.1: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
