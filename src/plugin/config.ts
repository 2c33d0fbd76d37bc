/**
 * The provider's configuration as Configure brings it: `args`, the provider's inputs by name (`clientSecret`,
 * secrets wrapped), and the older `variables`, keyed `scalekit:config:<name>`, always text. The resource's
 * settings reader (resource/settings.ts) looks settings up by their stack config key, `scalekit:<name>`; this
 * answers it from those two, so the plugin and the dynamic resource read their settings with one implementation,
 * environment variables and messages included.
 */
import { unwrapSecrets, type Props } from "./values";

/** What the resource provider's `configure` takes: `get("scalekit:clientId")`. */
export interface ConfigReader {
  get(key: string): string | undefined;
}

/**
 * The configuration of package `pkg` from a Configure request's `args` and `variables`. A blank value counts
 * as not set (the reader then falls back to the environment variable), as it does for stack config.
 */
export function configReader(pkg: string, args: Props, variables: ReadonlyMap<string, string>): ConfigReader {
  return {
    get(key: string): string | undefined {
      if (!key.startsWith(`${pkg}:`)) return undefined;
      const name = key.slice(pkg.length + 1);
      const value = unwrapSecrets(args[name]);
      if (value === undefined || value === null) return variables.get(`${pkg}:config:${name}`);
      return typeof value === "string" ? value : JSON.stringify(value);
    },
  };
}
