/**
 * Every behaviour of the dynamic resource holds for the plugin, over gRPC as the engine calls it, against the
 * emulator and its fault injection: adoption, warnings about existing connections (through the engine's Log, under
 * the resource's URN), a create whose answer is lost after the server stored it, retries of 429 and 5xx, delete in
 * use and already gone. Each test also shows that the answer is the one of `ScalekitResourceProvider`'s own method
 * (a spy that calls through): the plugin carries the outcome, it does not make one.
 */
import { ScalekitResourceProvider } from "../../src/resource/native";
import { servePlugin } from "../../src/plugin";
import { engineWarnings } from "../../src/plugin/engine-log";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { definitionArgs, definitionPayload, PluginClient, secret, startEngineLog, URN } from "./plugin-client";
import type { Grpc } from "../../src/plugin/protocol";

let emulator: RunningEmulator;
let server: Grpc.Server;
let plugin: PluginClient;
let engine: Awaited<ReturnType<typeof startEngineLog>>;
const spies: jest.SpyInstance[] = [];

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
  engine = await startEngineLog();
  const served = await servePlugin(engineWarnings(engine.address));
  server = served.server;
  plugin = new PluginClient(served.port);
});

afterEach(async () => {
  for (const spy of spies.splice(0)) spy.mockRestore();
  plugin.close();
  server.forceShutdown();
  engine.stop();
  await emulator.stop();
});

/** A spy on the resource provider's own method, calling through. */
function spyOn<M extends "create" | "diff" | "update" | "delete">(method: M) {
  const spy = jest.spyOn(ScalekitResourceProvider.prototype, method);
  spies.push(spy);
  return spy as jest.SpyInstance;
}

function configure(settings: Record<string, unknown> = {}) {
  return plugin.configure({
    environmentUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: secret(emulator.clientSecret),
    ...settings,
  });
}

/** The inputs of a definition as Check makes them (proxyEnabled defaulted), with `extra` set. */
async function checked(file: string, extra: Record<string, unknown> = {}) {
  const { inputs, failures } = await plugin.check({ ...definitionArgs(file), ...extra });
  expect(failures).toEqual([]);
  return inputs;
}

const writes = () => emulator.journal().filter((e) => ["create", "update", "delete"].includes(e.kind));

/** The gRPC error of `call`, which must fail. */
async function failureOf(call: Promise<unknown>): Promise<Grpc.ServiceError> {
  return call.then(
    () => {
      throw new Error("the call succeeded; it should have failed");
    },
    (err: Grpc.ServiceError) => err,
  );
}

describe("adopt", () => {
  test("adopt: true takes over the provider with the same display name, with no create, and brings it to the definition", async () => {
    await configure();
    const existing = emulator.insertProvider({ ...definitionPayload("bearer-token.json"), description: "Made in the Dashboard" });
    emulator.clearJournal();
    const create = spyOn("create");

    const { id, outputs } = await plugin.create(await checked("bearer-token.json", { adopt: true }));

    expect(id).toBe(existing.identifier);
    expect(emulator.providers().map((p) => [p.identifier, p.payload.description])).toEqual([
      [existing.identifier, definitionPayload("bearer-token.json").description],
    ]);
    expect(writes().map((e) => e.kind)).toEqual(["update"]);
    expect(create).toHaveBeenCalledTimes(1);
    await expect(create.mock.results[0].value).resolves.toEqual({ id, outs: outputs });
  });

  test("adopting a provider of another auth type refuses before any write, with the resource's AdoptionAuthTypeError", async () => {
    await configure();
    const displayName = String(definitionPayload("bearer-token.json").display_name);
    emulator.insertProvider({ ...definitionPayload("attention-api-key.json"), display_name: displayName });
    emulator.clearJournal();
    const create = spyOn("create");

    const err = await failureOf(plugin.create(await checked("bearer-token.json", { adopt: true })));

    expect(err.details).toMatch(
      /cannot adopt the Scalekit provider .*type is API_KEY there and BEARER in the definition.*nothing was written/s,
    );
    await expect(create.mock.results[0].value).rejects.toThrow(err.details);
    expect(writes()).toEqual([]);
    expect(emulator.providers()).toHaveLength(1);
  });

  test("without adopt, a provider with the same display name is named in the resource's ProviderExistsError and not duplicated", async () => {
    await configure();
    const existing = emulator.insertProvider(definitionPayload("bearer-token.json"));
    const create = spyOn("create");

    const err = await failureOf(plugin.create(await checked("bearer-token.json")));

    expect(err.details).toContain(`already exists (identifier ${existing.identifier}); no duplicate was created`);
    expect(err.details).toContain("adopt: true");
    await expect(create.mock.results[0].value).rejects.toThrow(err.details);
    expect(emulator.providers()).toHaveLength(1);
  });
});

test("a scope change warns about existing connections through the engine's Log, under the resource's URN, as the resource's diff words it", async () => {
  await configure();
  const inputs = await checked("asana-oauth.json");
  const { id, outputs } = await plugin.create(inputs);
  const [pattern] = inputs.authPatterns as Array<{ oauthConfig: { availableScopes: unknown[] } }>;
  const scopes = [
    ...pattern.oauthConfig.availableScopes,
    { scope: "tasks:read", displayName: "Tasks", description: "Read tasks", required: false },
  ];
  const news = { ...inputs, authPatterns: [{ ...pattern, oauthConfig: { ...pattern.oauthConfig, availableScopes: scopes } }] };
  const diff = spyOn("diff");

  expect((await plugin.diff(id, outputs, news)).diffs).toEqual(["authPatterns"]);
  // The Log call is made without waiting for its answer, as the engine's own SDKs do.
  await new Promise((resolve) => setTimeout(resolve, 200));

  const direct: string[] = [];
  await new ScalekitResourceProvider((message) => direct.push(message)).diff(id, outputs, news);
  expect(direct).toEqual([expect.stringMatching(/touches OAuth scopes\. Existing connections do not pick it up/)]);
  expect(engine.lines).toEqual([{ severity: "WARNING", message: direct[0], urn: URN }]);
  expect(diff).toHaveBeenCalledWith(id, outputs, news);
});

test("a create whose answer is lost after Scalekit stored it leaves exactly one provider, whose identifier the engine gets", async () => {
  await configure();
  emulator.addFault({ kind: "create", action: { type: "drop-after-commit" } });
  const create = spyOn("create");

  const { id } = await plugin.create(await checked("bearer-token.json"));

  expect(emulator.providers().map((p) => p.identifier)).toEqual([id]);
  expect(emulator.journal().filter((e) => e.kind === "create")[0].fault).toBe("drop-after-commit");
  await expect(create.mock.results[0].value).resolves.toMatchObject({ id });
});

describe("pacing and retries", () => {
  test("a 429 is waited out and the create made once; a 503 on update is retried", async () => {
    await configure();
    emulator.addFault({ kind: "create", action: { type: "status", status: 429, retryAfter: "1" } });
    const inputs = await checked("bearer-token.json");
    const { id, outputs } = await plugin.create(inputs);
    expect(
      emulator
        .journal()
        .filter((e) => e.kind === "create")
        .map((e) => e.status),
    ).toEqual([429, 201]);
    expect(emulator.providers()).toHaveLength(1);

    emulator.addFault({ kind: "update", action: { type: "status", status: 503 } });
    const update = spyOn("update");
    const updated = await plugin.update(id, outputs, { ...inputs, description: "After a 503" });
    expect(updated.description).toBe("After a 503");
    expect(
      emulator
        .journal()
        .filter((e) => e.kind === "update")
        .map((e) => e.status),
    ).toEqual([503, 200]);
    await expect(update.mock.results[0].value).resolves.toEqual({ outs: updated });
  });

  test("requestsPerSecond from Configure paces the requests of concurrent creates: one start per second", async () => {
    // The creates' pacing alone: the live review's own requests (its tests: live-review.test.ts) are left out.
    await configure({ requestsPerSecond: 1, liveReview: false });
    const create = spyOn("create");
    await Promise.all(
      ["Paced One", "Paced Two"].map(async (displayName) => plugin.create(await checked("bearer-token.json", { displayName }))),
    );

    const arrivals = emulator.journal().map((e) => e.receivedAt);
    expect(emulator.journal().map((e) => e.kind)).toEqual(["token", "create", "create"]);
    // The window counts a request from its start until a second after it settled; the emulator sees it a little later.
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(950);
    expect(create).toHaveBeenCalledTimes(2);
  });

  test("the settings of Configure reach the client: with maxRetries 0 a 503 fails at once, with the client's message", async () => {
    await configure({ maxRetries: 0 });
    emulator.addFault({ kind: "create", action: { type: "status", status: 503 } });
    const create = spyOn("create");

    const err = await failureOf(plugin.create(await checked("bearer-token.json")));

    expect(err.details).toMatch(/^Scalekit failed while creating custom provider .*\(HTTP 503 UNAVAILABLE\).*usually temporary/s);
    await expect(create.mock.results[0].value).rejects.toThrow(err.details);
    expect(emulator.journal().filter((e) => e.kind === "create")).toHaveLength(1);
  });
});

describe("delete", () => {
  test("a provider still used by connections is not deleted: the resource's in-use guidance, and the stack keeps it", async () => {
    await configure();
    const { id, outputs } = await plugin.create(await checked("bearer-token.json"));
    emulator.attachConnections(id, 2);
    const del = spyOn("delete");

    const err = await failureOf(plugin.delete(id, outputs));

    expect(err.details).toMatch(
      new RegExp(`refused to delete provider ${id}: it is still used by connections.*Nothing was deleted.*Remove those connections`, "s"),
    );
    await expect(del.mock.results[0].value).rejects.toThrow(err.details);
    expect(emulator.providers().map((p) => p.identifier)).toEqual([id]);
  });

  test("a provider already deleted outside Pulumi counts as deleted", async () => {
    await configure();
    const { id, outputs } = await plugin.create(await checked("bearer-token.json"));
    emulator.removeProvider(id);
    const del = spyOn("delete");

    await plugin.delete(id, outputs);

    await expect(del.mock.results[0].value).resolves.toBeUndefined();
    expect(
      emulator
        .journal()
        .filter((e) => e.kind === "delete")
        .map((e) => e.status),
    ).toEqual([404]);
  });
});
