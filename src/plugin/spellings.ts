/**
 * How the SDKs the plugin serves spell a property. The engine prints a Check failure's property as the provider
 * sends it, in the package schema's names (camelCase: `authPatterns[0].oauthConfig.tokenUri`, as YAML and
 * TypeScript programs write it), and it does not tell the provider which language the program is written in. So a
 * failure's reason ends with the property as each other SDK spells it, when that differs: a Python program reads
 * the `auth_patterns[0].oauth_config.token_uri` it wrote, a Go program the `AuthPatterns[0].OauthConfig.TokenUri`.
 */

/** A Check failure as the resource gives it: its property in the schema's naming, the wire naming and Go's. */
export interface SpelledFailure {
  readonly property: string;
  readonly reason: string;
  readonly wireProperty?: string;
  readonly goProperty?: string;
}

/**
 * The SDKs whose spelling differs from the schema's, and theirs. Pulumi's Python generator snake_cases every schema
 * name, which gives back the wire key; its Go generator exports each as a field, first letter upper-cased (the
 * resource renders both with the one casing map, schema/naming.ts).
 */
const OTHER_SPELLINGS: readonly { language: string; spelling: (failure: SpelledFailure) => string | undefined }[] = [
  { language: "Python", spelling: (failure) => failure.wireProperty },
  { language: "Go", spelling: (failure) => failure.goProperty },
];

/** The failure's reason, followed by its property as each other SDK spells it, when it spells it otherwise. */
export function reasonWithOtherSpellings(failure: SpelledFailure): string {
  const others = OTHER_SPELLINGS.map(({ language, spelling }) => ({ language, spelling: spelling(failure) })).filter(
    ({ spelling }) => spelling !== undefined && spelling !== failure.property,
  );
  if (others.length === 0) return failure.reason;
  return `${failure.reason} (${others.map(({ language, spelling }) => `in ${language}: ${spelling}`).join("; ")})`;
}
