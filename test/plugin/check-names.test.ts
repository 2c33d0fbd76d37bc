/**
 * Check names a failing property by its path in the package schema's names (camelCase: `authPatterns[0].oauthConfig.
 * tokenUri`), the names every SDK is generated from and YAML programs write. The engine prints a CheckFailure's
 * property as the provider sends it (`<type> resource '<name>': property <property> value … has a problem: <reason>`,
 * pkg/resource/deploy/step_generator.go) and no SDK sees or renames it, so this path is what a user of any language
 * reads. Over gRPC, for definitions broken at every depth: each failure's path resolves in the package schema, and
 * the failures are exactly those of the resource's own check, each reason followed by the property as a Python
 * program writes it when that spelling differs (src/plugin/spellings.ts).
 */
import { ScalekitResourceProvider } from "../../src/resource/native";
import { packageSchema, pluginVersion, RESOURCE_TOKEN, servePlugin } from "../../src/plugin";
import type { Grpc } from "../../src/plugin/protocol";
import { definitionArgs, PluginClient } from "./plugin-client";

interface SchemaNode {
  type?: string;
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  inputProperties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  additionalProperties?: SchemaNode;
}

const SCHEMA = packageSchema(pluginVersion()) as { resources: Record<string, SchemaNode>; types: Record<string, SchemaNode> };

/** Whether `property` (`a[0].b.c`) names a path of the resource's inputs in the package schema. */
function inSchema(property: string): boolean {
  const segments = property.split(/\.|(?=\[)/).filter((s) => s !== "");
  let node: SchemaNode | undefined = { properties: SCHEMA.resources[RESOURCE_TOKEN].inputProperties };
  for (const segment of segments) {
    if (node?.$ref) node = SCHEMA.types[node.$ref.replace("#/types/", "")];
    if (!node) return false;
    if (/^\[\d+\]$/.test(segment)) node = node.type === "array" ? node.items : undefined;
    else if (node.properties) node = node.properties[segment];
    else node = node.additionalProperties;
  }
  return node !== undefined;
}

let server: Grpc.Server;
let plugin: PluginClient;

beforeAll(async () => {
  const served = await servePlugin(() => undefined);
  server = served.server;
  plugin = new PluginClient(served.port);
});

afterAll(() => {
  plugin.close();
  server.forceShutdown();
});

type Args = Record<string, unknown> & { authPatterns: Array<Record<string, unknown> & { oauthConfig: Record<string, unknown> }> };
const asana = () => definitionArgs("asana-oauth.json") as Args;
const withPattern = (patch: (pattern: Args["authPatterns"][0]) => Record<string, unknown>) => {
  const args = asana();
  return { ...args, authPatterns: [patch(args.authPatterns[0])] };
};

/** `properties`: schema path → the other SDKs' spellings the reason ends with, or undefined when they spell it alike. */
const BROKEN: Array<{ what: string; args: Record<string, unknown>; properties: Record<string, string | undefined> }> = [
  {
    what: "a top-level URL",
    args: { ...asana(), proxyUrl: "http://api.example.com" },
    properties: { proxyUrl: "in Python: proxy_url; in Go: ProxyUrl" },
  },
  {
    what: "OAuth settings two and four levels down",
    args: withPattern((p) => ({
      ...p,
      oauthConfig: { ...p.oauthConfig, tokenUri: "http://x.example.com", availableScopes: [{ scope: "" }] },
    })),
    properties: {
      "authPatterns[0].oauthConfig.tokenUri":
        "in Python: auth_patterns[0].oauth_config.token_uri; in Go: AuthPatterns[0].OauthConfig.TokenUri",
      "authPatterns[0].oauthConfig.availableScopes[0].scope":
        "in Python: auth_patterns[0].oauth_config.available_scopes[0].scope; in Go: AuthPatterns[0].OauthConfig.AvailableScopes[0].Scope",
    },
  },
  {
    what: "an auth type and a field's input type, enums of the schema",
    args: withPattern((p) => ({ ...p, type: "NOPE", fields: [{ fieldName: "x", label: "X", inputType: "bad" }] })),
    properties: {
      "authPatterns[0].type": "in Python: auth_patterns[0].type; in Go: AuthPatterns[0].Type",
      "authPatterns[0].fields[0].inputType": "in Python: auth_patterns[0].fields[0].input_type; in Go: AuthPatterns[0].Fields[0].InputType",
    },
  },
  {
    what: "a metadata key (data, spelled as written)",
    args: { ...asana(), metadata: { someKey: "" } },
    properties: { "metadata.someKey": "in Go: Metadata.someKey" },
  },
  { what: "adopt, the resource's own input", args: { ...asana(), adopt: "yes" }, properties: { adopt: "in Go: Adopt" } },
];

test.each(BROKEN)(
  "$what: the failures name schema paths, and are the resource's own, with the Python and Go spellings where they differ",
  async ({ args, properties }) => {
    const { failures } = await plugin.check(args);
    expect(failures.map((f) => f.property).sort()).toEqual(Object.keys(properties).sort());
    expect(failures.filter((f) => !inSchema(f.property))).toEqual([]);
    const direct = await new ScalekitResourceProvider(() => undefined).check({}, args);
    expect(failures).toEqual(
      (direct.failures ?? []).map(({ property, reason }) => {
        const others = properties[property];
        return { property, reason: others === undefined ? reason : `${reason} (${others})` };
      }),
    );
  },
);

test("a property spelled as in Python (snake_case) is not in the schema: the failure names it as written and the schema's spelling", async () => {
  const { proxyUrl, ...rest } = asana();
  const { failures } = await plugin.check({ ...rest, proxy_url: proxyUrl });
  expect(failures).toEqual([{ property: "proxy_url", reason: expect.stringContaining("did you mean `proxyUrl`?") }]);
  expect(inSchema("proxy_url")).toBe(false);
  expect(inSchema("proxyUrl")).toBe(true);
});
