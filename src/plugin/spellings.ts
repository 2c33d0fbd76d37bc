/**
 * How the SDKs the plugin serves spell a property. The engine prints a Check failure's property as the provider
 * sends it, in the package schema's names (camelCase: `authPatterns[0].oauthConfig.tokenUri`, as YAML and
 * TypeScript programs write it), and it does not tell the provider which language the program is written in. So a
 * failure's reason ends with the property as each other SDK spells it, when that differs: a Python program reads
 * the `auth_patterns[0].oauth_config.token_uri` it wrote.
 */
import { renderProperty, type Naming, type Path } from "../schema";

/**
 * The SDKs whose spelling differs from the schema's, with the naming of the one casing map (schema/casing.ts)
 * that is theirs. Pulumi's Python generator snake_cases every schema name, which gives back the wire key.
 */
const OTHER_SPELLINGS: readonly { language: string; naming: Naming }[] = [{ language: "Python", naming: "wire" }];

/** `reason`, followed by the property at wire `path` as each other SDK spells it, when it spells it otherwise. */
export function withOtherSpellings(reason: string, path: Path | undefined): string {
  if (path === undefined) return reason;
  const schema = renderProperty(path, "args");
  const others = OTHER_SPELLINGS.map(({ language, naming }) => ({ language, spelling: renderProperty(path, naming) })).filter(
    ({ spelling }) => spelling !== schema,
  );
  if (others.length === 0) return reason;
  return `${reason} (${others.map(({ language, spelling }) => `in ${language}: ${spelling}`).join("; ")})`;
}
