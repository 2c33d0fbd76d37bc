import { NamedError } from "../named-error";
import { inert } from "../text";

/**
 * A file from the user's folder cannot be used: not a regular file, too large, not UTF-8, or it does not
 * parse. The message names the file (inert) and says what to do; it never quotes more of the file than a
 * short inert excerpt of the offending line.
 */
export class FileError extends NamedError {
  /**
   * @param file the file as the reader was given it
   * @param reason what is wrong, worded to follow the file's name (`is a symbolic link, not a regular file: …`)
   * @param missing the file does not exist (a caller may take that as "nothing yet")
   */
  constructor(
    readonly file: string,
    readonly reason: string,
    readonly missing = false,
  ) {
    super(`${inert(file)} ${reason}`);
  }
}
