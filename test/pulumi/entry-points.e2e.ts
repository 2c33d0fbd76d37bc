/**
 * `npm run --silent pulumi-cli`, an entry point independent checks rely on: its last line of standard output is
 * the folder of the `pulumi` CLI, which also holds `pulumi-language-yaml`, the language host that runs Pulumi YAML
 * programs: started as the engine starts it, it answers GetPluginInfo. No `pulumi` command runs here.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { emptyProto, grpc } from "../../src/plugin/protocol";
import type * as LanguageRpc from "@pulumi/pulumi/proto/language_grpc_pb";

const REPO_ROOT = path.resolve(__dirname, "../..");
// From @pulumi/pulumi's own place, as src/plugin/protocol.ts loads the provider's protocol: the same gRPC copy.
const languageRpc = createRequire(require.resolve("@pulumi/pulumi/package.json"))("./proto/language_grpc_pb") as typeof LanguageRpc;

/** Starts the language host `executable` with an engine address, reads its port, and resolves to its GetPluginInfo version. */
function languageHostVersion(executable: string): Promise<string> {
  // The host reads the engine's address but calls it only to run a program.
  const child = spawn(executable, ["127.0.0.1:1"], { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`${executable} ended (${code}) before serving\n${stderr}`)));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const port = /^(\d+)\n/.exec(stdout);
      if (!port) return;
      const client = new languageRpc.LanguageRuntimeClient(`127.0.0.1:${port[1]}`, grpc.credentials.createInsecure());
      client.getPluginInfo(new emptyProto.Empty(), (err, info) => {
        client.close();
        if (err) reject(err);
        else resolve(info.getVersion());
      });
    });
  }).finally(() => {
    child.removeAllListeners("exit");
    child.kill();
  });
}

test("npm run --silent pulumi-cli prints, last, the folder of pulumi and of pulumi-language-yaml, which answers GetPluginInfo", async () => {
  const run = spawnSync("npm", ["run", "--silent", "pulumi-cli"], { cwd: REPO_ROOT, encoding: "utf8", timeout: 600_000 });
  expect(run.status).toBe(0);
  const folder = run.stdout.trimEnd().split("\n").pop()!;
  expect(path.isAbsolute(folder)).toBe(true);
  for (const executable of ["pulumi", "pulumi-language-yaml"]) {
    expect(fs.statSync(path.join(folder, executable)).mode & 0o111).not.toBe(0);
  }
  expect(await languageHostVersion(path.join(folder, "pulumi-language-yaml"))).toMatch(/^v?\d+\.\d+\.\d+/);
});
