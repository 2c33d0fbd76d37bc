/**
 * A `pulumi-resource-scalekit` executable started the way the engine starts it: its port read from the first line
 * of its standard output, then asked GetPluginInfo over gRPC, then stopped. What any installed copy of the plugin
 * (the launcher, the self-contained executable) must do before anything else.
 */
import { spawn } from "child_process";
import { emptyProto, grpc, providerRpc } from "../../src/plugin/protocol";

export interface PluginAnswer {
  /** The version GetPluginInfo reports. */
  version: string;
  /** From the start of the process to its answer to GetPluginInfo, in milliseconds. */
  answeredMs: number;
}

/** Starts `executable` in `cwd` with exactly `env`, and resolves to its GetPluginInfo answer; rejects, with what it printed, if it never answers. */
export function pluginInfo(
  executable: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<PluginAnswer> {
  const started = process.hrtime.bigint();
  const child = spawn(executable, [], { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let asked = false;
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<PluginAnswer>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${executable} ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    const timer = setTimeout(() => fail("gave no port in time"), options.timeoutMs ?? 30_000);
    child.on("error", (err) => fail(`could not start: ${err.message}`));
    child.on("exit", (code, signal) => fail(`ended (${code ?? signal}) before answering`));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\n/.exec(stdout);
      if (!line || asked) return;
      asked = true;
      clearTimeout(timer);
      const client = new providerRpc.ResourceProviderClient(`127.0.0.1:${line[1]}`, grpc.credentials.createInsecure());
      client.getPluginInfo(new emptyProto.Empty(), new grpc.Metadata(), { deadline: Date.now() + 30_000 }, (err, info) => {
        client.close();
        if (err) fail(`did not answer GetPluginInfo: ${err.message}`);
        else resolve({ version: info.getVersion(), answeredMs: Number(process.hrtime.bigint() - started) / 1e6 });
      });
    });
  }).finally(() => {
    child.removeAllListeners("exit");
    child.kill();
  });
}
