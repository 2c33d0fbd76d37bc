/** How `new` reports: the file written and the next steps. */
import type { NewResult } from "../commands/new";
import type { Style } from "../io";
import { displayPath } from "./format";

/** The human-readable report, ending with a newline. */
export function formatNew(result: NewResult, { style, cwd }: { style: Style; cwd: string }): string {
  return [
    `${style.green("Wrote")} ${displayPath(result.file, cwd)}: "${result.displayName}" (${result.authType}, ${result.format.toUpperCase()}).`,
    ...(result.renamed ? [`The file is ${result.renamed}.`] : []),
    "Next steps:",
    ...result.nextSteps.map((step) => `  ${step}`),
    "",
  ].join("\n");
}
