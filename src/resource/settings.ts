/**
 * Where the provider's connection settings come from: stack config first (`scalekit:*`, the client secret
 * set with `pulumi config set --secret`), then the `SCALEKIT_*` environment variables, as the client settings
 * table names them (client/settings.ts). Read in `configure`, never at module scope, so nothing of it is
 * captured in `__provider`.
 */
import {
  CREDENTIALS,
  SettingsError,
  lookupSetting,
  normalizeEnvironmentUrl,
  readNamedSettings,
  sourceName,
  type ConfigLookup,
  type Environment,
} from "../client";

export interface ConnectionSettings {
  environmentUrl: string;
  clientId: string;
  clientSecret: string;
  maxInFlight?: number;
  requestsPerSecond?: number;
  timeoutMs?: number;
  maxRetries?: number;
  rateLimitWaitMs?: number;
}

/**
 * Reads the settings from `config` (a lookup of namespaced stack config keys) and `env`.
 * @throws SettingsError naming, for every missing setting, both the config key and the variable, or naming
 *   a numeric setting that is out of range (its value is printed: none of them is secret), or the
 *   environment URL when the client would refuse it (e.g. plain http:// to a host that is not loopback).
 */
export function readSettings(config: ConfigLookup, env: Environment): ConnectionSettings {
  const names = ["environmentUrl", "clientId", "clientSecret"] as const;
  const required = names.map((name) => ({ name, value: lookupSetting(CREDENTIALS[name], config, env) }));
  const missing = required.filter((s) => s.value === undefined).map((s) => CREDENTIALS[s.name]);
  if (missing.length > 0) {
    const lines = missing.map((s) => {
      const how = s.secret ? `pulumi config set --secret ${s.configKey}` : `pulumi config set ${s.configKey} <value>`;
      return `  ${s.configKey} (set it with \`${how}\`) or the environment variable ${s.envVar}`;
    });
    throw new SettingsError(`Scalekit connection settings are missing:\n${lines.join("\n")}`);
  }
  const [environmentUrl, clientId, clientSecret] = required.map((s) => s.value as string);
  // The client's own rule, applied here so that a plain http:// URL to a remote host fails when the
  // provider is configured (already in `pulumi preview`), before any request could carry the secret.
  try {
    normalizeEnvironmentUrl(environmentUrl);
  } catch (err) {
    throw new SettingsError(`${sourceName(CREDENTIALS.environmentUrl)}: ${(err as Error).message}`);
  }
  return { environmentUrl, clientId, clientSecret, ...readNamedSettings(config, env) };
}

/**
 * The live review's switch: `pulumi preview` (and the preview part of `up`) reads the environment once and warns
 * about Dashboard edits, taken display names and deleted providers (live-review.ts). Off, a preview makes no
 * request at all: for previews without network, or in CI with credentials that cannot reach the environment.
 */
export const LIVE_REVIEW_SETTING = { configKey: "scalekit:liveReview", envVar: "SCALEKIT_LIVE_REVIEW" } as const;

/**
 * Whether the live review is on: stack config first, then the variable; `true` unless set to `false`.
 * @throws SettingsError for any other value, naming the config key and the variable
 */
export function readLiveReview(config: ConfigLookup, env: Environment): boolean {
  const text = lookupSetting(LIVE_REVIEW_SETTING, config, env);
  if (text === undefined) return true;
  const value = text.toLowerCase();
  if (value === "true" || value === "false") return value === "true";
  throw new SettingsError(`${sourceName(LIVE_REVIEW_SETTING)} must be true or false, got ${JSON.stringify(text)}`);
}
