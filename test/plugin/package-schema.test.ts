/**
 * The plugin's Pulumi package schema against the one zod schema: checked through zod's own JSON Schema (another
 * path from the same source), so a property added, removed, renamed, made required or given another type in
 * wire.ts that the package schema does not follow fails here, as does a property without documentation.
 */
import * as fs from "fs";
import * as path from "path";
import { CREDENTIALS, NAMED_OPTIONS, NUMERIC_SETTINGS } from "../../src/client";
import { PACKAGE_SCHEMA_FILE, packageSchema, pluginVersion, RESOURCE_TOKEN } from "../../src/plugin";
import { AUTH_TYPES, INPUT_TYPES, ProviderPayloadSchema } from "../../src/schema";
import { z } from "zod";

type Json = Record<string, any>;

const schema = packageSchema(pluginVersion()) as Json;
const resource = schema.resources[RESOURCE_TOKEN] as Json;
const camel = (key: string) => key.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** The type a `$ref` names, or the property itself. */
function resolved(spec: Json): Json {
  if (typeof spec.$ref !== "string") return spec;
  const token = spec.$ref.replace("#/types/", "");
  expect(Object.keys(schema.types)).toContain(token);
  return schema.types[token] as Json;
}

/** Compares one object of zod's JSON Schema (wire) with the package schema's (camelCase), all the way down. */
function compare(zodNode: Json, pulumiProperties: Json, pulumiRequired: string[], where: string): void {
  const zodProperties = zodNode.properties as Json;
  expect({ where, keys: Object.keys(pulumiProperties).sort() }).toEqual({ where, keys: Object.keys(zodProperties).map(camel).sort() });
  expect({ where, required: [...pulumiRequired].sort() }).toEqual({
    where,
    required: ((zodNode.required ?? []) as string[]).map(camel).sort(),
  });
  for (const [wire, zodProperty] of Object.entries(zodProperties) as [string, Json][]) {
    const spec = pulumiProperties[camel(wire)] as Json;
    expect({ at: `${where}.${camel(wire)}`, described: typeof spec.description === "string" && spec.description.length > 20 }).toEqual({
      at: `${where}.${camel(wire)}`,
      described: true,
    });
    compareValue(zodProperty, spec, `${where}.${camel(wire)}`);
  }
}

function compareValue(zodValue: Json, spec: Json, where: string): void {
  if (zodValue.enum) {
    expect(resolved(spec).enum.map((e: Json) => e.value)).toEqual(zodValue.enum);
  } else if (zodValue.type === "array") {
    expect(spec.type).toBe("array");
    compareValue(zodValue.items as Json, spec.items as Json, `${where}[]`);
  } else if (zodValue.type === "object" && zodValue.properties && !zodValue.additionalProperties?.type) {
    const type = resolved(spec);
    compare(zodValue, type.properties as Json, (type.required ?? []) as string[], where);
  } else if (zodValue.type === "object") {
    expect(spec.type).toBe("object");
    compareValue(zodValue.additionalProperties as Json, spec.additionalProperties as Json, `${where}{}`);
  } else {
    expect({ where, type: spec.type }).toEqual({ where, type: zodValue.type });
  }
}

test("the resource's inputs follow the zod schema at every level: keys, required keys, types, enums, a description each", () => {
  const zodSchema = z.toJSONSchema(ProviderPayloadSchema, { io: "input" }) as Json;
  const { adopt, ...payloadInputs } = resource.inputProperties as Json;
  expect(adopt).toEqual(expect.objectContaining({ type: "boolean", default: false }));
  // proxyEnabled has a default (true), so a program may leave it out.
  compare(zodSchema, payloadInputs, [...resource.requiredInputs, "proxyEnabled"], "CustomProvider");
  expect(payloadInputs.proxyEnabled.default).toBe(true);
});

test("enums name the auth types and input types; outputs carry the identifier Scalekit gives", () => {
  expect(schema.types["scalekit:index:AuthType"].enum.map((e: Json) => e.value)).toEqual([...AUTH_TYPES]);
  expect(schema.types["scalekit:index:InputType"].enum.map((e: Json) => e.value)).toEqual([...INPUT_TYPES]);
  expect(resource.required).toEqual(expect.arrayContaining(["identifier", "providerId", "displayName", "authPatterns"]));
  expect(resource.properties.identifier).toEqual(
    expect.objectContaining({ type: "string", description: expect.stringContaining("resource ID") }),
  );
});

test("each enum member has a name of words for the SDKs (API_KEY → ApiKey: Python's API_KEY, Go's AuthTypeApiKey), not a mangled value", () => {
  expect(schema.types["scalekit:index:AuthType"].enum.map((e: Json) => [e.value, e.name])).toEqual([
    ["OAUTH", "Oauth"],
    ["BASIC", "Basic"],
    ["BEARER", "Bearer"],
    ["API_KEY", "ApiKey"],
    ["NO_AUTH", "NoAuth"],
  ]);
  expect(schema.types["scalekit:index:InputType"].enum.map((e: Json) => e.name)).toEqual(["Text", "Password", "Select"]);
});

test("the resource aliases the dynamic resource's type (the one test/program checks a CustomProvider registers), so a program on the plugin takes over its stack", () => {
  expect(resource.aliases).toEqual([{ type: "pulumi-nodejs:dynamic/scalekit:CustomProvider" }]);
});

test("the configuration is the settings table: every setting, the client secret marked secret, each naming its variable", () => {
  const variables = schema.config.variables as Json;
  const names = [...Object.keys(CREDENTIALS), ...NAMED_OPTIONS.map((option) => NUMERIC_SETTINGS[option].named.name)];
  expect(Object.keys(variables).sort()).toEqual(names.sort());
  expect(schema.provider.inputProperties).toEqual(variables);
  expect(
    Object.entries(variables)
      .filter(([, v]) => (v as Json).secret)
      .map(([k]) => k),
  ).toEqual(["clientSecret"]);
  expect(variables.clientSecret.description).toContain(CREDENTIALS.clientSecret.envVar);
  expect(variables.maxRetries.type).toBe("integer");
});

test("the build writes this schema to the package (npm run build)", () => {
  const written = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../..", PACKAGE_SCHEMA_FILE), "utf8")) as unknown;
  expect(written).toEqual(schema);
});
