import { NamedError } from "../named-error";
import { inert } from "../text";

/**
 * A preview given to `review` cannot be used: it is not the JSON of `pulumi preview --json`, or not in the shape
 * this review reads. The message names the preview (its stack and where it came from), the property path and
 * what to do; it quotes nothing of the file but inert names.
 */
export class PreviewInputError extends NamedError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${inert(source)} ${reason}`);
  }
}
