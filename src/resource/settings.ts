/**
 * Where the provider's connection settings come from: stack config first (`scalekit:*`, the client secret
 * set with `pulumi config set --secret`), then the `SCALEKIT_*` environment variables. Read in `configure`,
 * never at module scope, so nothing of it is captured in `__provider`.
 */
import { normalizeEnvironmentUrl } from "../client/options";
import { NamedError } from "../named-error";

/** One setting: its stack config key and its environment variable. */
interface SettingSource {
  configKey: string;
  envVar: string;
}

const SOURCES = {
  environmentUrl: { configKey: "scalekit:environmentUrl", envVar: "SCALEKIT_ENVIRONMENT_URL" },
  clientId: { configKey: "scalekit:clientId", envVar: "SCALEKIT_CLIENT_ID" },
  clientSecret: { configKey: "scalekit:clientSecret", envVar: "SCALEKIT_CLIENT_SECRET" },
  maxInFlight: { configKey: "scalekit:maxInFlight", envVar: "SCALEKIT_MAX_IN_FLIGHT" },
  requestsPerSecond: { configKey: "scalekit:requestsPerSecond", envVar: "SCALEKIT_REQUESTS_PER_SECOND" },
  timeoutSeconds: { configKey: "scalekit:timeoutSeconds", envVar: "SCALEKIT_TIMEOUT_SECONDS" },
  maxRetries: { configKey: "scalekit:maxRetries", envVar: "SCALEKIT_MAX_RETRIES" },
  rateLimitWaitSeconds: { configKey: "scalekit:rateLimitWaitSeconds", envVar: "SCALEKIT_RATE_LIMIT_WAIT_SECONDS" },
} satisfies Record<string, SettingSource>;

/** The numeric settings and what each accepts (the client enforces the same bounds). */
const NUMBERS = {
  maxInFlight: { integer: true, min: 1, max: Infinity, what: "a whole number of requests, at least 1" },
  requestsPerSecond: { integer: false, min: Number.MIN_VALUE, max: Infinity, what: "a number of requests per second above 0" },
  timeoutSeconds: { integer: false, min: Number.MIN_VALUE, max: Infinity, what: "a number of seconds above 0" },
  maxRetries: { integer: true, min: 0, max: 20, what: "a whole number from 0 to 20" },
  rateLimitWaitSeconds: { integer: false, min: 0, max: Infinity, what: "a number of seconds, 0 or more" },
} as const;

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

/** A required setting is missing, the environment URL is unusable, or a numeric setting is out of range. */
export class SettingsError extends NamedError {}

/**
 * Reads the settings from `config` (a lookup of namespaced stack config keys) and `env`.
 * @throws SettingsError naming, for every missing setting, both the config key and the variable, or naming
 *   a numeric setting that is out of range (its value is printed: none of them is secret), or the
 *   environment URL when the client would refuse it (e.g. plain http:// to a host that is not loopback).
 */
export function readSettings(config: (key: string) => unknown, env: Record<string, string | undefined>): ConnectionSettings {
  const lookup = (source: SettingSource): string | undefined => {
    const fromConfig = config(source.configKey);
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Pulumi's config values are strings
    const value = fromConfig === undefined || fromConfig === null || fromConfig === "" ? env[source.envVar] : String(fromConfig);
    return value === undefined || value.trim() === "" ? undefined : value.trim();
  };
  const required = (["environmentUrl", "clientId", "clientSecret"] as const).map((name) => ({ name, value: lookup(SOURCES[name]) }));
  const missing = required.filter((s) => s.value === undefined).map((s) => SOURCES[s.name]);
  if (missing.length > 0) {
    const lines = missing.map((s) => {
      const how = s === SOURCES.clientSecret ? `pulumi config set --secret ${s.configKey}` : `pulumi config set ${s.configKey} <value>`;
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
    throw new SettingsError(`${SOURCES.environmentUrl.configKey} (or ${SOURCES.environmentUrl.envVar}): ${(err as Error).message}`);
  }
  const number = (name: keyof typeof NUMBERS): number | undefined => {
    const raw = lookup(SOURCES[name]);
    if (raw === undefined) {
      return undefined;
    }
    const rule = NUMBERS[name];
    const n = Number(raw);
    if (!Number.isFinite(n) || n < rule.min || n > rule.max || (rule.integer && !Number.isInteger(n))) {
      throw new SettingsError(`${SOURCES[name].configKey} (or ${SOURCES[name].envVar}) must be ${rule.what}, got "${raw}"`);
    }
    return n;
  };
  const timeoutSeconds = number("timeoutSeconds");
  const rateLimitWaitSeconds = number("rateLimitWaitSeconds");
  return {
    environmentUrl,
    clientId,
    clientSecret,
    maxInFlight: number("maxInFlight"),
    requestsPerSecond: number("requestsPerSecond"),
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
    maxRetries: number("maxRetries"),
    rateLimitWaitMs: rateLimitWaitSeconds === undefined ? undefined : rateLimitWaitSeconds * 1000,
  };
}
