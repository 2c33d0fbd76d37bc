/**
 * THE documentation of every payload property: what Scalekit does with it, its rules, and an example. wire.ts
 * attaches each entry to its property of the zod schema, so the JSON Schema for definition files (descriptions,
 * examples) and the doc comments of the generated TypeScript types (src/schema/payload-types.ts,
 * src/resource/args.ts) both come from here. The wording of rules that validation messages also state lives in
 * RULES below and is used by both.
 *
 * A description names other properties through `key`, so that it reads `proxy_enabled` in a definition file's
 * schema and `proxyEnabled` on a Pulumi user's hover.
 */
import { z } from "zod";
import {
  AUTH_TYPES,
  DISPLAY_NAME_MAX_LENGTH,
  INPUT_TYPES,
  MAX_AUTH_PATTERNS,
  METADATA_KEY_LENGTH,
  METADATA_MAX_PAIRS,
  METADATA_VALUE_LENGTH,
  MUTATION_FIELD_KEYS,
  URL_MAX_LENGTH,
} from "./limits";
import { keyIn, type Naming } from "./naming";
import { listOr } from "./wording";

const DISPLAY_NAME_CHARACTERS = "ASCII letters, digits and spaces";

/** The rules both the docs and the validation messages state, worded once. */
export const RULES = {
  displayNameCharacters: DISPLAY_NAME_CHARACTERS,
  displayName: `1 to ${DISPLAY_NAME_MAX_LENGTH} ${DISPLAY_NAME_CHARACTERS}`,
  proxyOnly: "tool calling only works through Scalekit's proxy",
  authPatternCount: `Scalekit currently supports exactly ${MAX_AUTH_PATTERNS} auth pattern per provider`,
  headerName: "letters, digits and !#$%&'*+-.^_`|~, no spaces or colons",
  placeholderName: "placeholder names are letters, digits, `_` and `-`, starting with a letter or `_`",
} as const;

/** Renders a property name (given in wire spelling) as the reader writes it, in backticks. */
export type KeyRenderer = (wireKey: string) => string;

/** One property's documentation. */
export interface PropertyDoc {
  /** What Scalekit does with the property and its rules, naming other properties through `key`. */
  readonly describe: (key: KeyRenderer) => string;
  /** A valid value, in wire spelling (keys of objects in snake_case). */
  readonly example: unknown;
}

function doc(describe: (key: KeyRenderer) => string, example: unknown): PropertyDoc {
  return { describe, example };
}

const https = `an \`https://\` URL of at most ${URL_MAX_LENGTH} characters`;
const types = listOr(AUTH_TYPES.map((type) => `\`${type}\``));

/** The payload's own properties. */
const payload = {
  display_name: doc(
    () => `The provider's name in the Scalekit Dashboard and to your users; unique per environment. ${RULES.displayName}, at least one letter or digit.`,
    "My Asana",
  ),
  description: doc(() => "What the provider connects to, shown in the Scalekit Dashboard.", "Connect to Asana: tasks, projects and teams"),
  auth_patterns: doc(
    (key) =>
      `How users authenticate to the upstream API: ${RULES.authPatternCount}. Its ${key("type")} says which credentials Scalekit collects and sends.`,
    [{ type: "BEARER", display_name: "Bearer Token", fields: [{ field_name: "token", label: "Access Token", input_type: "password", required: true }] }],
  ),
  proxy_url: doc(
    (key) =>
      `Base URL of the upstream API (or MCP server) that Scalekit's proxy calls with the user's credentials: ${https} once placeholders are set aside. ` +
      `It may hold \`{{domain}}\` and \`{{version}}\` (filled from a field of that name) and \`{{name}}\` path parameters, the ${key("field_name")} of a field with ${key("is_path_param")} true ` +
      `(in ${key("fields")}, or ${key("account_fields")} for OAUTH); ${RULES.placeholderName}.`,
    "https://{{domain}}/api/v2",
  ),
  proxy_enabled: doc(() => `Routes tool calls through Scalekit's proxy. Must be true: ${RULES.proxyOnly}.`, true),
  icon_src: doc(() => `Icon shown for the provider: empty, or ${https}.`, "https://example.com/icon.png"),
  metadata: doc(
    () =>
      `Your own key/value strings, stored with the provider: at most ${METADATA_MAX_PAIRS} pairs, keys of ${METADATA_KEY_LENGTH.min} to ${METADATA_KEY_LENGTH.max} characters, ` +
      `values of ${METADATA_VALUE_LENGTH.min} to ${METADATA_VALUE_LENGTH.max}. Keys are data: spelled the same in every naming.`,
    { team: "platform" },
  ),
} as const;

/** One auth pattern. */
const pattern = {
  type: doc(
    (key) =>
      `The auth type: ${types}. OAUTH runs the authorize/token flow (needs ${key("oauth_config")}); BASIC sends \`Authorization: Basic base64(username:password)\`; ` +
      `BEARER sends \`Authorization: Bearer <token>\`; API_KEY sends the key as is in \`Authorization\` (or in ${key("auth_header_key_override")}); ` +
      `NO_AUTH sends nothing and is only for MCP servers (${key("is_mcp")} true), without fields. Scalekit cannot change the type of an existing provider.`,
    "OAUTH",
  ),
  display_name: doc(() => "Name of this way of connecting, shown to users.", "OAuth 2.0"),
  description: doc(() => "Explains this way of connecting to users.", "Authenticate with Asana using OAuth 2.0"),
  is_mcp: doc(
    (key) => `The upstream is an MCP server. Required (true) for NO_AUTH; an OAUTH MCP server using dynamic client registration needs only ${key("oauth_config")} \`{ pkce_enabled: true }\`.`,
    true,
  ),
  fields: doc(
    (key) =>
      `The credentials and values users enter when they connect (BASIC: \`username\`, \`password\`; BEARER: \`token\`; API_KEY: \`api_key\`; any type: \`domain\`, \`version\`, path parameters). ` +
      `Must be empty for NO_AUTH. ${key("field_name")} values are unique across ${key("fields")} and ${key("account_fields")}.`,
    [{ field_name: "api_key", label: "API Key", input_type: "password", required: true }],
  ),
  account_fields: doc(
    (key) => `OAUTH: account-scoped values users enter when they connect; the path parameters of ${key("proxy_url")} for OAUTH providers go here. Same shape as ${key("fields")}.`,
    [{ field_name: "workspace", label: "Workspace", input_type: "text", required: true, is_path_param: true }],
  ),
  oauth_config: doc(
    (key) =>
      `The OAuth endpoints and scopes: required when ${key("type")} is OAUTH and absent otherwise. Outside MCP, ${key("authorize_uri")} and ${key("token_uri")} are required; ` +
      `an MCP server using dynamic client registration needs only \`{ pkce_enabled: true }\`.`,
    { authorize_uri: "https://app.asana.com/-/oauth_authorize", token_uri: "https://app.asana.com/-/oauth_token", available_scopes: [{ scope: "default", required: true }] },
  ),
  auth_header_key_override: doc(
    () => `Header that carries the credential when the upstream does not use \`Authorization\`: an HTTP header name (${RULES.headerName}), or "" for \`Authorization\`.`,
    "x-api-key",
  ),
  auth_field_mutations: doc(
    () =>
      `Rewrites a credential before the proxy sends it, keyed by ${listOr(MUTATION_FIELD_KEYS.map((k) => `\`${k}\``))} (data keys, spelled the same in every naming); ` +
      "each applies `default`, then `prefix`, then `suffix`.",
    { api_key: { prefix: "Klaviyo-API-Key " } },
  ),
} as const;

/** One auth field (of `fields` or `account_fields`). */
const field = {
  field_name: doc(
    (key) =>
      `The name the value is stored under: \`username\`, \`password\`, \`token\` or \`api_key\` for credentials, \`domain\` or \`version\` for the placeholders of ${key("proxy_url")}, ` +
      `or a path parameter's name (with ${key("is_path_param")} true). Unique within the auth pattern.`,
    "domain",
  ),
  label: doc(() => "The label users see next to the input.", "Freshdesk Domain"),
  input_type: doc(() => `The kind of input: ${listOr(INPUT_TYPES.map((t) => `\`${t}\``))} (\`password\` hides what is typed).`, "password"),
  hint: doc(() => "Help text shown under the input.", "Your Freshdesk domain, e.g. mycompany.freshdesk.com"),
  required: doc(() => "Users must fill the field to connect.", true),
  is_path_param: doc(
    (key) => `The value fills the placeholder of ${key("proxy_url")} named after this field's ${key("field_name")} (\`{{name}}\`).`,
    true,
  ),
} as const;

/** The OAuth configuration of an OAUTH pattern. */
const oauthConfig = {
  authorize_uri: doc(() => `The upstream's authorization endpoint: ${https} (no placeholders). Required outside MCP.`, "https://app.asana.com/-/oauth_authorize"),
  token_uri: doc(() => `The upstream's token endpoint: ${https} (no placeholders). Required outside MCP.`, "https://app.asana.com/-/oauth_token"),
  user_info_uri: doc(() => `The upstream's user-info endpoint, read after authorization: ${https} (no placeholders).`, "https://app.asana.com/api/1.0/users/me"),
  available_scopes: doc(
    (key) => `The scopes users may grant; ${key("scope")} names are unique.`,
    [{ scope: "email", display_name: "Email", description: "Access user email address", required: true }],
  ),
  pkce_enabled: doc(() => "Use PKCE in the authorization flow (true for an MCP server using dynamic client registration).", true),
  allow_use_scalekit_credentials: doc(() => "Let connections use Scalekit's own OAuth client for this upstream instead of yours.", false),
  custom_scope_name: doc(() => "The name of the scope parameter when the upstream does not call it `scope`.", "user_scope"),
} as const;

/** One OAuth scope. */
const scope = {
  scope: doc(() => "The scope name the upstream expects; must not be empty.", "email"),
  display_name: doc(() => "The scope's name, shown to users.", "Email"),
  description: doc(() => "What the scope grants, shown to users.", "Access user email address"),
  required: doc(() => "Always requested; users cannot deselect it.", true),
} as const;

/** One credential mutation of `auth_field_mutations`. */
const mutation = {
  prefix: doc(() => "Text put before the value.", "Klaviyo-API-Key "),
  suffix: doc(() => "Text put after the value.", "/token"),
  default: doc(() => "The value used when the user leaves the field empty (applied before prefix and suffix).", "X"),
} as const;

/** The documentation of every property, by object of the payload. */
export const DOCS = { payload, pattern, field, oauthConfig, scope, mutation } as const;

/** The payload as a whole, for the JSON Schema's and the args type's own description. */
export const PAYLOAD_DESCRIPTION =
  "A Scalekit custom provider (a connector): how users authenticate to an upstream API or MCP server, and the URL Scalekit's proxy calls. " +
  "The payload of Scalekit's custom-providers API, as in Scalekit's docs.";

/** Which doc belongs to a property's zod schema (set by wire.ts; read by structure.ts). */
export const propertyDocs = z.registry<PropertyDoc>();

/** The description of a property for a reader using `naming`. */
export function describeProperty(entry: PropertyDoc, naming: Naming): string {
  return entry.describe((wireKey) => `\`${keyIn(wireKey, naming)}\``);
}

/** The resource's own arguments and outputs, beside the payload's. */
export const RESOURCE_DOCS = {
  adopt:
    "Take over an existing provider with the same display name instead of failing, and bring it to this definition. " +
    "Pulumi's `import` option does not work for dynamic resources; this does.\n@default false",
  proxyEnabledDefault: "@default true",
  identifier: "Scalekit's identifier of the provider (opaque, e.g. `MYASANA:48213`); also the resource ID.",
  providerId: "The server's `id` of the provider.",
  categories: "Server-only: the provider's categories, as Scalekit returns them.",
  displayPriority: "Server-only: the provider's display priority, as Scalekit returns it.",
  comingSoon: "Server-only: whether Scalekit marks the provider as coming soon.",
  isCustom: "Server-only: true for a custom provider.",
  isCustomMcp: "Server-only: true for a custom MCP provider.",
} as const;
