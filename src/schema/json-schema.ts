/**
 * The JSON Schema (draft 2020-12) of a definition file, generated from the zod payload schema: zod emits the
 * structure, the enums, the required properties and every property's description and example (docs.ts);
 * the rules zod's refinements check in code and JSON Schema can also state are added here from the same
 * constants (limits.ts, rules/single-value.ts): lengths, patterns, `proxy_enabled: true`, one auth pattern, and what each
 * auth type requires or forbids. Rules JSON Schema cannot state (unique field and scope names, placeholders
 * matching fields) are left to `scalekit-providers` and the program, which check everything.
 */
import { z } from "zod";
import { HEADER_TOKEN } from "./rules";
import { PAYLOAD_DESCRIPTION } from "./docs";
import { SCHEMA_KEY } from "./definition-document";
import {
  DISPLAY_NAME_MAX_LENGTH,
  MAX_AUTH_PATTERNS,
  METADATA_KEY_LENGTH,
  METADATA_MAX_PAIRS,
  METADATA_VALUE_LENGTH,
  URL_MAX_LENGTH,
} from "./limits";
import { ProviderPayloadSchema } from "./wire";

type JsonSchema = Record<string, unknown>;

/** The package file that holds the schema (shipped in the package; written by `npm run build`). */
export const JSON_SCHEMA_FILE = "schema/definition.schema.json";

/** An `https://` URL without placeholders, or "" (unset). */
const PLAIN_URL: JsonSchema = { pattern: "^(https://[^\\s{}]+)?$", maxLength: URL_MAX_LENGTH };

/** The JSON Schema of a definition file (a provider payload, plus an optional `$schema`). */
export function definitionJsonSchema(): JsonSchema {
  const schema = z.toJSONSchema(ProviderPayloadSchema, { target: "draft-2020-12", io: "input" }) as JsonSchema;
  const root = properties(schema);
  const pattern = items(root.auth_patterns);
  const patternProps = properties(pattern);
  const oauth = properties(patternProps.oauth_config);

  Object.assign(root.display_name, {
    minLength: 1,
    maxLength: DISPLAY_NAME_MAX_LENGTH,
    pattern: "^[A-Za-z0-9 ]*[A-Za-z0-9][A-Za-z0-9 ]*$",
  });
  Object.assign(root.auth_patterns, { minItems: MAX_AUTH_PATTERNS, maxItems: MAX_AUTH_PATTERNS });
  // Placeholders are set aside before the length counts, so the length is left to the program's check.
  Object.assign(root.proxy_url, { pattern: "^https://[^\\s]+$" });
  Object.assign(root.proxy_enabled, { const: true });
  Object.assign(root.icon_src, PLAIN_URL);
  const metadata = root.metadata;
  Object.assign(metadata, { maxProperties: METADATA_MAX_PAIRS });
  Object.assign(metadata.propertyNames as JsonSchema, { minLength: METADATA_KEY_LENGTH.min, maxLength: METADATA_KEY_LENGTH.max });
  Object.assign(metadata.additionalProperties as JsonSchema, { minLength: METADATA_VALUE_LENGTH.min, maxLength: METADATA_VALUE_LENGTH.max });

  for (const uri of ["authorize_uri", "token_uri", "user_info_uri"]) Object.assign(oauth[uri], PLAIN_URL);
  Object.assign(properties(items(oauth.available_scopes)).scope, { minLength: 1 });
  for (const list of ["fields", "account_fields"]) Object.assign(properties(items(patternProps[list])).field_name, { minLength: 1 });
  Object.assign(patternProps.auth_header_key_override, { pattern: `^(${HEADER_TOKEN.source.slice(1, -1)})?$` });
  pattern.allOf = authTypeRules();

  return {
    $schema: schema.$schema,
    title: "Scalekit custom provider definition",
    description: PAYLOAD_DESCRIPTION,
    ...schema,
    properties: {
      [SCHEMA_KEY]: { type: "string", description: "The JSON Schema editors validate this file with; ignored by scalekit-providers and never sent to Scalekit." },
      ...root,
    },
  };
}

/** What each auth type requires or forbids in its pattern. */
function authTypeRules(): JsonSchema[] {
  const typeIs = (type: string): JsonSchema => ({ properties: { type: { const: type } }, required: ["type"] });
  return [
    { if: typeIs("OAUTH"), then: { required: ["oauth_config"] }, else: { not: { required: ["oauth_config"] } } },
    {
      if: typeIs("NO_AUTH"),
      then: {
        required: ["is_mcp"],
        properties: { is_mcp: { const: true }, fields: { type: "array", maxItems: 0 }, account_fields: { type: "array", maxItems: 0 } },
      },
    },
    {
      // OAUTH outside MCP (is_mcp absent or false): the authorization and token endpoints are required.
      if: { properties: { type: { const: "OAUTH" }, is_mcp: { const: false } }, required: ["type"] },
      then: {
        properties: {
          oauth_config: {
            type: "object",
            required: ["authorize_uri", "token_uri"],
            properties: { authorize_uri: { type: "string", minLength: 1 }, token_uri: { type: "string", minLength: 1 } },
          },
        },
      },
    },
  ];
}

function properties(schema: unknown): Record<string, JsonSchema> {
  const found = (schema as JsonSchema | undefined)?.properties;
  if (found === undefined) throw new Error("definitionJsonSchema: the payload schema changed shape: update json-schema.ts");
  return found as Record<string, JsonSchema>;
}

function items(schema: unknown): JsonSchema {
  const found = (schema as JsonSchema | undefined)?.items;
  if (found === undefined) throw new Error("definitionJsonSchema: the payload schema changed shape: update json-schema.ts");
  return found as JsonSchema;
}
