/**
 * The ResourceProvider gRPC service of the `scalekit` plugin: a transport in front of the dynamic resource's own
 * provider (resource/provider.ts). Every call is unmarshalled, handed to the same `ScalekitResourceProvider`
 * method the dynamic-provider host calls, and its answer marshalled back; no rule of the resource lives here.
 * One provider instance serves the whole process, as in the dynamic-provider host: one token, one listing, one
 * throttle.
 *
 * Configure answers `supportsPreview: false`, so the engine never sends Create or Update during a preview, and
 * `acceptSecrets: false`, so resource properties arrive without secrets and the engine marks outputs secret again
 * by name (the client secret is configuration, never a resource property).
 */
import { AsyncLocalStorage } from "async_hooks";
import type * as pulumi from "@pulumi/pulumi";
import { propertyChanges, ScalekitResourceProvider, withPulumiAdvice, type PropertyChangeKind } from "../resource/native";
import { configReader } from "./config";
import { packageSchema, PACKAGE_NAME, pluginVersion } from "./package-schema";
import { emptyProto, grpc, pluginProto, providerProto, providerRpc, type Grpc, type ProviderProto, type ProviderRpc } from "./protocol";
import { reasonWithOtherSpellings } from "./spellings";
import { fromStruct, toStruct } from "./values";
import { inertText } from "../text";
import { NamedError } from "../named-error";

/** Where a warning goes, with the URN of the resource whose call raised it (empty outside a call). */
export type PluginWarningSink = (message: string, urn: string) => void;

const DIFF_KINDS: Readonly<Record<PropertyChangeKind, { plain: number; replace: number }>> = {
  add: { plain: providerProto.PropertyDiff.Kind.ADD, replace: providerProto.PropertyDiff.Kind.ADD_REPLACE },
  delete: { plain: providerProto.PropertyDiff.Kind.DELETE, replace: providerProto.PropertyDiff.Kind.DELETE_REPLACE },
  update: { plain: providerProto.PropertyDiff.Kind.UPDATE, replace: providerProto.PropertyDiff.Kind.UPDATE_REPLACE },
};

function unimplemented<Req, Res>(method: string): Grpc.handleUnaryCall<Req, Res> {
  return (_call, callback) =>
    callback({ code: grpc.status.UNIMPLEMENTED, details: `${method} is not implemented by the scalekit provider` }, null);
}

/** The service's handlers, each delegating to one `ScalekitResourceProvider`. */
export function resourceProviderService(warn: PluginWarningSink): ProviderRpc.IResourceProviderServer {
  const urnOfCall = new AsyncLocalStorage<string>();
  // What reaches the engine is printed by it: rendered inert here, as the dynamic resource's host path does.
  const provider = new ScalekitResourceProvider((message) => warn(inertText(message), urnOfCall.getStore() ?? ""));
  const schema = JSON.stringify(packageSchema(pluginVersion()));

  /** A unary handler: runs `handle` with the request's URN known to the warning sink; an error becomes the call's. */
  const unary =
    <Req, Res>(handle: (req: Req) => Promise<Res> | Res): Grpc.handleUnaryCall<Req, Res> =>
    (call, callback) => {
      const urn = (call.request as { getUrn?: () => string | undefined }).getUrn?.() ?? "";
      void urnOfCall.run(urn, async () => {
        try {
          callback(null, await handle(call.request));
        } catch (caught) {
          const err = withPulumiAdvice(caught);
          // An expected failure is its message alone; anything else is a bug, whose stack a report needs.
          if (!(err instanceof NamedError))
            process.stderr.write(`${inertText(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
          callback({ code: grpc.status.UNKNOWN, details: inertText(err instanceof Error ? err.message : String(err)) }, null);
        }
      });
    };

  return {
    handshake: unimplemented("Handshake"),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke"),
    call: unimplemented("Call"),
    construct: unimplemented("Construct"),
    attach: unimplemented("Attach"),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
    list: (call) => call.emit("error", { code: grpc.status.UNIMPLEMENTED, details: "List is not implemented by the scalekit provider" }),

    getPluginInfo: unary(() => new pluginProto.PluginInfo().setVersion(pluginVersion())),
    getSchema: unary(() => new providerProto.GetSchemaResponse().setSchema(schema)),
    cancel: unary(() => new emptyProto.Empty()),

    // The settings are read, and refused with their names, in Configure: the same reader as the dynamic resource.
    checkConfig: unary((req: ProviderProto.CheckRequest) => {
      const resp = new providerProto.CheckResponse();
      const news = req.getNews();
      if (news) resp.setInputs(news);
      return resp;
    }),
    // A change of settings (another client, a new secret) changes no resource: never a replacement.
    diffConfig: unary((req: ProviderProto.DiffRequest) => {
      const olds = fromStruct(req.getOlds());
      const news = fromStruct(req.getNews());
      const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(
        (key) => key !== "version" && JSON.stringify(olds[key]) !== JSON.stringify(news[key]),
      );
      const resp = new providerProto.DiffResponse();
      resp.setChanges(
        changed.length > 0 ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE,
      );
      resp.setDiffsList(changed);
      return resp;
    }),
    configure: unary(async (req: ProviderProto.ConfigureRequest) => {
      const variables = new Map(req.getVariablesMap().toArray());
      const config = configReader(PACKAGE_NAME, req.getArgs()?.toJavaScript() ?? {}, variables);
      // The provider reads its settings with `config.get` alone.
      await provider.configure({ config } as pulumi.dynamic.ConfigureRequest);
      const resp = new providerProto.ConfigureResponse();
      resp.setAcceptsecrets(false);
      resp.setSupportspreview(false);
      resp.setAcceptresources(false);
      resp.setAcceptoutputs(false);
      return resp;
    }),

    check: unary(async (req: ProviderProto.CheckRequest) => {
      const result = await provider.checkInEverySpelling(fromStruct(req.getOlds()), fromStruct(req.getNews()));
      const resp = new providerProto.CheckResponse();
      resp.setInputs(toStruct(result.inputs));
      resp.setFailuresList(
        result.failures.map((f) => new providerProto.CheckFailure().setProperty(f.property).setReason(reasonWithOtherSpellings(f))),
      );
      return resp;
    }),
    diff: unary(async (req: ProviderProto.DiffRequest) => {
      const olds = fromStruct(req.getOlds());
      const news = fromStruct(req.getNews());
      const result = await provider.diff(req.getId(), olds, news);
      const resp = new providerProto.DiffResponse();
      resp.setChanges(
        result.changes === true
          ? providerProto.DiffResponse.DiffChanges.DIFF_SOME
          : result.changes === false
            ? providerProto.DiffResponse.DiffChanges.DIFF_NONE
            : providerProto.DiffResponse.DiffChanges.DIFF_UNKNOWN,
      );
      const replaces = result.replaces ?? [];
      resp.setReplacesList(replaces);
      resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
      const changes = result.changes === true ? propertyChanges(olds, news) : [];
      if (changes.length > 0) {
        resp.setDiffsList(changes.map((c) => c.property));
        const detailed = resp.getDetaileddiffMap();
        for (const change of changes) {
          const kinds = DIFF_KINDS[change.kind];
          detailed.set(
            change.property,
            new providerProto.PropertyDiff().setKind(replaces.includes(change.property) ? kinds.replace : kinds.plain).setInputdiff(false),
          );
        }
        resp.setHasdetaileddiff(true);
      }
      return resp;
    }),
    create: unary(async (req: ProviderProto.CreateRequest) => {
      const resp = new providerProto.CreateResponse();
      // Only with supportsPreview, which Configure does not answer: a preview makes no write.
      if (req.getPreview()) return resp.setProperties(req.getProperties());
      const result = await provider.create(fromStruct(req.getProperties()));
      return resp.setId(result.id).setProperties(toStruct(result.outs));
    }),
    read: unary(async (req: ProviderProto.ReadRequest) => {
      // `pulumi import` and the `import` option send the id alone: the provider finds it by identifier.
      const result = await provider.read(req.getId(), fromStruct(req.getProperties()));
      const resp = new providerProto.ReadResponse().setId(result.id ?? "").setProperties(toStruct(result.props));
      if (result.inputs) resp.setInputs(toStruct(result.inputs));
      return resp;
    }),
    update: unary(async (req: ProviderProto.UpdateRequest) => {
      const resp = new providerProto.UpdateResponse();
      if (req.getPreview()) return resp.setProperties(req.getNews());
      const result = await provider.update(req.getId(), fromStruct(req.getOlds()), fromStruct(req.getNews()));
      return resp.setProperties(toStruct(result.outs));
    }),
    delete: unary(async (req: ProviderProto.DeleteRequest) => {
      await provider.delete(req.getId(), fromStruct(req.getProperties()));
      return new emptyProto.Empty();
    }),
  };
}

/**
 * Serves the plugin on a free loopback port and resolves to it; the engine reads the port from the plugin's
 * first line of standard output.
 */
export async function servePlugin(warn: PluginWarningSink): Promise<{ port: number; server: Grpc.Server }> {
  const server = new grpc.Server();
  server.addService(providerRpc.ResourceProviderService, resourceProviderService(warn));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
  );
  return { port, server };
}
