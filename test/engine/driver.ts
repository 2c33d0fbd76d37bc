/**
 * Drives Pulumi's own dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`) over gRPC, the way the
 * Pulumi engine does: the code path the CLI's engine uses for a dynamic resource, minus the engine's own
 * bookkeeping, without starting the CLI (test/pulumi runs the real one). Read it as documentation of what each
 * command does to one resource:
 *
 *   pulumi preview   Check(olds = last inputs, news) then, for an existing resource, Diff(id, last outputs, checked news)
 *   pulumi up        the preview, then Create (new), Update (changed) or nothing (unchanged)
 *   pulumi refresh   Read(id, last outputs, last inputs); a blank id means the resource is gone
 *   pulumi destroy   Delete(id, last outputs), with the `__provider` stored in state
 *
 * Before any of these the engine calls Configure once per host process with the whole stack config
 * (namespaced keys such as `scalekit:clientSecret`; secrets arrive wrapped and the host unwraps them).
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { runtime } from "@pulumi/pulumi";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";

/** The value an unknown input (an output not yet known during preview) has on the wire. */
export const UNKNOWN = runtime.unknownValue;
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const REPO_ROOT = path.resolve(__dirname, "../..");
const HOST_ENTRY = require.resolve("@pulumi/pulumi/cmd/dynamic-provider/index.js");

export type Props = Record<string, unknown>;

/** A unary method of the generated gRPC client, looked up by name. */
type UnaryCall<T> = (req: unknown, done: (err: grpc.ServiceError | null, resp: T) => void) => void;

/** What the engine keeps in state for one resource. */
export interface ResourceState {
  urn: string;
  id: string;
  inputs: Props;
  outputs: Props;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

export interface DiffResult {
  changes: boolean | undefined;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * The engine's own refusal, printed as Pulumi prints it: a replacement of a resource whose `protect` option
 * is set (pkg/resource/deploy/step_generator.go: "unable to replace resource … as it is currently marked
 * for protection"). No RPC is made for it.
 */
export class EngineRefusal extends Error {}

/** An error the host answered with; `message` is what the engine would print. */
export class HostError extends Error {
  constructor(
    readonly rpc: string,
    message: string,
  ) {
    super(message);
    this.name = "HostError";
  }
}

export interface StartOptions {
  /** Stack config as the engine sends it; keys listed in `secretKeys` are sent as secrets. */
  config?: Record<string, string>;
  secretKeys?: string[];
  /** Environment of the host process, added to a minimal one (PATH, HOME). */
  env?: Record<string, string | undefined>;
  /** Working directory of the host: the Pulumi project. Defaults to this repository. */
  cwd?: string;
  stack?: string;
  project?: string;
}

export class EngineDriver {
  private stdoutText = "";
  private stderrText = "";
  /**
   * Every RPC request sent (but Configure's, which carries the stack config and so the client secret by
   * design), every answer received and every error message, as text: what the secrets guard in
   * harness.ts scans, beside `output`.
   */
  readonly transcript: string[] = [];
  /** Values sent as secrets in Configure and a SCALEKIT_CLIENT_SECRET given to the host: never to be shown. */
  readonly secretValues: string[] = [];

  private constructor(
    private readonly child: ChildProcess,
    private readonly client: provrpc.ResourceProviderClient,
    readonly stack: string,
    readonly project: string,
    stdoutSoFar: string,
  ) {
    this.stdoutText = stdoutSoFar;
    child.stdout!.on("data", (d) => (this.stdoutText += d.toString()));
    child.stderr!.on("data", (d) => (this.stderrText += d.toString()));
  }

  /** Starts a provider host, as the engine does on the first dynamic resource, and configures it. */
  static async start(opts: StartOptions = {}): Promise<EngineDriver> {
    const stack = opts.stack ?? "dev";
    const project = opts.project ?? "scalekit-providers";
    const child = spawn(process.execPath, [HOST_ENTRY, "127.0.0.1:1"], {
      cwd: opts.cwd ?? REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PULUMI_NODEJS_PROJECT: project,
        PULUMI_NODEJS_STACK: stack,
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const { port, rest } = await readPort(child);
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const driver = new EngineDriver(child, client, stack, project, rest);
    if (opts.env?.SCALEKIT_CLIENT_SECRET) {
      driver.secretValues.push(opts.env.SCALEKIT_CLIENT_SECRET);
    }
    await driver.configure(opts.config ?? {}, opts.secretKeys ?? []);
    return driver;
  }

  /** Everything the host printed: where provider warnings and errors show up in `pulumi` output. */
  get output(): string {
    return this.stdoutText + this.stderrText;
  }

  /**
   * The host's output once it matches `pattern`, or as it is after `timeoutMs`: a warning is printed on the
   * host's own stream, which can reach this process just after the RPC's answer.
   */
  async outputMatching(pattern: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    return this.output;
  }

  urn(name: string): string {
    return `urn:pulumi:${this.stack}::${this.project}::pulumi-nodejs:dynamic/scalekit:CustomProvider::${name}`;
  }

  async stop(): Promise<void> {
    this.client.close();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise((resolve) => this.child.once("exit", resolve));
      this.child.kill("SIGTERM");
      await exited;
    }
  }

  // ---- the RPCs, one each -------------------------------------------------------------------------

  async configure(config: Record<string, string>, secretKeys: string[] = []): Promise<void> {
    const args: Props = {};
    for (const [k, v] of Object.entries(config)) {
      args[k] = secretKeys.includes(k) ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v;
      if (secretKeys.includes(k)) {
        this.secretValues.push(v);
      }
    }
    const req = new provproto.ConfigureRequest();
    req.setArgs(Struct.fromJavaScript(args as never));
    req.setAcceptsecrets(true);
    await this.call("configure", req);
  }

  async check(urn: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: CheckFailure[] }> {
    const req = new provproto.CheckRequest();
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call<provproto.CheckResponse>("check", req);
    return {
      inputs: resp.getInputs()?.toJavaScript() ?? {},
      failures: resp.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  async diff(id: string, urn: string, olds: Props, news: Props): Promise<DiffResult> {
    const req = new provproto.DiffRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call<provproto.DiffResponse>("diff", req);
    const kinds = provproto.DiffResponse.DiffChanges;
    const changes = resp.getChanges();
    return {
      changes: changes === kinds.DIFF_SOME ? true : changes === kinds.DIFF_NONE ? false : undefined,
      replaces: resp.getReplacesList(),
      deleteBeforeReplace: resp.getDeletebeforereplace(),
    };
  }

  async create(urn: string, inputs: Props): Promise<{ id: string; outputs: Props }> {
    const req = new provproto.CreateRequest();
    req.setUrn(urn);
    req.setProperties(toStruct(inputs));
    const resp = await this.call<provproto.CreateResponse>("create", req);
    return { id: resp.getId(), outputs: resp.getProperties()?.toJavaScript() ?? {} };
  }

  async read(id: string, urn: string, outputs: Props, inputs: Props): Promise<{ id: string; outputs: Props; inputs?: Props }> {
    const req = new provproto.ReadRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(outputs));
    req.setInputs(toStruct(inputs));
    const resp = await this.call<provproto.ReadResponse>("read", req);
    return {
      id: resp.getId(),
      outputs: resp.getProperties()?.toJavaScript() ?? {},
      inputs: resp.getInputs()?.toJavaScript() as Props | undefined,
    };
  }

  async update(id: string, urn: string, olds: Props, news: Props): Promise<Props> {
    const req = new provproto.UpdateRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setOlds(toStruct(olds));
    req.setNews(toStruct(news));
    const resp = await this.call<provproto.UpdateResponse>("update", req);
    return resp.getProperties()?.toJavaScript() ?? {};
  }

  async delete(id: string, urn: string, outputs: Props): Promise<void> {
    const req = new provproto.DeleteRequest();
    req.setId(id);
    req.setUrn(urn);
    req.setProperties(toStruct(outputs));
    await this.call("delete", req);
  }

  // ---- the commands, as sequences of RPCs for one resource ------------------------------------------

  /**
   * `pulumi preview` for one resource: Check, then Diff when it exists; for a replacement, Check again with no
   * olds, as the engine does for the resource it is about to create (step_generator.go). Returns the failures
   * Check reported (the engine stops there) or whether an update would happen.
   */
  async preview(name: string, news: Props, state?: ResourceState): Promise<{ failures: CheckFailure[]; inputs: Props; diff?: DiffResult }> {
    const urn = state?.urn ?? this.urn(name);
    const checked = await this.check(urn, state?.inputs ?? {}, news);
    if (checked.failures.length > 0 || !state) {
      return { failures: checked.failures, inputs: checked.inputs };
    }
    const diff = await this.diff(state.id, urn, state.outputs, checked.inputs);
    if (diff.replaces.length > 0) {
      const rechecked = await this.check(urn, {}, news);
      return { failures: rechecked.failures, inputs: rechecked.inputs, diff };
    }
    return { failures: [], inputs: checked.inputs, diff };
  }

  /**
   * `pulumi up` for one resource: the preview, then Create, Update, a replacement or nothing. Check
   * failures throw, as the engine stops the update. A Diff with `replaces` is a replacement: Delete then
   * Create when it asks to delete before replacing, else Create then Delete; with `protect` the engine
   * refuses it before any RPC (EngineRefusal). Returns the new state.
   */
  async up(name: string, news: Props, state?: ResourceState, opts: { protect?: boolean } = {}): Promise<ResourceState> {
    const urn = state?.urn ?? this.urn(name);
    const planned = await this.preview(name, news, state);
    if (planned.failures.length > 0) {
      throw new HostError("check", planned.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    }
    if (!state) {
      const created = await this.create(urn, planned.inputs);
      return { urn, id: created.id, inputs: planned.inputs, outputs: created.outputs };
    }
    if (planned.diff?.changes === false) {
      return state;
    }
    if (planned.diff && planned.diff.replaces.length > 0) {
      if (opts.protect) {
        throw new EngineRefusal(
          `unable to replace resource "${urn}"\nas it is currently marked for protection. To unprotect the resource, ` +
            "remove the `protect` flag from the resource in your Pulumi program and run `pulumi up`",
        );
      }
      if (planned.diff.deleteBeforeReplace) await this.delete(state.id, urn, state.outputs);
      const created = await this.create(urn, planned.inputs);
      if (!planned.diff.deleteBeforeReplace) await this.delete(state.id, urn, state.outputs);
      return { urn, id: created.id, inputs: planned.inputs, outputs: created.outputs };
    }
    const outputs = await this.update(state.id, urn, state.outputs, planned.inputs);
    return { ...state, inputs: planned.inputs, outputs };
  }

  /**
   * `pulumi refresh` for one resource: Read with the stored outputs and inputs, then the inverted Diff the
   * engine uses to show drift (the refreshed outputs as olds, the stored inputs as news). Returns the
   * refreshed state and whether it drifted from what was declared, or undefined when the provider reports
   * the resource gone (blank id).
   */
  async refresh(state: ResourceState): Promise<(ResourceState & { drifted: boolean }) | undefined> {
    const read = await this.read(state.id, state.urn, state.outputs, state.inputs);
    if (!read.id) {
      return undefined;
    }
    const drift = await this.diff(read.id, state.urn, read.outputs, state.inputs);
    return { urn: state.urn, id: read.id, outputs: read.outputs, inputs: read.inputs ?? state.inputs, drifted: drift.changes === true };
  }

  /** `pulumi destroy` (or removal from the program) for one resource: Delete with the stored outputs. */
  async destroy(state: ResourceState): Promise<void> {
    await this.delete(state.id, state.urn, state.outputs);
  }

  private call<T>(method: string, req: unknown): Promise<T> {
    if (method !== "configure") {
      this.record(method, "request", req);
    }
    return new Promise((resolve, reject) => {
      const fn = (this.client as unknown as Record<string, UnaryCall<T>>)[method].bind(this.client);
      fn(req, (err: grpc.ServiceError | null, resp: T) => {
        if (err) {
          const error = new HostError(method, err.details || err.message);
          this.transcript.push(`${method} error: ${error.message}`);
          reject(error);
        } else {
          this.record(method, "response", resp);
          resolve(resp);
        }
      });
    });
  }

  private record(method: string, what: string, message: unknown): void {
    const plain = (message as { toObject?: () => unknown } | null)?.toObject?.() ?? message;
    this.transcript.push(`${method} ${what}: ${JSON.stringify(plain)}`);
  }
}

function toStruct(props: Props): Struct {
  return Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
}

/** The host prints its gRPC port as the first line of stdout, as the engine expects. */
function readPort(child: ChildProcess): Promise<{ port: number; rest: string }> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const onData = (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        child.stdout!.off("data", onData);
        resolve({ port: Number(out.slice(0, nl).trim()), rest: out.slice(nl + 1) });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (err += d.toString()));
    child.once("exit", (code) => reject(new Error(`provider host exited with ${code} before listening: ${err}`)));
  });
}
