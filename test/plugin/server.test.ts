/**
 * The plugin's ResourceProvider service over gRPC, as the engine calls it, against the emulator: each call lands
 * in the dynamic resource's own provider (one implementation), and what the engine needs of a native provider
 * (detailed diff, delete-before-replace, Read with an id alone, Configure's wrapped secrets) is answered.
 */
import * as pulumi from "@pulumi/pulumi";
import { MAX_LISTING_REUSE_MS } from "../../src/client";
import { ScalekitResourceProvider } from "../../src/resource/native";
import { readSettings } from "../../src/resource/settings";
import { packageSchema, pluginVersion, servePlugin } from "../../src/plugin";
import { emptyProto, grpc, providerProto, providerRpc, structProto, type Grpc } from "../../src/plugin/protocol";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import * as fs from "fs";
import * as path from "path";
import { argsToWire, payloadOfDocument, payloadsEqual, wireToArgs } from "../../src/schema";

/** A definition of the repository's definitions/ folder, as its payload (snake_case). */
function example(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.resolve(__dirname, "../../definitions", file), "utf8");
  return payloadOfDocument(JSON.parse(text)) as Record<string, unknown>;
}

const URN = "urn:pulumi:dev::p::scalekit:index:CustomProvider::asana";
const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });

let emulator: RunningEmulator;
let server: Grpc.Server;
let client: InstanceType<typeof providerRpc.ResourceProviderClient>;
let warnings: { message: string; urn: string }[];

beforeEach(async () => {
  emulator = await startEmulator({ port: 0 });
  warnings = [];
  const served = await servePlugin((message, urn) => warnings.push({ message, urn }));
  server = served.server;
  client = new providerRpc.ResourceProviderClient(`127.0.0.1:${served.port}`, grpc.credentials.createInsecure());
});

afterEach(async () => {
  client.close();
  server.forceShutdown();
  await emulator.stop();
});

/** Calls one unary method and resolves to its answer, or rejects with the gRPC error. */
function call<Res>(method: string, request: unknown): Promise<Res> {
  return new Promise((resolve, reject) =>
    (client as unknown as Record<string, (r: unknown, cb: (e: Grpc.ServiceError | null, r: Res) => void) => void>)[method](
      request,
      (err, resp) => (err ? reject(err) : resolve(resp)),
    ),
  );
}

const struct = (value: unknown) => structProto.Struct.fromJavaScript(value as never);

async function configure(
  args: Record<string, unknown> = {
    environmentUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: secret(emulator.clientSecret),
  },
) {
  const req = new providerProto.ConfigureRequest().setArgs(struct(args)).setAcceptsecrets(true).setType("pulumi:providers:scalekit");
  return call<InstanceType<typeof providerProto.ConfigureResponse>>("configure", req);
}

async function check(news: Record<string, unknown>, olds: Record<string, unknown> = {}) {
  const req = new providerProto.CheckRequest().setUrn(URN).setOlds(struct(olds)).setNews(struct(news));
  const resp = await call<InstanceType<typeof providerProto.CheckResponse>>("check", req);
  return {
    inputs: resp.getInputs()?.toJavaScript() ?? {},
    failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  };
}

async function create(inputs: Record<string, unknown>) {
  const resp = await call<InstanceType<typeof providerProto.CreateResponse>>(
    "create",
    new providerProto.CreateRequest().setUrn(URN).setProperties(struct(inputs)),
  );
  return { id: resp.getId(), outputs: resp.getProperties()?.toJavaScript() ?? {} };
}

async function diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
  const resp = await call<InstanceType<typeof providerProto.DiffResponse>>(
    "diff",
    new providerProto.DiffRequest().setUrn(URN).setId(id).setOlds(struct(olds)).setNews(struct(news)),
  );
  const kindNames = Object.fromEntries(Object.entries(providerProto.PropertyDiff.Kind).map(([name, value]) => [value, name]));
  return {
    changes: resp.getChanges(),
    replaces: resp.getReplacesList(),
    deleteBeforeReplace: resp.getDeletebeforereplace(),
    diffs: resp.getDiffsList(),
    detailed: Object.fromEntries(
      resp
        .getDetaileddiffMap()
        .getEntryList()
        .map(([key]) => [key, kindNames[resp.getDetaileddiffMap().get(key)!.getKind()]]),
    ),
  };
}

/** The camelCase inputs of a documented example, checked as the engine would before Create. */
async function checkedInputs(file: string) {
  const { inputs, failures } = await check(wireToArgs(example(file)));
  expect(failures).toEqual([]);
  return inputs;
}

test("GetSchema and GetPluginInfo answer the package schema and the package's version", async () => {
  const schema = await call<InstanceType<typeof providerProto.GetSchemaResponse>>("getSchema", new providerProto.GetSchemaRequest());
  expect(JSON.parse(schema.getSchema())).toEqual(packageSchema(pluginVersion()));
  const info = await call<{ getVersion(): string }>("getPluginInfo", new emptyProto.Empty());
  expect(info.getVersion()).toBe(pluginVersion());
});

test("Configure takes the client secret wrapped as a secret, and asks for neither secrets nor previews of writes", async () => {
  const resp = await configure();
  expect(resp.getAcceptsecrets()).toBe(false);
  expect(resp.getSupportspreview()).toBe(false);
  const inputs = await checkedInputs("bearer-token.json");
  await create(inputs);
  expect(emulator.providers()).toHaveLength(1);
});

test("Configure without settings fails with the settings reader's own message, naming stack config keys and variables", async () => {
  const empty = new Map<string, string>();
  let expected = "";
  try {
    readSettings((key) => empty.get(key), {});
  } catch (err) {
    expected = (err as Error).message;
  }
  expect(expected).toMatch(/scalekit:clientSecret.*SCALEKIT_CLIENT_SECRET/s);
  const names = ["SCALEKIT_ENVIRONMENT_URL", "SCALEKIT_CLIENT_ID", "SCALEKIT_CLIENT_SECRET"];
  const saved = names.map((name) => [name, process.env[name]] as const);
  for (const name of names) delete process.env[name];
  try {
    await expect(configure({})).rejects.toThrow(expected);
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
});

test("CheckConfig passes the settings through; DiffConfig reports a changed setting as a change that replaces nothing", async () => {
  const settings = { environmentUrl: emulator.url, clientId: "a", version: "0.1.0" };
  const checked = await call<InstanceType<typeof providerProto.CheckResponse>>(
    "checkConfig",
    new providerProto.CheckRequest().setUrn("urn:pulumi:dev::p::pulumi:providers:scalekit::default").setNews(struct(settings)),
  );
  expect(checked.getInputs()?.toJavaScript()).toEqual(settings);
  expect(checked.getFailuresList()).toEqual([]);

  const diffConfig = (olds: unknown, news: unknown) =>
    call<InstanceType<typeof providerProto.DiffResponse>>(
      "diffConfig",
      new providerProto.DiffRequest().setOlds(struct(olds)).setNews(struct(news)),
    );
  const changed = await diffConfig(settings, { ...settings, clientId: "b" });
  expect([changed.getChanges(), changed.getDiffsList(), changed.getReplacesList()]).toEqual([
    providerProto.DiffResponse.DiffChanges.DIFF_SOME,
    ["clientId"],
    [],
  ]);
  const upgraded = await diffConfig(settings, { ...settings, version: "0.2.0" });
  expect(upgraded.getChanges()).toBe(providerProto.DiffResponse.DiffChanges.DIFF_NONE);
});

test("Check names failing properties in camelCase with the resource's messages, and lets a preview's unknown through", async () => {
  // Check itself calls no API; the live review's one read per run has its own tests (live-review.test.ts).
  await configure({
    environmentUrl: emulator.url,
    clientId: emulator.clientId,
    clientSecret: secret(emulator.clientSecret),
    liveReview: false,
  });
  const bad = await check({ displayName: "My Asana", authPatterns: [{ type: "OAUTH" }] });
  expect(bad.failures.map((f) => f.property)).toEqual(expect.arrayContaining(["proxyUrl"]));
  const direct = await new ScalekitResourceProvider(() => undefined).check(
    {},
    { displayName: "My Asana", authPatterns: [{ type: "OAUTH" }] },
  );
  expect(bad.failures).toEqual(direct.failures);

  const unknownUrl = { ...wireToArgs(example("bearer-token.json")), proxyUrl: pulumi.runtime.unknownValue };
  const pending = await check(unknownUrl);
  expect(pending.failures).toEqual([]);
  expect(pending.inputs.proxyEnabled).toBe(true);
  expect(emulator.journal()).toEqual([]);
});

test("Diff: a description change is an update of that property alone; an auth-type change is a delete-before-replace, warned under the resource's URN", async () => {
  await configure();
  const inputs = await checkedInputs("bearer-token.json");
  const { id, outputs } = await create(inputs);
  emulator.clearJournal();

  expect(await diff(id, outputs, inputs)).toEqual({
    changes: providerProto.DiffResponse.DiffChanges.DIFF_NONE,
    replaces: [],
    deleteBeforeReplace: false,
    diffs: [],
    detailed: {},
  });

  const described = await diff(id, outputs, { ...inputs, description: "Another description" });
  expect(described).toEqual({
    changes: providerProto.DiffResponse.DiffChanges.DIFF_SOME,
    replaces: [],
    deleteBeforeReplace: false,
    diffs: ["description"],
    detailed: { description: "UPDATE" },
  });

  const patterns = inputs.authPatterns as Record<string, unknown>[];
  const apiKey = { ...inputs, authPatterns: [{ ...patterns[0], type: "API_KEY" }] };
  const retyped = await diff(id, outputs, apiKey);
  expect(retyped).toEqual({
    changes: providerProto.DiffResponse.DiffChanges.DIFF_SOME,
    replaces: ["authPatterns"],
    deleteBeforeReplace: true,
    diffs: ["authPatterns"],
    detailed: { authPatterns: "UPDATE_REPLACE" },
  });
  expect(warnings).toEqual([{ message: expect.stringMatching(/will be replaced: Scalekit cannot change/), urn: URN }]);
  expect(emulator.journal()).toEqual([]);
});

test("Read with the identifier alone (pulumi import) returns the provider's outputs and inputs and writes nothing; a deleted one reads as gone", async () => {
  await configure();
  const inputs = await checkedInputs("asana-oauth.json");
  const { id, outputs } = await create(inputs);
  emulator.clearJournal();

  const read = await call<InstanceType<typeof providerProto.ReadResponse>>("read", new providerProto.ReadRequest().setUrn(URN).setId(id));
  expect(read.getId()).toBe(id);
  // The provider as created; with no stored state to follow, empty values the server fills in are left out.
  const props = read.getProperties()?.toJavaScript() as Record<string, unknown>;
  expect({ identifier: props.identifier, providerId: props.providerId }).toEqual({
    identifier: outputs.identifier,
    providerId: outputs.providerId,
  });
  expect(payloadsEqual(argsToWire(props), argsToWire(outputs))).toBe(true);
  // The inputs that reproduce it: the definition.
  expect(payloadsEqual(argsToWire(read.getInputs()?.toJavaScript() ?? {}), example("asana-oauth.json"))).toBe(true);
  expect(calls("create", "update", "delete")).toEqual([]);

  emulator.removeProvider(id);
  // A listing younger than this answers reads (the client's rule): the next read must list again.
  await new Promise((resolve) => setTimeout(resolve, MAX_LISTING_REUSE_MS + 100));
  const gone = await call<InstanceType<typeof providerProto.ReadResponse>>(
    "read",
    new providerProto.ReadRequest().setUrn(URN).setId(id).setProperties(struct(outputs)),
  );
  expect(gone.getId()).toBe("");
});

test("Update and Delete go through the resource's provider; deleting a provider already gone succeeds", async () => {
  await configure();
  const inputs = await checkedInputs("bearer-token.json");
  const { id, outputs } = await create(inputs);
  const updated = await call<InstanceType<typeof providerProto.UpdateResponse>>(
    "update",
    new providerProto.UpdateRequest()
      .setUrn(URN)
      .setId(id)
      .setOlds(struct(outputs))
      .setNews(struct({ ...inputs, description: "Changed" })),
  );
  expect(updated.getProperties()?.toJavaScript()).toEqual(expect.objectContaining({ identifier: id, description: "Changed" }));
  const del = () => call("delete", new providerProto.DeleteRequest().setUrn(URN).setId(id).setProperties(struct(outputs)));
  await del();
  expect(emulator.providers()).toEqual([]);
  await del();
  expect(calls("delete")).toHaveLength(2);
});

test("every resource call is the dynamic resource's own method, called once with the unmarshalled properties", async () => {
  const methods = ["configure", "check", "diff", "create", "read", "update", "delete"] as const;
  const spies = Object.fromEntries(methods.map((m) => [m, jest.spyOn(ScalekitResourceProvider.prototype, m)]));
  try {
    await configure();
    const inputs = await checkedInputs("bearer-token.json");
    const { id, outputs } = await create(inputs);
    await diff(id, outputs, inputs);
    await call("read", new providerProto.ReadRequest().setUrn(URN).setId(id));
    await call("update", new providerProto.UpdateRequest().setUrn(URN).setId(id).setOlds(struct(outputs)).setNews(struct(inputs)));
    await call("delete", new providerProto.DeleteRequest().setUrn(URN).setId(id).setProperties(struct(outputs)));
    for (const m of methods) expect(spies[m]).toHaveBeenCalledTimes(1);
    expect(spies.create).toHaveBeenCalledWith(inputs);
    expect(spies.diff).toHaveBeenCalledWith(id, outputs, inputs);
  } finally {
    for (const spy of Object.values(spies)) spy.mockRestore();
  }
});

test("Cancel answers, and the calls the plugin does not serve answer Unimplemented", async () => {
  await expect(call("cancel", new emptyProto.Empty())).resolves.toBeDefined();
  await expect(call("invoke", new providerProto.InvokeRequest().setTok("scalekit:index:nothing"))).rejects.toMatchObject({
    code: grpc.status.UNIMPLEMENTED,
  });
});

function calls(...kinds: string[]) {
  return emulator.journal().filter((entry) => kinds.includes(entry.kind));
}
