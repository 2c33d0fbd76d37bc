/**
 * Cross-field rules of one auth pattern: what each `type` requires or forbids, and unique names. Total on any
 * input: shapes that are wrong are left to the type checks, which report them.
 */
import { AUTH_TYPES, type AuthType } from "../limits";
import { arrayOf, isOneOf, isRecord, prop } from "../guards";
import { ref, snippet, type Naming, type Path } from "../naming";
import { listOr, quote } from "../wording";
import type { RuleIssue } from "./types";

const FIELD_LISTS = ["fields", "account_fields"] as const;

/** Problems of `auth_patterns[index]` that involve more than one of its properties. */
export function patternIssues(pattern: unknown, index: number, naming: Naming): RuleIssue[] {
  const type = prop(pattern, "type");
  // An invalid type is reported by the enum check; rules keyed on the type would only add noise.
  const typeRules = isOneOf(AUTH_TYPES, type) ? typeIssues(pattern, type, index, naming) : [];
  return [...typeRules, ...duplicateFieldNames(pattern, index, naming), ...duplicateScopes(pattern, index, naming)];
}

function typeIssues(pattern: unknown, type: AuthType, index: number, naming: Naming): RuleIssue[] {
  const at = (...rest: Path): Path => ["auth_patterns", index, ...rest];
  const key = (name: string) => ref([name], naming);
  const issues: RuleIssue[] = [];
  const mcpFlag = prop(pattern, "is_mcp");
  // A non-boolean is_mcp is reported by the type check; rules keyed on it wait until it is true or false.
  const mcpKnown = mcpFlag === undefined || typeof mcpFlag === "boolean";
  const isMcp = mcpFlag === true;
  const oauthConfig = prop(pattern, "oauth_config");

  if (type === "NO_AUTH") {
    if (mcpKnown && !isMcp) {
      issues.push({
        path: at("type"),
        message: `NO_AUTH is only for MCP servers: set ${ref(at("is_mcp"), naming)} to true, or choose ${listOr(AUTH_TYPES.filter((t) => t !== "NO_AUTH"))}`,
        dependsOn: [at("type"), at("is_mcp")],
      });
    }
    for (const list of FIELD_LISTS) {
      if (arrayOf(prop(pattern, list)).length === 0) continue;
      issues.push({
        path: at(list),
        message: "must be empty for a NO_AUTH pattern, which collects no credentials: remove the fields, or choose BASIC, BEARER or API_KEY",
        dependsOn: [at("type"), at(list)],
      });
    }
  }

  if (type === "OAUTH" && oauthConfig === undefined) {
    issues.push({
      path: at("oauth_config"),
      message:
        `is required when ${key("type")} is OAUTH: add it with ${key("authorize_uri")}, ${key("token_uri")} and ${key("available_scopes")}, ` +
        `or, for an MCP server (${key("is_mcp")} true) using dynamic client registration, ${snippet({ pkce_enabled: true }, naming)}`,
      dependsOn: [at("type"), at("oauth_config")],
    });
  }
  if (type !== "OAUTH" && oauthConfig !== undefined) {
    issues.push({
      path: at("oauth_config"),
      message: `is only for OAUTH patterns and this one is ${type}: remove it, or set ${key("type")} to OAUTH`,
      dependsOn: [at("type"), at("oauth_config")],
    });
  }

  if (type === "OAUTH" && mcpKnown && !isMcp && isRecord(oauthConfig)) {
    const endpoints = [
      ["authorize_uri", "authorization"],
      ["token_uri", "token"],
    ] as const;
    for (const [uri, endpoint] of endpoints) {
      const value = prop(oauthConfig, uri);
      if (value !== undefined && value !== "") continue;
      issues.push({
        path: at("oauth_config", uri),
        message:
          `is required for an OAUTH pattern that is not an MCP server: set it to the provider's ${endpoint} endpoint (an https:// URL); ` +
          `for an MCP server using dynamic client registration, set ${ref(at("is_mcp"), naming)} to true instead`,
        dependsOn: [at("type"), at("is_mcp"), at("oauth_config", uri)],
      });
    }
  }
  return issues;
}

/** Field names are unique within a pattern, across `fields` and `account_fields` (one namespace of values). */
function duplicateFieldNames(pattern: unknown, index: number, naming: Naming): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const firstSeen = new Map<string, Path>();
  for (const list of FIELD_LISTS) {
    arrayOf(prop(pattern, list)).forEach((field, position) => {
      const name = prop(field, "field_name");
      if (typeof name !== "string" || name === "") return;
      const path: Path = ["auth_patterns", index, list, position, "field_name"];
      const first = firstSeen.get(name);
      if (first === undefined) {
        firstSeen.set(name, path);
        return;
      }
      issues.push({
        path,
        message:
          `duplicates ${ref(first, naming)} (${quote(name)}): field names must be unique within an auth pattern, ` +
          `across ${ref(["fields"], naming)} and ${ref(["account_fields"], naming)}: rename or remove one`,
        dependsOn: [first, path],
      });
    });
  }
  return issues;
}

/** Scope names are unique within `oauth_config.available_scopes`. */
function duplicateScopes(pattern: unknown, index: number, naming: Naming): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const firstSeen = new Map<string, Path>();
  arrayOf(prop(prop(pattern, "oauth_config"), "available_scopes")).forEach((scope, position) => {
    const name = prop(scope, "scope");
    if (typeof name !== "string" || name === "") return;
    const path: Path = ["auth_patterns", index, "oauth_config", "available_scopes", position, "scope"];
    const first = firstSeen.get(name);
    if (first === undefined) {
      firstSeen.set(name, path);
      return;
    }
    issues.push({
      path,
      message: `duplicates ${ref(first, naming)} (${quote(name)}): scope names must be unique: remove one`,
      dependsOn: [first, path],
    });
  });
  return issues;
}
