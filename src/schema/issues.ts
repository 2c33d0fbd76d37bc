/** Validation issues: their shape, how they print, and the error that carries them. */
import type { Naming, Path } from "./naming";
import { renderProperty } from "./paths";
import { NamedError } from "../named-error";

/** One problem with a payload. */
export interface ValidationIssue {
  /** Where, as a wire path (snake_case keys as in the payload; unknown keys as written). */
  readonly path: Path;
  /** The path rendered in the naming the user wrote: `authPatterns[0].oauthConfig.tokenUri`. */
  readonly property: string;
  /** The problem and its fix, naming other properties in the same naming. */
  readonly message: string;
}

/** An issue at wire `path`, its property rendered in `naming` (segments from `verbatimFrom` on as written). */
export function issueAt(path: Path, message: string, naming: Naming, verbatimFrom?: number): ValidationIssue {
  return { path, property: renderProperty(path, naming, verbatimFrom), message };
}

/**
 * The most issues one message lists. A real definition has a handful; a hostile one (200,000 metadata keys)
 * must not produce a message of megabytes: the rest are counted, and fixing the first ones shows the next.
 */
export const MAX_REPORTED_ISSUES = 50;

/**
 * One `property: message` line per issue, each line starting with `prefix` (e.g. indentation); after
 * MAX_REPORTED_ISSUES, one line saying how many more there are.
 */
export function formatIssues(issues: readonly ValidationIssue[], prefix = ""): string {
  const lines = issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => `${prefix}${issue.property}: ${issue.message}`);
  const more = issues.length - MAX_REPORTED_ISSUES;
  if (more > 0) lines.push(`${prefix}${moreIssues(more)}`);
  return lines.join("\n");
}

/** What stands for the issues past MAX_REPORTED_ISSUES. */
export function moreIssues(count: number): string {
  return `… and ${count} more ${count === 1 ? "issue" : "issues"}: fix these first, then validate again`;
}

/** A payload that failed validation; `message` is formatIssues of its issues. */
export class PayloadValidationError extends NamedError {
  constructor(readonly issues: readonly ValidationIssue[]) {
    super(formatIssues(issues));
  }
}

/**
 * A message split into its problem and its fix. Messages are worded `problem: fix` (or `problem; did you mean
 * …?`): the split is at the last ": " outside backticks, else at the first "; ". `fix` is undefined when the
 * message states none apart.
 */
export function splitFix(message: string): { problem: string; fix?: string } {
  const outside: number[] = [];
  let quoted = false;
  for (let i = 0; i < message.length; i++) {
    if (message[i] === "`") quoted = !quoted;
    else if (!quoted && message[i] === ":" && message[i + 1] === " ") outside.push(i);
  }
  const colon = outside[outside.length - 1];
  if (colon !== undefined) return { problem: message.slice(0, colon), fix: message.slice(colon + 2) };
  const semicolon = message.indexOf("; ");
  if (semicolon >= 0) return { problem: message.slice(0, semicolon), fix: message.slice(semicolon + 2) };
  return { problem: message };
}
