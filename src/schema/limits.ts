/**
 * Scalekit's documented limits and enumerations for the custom-provider payload, in one place so that a change
 * on Scalekit's side is a one-line change here (see docs/scalekit-api.md).
 */

/** Auth patterns per provider: Scalekit's SDK says only one pattern is supported today. */
export const MAX_AUTH_PATTERNS = 1;

/** `display_name` length, in characters. */
export const DISPLAY_NAME_MAX_LENGTH = 200;

/** Longest `proxy_url` (once placeholders are set aside), `icon_src` and OAuth URI, in characters. */
export const URL_MAX_LENGTH = 2048;

/** `metadata`: at most this many key/value pairs. */
export const METADATA_MAX_PAIRS = 20;

/** `metadata` key length bounds, in characters (inclusive). */
export const METADATA_KEY_LENGTH = { min: 3, max: 25 } as const;

/** `metadata` value length bounds, in characters (inclusive). */
export const METADATA_VALUE_LENGTH = { min: 1, max: 256 } as const;

/** The auth pattern types Scalekit accepts. */
export const AUTH_TYPES = ["OAUTH", "BASIC", "BEARER", "API_KEY", "NO_AUTH"] as const;

/** The input types of an auth field. */
export const INPUT_TYPES = ["text", "password", "select"] as const;

/** The credential fields `auth_field_mutations` may rewrite (its keys: data, never case-converted). */
export const MUTATION_FIELD_KEYS = ["api_key", "token", "username", "password"] as const;

/** The operations of one field mutation, applied in this order: default, then prefix, then suffix. */
export const MUTATION_OPERATIONS = ["prefix", "suffix", "default"] as const;

/** Placeholders of `proxy_url` that are not path parameters; each takes its value from a field of that name. */
export const BUILTIN_PLACEHOLDERS = ["domain", "version"] as const;

export type AuthType = (typeof AUTH_TYPES)[number];
export type InputType = (typeof INPUT_TYPES)[number];
export type MutationFieldKey = (typeof MUTATION_FIELD_KEYS)[number];
