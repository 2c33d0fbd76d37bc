/**
 * The documentation of the package schema reaches the committed SDKs: every property of the resource and of the
 * provider is documented where its users read it, a docstring in Python, a doc comment in Go, TSDoc in Node.js.
 * (test/sdk/drift.e2e.ts, which needs Go, checks the SDKs are exactly what the schema generates.)
 */
import * as fs from "fs";
import * as path from "path";
import { packageSchema, pluginVersion, RESOURCE_TOKEN } from "../../src/plugin";

const SDK = path.resolve(__dirname, "../../sdk");
type Properties = Record<string, { description: string }>;
const schema = packageSchema(pluginVersion()) as {
  resources: Record<string, { inputProperties: Properties }>;
  provider: { inputProperties: Properties };
};

/** A file's text with comment markers and line breaks folded away, so that a wrapped sentence still matches. */
function prose(file: string): string {
  return fs
    .readFileSync(path.join(SDK, file), "utf8")
    .replace(/^\s*(\/\/|\*|#)\s?/gm, "")
    .replace(/\s+/g, " ");
}

/** The first sentence of a description, as the generators keep it. */
const firstSentence = (description: string) => description.split(/(?<=\.)\s/)[0].replace(/\s+/g, " ");

const FILES: Record<string, { resource: string; provider: string }> = {
  python: { resource: "python/pulumi_scalekit/custom_provider.py", provider: "python/pulumi_scalekit/provider.py" },
  go: { resource: "go/scalekit/customProvider.go", provider: "go/scalekit/provider.go" },
  nodejs: { resource: "nodejs/customProvider.ts", provider: "nodejs/provider.ts" },
};

test.each(Object.keys(FILES))("the %s SDK documents every input of CustomProvider and of the provider, from the schema", (language) => {
  const undocumented = (properties: Properties, file: string) => {
    const text = prose(file);
    return Object.entries(properties)
      .filter(([, spec]) => !text.includes(firstSentence(spec.description)))
      .map(([name]) => `${file}: ${name}`);
  };
  expect(Object.keys(schema.resources[RESOURCE_TOKEN].inputProperties).length).toBeGreaterThan(5);
  expect([
    ...undocumented(schema.resources[RESOURCE_TOKEN].inputProperties, FILES[language].resource),
    ...undocumented(schema.provider.inputProperties, FILES[language].provider),
  ]).toEqual([]);
});
