/**
 * A few built-in providers, as Scalekit lists them beside the custom ones: the real list call returns only
 * these when `filter.provider_type` is omitted (docs/scalekit-api.md, "list"), so a client that forgets
 * the filter sees the wrong providers here too. They cannot be written through the custom-providers paths.
 */
export const BUILT_IN_PROVIDERS: ReadonlyArray<Readonly<Record<string, unknown>>> = [
  builtIn("prv_builtin_gmail", "GMAIL", "Gmail", ["Email"]),
  builtIn("prv_builtin_slack", "SLACK", "Slack", ["Communication"]),
  builtIn("prv_builtin_github", "GITHUB", "GitHub", ["Developer tools"]),
];

function builtIn(id: string, identifier: string, displayName: string, categories: string[]): Record<string, unknown> {
  return {
    id,
    identifier,
    display_name: displayName,
    description: `${displayName} (built-in connector)`,
    auth_patterns: [{ type: "OAUTH", display_name: "OAuth 2.0", description: "", is_mcp: false, fields: [], account_fields: [] }],
    proxy_url: "",
    proxy_enabled: false,
    icon_src: "",
    metadata: {},
    categories,
    display_priority: 1,
    coming_soon: false,
    is_custom: false,
    is_custom_mcp: false,
  };
}
