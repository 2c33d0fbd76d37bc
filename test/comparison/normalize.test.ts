/**
 * Comparing desired and actual state: what the server adds (its own fields, defaults, key order, future keys)
 * is no change; a real change is, with a readable path; and changes that existing connections do not pick up
 * are recognised.
 */
import { diffPayloads, normalizeForCompare, payloadPart, payloadsEqual, scopeChanges, touchesConnections } from "../../src/comparison";
import { serverFieldsSchema } from "../../src/client/responses";
import { apiKeyPayload, basicPayload, loadExamples, mutate, oauthPayload } from "../schema/fixtures";

/** What a server might answer for `payload`: its own fields, every default filled in, keys reversed. */
function asServerReturns(payload: Record<string, any>): Record<string, unknown> {
  const filled = mutate(payload, (p) => {
    Object.assign(p, {
      id: "prv_1",
      identifier: "X:1",
      categories: ["custom"],
      display_priority: 0,
      coming_soon: false,
      is_custom: true,
      is_custom_mcp: false,
    });
    p.description ??= "";
    p.icon_src ??= "";
    p.metadata ??= {};
    p.future_server_field = { anything: 1 };
    for (const pattern of p.auth_patterns) {
      pattern.is_mcp ??= false;
      pattern.fields ??= [];
      pattern.account_fields ??= [];
      pattern.auth_header_key_override ??= "";
      pattern.auth_field_mutations ??= {};
      pattern.unknown_pattern_field = null;
      for (const field of [...pattern.fields, ...pattern.account_fields]) {
        field.hint ??= "";
        field.required ??= false;
        field.is_path_param ??= false;
      }
      if (pattern.oauth_config) {
        pattern.oauth_config.pkce_enabled ??= false;
        pattern.oauth_config.allow_use_scalekit_credentials ??= false;
        for (const scope of pattern.oauth_config.available_scopes ?? []) scope.required ??= false;
      }
    }
  });
  return reverseKeys(filled) as Record<string, unknown>;
}

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reverseKeys(v)]),
  );
}

describe("normalizeForCompare", () => {
  test.each(loadExamples().map((e) => [e.file, e.payload] as const))("%s equals what a server returns for it", (_file, payload) => {
    const server = asServerReturns(payload);
    expect(payloadsEqual(payload, server)).toBe(true);
    expect(JSON.stringify(normalizeForCompare(server))).toBe(JSON.stringify(normalizeForCompare(payload)));
    expect(diffPayloads(payload, server)).toEqual([]);
  });

  test("strips every server-only field and unknown keys at every level", () => {
    const server = asServerReturns(oauthPayload);
    for (const field of Object.keys(serverFieldsSchema.shape)) expect(server).toHaveProperty(field);
    const normalized = normalizeForCompare(server) as Record<string, any>;
    for (const field of Object.keys(serverFieldsSchema.shape)) expect(normalized).not.toHaveProperty(field);
    expect(normalized).not.toHaveProperty("future_server_field");
    expect(normalized.auth_patterns[0]).not.toHaveProperty("unknown_pattern_field");
  });

  test("treats absent as empty, drops null, sorts keys and keeps array order", () => {
    expect(
      normalizeForCompare({
        proxy_url: "https://x.example.com",
        display_name: "A",
        description: "",
        icon_src: null,
        metadata: {},
        auth_patterns: [
          {
            type: "BASIC",
            fields: [
              { field_name: "b", label: "B", input_type: "text", hint: "", required: false, is_path_param: false },
              { field_name: "a", label: "A", input_type: "text", required: true },
            ],
            account_fields: [],
            auth_field_mutations: {},
            auth_header_key_override: "",
            is_mcp: false,
          },
        ],
      }),
    ).toEqual({
      auth_patterns: [
        {
          fields: [
            { field_name: "b", input_type: "text", label: "B" },
            { field_name: "a", input_type: "text", label: "A", required: true },
          ],
          type: "BASIC",
        },
      ],
      display_name: "A",
      proxy_url: "https://x.example.com",
    });
  });

  test("keeps data-map keys and values as they are", () => {
    expect(normalizeForCompare({ metadata: { zeta: "1", alpha: "" } })).toEqual({ metadata: { alpha: "", zeta: "1" } });
  });

  test("is tolerant of anything", () => {
    for (const value of [null, undefined, 3, "s", [], { auth_patterns: "x" }, { auth_patterns: [null, 1] }]) {
      expect(() => normalizeForCompare(value)).not.toThrow();
    }
    expect(normalizeForCompare({ auth_patterns: [null, 1], proxy_enabled: "yes" })).toEqual({
      auth_patterns: [null, 1],
      proxy_enabled: "yes",
    });
  });
});

describe("payloadPart", () => {
  test("keeps only the payload's properties of a server response, defaults included", () => {
    const server = asServerReturns(apiKeyPayload);
    const part = payloadPart(server) as Record<string, any>;
    expect(Object.keys(part).sort()).toEqual([
      "auth_patterns",
      "description",
      "display_name",
      "icon_src",
      "metadata",
      "proxy_enabled",
      "proxy_url",
    ]);
    expect(part.auth_patterns[0].fields[0]).toEqual({ ...apiKeyPayload.auth_patterns[0].fields[0], is_path_param: false });
  });
});

describe("diffPayloads", () => {
  test("a removed scope is a change, shown at its path", () => {
    const after = mutate(oauthPayload, (p) => p.auth_patterns[0].oauth_config.available_scopes.pop());
    expect(payloadsEqual(oauthPayload, asServerReturns(after))).toBe(false);
    expect(diffPayloads(oauthPayload, after)).toEqual([
      {
        path: "auth_patterns[0].oauth_config.available_scopes[1]",
        before: { description: "Email", display_name: "Email", scope: "email" },
      },
    ]);
  });

  test("paths can be rendered in args naming, data keys verbatim", () => {
    const after = mutate(apiKeyPayload, (p) => {
      p.display_name = "Renamed";
      p.metadata.team_name = "infra";
      p.auth_patterns[0].auth_field_mutations.api_key.suffix = "!";
    });
    expect(diffPayloads(apiKeyPayload, after, "args")).toEqual([
      { path: "authPatterns[0].authFieldMutations.api_key.suffix", after: "!" },
      { path: "displayName", before: "My Attention", after: "Renamed" },
      { path: "metadata.team_name", before: "platform", after: "infra" },
    ]);
  });

  test("a property set to its empty value is a removal", () => {
    expect(
      diffPayloads(
        apiKeyPayload,
        mutate(apiKeyPayload, (p) => (p.icon_src = "")),
      ),
    ).toEqual([{ path: "icon_src", before: "https://example.com/icon.png" }]);
  });
});

describe("scopeChanges", () => {
  test("names added and removed scopes", () => {
    const after = mutate(oauthPayload, (p) => {
      p.auth_patterns[0].oauth_config.available_scopes.shift();
      p.auth_patterns[0].oauth_config.available_scopes.push({ scope: "tasks:read" });
    });
    expect(scopeChanges(oauthPayload, after)).toEqual({ added: ["tasks:read"], removed: ["profile"] });
    expect(scopeChanges(oauthPayload, asServerReturns(oauthPayload))).toEqual({ added: [], removed: [] });
  });
});

describe("touchesConnections", () => {
  test("nothing when only what the server adds differs, or only display text changed", () => {
    expect(touchesConnections(oauthPayload, asServerReturns(oauthPayload))).toEqual([]);
    const cosmetic = mutate(oauthPayload, (p) => {
      p.display_name = "Renamed";
      p.description = "New text";
      p.auth_patterns[0].account_fields[0].label = "Workspace ID";
      p.auth_patterns[0].account_fields[0].hint = "where to find it";
      p.auth_patterns[0].oauth_config.available_scopes[0].description = "Your profile";
      p.auth_patterns[0].oauth_config.available_scopes.reverse();
    });
    expect(touchesConnections(oauthPayload, cosmetic)).toEqual([]);
  });

  test.each([
    ["a removed scope", (p: any) => p.auth_patterns[0].oauth_config.available_scopes.pop(), ["OAuth scopes"]],
    ["a scope made required", (p: any) => (p.auth_patterns[0].oauth_config.available_scopes[1].required = true), ["OAuth scopes"]],
    ["a new OAuth token endpoint", (p: any) => (p.auth_patterns[0].oauth_config.token_uri = "https://x.example.com/t"), ["auth fields"]],
    ["PKCE turned off", (p: any) => (p.auth_patterns[0].oauth_config.pkce_enabled = false), ["auth fields"]],
    [
      "a new account field",
      (p: any) => p.auth_patterns[0].account_fields.push({ field_name: "region", label: "R", input_type: "text" }),
      ["auth fields"],
    ],
    ["a field's input type", (p: any) => (p.auth_patterns[0].account_fields[0].input_type = "password"), ["auth fields"]],
    ["a proxy URL", (p: any) => (p.proxy_url = "https://app.asana.com/api/v2/{{workspace}}"), ["proxy URL"]],
    [
      "scopes and proxy URL together",
      (p: any) => {
        p.proxy_url = "https://app.asana.com/v2/{{workspace}}";
        p.auth_patterns[0].oauth_config.available_scopes.pop();
      },
      ["OAuth scopes", "proxy URL"],
    ],
  ])("%s", (_change, change, expected) => {
    expect(touchesConnections(oauthPayload, mutate(oauthPayload, change))).toEqual(expected);
  });

  test.each([
    ["a mutation", (p: any) => (p.auth_patterns[0].auth_field_mutations.api_key.prefix = "Token ")],
    ["the header override", (p: any) => (p.auth_patterns[0].auth_header_key_override = "x-key")],
    ["the auth type", (p: any) => (p.auth_patterns[0].type = "BEARER")],
  ])("%s is an auth-field change", (_change, change) => {
    expect(touchesConnections(apiKeyPayload, mutate(apiKeyPayload, change))).toEqual(["auth fields"]);
  });

  test("a path parameter's flag is an auth-field change", () => {
    expect(
      touchesConnections(
        basicPayload,
        mutate(basicPayload, (p) => (p.auth_patterns[0].fields[0].is_path_param = true)),
      ),
    ).toEqual(["auth fields"]);
  });
});
