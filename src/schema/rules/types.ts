import type { Path } from "../naming";

/**
 * A problem found by a rule that reads more than one property. `path` is where it is reported (a wire path
 * from the payload root); `dependsOn` lists every wire path the rule read, so that the rule can be skipped
 * when one of them is not known yet (a Pulumi preview's unknown value).
 */
export interface RuleIssue {
  readonly path: Path;
  readonly message: string;
  readonly dependsOn: readonly Path[];
}
