/**
 * Rules about one value on its own (no other property involved). Each returns the problems found, as messages
 * that state the fix; an empty list means valid. Pure and total.
 */
import {
  DISPLAY_NAME_MAX_LENGTH,
  MAX_AUTH_PATTERNS,
  METADATA_KEY_LENGTH,
  METADATA_MAX_PAIRS,
  METADATA_VALUE_LENGTH,
} from "../limits";
import { RULES } from "../docs";
import type { Path } from "../naming";
import { charLength, quote } from "../wording";

/** A problem at `path`, relative to the value that was checked. */
export interface LocalIssue {
  readonly path: Path;
  readonly message: string;
}

const DISPLAY_NAME_CHARACTERS = RULES.displayNameCharacters;

/** `display_name`: 1 to DISPLAY_NAME_MAX_LENGTH ASCII letters, digits and spaces, at least one letter or digit. */
export function displayNameProblems(name: string): string[] {
  if (name === "") {
    return [`must not be empty: name the provider with ${RULES.displayName}`];
  }
  const problems: string[] = [];
  const length = charLength(name);
  if (length > DISPLAY_NAME_MAX_LENGTH) {
    problems.push(`is ${length} characters long; shorten it to at most ${DISPLAY_NAME_MAX_LENGTH}`);
  }
  const disallowed = distinctDisallowed(name, 5);
  if (disallowed.length > 0) {
    const example = cleanDisplayName(name);
    problems.push(
      `may only contain ${DISPLAY_NAME_CHARACTERS}; remove ${disallowed.map(quote).join(", ")}` +
        (example === "" ? "" : `, e.g. ${quote(example)}`),
    );
  }
  if (!/[A-Za-z0-9]/.test(name)) problems.push("must contain at least one letter or digit");
  return problems;
}

/** Up to `max` distinct characters of `text` that a display name may not contain, in order of appearance. */
function distinctDisallowed(text: string, max: number): string[] {
  const found: string[] = [];
  for (const character of text) {
    if (/[A-Za-z0-9 ]/.test(character) || found.includes(character)) continue;
    found.push(character);
    if (found.length === max) break;
  }
  return found;
}

/**
 * `text` with each run of spaces and disallowed characters turned into one space, trimmed and cut: a display
 * name to suggest. One pass that stops at the length it needs: a regular expression over a name of millions of
 * characters can exhaust the stack.
 */
function cleanDisplayName(text: string): string {
  let suggestion = "";
  let gap = false;
  for (const character of text) {
    if (!/[A-Za-z0-9]/.test(character)) {
      gap = true;
      continue;
    }
    if (gap && suggestion !== "") suggestion += " ";
    gap = false;
    suggestion += character;
    if (suggestion.length >= DISPLAY_NAME_MAX_LENGTH) break;
  }
  return suggestion.slice(0, DISPLAY_NAME_MAX_LENGTH);
}

/** `auth_patterns`: exactly MAX_AUTH_PATTERNS patterns, Scalekit's current limit. */
export function authPatternCountProblems(count: number): string[] {
  if (count === MAX_AUTH_PATTERNS) return [];
  const limit = RULES.authPatternCount;
  return count < MAX_AUTH_PATTERNS
    ? [`must hold ${MAX_AUTH_PATTERNS} auth pattern (${limit}): add one`]
    : [`holds ${count} auth patterns but ${limit}: keep one and remove the others`];
}

/** An HTTP header name is an RFC 9110 token. */
export const HEADER_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** `auth_header_key_override`: a header name such as `x-api-key`, or "" for none. */
export function headerNameProblems(name: string): string[] {
  if (name === "" || HEADER_TOKEN.test(name)) return [];
  return [
    `must be an HTTP header name such as \`x-api-key\` (${RULES.headerName}), or "" for the default Authorization header`,
  ];
}

/**
 * `metadata` (already known to be a JSON object): at most METADATA_MAX_PAIRS pairs, keys and string values
 * within their length bounds. Non-string values are left to the type check.
 */
export function metadataIssues(metadata: Record<string, unknown>): LocalIssue[] {
  const issues: LocalIssue[] = [];
  const entries = Object.entries(metadata);
  if (entries.length > METADATA_MAX_PAIRS) {
    issues.push({
      path: [],
      message: `holds ${entries.length} pairs; at most ${METADATA_MAX_PAIRS} are allowed: remove ${entries.length - METADATA_MAX_PAIRS}`,
    });
  }
  for (const [key, value] of entries) {
    const keyLength = charLength(key);
    if (keyLength < METADATA_KEY_LENGTH.min || keyLength > METADATA_KEY_LENGTH.max) {
      issues.push({
        path: [key],
        message: `is a key of ${keyLength} characters; metadata keys have ${METADATA_KEY_LENGTH.min} to ${METADATA_KEY_LENGTH.max} characters: rename it`,
      });
    }
    if (typeof value !== "string") continue;
    const valueLength = charLength(value);
    if (valueLength < METADATA_VALUE_LENGTH.min || valueLength > METADATA_VALUE_LENGTH.max) {
      issues.push({
        path: [key],
        message:
          valueLength === 0
            ? `must not be empty (metadata values have ${METADATA_VALUE_LENGTH.min} to ${METADATA_VALUE_LENGTH.max} characters): set a value or remove the key`
            : `is ${valueLength} characters long; metadata values have at most ${METADATA_VALUE_LENGTH.max}`,
      });
    }
  }
  return issues;
}
