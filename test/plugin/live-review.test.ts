/**
 * The live review through the plugin, as the engine calls it: the same provider code as the dynamic resource, its
 * warnings reaching the engine's Log as WARNING under the URN of the resource whose Check or Diff raised them.
 */
import { servePlugin } from "../../src/plugin";
import { engineWarnings } from "../../src/plugin/engine-log";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { definitionArgs, definitionPayload, PluginClient, secret, startEngineLog, URN } from "./plugin-client";
import type { Grpc } from "../../src/plugin/protocol";

let emulator: RunningEmulator;
let server: Grpc.Server;
let plugin: PluginClient;
let engine: Awaited<ReturnType<typeof startEngineLog>>;

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
  engine = await startEngineLog();
  await newRun();
});

afterEach(async () => {
  plugin.close();
  server.forceShutdown();
  engine.stop();
  await emulator.stop();
});

/** A plugin process of its own, as each `pulumi` run starts one; configured against the emulator with `settings`. */
async function newRun(settings: Record<string, unknown> = {}) {
  plugin?.close();
  server?.forceShutdown();
  const served = await servePlugin(engineWarnings(engine.address));
  server = served.server;
  plugin = new PluginClient(served.port);
  await plugin.configure({
    environmentUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: secret(emulator.clientSecret),
    ...settings,
  });
  emulator.clearJournal();
}

/** The review's lines the engine's Log received, once there are `count` (the plugin logs just after answering). */
async function reviewLines(count = 1) {
  const deadline = Date.now() + 5000;
  const lines = () => engine.lines.filter((l) => l.message.includes("Live review, "));
  while (lines().length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  return lines();
}

test("a taken display name on Check and a deleted provider on Diff: WARNING lines under the resource's URN, one read for both", async () => {
  const holder = emulator.insertProvider(definitionPayload("bearer-token.json"));
  const { inputs } = await plugin.check(definitionArgs("asana-oauth.json"));
  const { id, outputs } = await plugin.create(inputs);
  emulator.removeProvider(id);
  await newRun();

  expect((await plugin.check(definitionArgs("bearer-token.json"))).failures).toEqual([]);
  expect((await plugin.diff(id, outputs, inputs)).diffs).toEqual([]);

  const lines = await reviewLines(2);
  expect(lines).toEqual([
    { severity: "WARNING", urn: URN, message: expect.stringMatching(new RegExp(`^Live review, name taken: .*\\(${holder.identifier}\\)`)) },
    {
      severity: "WARNING",
      urn: URN,
      message: expect.stringMatching(new RegExp(`^Live review, deleted: CustomProvider "My Asana" \\(${id}\\)`)),
    },
  ]);
  expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "list"]);
});

test("a Dashboard edit that the planned update would overwrite: the field, its live and its planned value", async () => {
  const { inputs } = await plugin.check(definitionArgs("bearer-token.json"));
  const { id, outputs } = await plugin.create(inputs);
  emulator.editProvider(id, { proxy_url: "https://edited.example.com" });
  await newRun();

  await plugin.diff(id, outputs, { ...inputs, description: "Planned" });

  const [line] = await reviewLines();
  expect(line.urn).toBe(URN);
  expect(line.message).toContain('proxyUrl: live "https://edited.example.com", planned "https://api.example.com"');
});

test("liveReview false in the provider's settings: no request, no warning", async () => {
  emulator.insertProvider(definitionPayload("bearer-token.json"));
  await newRun({ liveReview: false });

  await plugin.check(definitionArgs("bearer-token.json"));

  expect(emulator.journal()).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(engine.lines.filter((l) => l.message.includes("Live review"))).toEqual([]);
});
