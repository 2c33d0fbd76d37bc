/**
 * The engine's side of the plugin's protocol, for tests: a ResourceProvider client that calls the plugin as the
 * engine does (camelCase properties in Structs, secrets wrapped in Configure), and an Engine Log service that
 * collects what the plugin logs, as the engine's own does for `pulumi`'s Diagnostics.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { emptyProto, engineProto, engineRpc, grpc, providerProto, providerRpc, structProto, type Grpc } from "../../src/plugin/protocol";
import { payloadOfDocument, wireToArgs } from "../../src/schema";
import type * as EngineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";

export const URN = "urn:pulumi:dev::p::scalekit:index:CustomProvider::asana";

/** The camelCase inputs of a definition of the repository's definitions/ folder. */
export function definitionArgs(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.resolve(__dirname, "../../definitions", file), "utf8");
  return wireToArgs(payloadOfDocument(JSON.parse(text)) as Record<string, unknown>);
}

/** The payload (snake_case) of a definition of the repository's definitions/ folder. */
export function definitionPayload(file: string): Record<string, unknown> {
  const text = fs.readFileSync(path.resolve(__dirname, "../../definitions", file), "utf8");
  return payloadOfDocument(JSON.parse(text)) as Record<string, unknown>;
}

export const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
const struct = (value: unknown) => structProto.Struct.fromJavaScript(value as never);

/** A ResourceProvider client of the plugin at `port`; every answer it receives is kept in `answers`, as JSON. */
export class PluginClient {
  readonly answers: string[] = [];
  private readonly client: InstanceType<typeof providerRpc.ResourceProviderClient>;

  constructor(port: number) {
    this.client = new providerRpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  }

  close(): void {
    this.client.close();
  }

  /** Calls one unary method; resolves to its answer, or rejects with the gRPC error (its details kept in `answers`). */
  call<Res>(method: string, request: unknown): Promise<Res> {
    const methods = this.client as unknown as Record<string, (r: unknown, cb: (e: Grpc.ServiceError | null, r: Res) => void) => void>;
    return new Promise((resolve, reject) =>
      methods[method].call(this.client, request, (err, resp) => {
        this.answers.push(err ? err.details : JSON.stringify((resp as { toObject?: () => unknown }).toObject?.() ?? null));
        if (err) reject(err);
        else resolve(resp);
      }),
    );
  }

  configure(args: Record<string, unknown>) {
    return this.call(
      "configure",
      new providerProto.ConfigureRequest().setArgs(struct(args)).setAcceptsecrets(true).setType("pulumi:providers:scalekit"),
    );
  }

  async check(news: Record<string, unknown>) {
    const resp = await this.call<InstanceType<typeof providerProto.CheckResponse>>(
      "check",
      new providerProto.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(news)),
    );
    return {
      inputs: (resp.getInputs()?.toJavaScript() ?? {}) as Record<string, unknown>,
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async create(inputs: Record<string, unknown>) {
    const resp = await this.call<InstanceType<typeof providerProto.CreateResponse>>(
      "create",
      new providerProto.CreateRequest().setUrn(URN).setProperties(struct(inputs)),
    );
    return { id: resp.getId(), outputs: (resp.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown> };
  }

  async diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const resp = await this.call<InstanceType<typeof providerProto.DiffResponse>>(
      "diff",
      new providerProto.DiffRequest().setUrn(URN).setId(id).setOlds(struct(olds)).setNews(struct(news)),
    );
    return { changes: resp.getChanges(), diffs: resp.getDiffsList() };
  }

  async read(id: string, props: Record<string, unknown> = {}) {
    const resp = await this.call<InstanceType<typeof providerProto.ReadResponse>>(
      "read",
      new providerProto.ReadRequest().setUrn(URN).setId(id).setProperties(struct(props)),
    );
    return { id: resp.getId(), outputs: (resp.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown> };
  }

  async update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>) {
    const resp = await this.call<InstanceType<typeof providerProto.UpdateResponse>>(
      "update",
      new providerProto.UpdateRequest().setUrn(URN).setId(id).setOlds(struct(olds)).setNews(struct(news)),
    );
    return (resp.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
  }

  async delete(id: string, props: Record<string, unknown>) {
    await this.call("delete", new providerProto.DeleteRequest().setUrn(URN).setId(id).setProperties(struct(props)));
  }
}

export interface LoggedLine {
  severity: string;
  message: string;
  urn: string;
}

/** An Engine service whose Log keeps every line it receives; its other calls are not used by the plugin. */
export async function startEngineLog(): Promise<{ address: string; lines: LoggedLine[]; stop(): void }> {
  const lines: LoggedLine[] = [];
  const severities = Object.fromEntries(Object.entries(engineProto.LogSeverity).map(([name, value]) => [value, name]));
  const server = new grpc.Server();
  const unused = (_call: unknown, callback: (err: Grpc.ServiceError | null, value: null) => void) =>
    callback({ code: grpc.status.UNIMPLEMENTED } as Grpc.ServiceError, null);
  const service: EngineRpc.IEngineServer = {
    log: (call, callback) => {
      lines.push({ severity: severities[call.request.getSeverity()], message: call.request.getMessage(), urn: call.request.getUrn() });
      callback(null, new emptyProto.Empty());
    },
    getRootResource: unused,
    setRootResource: unused,
    startDebugging: unused,
    requirePulumiVersion: unused,
  };
  server.addService(engineRpc.EngineService, service);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return { address: `127.0.0.1:${port}`, lines, stop: () => server.forceShutdown() };
}
