/**
 * The plugin side's floor for bench/cli-bench.ts: a `pulumi-resource-scalekit` that serves the same package
 * schema (schema/pulumi-package.json, written by the build) over the same protocol classes (src/plugin/protocol.ts)
 * as the real plugin, but whose provider does nothing: every call is answered at once, with no network and none of
 * the resource's modules loaded. The same YAML program run on it costs what the engine, the YAML host and a minimal
 * Node plugin cost; what the real plugin takes beyond it is its own. Bundled by the benchmark with esbuild.
 */
import * as fs from "fs";
import * as path from "path";
import {
  emptyProto,
  grpc,
  pluginProto,
  providerProto,
  providerRpc,
  structProto,
  type ProviderProto,
  type StructProto,
} from "../src/plugin/protocol";

/** The package root: the benchmark bundles this file into a folder there, and passes the root in the environment. */
const schema = fs.readFileSync(path.join(process.env.NOOP_PLUGIN_PROJECT_DIR ?? ".", "schema", "pulumi-package.json"), "utf8");
const version = (JSON.parse(schema) as { version: string }).version;

type Props = Record<string, unknown>;
const plain = (struct: StructProto.Struct | undefined): Props => struct?.toJavaScript() ?? {};
const struct = (props: Props) => structProto.Struct.fromJavaScript(props as Record<string, StructProto.JavaScriptValue>);

/** A unary handler answering with `answer(request)`. */
function at<Req, Res>(answer: (req: Req) => Res): (call: { request: Req }, callback: (err: null, res: Res) => void) => void {
  return (call, callback) => callback(null, answer(call.request));
}

const server = new grpc.Server();
server.addService(providerRpc.ResourceProviderService, {
  getPluginInfo: at(() => new pluginProto.PluginInfo().setVersion(version)),
  getSchema: at(() => new providerProto.GetSchemaResponse().setSchema(schema)),
  checkConfig: at((req: ProviderProto.CheckRequest) => new providerProto.CheckResponse().setInputs(req.getNews())),
  diffConfig: at(() => new providerProto.DiffResponse()),
  configure: at(() => new providerProto.ConfigureResponse()),
  cancel: at(() => new emptyProto.Empty()),
  check: at((req: ProviderProto.CheckRequest) => new providerProto.CheckResponse().setInputs(req.getNews())),
  diff: at((req: ProviderProto.DiffRequest) => {
    const olds = plain(req.getOlds());
    const news = plain(req.getNews());
    const changed = Object.keys(news).filter((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key]));
    return new providerProto.DiffResponse()
      .setChanges(changed.length > 0 ? providerProto.DiffResponse.DiffChanges.DIFF_SOME : providerProto.DiffResponse.DiffChanges.DIFF_NONE)
      .setDiffsList(changed);
  }),
  create: at((req: ProviderProto.CreateRequest) => {
    const id = `NOOP:${String(plain(req.getProperties()).displayName)}`;
    return new providerProto.CreateResponse().setId(id).setProperties(struct({ ...plain(req.getProperties()), identifier: id }));
  }),
  read: at((req: ProviderProto.ReadRequest) =>
    new providerProto.ReadResponse().setId(req.getId()).setProperties(req.getProperties()).setInputs(req.getInputs()),
  ),
  update: at((req: ProviderProto.UpdateRequest) =>
    new providerProto.UpdateResponse().setProperties(struct({ ...plain(req.getNews()), identifier: req.getId() })),
  ),
  delete: at(() => new emptyProto.Empty()),
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  process.stdout.write(`${port}\n`);
});
