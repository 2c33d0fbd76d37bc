/**
 * A key the schema does not know is an error at every level, naming it and the closest known key in the
 * user's own naming: a typo is never dropped silently. Keys of data maps are data, never "unknown".
 */
import { validateArgs, validatePayload, wireToArgs } from "../../src/schema";
import { apiKeyPayload, mutate, oauthPayload } from "./fixtures";
import { issuesOf } from "./helpers";

const args = (payload: Record<string, unknown>) => wireToArgs(payload) as Record<string, any>;

describe("in camelCase args", () => {
  test("a misspelt top-level key suggests the camelCase key", () => {
    const input = { ...args(apiKeyPayload), proxyEnable: true };
    expect(issuesOf(validateArgs(input))).toEqual([["proxyEnable", "unknown property; did you mean `proxyEnabled`?"]]);
  });

  test("a snake_case key suggests its camelCase spelling and says which casing applies", () => {
    const { proxyUrl, ...rest } = args(apiKeyPayload);
    expect(issuesOf(validateArgs({ ...rest, proxy_url: proxyUrl }))).toEqual([
      ["proxy_url", "unknown property; did you mean `proxyUrl`? (property names are camelCase here)"],
    ]);
  });

  test.each([
    ["a pattern", (a: any) => (a.authPatterns[0].isMCP = true), "authPatterns[0].isMCP", "unknown property; did you mean `isMcp`?"],
    ["a field", (a: any) => (a.authPatterns[0].accountFields[0].inputTyp = "text"), "authPatterns[0].accountFields[0].inputTyp", "unknown property; did you mean `inputType`?"],
    ["oauthConfig", (a: any) => (a.authPatterns[0].oauthConfig.tokenUrl = "https://x.example.com"), "authPatterns[0].oauthConfig.tokenUrl", "unknown property; did you mean `tokenUri`?"],
    ["a scope", (a: any) => (a.authPatterns[0].oauthConfig.availableScopes[0].displayname = "P"), "authPatterns[0].oauthConfig.availableScopes[0].displayname", "unknown property; did you mean `displayName`?"],
    ["a mutation operation", (a: any) => (a.authPatterns[0].authFieldMutations = { token: { Suffix: "!" } }), "authPatterns[0].authFieldMutations.token.Suffix", "unknown property; did you mean `suffix`?"],
  ])("an unknown key in %s names it and the closest key", (_level, change, property, message) => {
    const input = args(oauthPayload);
    change(input);
    expect(issuesOf(validateArgs(input))).toEqual([[property, message]]);
  });

  test("a key close to nothing lists the known keys", () => {
    const input = { ...args(apiKeyPayload), colour: "red" };
    expect(issuesOf(validateArgs(input))).toEqual([
      ["colour", "unknown property: remove it, or use one of `displayName`, `description`, `authPatterns`, `proxyUrl`, `proxyEnabled`, `iconSrc` or `metadata`"],
    ]);
  });

  test("a misspelt key is reported even when its value is valid and nothing else is wrong", () => {
    const input = args(apiKeyPayload);
    input.authPatterns[0].authHeaderKeyOverrid = input.authPatterns[0].authHeaderKeyOverride;
    delete input.authPatterns[0].authHeaderKeyOverride;
    expect(issuesOf(validateArgs(input))).toEqual([
      ["authPatterns[0].authHeaderKeyOverrid", "unknown property; did you mean `authHeaderKeyOverride`?"],
    ]);
  });

  test("keys of metadata and authFieldMutations are data: never unknown, never renamed", () => {
    const input = args(apiKeyPayload);
    expect(input.metadata).toEqual({ team_name: "platform", ownerId: "u-1" });
    expect(input.authPatterns[0].authFieldMutations).toEqual({ api_key: { prefix: "Klaviyo-API-Key " } });
    expect(validateArgs(input)).toEqual({ ok: true, payload: apiKeyPayload });
  });

  test("ignoreKeys leaves the caller's own top-level keys out", () => {
    const input = { ...args(apiKeyPayload), adopt: true };
    const without = validateArgs(input);
    expect(!without.ok && without.issues.map((issue) => issue.property)).toEqual(["adopt"]);
    expect(validateArgs(input, { ignoreKeys: ["adopt"] })).toEqual({ ok: true, payload: apiKeyPayload });
  });
});

describe("in a wire payload", () => {
  test("a misspelt key suggests the snake_case key", () => {
    const input = mutate(apiKeyPayload, (p) => (p.proxyEnable = true));
    expect(issuesOf(validatePayload(input))).toEqual([["proxyEnable", "unknown property; did you mean `proxy_enabled`?"]]);
  });

  test("a camelCase key suggests its snake_case spelling and says which casing applies", () => {
    const input = mutate(apiKeyPayload, (p) => (p.auth_patterns[0].isMcp = false));
    expect(issuesOf(validatePayload(input))).toEqual([
      ["auth_patterns[0].isMcp", "unknown property; did you mean `is_mcp`? (property names are snake_case here)"],
    ]);
  });

  test("a huge unknown key is cut short in the property and gets no suggestion", () => {
    const key = "k".repeat(10_000);
    const result = validatePayload(mutate(apiKeyPayload, (p) => (p[key] = 1)));
    expect(issuesOf(result)).toEqual([
      [`[${JSON.stringify(`${"k".repeat(60)}…`)}]`, "unknown property: remove it, or use one of `display_name`, `description`, `auth_patterns`, `proxy_url`, `proxy_enabled`, `icon_src` or `metadata`"],
    ]);
  });
});
