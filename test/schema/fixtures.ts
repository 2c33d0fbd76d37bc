/**
 * Shared test data for the schema tests: the documented examples (see test/helpers/examples.ts) and small
 * valid payloads of every auth type to mutate.
 */
import { examples, EXAMPLES_DIR } from "../helpers/examples";

export { EXAMPLES_DIR };

export interface Example {
  readonly file: string;
  readonly payload: Record<string, unknown>;
}

/**
 * Every documented example, parsed.
 * @throws Error when an example is missing: the tests must not pass vacuously.
 */
export function loadExamples(): Example[] {
  return Object.entries(examples()).map(([name, payload]) => ({ file: `${name}.json`, payload }));
}

/** Test payloads are mutated freely, so they are loosely typed. */
type Json = Record<string, any>;

/** A deep copy of `payload` after `change` ran on it. */
export function mutate(payload: Json, change: (copy: Json) => void): Json {
  const copy = structuredClone(payload);
  change(copy);
  return copy;
}

const field = (field_name: string, extra: Json = {}): Json => ({
  field_name,
  label: field_name,
  input_type: "text",
  hint: "",
  required: true,
  ...extra,
});

export const apiKeyPayload: Json = {
  display_name: "My Attention",
  description: "Attention API",
  auth_patterns: [
    {
      type: "API_KEY",
      display_name: "API Key",
      description: "Authenticate with an API key",
      fields: [field("api_key", { input_type: "password" })],
      auth_header_key_override: "x-api-key",
      auth_field_mutations: { api_key: { prefix: "Klaviyo-API-Key " } },
    },
  ],
  proxy_url: "https://api.attention.tech",
  proxy_enabled: true,
  icon_src: "https://example.com/icon.png",
  metadata: { team_name: "platform", ownerId: "u-1" },
};

export const basicPayload: Json = {
  display_name: "My Freshdesk",
  auth_patterns: [
    {
      type: "BASIC",
      display_name: "Basic Auth",
      fields: [field("domain"), field("username")],
      auth_field_mutations: { password: { default: "X" } },
    },
  ],
  proxy_url: "https://{{domain}}/api/{{version}}",
  proxy_enabled: true,
};
basicPayload.auth_patterns[0].fields.push(field("version"));

export const bearerPayload: Json = {
  display_name: "Bearer Service 2",
  auth_patterns: [
    {
      type: "BEARER",
      display_name: "Bearer",
      fields: [field("token", { input_type: "password" }), field("tenant", { is_path_param: true })],
    },
  ],
  proxy_url: "https://api.example.com/tenants/{{tenant}}",
  proxy_enabled: true,
};

export const oauthPayload: Json = {
  display_name: "My Asana",
  auth_patterns: [
    {
      type: "OAUTH",
      display_name: "OAuth 2.0",
      fields: [],
      account_fields: [field("workspace", { is_path_param: true })],
      oauth_config: {
        authorize_uri: "https://app.asana.com/-/oauth_authorize",
        token_uri: "https://app.asana.com/-/oauth_token",
        user_info_uri: "https://app.asana.com/api/1.0/users/me",
        available_scopes: [
          { scope: "profile", display_name: "Profile", description: "Profile", required: true },
          { scope: "email", display_name: "Email", description: "Email", required: false },
        ],
        pkce_enabled: true,
        allow_use_scalekit_credentials: false,
        custom_scope_name: "",
      },
    },
  ],
  proxy_url: "https://app.asana.com/api/{{workspace}}",
  proxy_enabled: true,
};

export const mcpOauthPayload: Json = {
  display_name: "Github MCP",
  auth_patterns: [{ type: "OAUTH", display_name: "OAuth 2.1/DCR", is_mcp: true, fields: [], oauth_config: { pkce_enabled: true } }],
  proxy_url: "https://api.githubcopilot.com/mcp/",
  proxy_enabled: true,
};

export const noAuthPayload: Json = {
  display_name: "Public Docs MCP",
  auth_patterns: [{ type: "NO_AUTH", display_name: "No Auth", is_mcp: true, fields: [] }],
  proxy_url: "https://mcp.example.com",
  proxy_enabled: true,
};

/** One valid payload per auth type (and MCP), by name. */
export const VALID_PAYLOADS: Readonly<Record<string, Json>> = {
  API_KEY: apiKeyPayload,
  BASIC: basicPayload,
  BEARER: bearerPayload,
  OAUTH: oauthPayload,
  "OAUTH MCP": mcpOauthPayload,
  NO_AUTH: noAuthPayload,
};
