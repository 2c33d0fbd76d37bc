/**
 * A Check failure's reason ends with the property as the Python SDK spells it, when that differs from the schema's
 * spelling; the resource gives that spelling in the wire naming of the one casing map, and it is the generated
 * SDK's own (sdk/python). check-names.test.ts shows it over gRPC.
 */
import * as fs from "fs";
import * as path from "path";
import { PAYLOAD_STRUCTURE, type StructureNode } from "../../src/schema";
import { reasonWithOtherSpellings } from "../../src/plugin/spellings";

const SDK = path.resolve(__dirname, "../../sdk/python/pulumi_scalekit");

test("a property Python spells otherwise gets its Python spelling after the reason", () => {
  const failure = {
    property: "authPatterns[0].oauthConfig.tokenUri",
    reason: "must start with https://: use https://",
    wireProperty: "auth_patterns[0].oauth_config.token_uri",
  };
  expect(reasonWithOtherSpellings(failure)).toBe(
    "must start with https://: use https:// (in Python: auth_patterns[0].oauth_config.token_uri)",
  );
});

test("a property every SDK spells alike, and a failure that names no payload property, keep their reason as it is", () => {
  expect(reasonWithOtherSpellings({ property: "metadata.someKey", reason: "must not be empty", wireProperty: "metadata.someKey" })).toBe(
    "must not be empty",
  );
  expect(reasonWithOtherSpellings({ property: "adopt", reason: "must be true or false" })).toBe("must be true or false");
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
