/**
 * Pulumi's wire sentinels, as @pulumi/pulumi's `runtime` defines them (test/resource/pulumi-sentinels.test.ts
 * checks they still agree). Copied, not imported: importing them loads the whole Pulumi SDK (about half a second on
 * two cores), which the native plugin would pay on every start, twice per command (docs/benchmarks.md).
 */

/** A value not known yet, during preview (`runtime.unknownValue`). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key that marks a wrapped special value (`runtime.specialSigKey`). */
export const SPECIAL_SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a wrapped secret (`runtime.specialSecretSig`). */
export const SPECIAL_SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
