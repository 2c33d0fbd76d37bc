/**
 * Scalekit's refusal to delete a provider still in use (docs/scalekit-api.md, "delete"), in one place for the
 * client, which recognizes it, and the emulator, which answers it. Free of zod: the emulator's public
 * declarations refer to it.
 */

/** The HTTP statuses such a refusal may carry: 400 is documented; 403, 409 and 412 come from older material. */
export const IN_USE_STATUSES = [400, 403, 409, 412] as const;

export type InUseStatus = (typeof IN_USE_STATUSES)[number];

/** The error code of the documented refusal (400 INVALID_ARGUMENT). */
export const IN_USE_ERROR_CODE = "PROVIDER_HAS_EXISTING_CONNECTIONS";

/** Whether `status` is one of IN_USE_STATUSES. */
export function isInUseStatus(status: unknown): status is InUseStatus {
  return (IN_USE_STATUSES as readonly unknown[]).includes(status);
}
