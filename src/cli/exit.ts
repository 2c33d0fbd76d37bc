/**
 * How a command ends. Commands return their result or throw; the router turns what they throw into one of
 * these exit codes, and main.ts is the only place in the package that hands it to `process.exit`.
 */
import { NamedError } from "../named-error";

/** The exit codes of every command, as documented in the README (CI gates on them). */
export const EXIT = {
  /** Done; for `compare`: the two sides are the same. */
  OK: 0,
  /** `compare`: the two sides differ. `export`: some providers were not written (a file differs). */
  DIFFERENT: 1,
  /**
   * `review`: something needs attention before `pulumi up`: a replacement, a delete, a Dashboard edit `up` would
   * overwrite, or an error in the preview. Distinct from ERROR: the review itself was written.
   */
  ATTENTION: 1,
  /** Nothing reliable was produced: bad flags, bad credentials, unreachable environment, unwritable folder. */
  ERROR: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What every error the CLI prints starts with: the prefix commander gives its usage errors, as the README shows. */
export const ERROR_PREFIX = "error:";

/**
 * Ends the command with `exitCode`. The message, when there is one, is printed once by the router to
 * stderr (and as `{"error": …}` on stdout under --json); an empty message means "already reported".
 */
export class ExitError extends NamedError {
  constructor(
    readonly exitCode: ExitCode,
    message = "",
  ) {
    super(message);
  }
}

/** A usage or environment problem the user must fix: exit code 2 with this message. */
export function failure(message: string): ExitError {
  return new ExitError(EXIT.ERROR, message);
}
