/**
 * Every documented rule of the payload, one failing case at least per rule, with the exact property path and
 * message asserted in both namings (wire for definition files, args for Pulumi users). Each case asserts the
 * complete list of issues, so a rule that adds noise to another rule's failure fails too.
 */
import { validateArgs, validatePayload, wireToArgs } from "../../src/schema";
import {
  apiKeyPayload as apiKey,
  basicPayload as basic,
  bearerPayload as bearer,
  mcpOauthPayload as mcpOauth,
  mutate,
  noAuthPayload as noAuth,
  oauthPayload as oauth,
  VALID_PAYLOADS,
} from "./fixtures";
import { bothNamings, expectedBoth, type BothNamings } from "./helpers";

const NAME_RULE = "name the provider with 1 to 200 ASCII letters, digits and spaces";
const PROXY_ONLY = "tool calling only works through Scalekit's proxy";
const ONLY_HTTPS = "must start with https://: replace http:// with https://";
const NO_AUTH_FIELDS =
  "must be empty for a NO_AUTH pattern, which collects no credentials: remove the fields, or choose BASIC, BEARER or API_KEY";
const MUTATION_KEYS = (map: string) =>
  `The keys of \`${map}\` are \`api_key\`, \`token\`, \`username\` or \`password\`, spelled the same in both namings: they are data, not property names`;
const p0 = { wire: "auth_patterns[0]", args: "authPatterns[0]" };

describe("valid payloads", () => {
  test.each(Object.entries(VALID_PAYLOADS))("a valid %s payload passes in both namings", (_type, payload) => {
    expect(bothNamings(payload)).toEqual({ wire: "ok", args: "ok" });
  });

  test("the validated payload is a copy of the input, equal to it", () => {
    const result = validatePayload(apiKey);
    expect(result.ok && result.payload).toEqual(apiKey);
    expect(result.ok && result.payload).not.toBe(apiKey);
  });

  test("validateArgs returns the wire payload of the args", () => {
    const result = validateArgs(wireToArgs(oauth));
    expect(result).toEqual({ ok: true, payload: oauth });
  });

  test.each([
    ["an empty icon_src", mutate(apiKey, (p) => (p.icon_src = ""))],
    ["an empty auth_header_key_override", mutate(apiKey, (p) => (p.auth_patterns[0].auth_header_key_override = ""))],
    ["a proxy_url of exactly 2048 characters once placeholders are set aside", mutate(basic, (p) => (p.proxy_url = `https://{{domain}}/${"x".repeat(2039)}`))],
    ["{{version}} from an OAUTH account field", mutate(oauth, (p) => {
      p.proxy_url = "https://x.example.com/{{version}}";
      p.auth_patterns[0].account_fields.push({ field_name: "version", label: "Version", input_type: "text" });
    })],
    ["an OAUTH path parameter in fields", mutate(oauth, (p) => {
      p.auth_patterns[0].fields = p.auth_patterns[0].account_fields;
      delete p.auth_patterns[0].account_fields;
    })],
    ["a password mutation for a field the pattern does not declare (as in the Freshdesk example)", mutate(basic, (p) => (p.auth_patterns[0].auth_field_mutations = { password: { default: "X" } }))],
    ["20 metadata pairs with keys of 3 and 25 characters and values of 1 and 256", mutate(apiKey, (p) => {
      p.metadata = Object.fromEntries(Array.from({ length: 18 }, (_, i) => [`key${i}`, "v"]));
      p.metadata.abc = "v".repeat(256);
      p.metadata["k".repeat(25)] = "v";
    })],
    ["a pattern display_name with any characters", mutate(apiKey, (p) => (p.auth_patterns[0].display_name = "OAuth 2.1/DCR — ünïcode"))],
  ])("%s is accepted", (_name, payload) => {
    expect(bothNamings(payload)).toEqual({ wire: "ok", args: "ok" });
  });
});

const cases: [rule: string, payload: unknown, expected: BothNamings[]][] = [
  // display_name
  ["display_name is required", mutate(apiKey, (p) => delete p.display_name), [["display_name", "displayName", `is required: ${NAME_RULE}`]]],
  ["display_name must not be empty", mutate(apiKey, (p) => (p.display_name = "")), [["display_name", "displayName", `must not be empty: ${NAME_RULE}`]]],
  ["display_name has at most 200 characters", mutate(apiKey, (p) => (p.display_name = "a".repeat(201))), [["display_name", "displayName", "is 201 characters long; shorten it to at most 200"]]],
  ["display_name holds only ASCII letters, digits and spaces", mutate(apiKey, (p) => (p.display_name = "My-App_2")), [["display_name", "displayName", "may only contain ASCII letters, digits and spaces; remove `-`, `_`, e.g. `My App 2`"]]],
  ["display_name shows invisible characters escaped", mutate(apiKey, (p) => (p.display_name = "My 🚀 App\n")), [["display_name", "displayName", "may only contain ASCII letters, digits and spaces; remove `🚀`, `\\u000a`, e.g. `My App`"]]],
  ["display_name has a letter or digit", mutate(apiKey, (p) => (p.display_name = "   ")), [["display_name", "displayName", "must contain at least one letter or digit"]]],
  ["display_name is a string", mutate(apiKey, (p) => (p.display_name = 7)), [["display_name", "displayName", "must be a string, not a number"]]],
  // description
  ["description is a string", mutate(apiKey, (p) => (p.description = ["x"])), [["description", "description", "must be a string, not an array"]]],
  ["an optional property is omitted rather than null", mutate(apiKey, (p) => (p.description = null)), [["description", "description", "must be a string, not null; omit the property to leave it unset"]]],
  // proxy_url
  ["proxy_url is required", mutate(apiKey, (p) => delete p.proxy_url), [["proxy_url", "proxyUrl", "is required: set it to the upstream API's base URL, e.g. `https://api.example.com`"]]],
  ["proxy_url must not be empty", mutate(apiKey, (p) => (p.proxy_url = "")), [["proxy_url", "proxyUrl", "must not be empty: set it to the upstream API's base URL, e.g. `https://api.example.com`"]]],
  ["proxy_url uses https, not http", mutate(apiKey, (p) => (p.proxy_url = "http://api.example.com")), [["proxy_url", "proxyUrl", ONLY_HTTPS]]],
  ["proxy_url starts with https://", mutate(apiKey, (p) => (p.proxy_url = "api.example.com")), [["proxy_url", "proxyUrl", "must start with https://, e.g. `https://api.example.com`"]]],
  ["proxy_url's scheme is lower case", mutate(apiKey, (p) => (p.proxy_url = "HTTPS://api.example.com")), [["proxy_url", "proxyUrl", "must start with `https://` in lower case"]]],
  ["proxy_url has no spaces", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/a b")), [["proxy_url", "proxyUrl", "must not contain spaces or control characters: percent-encode them (a space is %20)"]]],
  ["proxy_url has a host", mutate(apiKey, (p) => (p.proxy_url = "https:///api")), [["proxy_url", "proxyUrl", "needs a host name after https://, e.g. `https://api.example.com`"]]],
  ["proxy_url parses as a URL", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com:99999")), [["proxy_url", "proxyUrl", "is not a valid URL: check the host name and port after https://"]]],
  ["proxy_url has at most 2048 characters", mutate(apiKey, (p) => (p.proxy_url = `https://a.com/${"x".repeat(2040)}`)), [["proxy_url", "proxyUrl", "is 2054 characters long; at most 2048 are allowed"]]],
  ["proxy_url has at most 2048 characters once placeholders are set aside", mutate(basic, (p) => (p.proxy_url = `https://{{domain}}/${"x".repeat(2040)}`)), [["proxy_url", "proxyUrl", "is 2049 characters long once its placeholders are set aside; at most 2048 are allowed"]]],
  // malformed braces
  ["an unmatched {{ is an error", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/{{")), [["proxy_url", "proxyUrl", "has an unmatched `{`: write placeholders as `{{name}}`, or percent-encode the brace (%7B)"]]],
  ["an unmatched } is an error", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/}")), [["proxy_url", "proxyUrl", "has an unmatched `}`: write placeholders as `{{name}}`, or percent-encode the brace (%7D)"]]],
  ["an empty placeholder is an error", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/{{ }}")), [["proxy_url", "proxyUrl", "`{{ }}` is an empty placeholder: put a field name between the braces or remove it"]]],
  ["a placeholder with spaces is an error", mutate(basic, (p) => (p.proxy_url = "https://{{ domain }}/api")), [["proxy_url", "proxyUrl", "`{{ domain }}` has spaces inside the braces: write `{{domain}}`"]]],
  ["single braces are an error", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/{x}")), [["proxy_url", "proxyUrl", "`{x}` uses single braces: write `{{x}}`"]]],
  ["an invalid placeholder name is an error", mutate(apiKey, (p) => (p.proxy_url = "https://api.example.com/{{a b}}")), [["proxy_url", "proxyUrl", "`{{a b}}` is not a valid placeholder: placeholder names are letters, digits, `_` and `-`, starting with a letter or `_`"]]],
  ["a malformed brace does not hide a wrong scheme", mutate(apiKey, (p) => (p.proxy_url = "http://api.example.com/{x}")), [
    ["proxy_url", "proxyUrl", "`{x}` uses single braces: write `{{x}}`"],
    ["proxy_url", "proxyUrl", ONLY_HTTPS],
  ]],
  // proxy_enabled
  ["proxy_enabled is true", mutate(apiKey, (p) => (p.proxy_enabled = false)), [["proxy_enabled", "proxyEnabled", `must be true: ${PROXY_ONLY}; set \`proxy_enabled\` to true`, `must be true: ${PROXY_ONLY}; set \`proxyEnabled\` to true`]]],
  ["proxy_enabled is required", mutate(apiKey, (p) => delete p.proxy_enabled), [["proxy_enabled", "proxyEnabled", `is required and must be true: ${PROXY_ONLY}`]]],
  ["proxy_enabled is a boolean", mutate(apiKey, (p) => (p.proxy_enabled = "true")), [["proxy_enabled", "proxyEnabled", "must be true or false, not a string"]]],
  // icon_src
  ["icon_src is an https URL", mutate(apiKey, (p) => (p.icon_src = "http://example.com/i.png")), [["icon_src", "iconSrc", ONLY_HTTPS]]],
  ["icon_src has at most 2048 characters", mutate(apiKey, (p) => (p.icon_src = `https://x.com/${"i".repeat(2040)}`)), [["icon_src", "iconSrc", "is 2054 characters long; at most 2048 are allowed"]]],
  ["icon_src takes no placeholders", mutate(apiKey, (p) => (p.icon_src = "https://{{domain}}/i.png")), [["icon_src", "iconSrc", "must be a plain https:// URL: placeholders such as `{{domain}}` are documented only for `proxy_url`", "must be a plain https:// URL: placeholders such as `{{domain}}` are documented only for `proxyUrl`"]]],
  // metadata
  ["metadata has at most 20 pairs", mutate(apiKey, (p) => (p.metadata = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`key${i}`, "v"])))), [["metadata", "metadata", "holds 21 pairs; at most 20 are allowed: remove 1"]]],
  ["metadata keys have at least 3 characters", mutate(apiKey, (p) => (p.metadata = { ab: "v" })), [["metadata.ab", "metadata.ab", "is a key of 2 characters; metadata keys have 3 to 25 characters: rename it"]]],
  ["metadata keys have at most 25 characters", mutate(apiKey, (p) => (p.metadata = { ["k".repeat(26)]: "v" })), [[`metadata.${"k".repeat(26)}`, `metadata.${"k".repeat(26)}`, "is a key of 26 characters; metadata keys have 3 to 25 characters: rename it"]]],
  ["metadata values are not empty", mutate(apiKey, (p) => (p.metadata = { abc: "" })), [["metadata.abc", "metadata.abc", "must not be empty (metadata values have 1 to 256 characters): set a value or remove the key"]]],
  ["metadata values have at most 256 characters", mutate(apiKey, (p) => (p.metadata = { abc: "v".repeat(257) })), [["metadata.abc", "metadata.abc", "is 257 characters long; metadata values have at most 256"]]],
  ["metadata values are strings", mutate(apiKey, (p) => (p.metadata = { abc: 1 })), [["metadata.abc", "metadata.abc", "must be a string, not a number"]]],
  ["metadata is an object", mutate(apiKey, (p) => (p.metadata = ["a"])), [["metadata", "metadata", "must be an object, not an array"]]],
  ["metadata keys that are not identifiers are quoted", mutate(apiKey, (p) => (p.metadata = { "my key": "" })), [['metadata["my key"]', 'metadata["my key"]', "must not be empty (metadata values have 1 to 256 characters): set a value or remove the key"]]],
  // auth_patterns
  ["auth_patterns is required", mutate(apiKey, (p) => delete p.auth_patterns), [["auth_patterns", "authPatterns", "is required: add exactly one auth pattern"]]],
  ["auth_patterns holds one pattern, not none", mutate(apiKey, (p) => (p.auth_patterns = [])), [["auth_patterns", "authPatterns", "must hold 1 auth pattern (Scalekit currently supports exactly 1 auth pattern per provider): add one"]]],
  ["auth_patterns holds one pattern, not two (Scalekit's current limit)", mutate(apiKey, (p) => p.auth_patterns.push(structuredClone(p.auth_patterns[0]))), [["auth_patterns", "authPatterns", "holds 2 auth patterns but Scalekit currently supports exactly 1 auth pattern per provider: keep one and remove the others"]]],
  ["auth_patterns is an array", mutate(apiKey, (p) => (p.auth_patterns = p.auth_patterns[0])), [["auth_patterns", "authPatterns", "must be an array, not an object"]]],
  ["a pattern is an object", mutate(apiKey, (p) => (p.auth_patterns[0] = null)), [[p0.wire, p0.args, "must be an object, not null"]]],
  // type
  ["type is required", mutate(apiKey, (p) => delete p.auth_patterns[0].type), [[`${p0.wire}.type`, `${p0.args}.type`, "is required: set it to OAUTH, BASIC, BEARER, API_KEY or NO_AUTH"]]],
  ["type OAuth suggests OAUTH", mutate(oauth, (p) => (p.auth_patterns[0].type = "OAuth")), [[`${p0.wire}.type`, `${p0.args}.type`, "must be one of OAUTH, BASIC, BEARER, API_KEY, NO_AUTH; did you mean `OAUTH`?"]]],
  ["type APIKEY suggests API_KEY", mutate(apiKey, (p) => (p.auth_patterns[0].type = "APIKEY")), [[`${p0.wire}.type`, `${p0.args}.type`, "must be one of OAUTH, BASIC, BEARER, API_KEY, NO_AUTH; did you mean `API_KEY`?"]]],
  ["an unrelated type suggests nothing", mutate(apiKey, (p) => (p.auth_patterns[0].type = "SAML")), [[`${p0.wire}.type`, `${p0.args}.type`, "must be one of OAUTH, BASIC, BEARER, API_KEY, NO_AUTH"]]],
  // NO_AUTH
  ["NO_AUTH needs is_mcp true", mutate(noAuth, (p) => delete p.auth_patterns[0].is_mcp), [[`${p0.wire}.type`, `${p0.args}.type`, "NO_AUTH is only for MCP servers: set `auth_patterns[0].is_mcp` to true, or choose OAUTH, BASIC, BEARER or API_KEY", "NO_AUTH is only for MCP servers: set `authPatterns[0].isMcp` to true, or choose OAUTH, BASIC, BEARER or API_KEY"]]],
  ["NO_AUTH has no fields", mutate(noAuth, (p) => (p.auth_patterns[0].fields = [{ field_name: "x", label: "X", input_type: "text" }])), [[`${p0.wire}.fields`, `${p0.args}.fields`, NO_AUTH_FIELDS]]],
  ["NO_AUTH has no account fields", mutate(noAuth, (p) => (p.auth_patterns[0].account_fields = [{ field_name: "x", label: "X", input_type: "text" }])), [[`${p0.wire}.account_fields`, `${p0.args}.accountFields`, NO_AUTH_FIELDS]]],
  ["NO_AUTH has no oauth_config", mutate(noAuth, (p) => (p.auth_patterns[0].oauth_config = { pkce_enabled: true })), [[`${p0.wire}.oauth_config`, `${p0.args}.oauthConfig`, "is only for OAUTH patterns and this one is NO_AUTH: remove it, or set `type` to OAUTH"]]],
  // OAUTH
  ["OAUTH requires oauth_config", mutate(oauth, (p) => delete p.auth_patterns[0].oauth_config), [[`${p0.wire}.oauth_config`, `${p0.args}.oauthConfig`,
    "is required when `type` is OAUTH: add it with `authorize_uri`, `token_uri` and `available_scopes`, or, for an MCP server (`is_mcp` true) using dynamic client registration, `{\"pkce_enabled\": true}`",
    "is required when `type` is OAUTH: add it with `authorizeUri`, `tokenUri` and `availableScopes`, or, for an MCP server (`isMcp` true) using dynamic client registration, `{ pkceEnabled: true }`"]]],
  ["oauth_config is only for OAUTH", mutate(apiKey, (p) => (p.auth_patterns[0].oauth_config = {})), [[`${p0.wire}.oauth_config`, `${p0.args}.oauthConfig`, "is only for OAUTH patterns and this one is API_KEY: remove it, or set `type` to OAUTH"]]],
  ["a non-MCP OAUTH pattern needs authorize_uri and token_uri", mutate(oauth, (p) => {
    delete p.auth_patterns[0].oauth_config.authorize_uri;
    p.auth_patterns[0].oauth_config.token_uri = "";
  }), [
    [`${p0.wire}.oauth_config.authorize_uri`, `${p0.args}.oauthConfig.authorizeUri`,
      "is required for an OAUTH pattern that is not an MCP server: set it to the provider's authorization endpoint (an https:// URL); for an MCP server using dynamic client registration, set `auth_patterns[0].is_mcp` to true instead",
      "is required for an OAUTH pattern that is not an MCP server: set it to the provider's authorization endpoint (an https:// URL); for an MCP server using dynamic client registration, set `authPatterns[0].isMcp` to true instead"],
    [`${p0.wire}.oauth_config.token_uri`, `${p0.args}.oauthConfig.tokenUri`,
      "is required for an OAUTH pattern that is not an MCP server: set it to the provider's token endpoint (an https:// URL); for an MCP server using dynamic client registration, set `auth_patterns[0].is_mcp` to true instead",
      "is required for an OAUTH pattern that is not an MCP server: set it to the provider's token endpoint (an https:// URL); for an MCP server using dynamic client registration, set `authPatterns[0].isMcp` to true instead"],
  ]],
  ["OAuth URIs are https URLs", mutate(oauth, (p) => (p.auth_patterns[0].oauth_config.token_uri = "http://x.example.com/token")), [[`${p0.wire}.oauth_config.token_uri`, `${p0.args}.oauthConfig.tokenUri`, ONLY_HTTPS]]],
  ["user_info_uri is a URL", mutate(oauth, (p) => (p.auth_patterns[0].oauth_config.user_info_uri = "not a url")), [[`${p0.wire}.oauth_config.user_info_uri`, `${p0.args}.oauthConfig.userInfoUri`, "must start with https://, e.g. `https://api.example.com`"]]],
  ["a non-boolean is_mcp is reported once, without rules that depend on it", mutate(mcpOauth, (p) => (p.auth_patterns[0].is_mcp = "yes")), [[`${p0.wire}.is_mcp`, `${p0.args}.isMcp`, "must be true or false, not a string"]]],
  ["oauth_config is an object", mutate(oauth, (p) => (p.auth_patterns[0].oauth_config = [])), [[`${p0.wire}.oauth_config`, `${p0.args}.oauthConfig`, "must be an object, not an array"]]],
  // scopes
  ["scope names are unique", mutate(oauth, (p) => (p.auth_patterns[0].oauth_config.available_scopes[1].scope = "profile")), [[`${p0.wire}.oauth_config.available_scopes[1].scope`, `${p0.args}.oauthConfig.availableScopes[1].scope`,
    "duplicates `auth_patterns[0].oauth_config.available_scopes[0].scope` (`profile`): scope names must be unique: remove one",
    "duplicates `authPatterns[0].oauthConfig.availableScopes[0].scope` (`profile`): scope names must be unique: remove one"]]],
  ["a scope has a name", mutate(oauth, (p) => delete p.auth_patterns[0].oauth_config.available_scopes[1].scope), [[`${p0.wire}.oauth_config.available_scopes[1].scope`, `${p0.args}.oauthConfig.availableScopes[1].scope`, "is required: set it to the scope name the provider expects"]]],
  ["a scope name is not empty", mutate(oauth, (p) => (p.auth_patterns[0].oauth_config.available_scopes[1].scope = "")), [[`${p0.wire}.oauth_config.available_scopes[1].scope`, `${p0.args}.oauthConfig.availableScopes[1].scope`, "must not be empty: set it to the scope name the provider expects"]]],
  // fields
  ["input_type Password suggests password", mutate(apiKey, (p) => (p.auth_patterns[0].fields[0].input_type = "Password")), [[`${p0.wire}.fields[0].input_type`, `${p0.args}.fields[0].inputType`, "must be one of text, password, select; did you mean `password`?"]]],
  ["input_type is text, password or select", mutate(apiKey, (p) => (p.auth_patterns[0].fields[0].input_type = "checkbox")), [[`${p0.wire}.fields[0].input_type`, `${p0.args}.fields[0].inputType`, "must be one of text, password, select"]]],
  ["a field has a field_name", mutate(apiKey, (p) => delete p.auth_patterns[0].fields[0].field_name), [[`${p0.wire}.fields[0].field_name`, `${p0.args}.fields[0].fieldName`, "is required: name the field (its value is stored under this name)"]]],
  ["a field_name is not empty", mutate(apiKey, (p) => (p.auth_patterns[0].fields[0].field_name = "")), [[`${p0.wire}.fields[0].field_name`, `${p0.args}.fields[0].fieldName`, "must not be empty: name the field (its value is stored under this name)"]]],
  ["a field has a label", mutate(apiKey, (p) => delete p.auth_patterns[0].fields[0].label), [[`${p0.wire}.fields[0].label`, `${p0.args}.fields[0].label`, "is required: add the label users see next to the input"]]],
  ["field names are unique within fields", mutate(basic, (p) => (p.auth_patterns[0].fields[1].field_name = "domain")), [[`${p0.wire}.fields[1].field_name`, `${p0.args}.fields[1].fieldName`,
    "duplicates `auth_patterns[0].fields[0].field_name` (`domain`): field names must be unique within an auth pattern, across `fields` and `account_fields`: rename or remove one",
    "duplicates `authPatterns[0].fields[0].fieldName` (`domain`): field names must be unique within an auth pattern, across `fields` and `accountFields`: rename or remove one"]]],
  ["field names are unique across fields and account_fields", mutate(oauth, (p) => (p.auth_patterns[0].fields = [{ field_name: "workspace", label: "W", input_type: "text" }])), [[`${p0.wire}.account_fields[0].field_name`, `${p0.args}.accountFields[0].fieldName`,
    "duplicates `auth_patterns[0].fields[0].field_name` (`workspace`): field names must be unique within an auth pattern, across `fields` and `account_fields`: rename or remove one",
    "duplicates `authPatterns[0].fields[0].fieldName` (`workspace`): field names must be unique within an auth pattern, across `fields` and `accountFields`: rename or remove one"]]],
  // auth_field_mutations and auth_header_key_override
  ["mutation keys are credential field names (apiKey suggests api_key, kept as data)", mutate(apiKey, (p) => (p.auth_patterns[0].auth_field_mutations = { apiKey: { prefix: "x" } })), [[`${p0.wire}.auth_field_mutations.apiKey`, `${p0.args}.authFieldMutations.apiKey`,
    `unknown key; did you mean \`api_key\`? ${MUTATION_KEYS("auth_patterns[0].auth_field_mutations")}`,
    `unknown key; did you mean \`api_key\`? ${MUTATION_KEYS("authPatterns[0].authFieldMutations")}`]]],
  ["an unrelated mutation key suggests nothing", mutate(apiKey, (p) => (p.auth_patterns[0].auth_field_mutations = { secret: { prefix: "x" } })), [[`${p0.wire}.auth_field_mutations.secret`, `${p0.args}.authFieldMutations.secret`,
    `unknown key. ${MUTATION_KEYS("auth_patterns[0].auth_field_mutations")}`, `unknown key. ${MUTATION_KEYS("authPatterns[0].authFieldMutations")}`]]],
  ["a mutation has only prefix, suffix and default", mutate(apiKey, (p) => (p.auth_patterns[0].auth_field_mutations = { api_key: { prefx: "x" } })), [[`${p0.wire}.auth_field_mutations.api_key.prefx`, `${p0.args}.authFieldMutations.api_key.prefx`, "unknown property; did you mean `prefix`?"]]],
  ["mutation operations are strings", mutate(apiKey, (p) => (p.auth_patterns[0].auth_field_mutations = { api_key: { prefix: 1 } })), [[`${p0.wire}.auth_field_mutations.api_key.prefix`, `${p0.args}.authFieldMutations.api_key.prefix`, "must be a string, not a number"]]],
  ["a mutation is an object", mutate(apiKey, (p) => (p.auth_patterns[0].auth_field_mutations = { token: "Bearer " })), [[`${p0.wire}.auth_field_mutations.token`, `${p0.args}.authFieldMutations.token`, "must be an object, not a string"]]],
  ["auth_header_key_override is a header name", mutate(apiKey, (p) => (p.auth_patterns[0].auth_header_key_override = "x api key:")), [[`${p0.wire}.auth_header_key_override`, `${p0.args}.authHeaderKeyOverride`,
    "must be an HTTP header name such as `x-api-key` (letters, digits and !#$%&'*+-.^_`|~, no spaces or colons), or \"\" for the default Authorization header"]]],
  // placeholders
  ["{{domain}} needs a domain field", mutate(basic, (p) => p.auth_patterns[0].fields.shift()), [["proxy_url", "proxyUrl",
    "`{{domain}}` takes its value from a field named `domain`, and `auth_patterns[0]` has none: add `{\"field_name\": \"domain\", \"label\": \"Domain\", \"input_type\": \"text\", \"required\": true}` to `auth_patterns[0].fields`",
    "`{{domain}}` takes its value from a field named `domain`, and `authPatterns[0]` has none: add `{ fieldName: \"domain\", label: \"Domain\", inputType: \"text\", required: true }` to `authPatterns[0].fields`"]]],
  ["{{domain}} of an OAUTH pattern is added to account_fields", mutate(oauth, (p) => (p.proxy_url = "https://{{domain}}/api")), [["proxy_url", "proxyUrl",
    "`{{domain}}` takes its value from a field named `domain`, and `auth_patterns[0]` has none: add `{\"field_name\": \"domain\", \"label\": \"Domain\", \"input_type\": \"text\", \"required\": true}` to `auth_patterns[0].account_fields`",
    "`{{domain}}` takes its value from a field named `domain`, and `authPatterns[0]` has none: add `{ fieldName: \"domain\", label: \"Domain\", inputType: \"text\", required: true }` to `authPatterns[0].accountFields`"]]],
  ["a named placeholder needs is_path_param on its field", mutate(bearer, (p) => delete p.auth_patterns[0].fields[1].is_path_param), [["proxy_url", "proxyUrl",
    "`{{tenant}}` refers to `auth_patterns[0].fields[1]`, which is not a path parameter: set `auth_patterns[0].fields[1].is_path_param` to true",
    "`{{tenant}}` refers to `authPatterns[0].fields[1]`, which is not a path parameter: set `authPatterns[0].fields[1].isPathParam` to true"]]],
  ["a named placeholder needs its field", mutate(bearer, (p) => p.auth_patterns[0].fields.pop()), [["proxy_url", "proxyUrl",
    "`{{tenant}}` is neither `{{domain}}`, `{{version}}` nor a path parameter: add `{\"field_name\": \"tenant\", \"label\": \"Tenant\", \"input_type\": \"text\", \"required\": true, \"is_path_param\": true}` to `auth_patterns[0].fields`, or remove the placeholder",
    "`{{tenant}}` is neither `{{domain}}`, `{{version}}` nor a path parameter: add `{ fieldName: \"tenant\", label: \"Tenant\", inputType: \"text\", required: true, isPathParam: true }` to `authPatterns[0].fields`, or remove the placeholder"]]],
  ["a misspelt placeholder suggests the field", mutate(bearer, (p) => (p.proxy_url = "https://api.example.com/tenants/{{tennant}}")), [["proxy_url", "proxyUrl",
    "`{{tennant}}` is neither `{{domain}}`, `{{version}}` nor a path parameter: did you mean `{{tenant}}`? Otherwise add `{\"field_name\": \"tennant\", \"label\": \"Tennant\", \"input_type\": \"text\", \"required\": true, \"is_path_param\": true}` to `auth_patterns[0].fields`, or remove the placeholder",
    "`{{tennant}}` is neither `{{domain}}`, `{{version}}` nor a path parameter: did you mean `{{tenant}}`? Otherwise add `{ fieldName: \"tennant\", label: \"Tennant\", inputType: \"text\", required: true, isPathParam: true }` to `authPatterns[0].fields`, or remove the placeholder"]]],
  ["path parameters of non-OAUTH patterns come from fields, not account_fields", mutate(bearer, (p) => (p.auth_patterns[0].account_fields = [p.auth_patterns[0].fields.pop()])), [["proxy_url", "proxyUrl",
    "`{{tenant}}` refers to `auth_patterns[0].account_fields[0]`, but path parameters of BEARER patterns come from `auth_patterns[0].fields`: move the field there, with `is_path_param` true",
    "`{{tenant}}` refers to `authPatterns[0].accountFields[0]`, but path parameters of BEARER patterns come from `authPatterns[0].fields`: move the field there, with `isPathParam` true"]]],
  ["a NO_AUTH pattern cannot fill a placeholder", mutate(noAuth, (p) => (p.proxy_url = "https://{{domain}}/mcp")), [["proxy_url", "proxyUrl", "`{{domain}}` cannot be filled: a NO_AUTH pattern has no fields to take its value from: remove the placeholder"]]],
  // the payload itself
  ["the payload is an object", [], [["(root)", "(root)", "must be an object (the provider payload), not an array"]]],
];

describe("each rule names the property and the fix, in both namings", () => {
  test.each(cases)("%s", (_rule, payload, expected) => {
    expect(bothNamings(payload)).toEqual(expectedBoth(expected));
  });
});

describe("issues carry the wire path", () => {
  test("the path is the wire path whatever the naming", () => {
    const result = validateArgs(wireToArgs(mutate(oauth, (p) => (p.auth_patterns[0].oauth_config.token_uri = "http://x.example.com"))));
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([["auth_patterns", 0, "oauth_config", "token_uri"]]);
  });

  test("validatePayload can word issues of a wire payload in args naming", () => {
    const result = validatePayload(mutate(apiKey, (p) => (p.proxy_enabled = false)), "args");
    expect(!result.ok && result.issues.map((issue) => [issue.property, issue.message])).toEqual([
      ["proxyEnabled", `must be true: ${PROXY_ONLY}; set \`proxyEnabled\` to true`],
    ]);
  });

  test("every problem of a payload is reported at once", () => {
    const payload = mutate(apiKey, (p) => {
      p.display_name = "";
      p.proxy_enabled = false;
      p.auth_patterns[0].type = "OAuth";
      p.metadata = { ab: "v" };
    });
    expect(bothNamings(payload).wire).toEqual([
      ["display_name", `must not be empty: ${NAME_RULE}`],
      [`${p0.wire}.type`, "must be one of OAUTH, BASIC, BEARER, API_KEY, NO_AUTH; did you mean `OAUTH`?"],
      ["proxy_enabled", `must be true: ${PROXY_ONLY}; set \`proxy_enabled\` to true`],
      ["metadata.ab", "is a key of 2 characters; metadata keys have 3 to 25 characters: rename it"],
    ]);
  });
});
