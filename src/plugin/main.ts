/**
 * The `pulumi-resource-scalekit` plugin's entry point (bin/pulumi-resource-scalekit runs it): the engine starts it
 * with its own address as the first argument that is not a flag, and reads the port the plugin serves on from the
 * first line of its standard output.
 */
import { engineWarnings } from "./engine-log";
import { servePlugin } from "./server";

const engineAddress = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
void servePlugin(engineWarnings(engineAddress)).then(({ port }) => process.stdout.write(`${port}\n`));
