/**
 * The emulator's defaults and the checking of its options, in one place.
 */
import { MIN_SECRET_LENGTH } from "../client";
import { DEFAULT_MAX_BODY_BYTES } from "./http-util";
import type { EmulatorOptions, InUseStatus, RateLimit } from "./types";

/** Client id accepted by default. Public: the emulator is a local stand-in, not a real environment. */
export const DEMO_CLIENT_ID = "skc_local_demo";
/** Client secret accepted by default. Public on purpose (printed by `npm run emulator`); not a real secret. */
export const DEMO_CLIENT_SECRET = "sks_local_demo_secret_not_for_production";
export const DEFAULT_TOKEN_TTL_SECONDS = 3600;
/** Largest list page the emulator ever returns (the contract's example asks for 1000). */
export const MAX_PAGE_SIZE = 1000;
/** Page size when the request names none (Scalekit's documented default). */
export const DEFAULT_PAGE_SIZE = 10;
/** Scalekit's documented refusal of a delete in use is a 400 (docs/scalekit-api.md, "delete"). */
export const DEFAULT_IN_USE_STATUS: InUseStatus = 400;
const IN_USE_STATUSES: readonly number[] = [400, 403, 409, 412];

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
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`port must be an integer 0-65535, got ${port}`);
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
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!(tokenTtlSeconds > 0)) throw new RangeError("tokenTtlSeconds must be a positive number of seconds");
  const pageSizeCap = options.pageSizeCap ?? MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSizeCap) || pageSizeCap < 1) throw new RangeError("pageSizeCap must be an integer of 1 or more");
  const inUseStatus = options.inUseStatus ?? DEFAULT_IN_USE_STATUS;
  if (!IN_USE_STATUSES.includes(inUseStatus)) throw new RangeError(`inUseStatus must be one of ${IN_USE_STATUSES.join(", ")}`);
  const latencyMs = checkLatency(options.latencyMs ?? 0);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(maxBodyBytes) || maxBodyBytes < 1) throw new RangeError("maxBodyBytes must be an integer of 1 or more");
  return {
    port,
    clientId,
    clientSecret,
    tokenTtlSeconds,
    pageSizeCap: Math.min(pageSizeCap, MAX_PAGE_SIZE),
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

/** @throws RangeError unless `ms` is a finite number of milliseconds, 0 or more */
export function checkLatency(ms: number): number {
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new RangeError("latency must be a number of milliseconds, 0 or more");
  return ms;
}
