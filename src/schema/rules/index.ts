/**
 * The payload's documented rules beyond types: single-value.ts checks one value on its own; patterns.ts and
 * placeholders.ts read more than one property, run from the payload root (any input).
 */
import { arrayOf, prop } from "../guards";
import type { Naming } from "../naming";
import { patternIssues } from "./patterns";
import { placeholderIssues } from "./placeholders";
import type { RuleIssue } from "./types";

export type { RuleIssue } from "./types";
export {
  authPatternCountProblems,
  displayNameProblems,
  HEADER_TOKEN,
  headerNameProblems,
  metadataIssues,
  type LocalIssue,
} from "./single-value";

/** Problems of `payload` (wire-shaped, possibly malformed) involving several properties, worded in `naming`. */
export function crossFieldIssues(payload: unknown, naming: Naming): RuleIssue[] {
  const patterns = arrayOf(prop(payload, "auth_patterns"));
  return [...patterns.flatMap((pattern, index) => patternIssues(pattern, index, naming)), ...placeholderIssues(payload, naming)];
}
