/**
 * The client secret and the access tokens never leave the plugin: the `pulumi-resource-scalekit` process (the
 * launcher in bin/, running the built dist/) is started as the engine starts it, with the address of an Engine
 * Log service, and driven over gRPC through a lifecycle that logs (a retried 429, a warning about connections)
 * and fails (delete in use, a bad request); no answer, no line it logs to the engine, and nothing it prints on
 * its standard output or error holds the client secret or any token the emulator issued.
 */
import { spawn, type ChildProcess } from "child_process";
import * as path from "path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { definitionArgs, PluginClient, secret, startEngineLog } from "./plugin-client";

const LAUNCHER = path.resolve(__dirname, "../../bin/pulumi-resource-scalekit");
const CLIENT_SECRET = "plugin-secret-9f2c41d07be3a865";

let emulator: RunningEmulator;
let engine: Awaited<ReturnType<typeof startEngineLog>>;
let child: ChildProcess;
let printed = "";

/** Starts the plugin with the engine's address and resolves to the port of its first line of output. */
function startPlugin(engineAddress: string): Promise<number> {
  child = spawn(LAUNCHER, [engineAddress], { stdio: ["ignore", "pipe", "pipe"], env: { PATH: process.env.PATH } });
  child.stderr!.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`the plugin ended (${code}) before serving:\n${printed}`)));
    child.stdout!.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      const port = /^(\d+)\n/.exec(printed);
      if (port) resolve(Number(port[1]));
    });
  });
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, clientSecret: CLIENT_SECRET });
  engine = await startEngineLog();
});

afterAll(async () => {
  child?.removeAllListeners("exit");
  child?.kill();
  engine?.stop();
  await emulator?.stop();
});

test("no answer, engine log line or output of the plugin process holds the client secret or a token", async () => {
  const plugin = new PluginClient(await startPlugin(engine.address));
  try {
    await plugin.configure({ environmentUrl: emulator.url, clientId: emulator.clientId, clientSecret: secret(CLIENT_SECRET) });
    emulator.addFault({ kind: "create", action: { type: "status", status: 429, retryAfter: "1" } });
    const { inputs } = await plugin.check(definitionArgs("asana-oauth.json"));
    const { id, outputs } = await plugin.create(inputs);
    await plugin.read(id, outputs);
    const [pattern] = inputs.authPatterns as Array<{ oauthConfig: Record<string, unknown> }>;
    const news = { ...inputs, authPatterns: [{ ...pattern, oauthConfig: { ...pattern.oauthConfig, availableScopes: [] } }] };
    await plugin.diff(id, outputs, news);
    const updated = await plugin.update(id, outputs, news);
    emulator.attachConnections(id, 1);
    await expect(plugin.delete(id, updated)).rejects.toMatchObject({ details: expect.stringMatching(/still used by connections/) });
    emulator.addFault({ kind: "update", action: { type: "status", status: 400, body: { message: `echo ${CLIENT_SECRET}` } } });
    // Scalekit's answer is quoted in the error, the secret it echoes is not.
    await expect(plugin.update(id, updated, inputs)).rejects.toMatchObject({ details: expect.stringMatching(/echo /) });
    emulator.attachConnections(id, 0);
    await plugin.delete(id, updated);
  } finally {
    plugin.close();
  }
  // The Log calls are not awaited by the plugin.
  await new Promise((resolve) => setTimeout(resolve, 300));

  const tokens = emulator.issuedTokens();
  expect(tokens.length).toBeGreaterThan(0);
  expect(engine.lines.map((l) => l.severity)).toContain("WARNING");
  expect(plugin.answers).toHaveLength(9);
  const everything = [...plugin.answers, ...engine.lines.map((l) => l.message), printed].join("\n");
  for (const leak of [CLIENT_SECRET, ...tokens]) expect(everything).not.toContain(leak);
});
