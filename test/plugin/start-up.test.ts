/**
 * The plugin starts twice per Pulumi command (the language host asks for its schema, the engine for the rest), so
 * what it loads on start is paid on every command (docs/benchmarks.md): the Pulumi SDK, half a second on two
 * cores, is not among it.
 */
import { spawnSync } from "child_process";
import * as path from "path";

const SERVER = path.resolve(__dirname, "../../dist/plugin/server.js");

test("the built plugin's server loads without the Pulumi SDK (its protocol classes only)", () => {
  const script = `require(${JSON.stringify(SERVER)}); console.log(JSON.stringify(Object.keys(require.cache)))`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(run.status).toBe(0);
  const loaded = JSON.parse(run.stdout) as string[];
  expect(loaded.filter((file) => /[\\/]@pulumi[\\/]pulumi[\\/]proto[\\/]provider_pb\.js$/.test(file))).toHaveLength(1);
  expect(loaded.filter((file) => /[\\/]@pulumi[\\/]pulumi[\\/](index|log[\\/]index|runtime[\\/]rpc)\.js$/.test(file))).toEqual([]);
});
