/**
 * A Check failure's reason ends with the property as the Python SDK spells it, when that differs from the schema's
 * spelling; the resource gives that spelling in the wire naming of the one casing map, and it is the generated
 * SDK's own (sdk/python). check-names.test.ts shows it over gRPC.
 */
import * as fs from "fs";
import * as path from "path";
import { PAYLOAD_STRUCTURE, renderGoProperty, type StructureNode } from "../../src/schema";
import { reasonWithOtherSpellings } from "../../src/plugin/spellings";

const SDK = path.resolve(__dirname, "../../sdk/python/pulumi_scalekit");
const GO_SDK = path.resolve(__dirname, "../../sdk/go/scalekit");

test("a property Python and Go spell otherwise gets their spellings after the reason", () => {
  const failure = {
    property: "authPatterns[0].oauthConfig.tokenUri",
    reason: "must start with https://: use https://",
    wireProperty: "auth_patterns[0].oauth_config.token_uri",
    goProperty: "AuthPatterns[0].OauthConfig.TokenUri",
  };
  expect(reasonWithOtherSpellings(failure)).toBe(
    "must start with https://: use https:// (in Python: auth_patterns[0].oauth_config.token_uri; in Go: AuthPatterns[0].OauthConfig.TokenUri)",
  );
});

test("only the SDKs that spell a property otherwise are named; a failure that names no payload property keeps its reason", () => {
  expect(
    reasonWithOtherSpellings({
      property: "metadata.someKey",
      reason: "must not be empty",
      wireProperty: "metadata.someKey",
      goProperty: "Metadata.someKey",
    }),
  ).toBe("must not be empty (in Go: Metadata.someKey)");
  expect(reasonWithOtherSpellings({ property: "", reason: "… and 3 more issues" })).toBe("… and 3 more issues");
});

test("the Go spelling is the schema path with each schema key exported, data keys as written", () => {
  expect(renderGoProperty(["auth_patterns", 0, "oauth_config", "available_scopes", 1, "scope"])).toBe(
    "AuthPatterns[0].OauthConfig.AvailableScopes[1].Scope",
  );
  expect(renderGoProperty(["auth_patterns", 0, "is_mcp"])).toBe("AuthPatterns[0].IsMcp");
  expect(renderGoProperty(["metadata", "team_name"])).toBe("Metadata.team_name");
});

/** Every property of the payload structure: its schema (args) name and its wire name. */
function properties(node: StructureNode): { args: string; wire: string }[] {
  if (node.kind === "array") return properties(node.element);
  if (node.kind === "map") return properties(node.value);
  if (node.kind === "leaf") return [];
  return node.properties.flatMap((p) => [{ args: p.args, wire: p.wire }, ...properties(p.node)]);
}

test("the generated Python SDK names every payload property by its wire name, the spelling the reasons give", () => {
  const source = ["_inputs.py", "outputs.py", "custom_provider.py"].map((file) => fs.readFileSync(path.join(SDK, file), "utf8")).join("\n");
  const pythonName = new Map<string, string>();
  for (const [, named, python] of source.matchAll(/@pulumi\.getter(?:\(name="(\w+)"\))?\s+def (\w+)\(self\)/g)) {
    pythonName.set(named ?? python, python);
  }
  const all = properties(PAYLOAD_STRUCTURE);
  expect(all.length).toBeGreaterThan(20);
  expect(all.filter((p) => pythonName.get(p.args) !== p.wire)).toEqual([]);
});

test("the generated Go SDK names every payload property as an exported field, its schema name first letter upper-cased", () => {
  const source = ["pulumiTypes.go", "customProvider.go"].map((file) => fs.readFileSync(path.join(GO_SDK, file), "utf8")).join("\n");
  const goName = new Map<string, string>();
  for (const [, field, named] of source.matchAll(/^\s+(\w+)\s+[^\n`]*`pulumi:"(\w+)"`/gm)) goName.set(named, field);
  const all = properties(PAYLOAD_STRUCTURE);
  expect(all.filter((p) => goName.get(p.args) !== p.args.charAt(0).toUpperCase() + p.args.slice(1))).toEqual([]);
});
