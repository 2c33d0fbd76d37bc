/**
 * The client settings, in one table: for each, the client option and its unit, its default and bounds, and
 * the names it has outside the code: the Pulumi stack config key, the environment variable and the CLI flag.
 * The client's options (options.ts, and the per-call overrides), the provider's stack settings
 * (resource/settings.ts), the promotion gate's limits and the CLI's flags all read this table and check a
 * value through it, so a setting is refused with the same words wherever it comes from; only the name of
 * the source differs: `maxRetries`, `scalekit:maxRetries (or SCALEKIT_MAX_RETRIES)`, `--max-retries`.
 */
import { ConfigurationError } from "./errors";

/** A credential of the environment: required, from stack config or the variable. */
export interface CredentialSetting {
  readonly configKey: string;
  readonly envVar: string;
  /** Set with `pulumi config set --secret`; never shown. */
  readonly secret: boolean;
}

/** Where the client connects, and with what; the client takes them as the options of the same names. */
export const CREDENTIALS = {
  environmentUrl: { configKey: "scalekit:environmentUrl", envVar: "SCALEKIT_ENVIRONMENT_URL", secret: false },
  clientId: { configKey: "scalekit:clientId", envVar: "SCALEKIT_CLIENT_ID", secret: false },
  clientSecret: { configKey: "scalekit:clientSecret", envVar: "SCALEKIT_CLIENT_SECRET", secret: true },
} as const satisfies Record<string, CredentialSetting>;

/**
 * The environment URLs this project's example stack files (Pulumi.dev.yaml, Pulumi.prod.yaml) and the README ship
 * with: placeholders for an environment's own URL, which resolve nowhere. A connection error names them as such.
 */
export const PLACEHOLDER_ENVIRONMENT_URLS: readonly string[] = [
  "https://your-company-dev.scalekit.dev",
  "https://your-company.scalekit.com",
];

/** Whether `environmentUrl` is one of PLACEHOLDER_ENVIRONMENT_URLS (compared by origin). */
export function isPlaceholderEnvironmentUrl(environmentUrl: string): boolean {
  const origin = URL.canParse(environmentUrl) ? new URL(environmentUrl).origin : environmentUrl;
  return PLACEHOLDER_ENVIRONMENT_URLS.some((placeholder) => new URL(placeholder).origin === origin);
}

/** A numeric client option: its bounds, default and names. Bounds and default are in the option's unit. */
export interface NumericSetting {
  /** What the option is in: milliseconds, or a count (undefined). */
  readonly unit?: "milliseconds";
  readonly integer: boolean;
  readonly min: number;
  /** `min` itself is refused. */
  readonly minExclusive?: boolean;
  readonly max?: number;
  /** Applied when the option is not given; none for a setting that is off unless set. */
  readonly default?: number;
  /** How people give it (stack config, variable, flag), when they can; in seconds where the option is in milliseconds. */
  readonly named?: {
    /** The name in stack config (`scalekit:<name>`) and in messages: `timeoutSeconds`. */
    readonly name: string;
    readonly configKey: string;
    readonly envVar: string;
    /** Given in seconds, while the option is in milliseconds. */
    readonly seconds?: boolean;
    /** A flag of the CLI's commands that read an environment. */
    readonly flag?: { readonly name: string; readonly placeholder: string; readonly description: string };
  };
}

/** The largest pause between reads for which a finished listing keeps answering them. */
export const MAX_LISTING_REUSE_MS = 1000;
/** The largest page the list call documents. */
export const MAX_PAGE_SIZE = 1000;

/** Every numeric client option (see ClientOptions for what each one does). */
export const NUMERIC_SETTINGS = {
  timeoutMs: {
    unit: "milliseconds",
    integer: false,
    min: 0,
    minExclusive: true,
    default: 30_000,
    named: {
      name: "timeoutSeconds",
      configKey: "scalekit:timeoutSeconds",
      envVar: "SCALEKIT_TIMEOUT_SECONDS",
      seconds: true,
      flag: { name: "--timeout-seconds", placeholder: "seconds", description: "give up on a request after this long" },
    },
  },
  maxRetries: {
    integer: true,
    min: 0,
    max: 20,
    default: 4,
    named: {
      name: "maxRetries",
      configKey: "scalekit:maxRetries",
      envVar: "SCALEKIT_MAX_RETRIES",
      flag: { name: "--max-retries", placeholder: "count", description: "retries of a failed request" },
    },
  },
  retryBaseDelayMs: { unit: "milliseconds", integer: false, min: 0, default: 500 },
  retryMaxDelayMs: { unit: "milliseconds", integer: false, min: 0, default: 20_000 },
  maxInFlight: {
    integer: true,
    min: 1,
    default: 16,
    named: { name: "maxInFlight", configKey: "scalekit:maxInFlight", envVar: "SCALEKIT_MAX_IN_FLIGHT" },
  },
  requestsPerSecond: {
    integer: false,
    min: 0,
    minExclusive: true,
    named: { name: "requestsPerSecond", configKey: "scalekit:requestsPerSecond", envVar: "SCALEKIT_REQUESTS_PER_SECOND" },
  },
  rateLimitWaitMs: {
    unit: "milliseconds",
    integer: false,
    min: 0,
    default: 300_000,
    named: {
      name: "rateLimitWaitSeconds",
      configKey: "scalekit:rateLimitWaitSeconds",
      envVar: "SCALEKIT_RATE_LIMIT_WAIT_SECONDS",
      seconds: true,
    },
  },
  listingReuseMs: { unit: "milliseconds", integer: false, min: 0, max: MAX_LISTING_REUSE_MS, default: 1000 },
  pageSize: { integer: true, min: 1, max: MAX_PAGE_SIZE, default: 1000 },
} as const satisfies Record<string, NumericSetting>;

export type NumericOption = keyof typeof NUMERIC_SETTINGS;
/** The numeric options that have a default. */
export type DefaultedOption = { [K in NumericOption]: (typeof NUMERIC_SETTINGS)[K] extends { default: number } ? K : never }[NumericOption];
/** The numeric options people can give by name (stack config, variable, maybe a flag). */
export type NamedOption = { [K in NumericOption]: (typeof NUMERIC_SETTINGS)[K] extends { named: object } ? K : never }[NumericOption];
/** The numeric options with a CLI flag. */
export type FlaggedOption = { [K in NamedOption]: (typeof NUMERIC_SETTINGS)[K]["named"] extends { flag: object } ? K : never }[NamedOption];

/** The options with a name, in table order. */
export const NAMED_OPTIONS = (Object.keys(NUMERIC_SETTINGS) as NumericOption[]).filter(
  (o): o is NamedOption => "named" in NUMERIC_SETTINGS[o],
);

/** The options with a CLI flag, in table order. */
export const FLAGGED_OPTIONS = NAMED_OPTIONS.filter((o): o is FlaggedOption => "flag" in NUMERIC_SETTINGS[o].named);

/** The defaults of the client's numeric options. */
export const DEFAULTS = Object.fromEntries(
  Object.entries(NUMERIC_SETTINGS).flatMap(([option, setting]) => ("default" in setting ? [[option, setting.default]] : [])),
) as Record<DefaultedOption, number>;

/** How a value is named and given: as the client option, or by its name (stack config, variable, flag). */
type Form = "option" | "named";

/** The factor from the named value to the option's (1000 for a setting given in seconds). */
function scaleOf(setting: NumericSetting, form: Form): number {
  return form === "named" && setting.named?.seconds ? 1000 : 1;
}

/** What a setting accepts, in the unit of `form`: "an integer from 0 to 20", "a number of seconds above 0". */
function acceptedValues(option: NumericOption, form: Form): string {
  const setting: NumericSetting = NUMERIC_SETTINGS[option];
  const scale = scaleOf(setting, form);
  const unit = form === "named" && setting.named?.seconds ? "seconds" : setting.unit;
  const what = `${setting.integer ? "an integer" : "a number"}${unit ? ` of ${unit}` : ""}`;
  const min = setting.min / scale;
  if (setting.max !== undefined) return `${what} from ${min} to ${setting.max / scale}`;
  if (setting.minExclusive) return `${what} above ${min}`;
  return min === 0 ? `${what}, 0 or more` : `${what}, at least ${min}`;
}

/** Whether `value` is within the setting's bounds, in the unit of `form`. */
function acceptable(setting: NumericSetting, value: unknown, form: Form): value is number {
  const scale = scaleOf(setting, form);
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  if (setting.minExclusive ? value <= setting.min / scale : value < setting.min / scale) return false;
  return (setting.max === undefined || value <= setting.max / scale) && (!setting.integer || Number.isInteger(value));
}

/** The one wording of an unusable value: `<source> must be <what it accepts>, got <value>`. */
function refusal(option: NumericOption, form: Form, source: string, value: unknown): string {
  const shown = typeof value === "number" ? String(value) : (JSON.stringify(value) ?? String(value));
  return `${source} must be ${acceptedValues(option, form)}, got ${shown}`;
}

/**
 * The value of a client option, or its default when not given (undefined for an option without one).
 * @throws ConfigurationError naming the option, what it accepts and the value given
 */
export function optionValue(option: DefaultedOption, value: unknown): number;
export function optionValue(option: NumericOption, value: unknown): number | undefined;
export function optionValue(option: NumericOption, value: unknown): number | undefined {
  const setting: NumericSetting = NUMERIC_SETTINGS[option];
  if (value === undefined) return setting.default;
  if (!acceptable(setting, value, "option")) throw new ConfigurationError(refusal(option, "option", option, value), option);
  return value;
}

/**
 * A setting given as text by its name (a flag's argument, a stack config or variable value), in the option's
 * unit (seconds become milliseconds).
 * @returns the value, or the message refusing it, worded as everywhere else with `source` as its name
 */
export function parseNamedValue(option: NamedOption, text: string, source: string): { value: number } | { problem: string } {
  const setting: NumericSetting = NUMERIC_SETTINGS[option];
  const n = text.trim() === "" ? Number.NaN : Number(text);
  if (!acceptable(setting, n, "named")) return { problem: refusal(option, "named", source, text) };
  return { value: n * scaleOf(setting, "named") };
}

/** The default of a named setting in the unit people give it: 30 for `timeoutSeconds`. */
export function namedDefault(option: NamedOption): number | undefined {
  const setting: NumericSetting = NUMERIC_SETTINGS[option];
  return setting.default === undefined ? undefined : setting.default / scaleOf(setting, "named");
}

/** A lookup of namespaced stack config keys (`scalekit:maxRetries`), and the process environment. */
export type ConfigLookup = (key: string) => unknown;
export type Environment = Record<string, string | undefined>;

/** The text of a setting, trimmed: stack config first, then its variable; blank counts as not set. */
export function lookupSetting(source: { configKey: string; envVar: string }, config: ConfigLookup, env: Environment): string | undefined {
  const fromConfig = config(source.configKey);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Pulumi's config values are strings
  const configured = fromConfig === undefined || fromConfig === null ? "" : String(fromConfig).trim();
  const value = configured === "" ? env[source.envVar]?.trim() : configured;
  return value === "" ? undefined : value;
}

/** How messages name where a setting comes from: `scalekit:maxRetries (or SCALEKIT_MAX_RETRIES)`. */
export function sourceName(source: { configKey: string; envVar: string }): string {
  return `${source.configKey} (or ${source.envVar})`;
}

/**
 * The named settings `options` (all of them by default) as set in stack config or the variables, as client
 * options (seconds made milliseconds); a setting not set is absent.
 * @throws ConfigurationError for a value out of range, naming its config key, its variable, what it accepts and
 *   the value (none of them is secret)
 */
export function readNamedSettings(
  config: ConfigLookup,
  env: Environment,
  options: readonly NamedOption[] = NAMED_OPTIONS,
): Partial<Record<NamedOption, number>> {
  const values: Partial<Record<NamedOption, number>> = {};
  for (const option of options) {
    const named = NUMERIC_SETTINGS[option].named;
    const text = lookupSetting(named, config, env);
    if (text === undefined) continue;
    const parsed = parseNamedValue(option, text, sourceName(named));
    if ("problem" in parsed) throw new ConfigurationError(parsed.problem, option);
    values[option] = parsed.value;
  }
  return values;
}
