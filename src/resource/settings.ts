/**
 * Where the provider's connection settings come from: stack config first (`scalekit:*`, the client secret
 * set with `pulumi config set --secret`), then the `SCALEKIT_*` environment variables. Read in `configure`,
 * never at module scope, so nothing of it is captured in `__provider`.
 */

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
} satisfies Record<string, SettingSource>;

export interface ConnectionSettings {
    environmentUrl: string;
    clientId: string;
    clientSecret: string;
    maxInFlight?: number;
    requestsPerSecond?: number;
    timeoutMs?: number;
    maxRetries?: number;
}

/** A required setting is missing or a numeric one is not a positive number. */
export class SettingsError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SettingsError";
    }
}

/**
 * Reads the settings from `config` (a lookup of namespaced stack config keys) and `env`.
 * @throws SettingsError naming, for every missing setting, both the config key and the variable.
 */
export function readSettings(config: (key: string) => unknown, env: Record<string, string | undefined>): ConnectionSettings {
    const lookup = (source: SettingSource): string | undefined => {
        const fromConfig = config(source.configKey);
        const value = fromConfig === undefined || fromConfig === null || fromConfig === "" ? env[source.envVar] : String(fromConfig);
        return value === undefined || value.trim() === "" ? undefined : value.trim();
    };
    const required = (["environmentUrl", "clientId", "clientSecret"] as const).map((name) => ({ name, value: lookup(SOURCES[name]) }));
    const missing = required.filter((s) => s.value === undefined).map((s) => SOURCES[s.name]);
    if (missing.length > 0) {
        const lines = missing.map((s) => {
            const how = s.configKey === SOURCES.clientSecret.configKey ? `pulumi config set --secret ${s.configKey} <value>` : `pulumi config set ${s.configKey} <value>`;
            return `  ${s.configKey} (set it with \`${how}\`) or the environment variable ${s.envVar}`;
        });
        throw new SettingsError(`Scalekit connection settings are missing:\n${lines.join("\n")}`);
    }
    const [environmentUrl, clientId, clientSecret] = required.map((s) => s.value as string);
    const positive = (name: "maxInFlight" | "requestsPerSecond" | "timeoutSeconds" | "maxRetries", allowZero = false): number | undefined => {
        const raw = lookup(SOURCES[name]);
        if (raw === undefined) {
            return undefined;
        }
        const n = Number(raw);
        if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0)) {
            throw new SettingsError(`${SOURCES[name].configKey} (or ${SOURCES[name].envVar}) must be a ${allowZero ? "non-negative" : "positive"} number, got "${raw}"`);
        }
        return n;
    };
    const timeoutSeconds = positive("timeoutSeconds");
    return {
        environmentUrl,
        clientId,
        clientSecret,
        maxInFlight: positive("maxInFlight"),
        requestsPerSecond: positive("requestsPerSecond"),
        timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
        maxRetries: positive("maxRetries", true),
    };
}
