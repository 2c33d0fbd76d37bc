/** Every rule that reads more than one property of the payload, run on the payload root (any input). */
import { arrayOf, prop } from "../guards";
import type { Naming } from "../naming";
import { patternIssues } from "./patterns";
import { placeholderIssues } from "./placeholders";
import type { RuleIssue } from "./types";

export type { RuleIssue } from "./types";

/** Problems of `payload` (wire-shaped, possibly malformed) involving several properties, worded in `naming`. */
export function crossFieldIssues(payload: unknown, naming: Naming): RuleIssue[] {
  const patterns = arrayOf(prop(payload, "auth_patterns"));
  return [...patterns.flatMap((pattern, index) => patternIssues(pattern, index, naming)), ...placeholderIssues(payload, naming)];
}
