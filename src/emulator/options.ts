/**
 * The emulator's defaults and the checking of its options, in one place: the library's options and the
 * `emulator` command's flags read the same bounds (OPTION_BOUNDS) and refuse a value in the same words.
 */
import { IN_USE_STATUSES, isInUseStatus, MAX_PAGE_SIZE, MIN_SECRET_LENGTH } from "../client";
import { DEFAULT_MAX_BODY_BYTES } from "./http-util";
import type { EmulatorOptions, InUseStatus, RateLimit } from "./types";

export { MAX_PAGE_SIZE };

/** Client id accepted by default. Public: the emulator is a local stand-in, not a real environment. */
export const DEMO_CLIENT_ID = "skc_local_demo";
/** Client secret accepted by default. Public on purpose (printed by `npm run emulator`); not a real secret. */
export const DEMO_CLIENT_SECRET = "sks_local_demo_secret_not_for_production";
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** Page size when the request names none (Scalekit's documented default). */
export const DEFAULT_PAGE_SIZE = 10;
/** Scalekit's documented refusal of a delete in use is a 400 (docs/scalekit-api.md, "delete"). */
export const DEFAULT_IN_USE_STATUS: InUseStatus = 400;

/** The range of a numeric option, inclusive. */
export interface OptionBounds {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only. */
  readonly integer: boolean;
}

/**
 * The bounds of each numeric option, for the library and the command line alike. The largest list page is
 * the one the list call documents (MAX_PAGE_SIZE, the client's); 10 minutes of latency and 30 days of token
 * lifetime are far beyond any test, and keep a timer within what Node can schedule.
 */
export const OPTION_BOUNDS = {
  port: { min: 0, max: 65535, integer: true },
  pageSizeCap: { min: 1, max: MAX_PAGE_SIZE, integer: true },
  latencyMs: { min: 0, max: 600_000, integer: false },
  tokenTtlSeconds: { min: 1, max: 30 * 86_400, integer: false },
} as const satisfies Record<string, OptionBounds>;

/** What a value within `bounds` is, for messages: "an integer from 1 to 1000". */
function boundsText(bounds: OptionBounds): string {
  return `${bounds.integer ? "an integer" : "a number"} from ${bounds.min} to ${bounds.max}`;
}

/** What an in-use status may be, for messages: "400, 403, 409 or 412". */
export const IN_USE_STATUS_TEXT = `${IN_USE_STATUSES.slice(0, -1).join(", ")} or ${IN_USE_STATUSES[IN_USE_STATUSES.length - 1]}`;

/**
 * `value` when it lies within the bounds of `option`.
 * @throws RangeError naming the option, the range and the value given
 */
function checkBounds(option: keyof typeof OPTION_BOUNDS, value: unknown): number {
  const bounds: OptionBounds = OPTION_BOUNDS[option];
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= bounds.min &&
    value <= bounds.max &&
    (!bounds.integer || Number.isInteger(value));
  if (!ok) throw new RangeError(`${option} must be ${boundsText(bounds)}, got ${String(value)}`);
  return value;
}

/**
 * `value` when it is one of IN_USE_STATUSES.
 * @throws RangeError naming the option, the statuses and the value given
 */
function checkInUseStatus(value: unknown): InUseStatus {
  if (!isInUseStatus(value)) throw new RangeError(`inUseStatus must be ${IN_USE_STATUS_TEXT}, got ${String(value)}`);
  return value;
}

export interface ResolvedOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  pageSizeCap: number;
  stateFile: string | undefined;
  inUseStatus: InUseStatus;
  latencyMs: number;
  rateLimit: RateLimit | undefined;
  maxBodyBytes: number;
  fillServerDefaults: boolean;
  caseInsensitiveNames: boolean;
  renameChangesIdentifier: boolean;
  logger: ((line: string) => void) | undefined;
}

/**
 * Fills the defaults and checks every option.
 * @throws RangeError naming the option when a value is out of range
 */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const port = checkBounds("port", options.port ?? 0);
  const clientId = options.clientId ?? DEMO_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEMO_CLIENT_SECRET;
  if (clientId === "") throw new RangeError("clientId must not be empty");
  if (clientSecret === "") throw new RangeError("clientSecret must not be empty");
  if (clientSecret.length < MIN_SECRET_LENGTH) {
    // Redaction ignores secrets this short (they would hide ordinary words), so one would leak: refuse it.
    throw new RangeError(
      `the client secret (--client-secret or SCALEKIT_EMULATOR_CLIENT_SECRET) is ${clientSecret.length} characters long; it must have at least ${MIN_SECRET_LENGTH}, ` +
        "like a real Scalekit client secret: use a longer one, or none for the public demo secret",
    );
  }
  const tokenTtlSeconds = checkBounds("tokenTtlSeconds", options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS);
  const pageSizeCap = checkBounds("pageSizeCap", options.pageSizeCap ?? MAX_PAGE_SIZE);
  const inUseStatus = checkInUseStatus(options.inUseStatus ?? DEFAULT_IN_USE_STATUS);
  const latencyMs = checkLatency(options.latencyMs ?? 0);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new RangeError("maxBodyBytes must be an integer of 1 or more");
  return {
    port,
    clientId,
    clientSecret,
    tokenTtlSeconds,
    pageSizeCap,
    stateFile: options.stateFile,
    inUseStatus,
    latencyMs,
    rateLimit: options.rateLimit,
    maxBodyBytes,
    fillServerDefaults: options.fillServerDefaults ?? true,
    caseInsensitiveNames: options.caseInsensitiveNames ?? false,
    renameChangesIdentifier: options.renameChangesIdentifier ?? false,
    logger: options.logger,
  };
}

/** @throws RangeError unless `ms` is a number of milliseconds within OPTION_BOUNDS.latencyMs */
export function checkLatency(ms: unknown): number {
  return checkBounds("latencyMs", ms);
}
