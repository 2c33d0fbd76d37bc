/**
 * The JSON Schema shipped for definition files (schema/definition.schema.json, written by `npm run build`),
 * checked with a real draft 2020-12 validator: every documented example and every file of definitions/
 * passes, typical mistakes fail (and the program's own validation rejects them too), and every property
 * carries a description and an example.
 */
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse as parseYaml } from "yaml";
import { validatePayload } from "../../src/schema";
import { definitionJsonSchema, JSON_SCHEMA_FILE } from "../../src/schema/json-schema";
import { examples } from "../helpers/examples";

const REPO_ROOT = path.resolve(__dirname, "../..");
const DEFINITIONS = path.join(REPO_ROOT, "definitions");
const shipped = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, JSON_SCHEMA_FILE), "utf8")) as Record<string, any>;
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(shipped);

type Payload = Record<string, any>;
const clone = (value: Payload): Payload => JSON.parse(JSON.stringify(value));

test("the shipped file is what the schema generates (draft 2020-12)", () => {
  expect(shipped).toEqual(definitionJsonSchema());
  expect(shipped.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
});

test.each(Object.entries(examples()))("the documented example %s validates", (_name, payload) => {
  expect(validate(payload) ? [] : validate.errors).toEqual([]);
});

test.each(fs.readdirSync(DEFINITIONS).filter((f) => /\.(json|ya?ml)$/.test(f)))("definitions/%s points at the schema and validates", (file) => {
  const text = fs.readFileSync(path.join(DEFINITIONS, file), "utf8");
  const document = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  if (file.endsWith(".json")) expect(document.$schema).toBe("../schema/definition.schema.json");
  else expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/schema\/definition\.schema\.json$/m);
  expect(validate(document) ? [] : validate.errors).toEqual([]);
});

/** Typical mistakes, each made on a valid documented example. */
const MISTAKES: [string, string, (p: Payload) => void][] = [
  ["an http:// proxy_url", "bearer-token", (p) => (p.proxy_url = "http://api.example.com")],
  ["OAUTH without oauth_config", "asana-oauth", (p) => delete p.auth_patterns[0].oauth_config],
  ["oauth_config on a BASIC pattern", "freshdesk-basic", (p) => (p.auth_patterns[0].oauth_config = { pkce_enabled: true })],
  ["OAUTH outside MCP without token_uri", "asana-oauth", (p) => delete p.auth_patterns[0].oauth_config.token_uri],
  ["NO_AUTH without is_mcp", "public-docs-mcp-no-auth", (p) => delete p.auth_patterns[0].is_mcp],
  ["NO_AUTH with is_mcp false", "public-docs-mcp-no-auth", (p) => (p.auth_patterns[0].is_mcp = false)],
  [
    "NO_AUTH with fields",
    "public-docs-mcp-no-auth",
    (p) => (p.auth_patterns[0].fields = [{ field_name: "token", label: "Token", input_type: "password" }]),
  ],
  ["proxy_enabled false", "bearer-token", (p) => (p.proxy_enabled = false)],
  ["proxy_enabled missing", "bearer-token", (p) => delete p.proxy_enabled],
  ["an unknown top-level key", "bearer-token", (p) => (p.proxyEnabled = true)],
  ["an unknown key in a field", "attention-api-key", (p) => (p.auth_patterns[0].fields[0].inputType = "password")],
  ["two auth patterns", "bearer-token", (p) => p.auth_patterns.push(clone(p.auth_patterns[0]))],
  ["no auth pattern", "bearer-token", (p) => (p.auth_patterns = [])],
  ["an unknown auth type", "bearer-token", (p) => (p.auth_patterns[0].type = "OAUTH2")],
  ["an unknown input_type", "attention-api-key", (p) => (p.auth_patterns[0].fields[0].input_type = "secret")],
  ["a hyphen in display_name", "bearer-token", (p) => (p.display_name = "My-Provider")],
  ["a display_name of spaces", "bearer-token", (p) => (p.display_name = "   ")],
  ["a display_name of 201 characters", "bearer-token", (p) => (p.display_name = "a".repeat(201))],
  ["an unknown auth_field_mutations key", "freshdesk-basic", (p) => (p.auth_patterns[0].auth_field_mutations = { pasword: { default: "X" } })],
  ["a header name with a colon", "attention-api-key", (p) => (p.auth_patterns[0].auth_header_key_override = "x-api-key:")],
  ["an http:// icon_src", "bearer-token", (p) => (p.icon_src = "http://example.com/icon.png")],
  ["a metadata key of 2 characters", "bearer-token", (p) => (p.metadata = { ab: "value" })],
  ["21 metadata pairs", "bearer-token", (p) => (p.metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "v"])))],
  ["an empty scope name", "asana-oauth", (p) => (p.auth_patterns[0].oauth_config.available_scopes[0].scope = "")],
];

test.each(MISTAKES)("%s fails the JSON Schema, as it fails validation", (_what, example, mistake) => {
  const payload = clone(examples()[example]);
  mistake(payload);
  expect(validatePayload(payload).ok).toBe(false);
  expect(validate(payload)).toBe(false);
});

test("`$schema` is the only key a definition file adds to the payload", () => {
  const payload = { $schema: "../schema/definition.schema.json", ...examples()["bearer-token"] };
  expect(validate(payload)).toBe(true);
  expect(validate({ ...payload, $id: "x" })).toBe(false);
});

test("every property has a description and an example", () => {
  const undocumented: string[] = [];
  const walk = (schema: any, at: string): void => {
    if (schema === null || typeof schema !== "object") return;
    for (const [name, property] of Object.entries<any>(schema.properties ?? {})) {
      const where = `${at}.${name}`;
      // Properties named inside a conditional (allOf/if/then) restate a documented one.
      if (!at.includes("allOf") && (typeof property.description !== "string" || !Array.isArray(property.examples) || property.examples.length === 0)) {
        if (name !== "$schema") undocumented.push(where);
      }
      walk(property, where);
    }
    for (const key of ["items", "additionalProperties"]) walk(schema[key], `${at}.${key}`);
    (schema.allOf ?? []).forEach((part: any, i: number) => walk(part, `${at}.allOf[${i}]`));
  };
  walk(shipped, "");
  expect(undocumented).toEqual([]);
  expect(typeof shipped.properties.$schema.description).toBe("string");
});

test("each example in the schema is valid for its property", () => {
  const ajv = new Ajv2020({ strict: false });
  const invalid: string[] = [];
  const walk = (schema: any, at: string): void => {
    for (const [name, property] of Object.entries<any>(schema?.properties ?? {})) {
      const { examples: samples, ...rest } = property;
      if (Array.isArray(samples) && !at.includes("allOf")) {
        for (const sample of samples) if (!ajv.validate(rest, sample)) invalid.push(`${at}.${name}`);
      }
      walk(property, `${at}.${name}`);
      walk(property.items, `${at}.${name}[]`);
      walk(property.additionalProperties, `${at}.${name}{}`);
    }
  };
  walk(shipped, "");
  expect(invalid).toEqual([]);
});
