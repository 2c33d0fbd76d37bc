/**
 * The review of one or more previews, as one Markdown comment: a marker line (what a workflow finds its comment
 * by), every stack's summary first, then the details, cut whole blocks at a time so the comment stays under
 * GitHub's limit, with a line saying what was left out and how to see it all. Every secret found in the previews
 * is redacted from every block before it is measured.
 */
import { inertJson } from "../text";
import { reviewData } from "./data";
import { reviewStack, type StackReview } from "./stack-review";
import { stackDetails, stackSummary, type Block } from "./render";
import type { Preview } from "./preview-json";
import { secretsIn, withoutSecrets } from "./secrets";

/** GitHub's limit on a comment's body, in characters (counted here in UTF-16 units, never fewer than characters). */
export const COMMENT_MAX_CHARACTERS = 65_536;

export interface ReviewOptions {
  /** The resource types of a CustomProvider: the dynamic resource's and the plugin's. */
  readonly providerTypes: readonly string[];
  /** The most characters of the review; 0 or Infinity: no limit. @default COMMENT_MAX_CHARACTERS */
  readonly maxCharacters?: number;
}

export interface Review {
  readonly markdown: string;
  /** The review as JSON (reviewData), never cut, with the same secrets redacted: for `review --json`. */
  readonly json: string;
  readonly stacks: readonly StackReview[];
  /** A replacement, a delete, a Dashboard edit `up` would overwrite, or an error, in any stack. */
  readonly attention: boolean;
  /** How many providers' details were left out to stay under the limit. */
  readonly leftOut: number;
}

/** The first line of every review: `<!-- scalekit-providers-review: dev, prod -->`. */
function reviewMarker(stacks: readonly string[]): string {
  return `<!-- scalekit-providers-review: ${stacks.join(", ")} -->`;
}

/** The review of `previews` (each one stack's), in their order. */
export function reviewPreviews(previews: readonly Preview[], options: ReviewOptions): Review {
  const stacks = previews.map((p) => reviewStack(p, options.providerTypes));
  const secrets = previews.flatMap((p) => secretsIn(p));
  const clean = (block: Block): Block => ({ ...block, text: withoutSecrets(block.text, secrets) });
  const head: Block[] = [
    { text: reviewMarker(previews.map((p) => p.stack)) },
    { text: "## Scalekit providers: what `pulumi up` would do" },
    { text: stacks.map(stackSummary).join("\n") },
  ].map(clean);
  const details = stacks.flatMap(stackDetails).map(clean);
  const max = options.maxCharacters === undefined ? COMMENT_MAX_CHARACTERS : options.maxCharacters || Number.POSITIVE_INFINITY;
  const { text, leftOut } = fitted(
    [...head, ...details],
    max,
    previews.map((p) => p.stack),
  );
  // Redacting JSON text keeps it JSON: a secret is replaced inside a string by a string without quotes or escapes.
  const json = `${withoutSecrets(inertJson(reviewData(stacks)), secrets)}\n`;
  return { markdown: text, json, stacks, attention: stacks.some((s) => s.attention), leftOut };
}

const SEPARATOR = "\n\n";

/**
 * The blocks joined, in order, as many as fit under `max` with the cut line; the first block that does not fit
 * and every block after it are left out (the summary comes first, so it is the last to go).
 */
function fitted(blocks: readonly Block[], max: number, stacks: readonly string[]): { text: string; leftOut: number } {
  // ends[k]: the length of the first k blocks joined.
  const ends = [0];
  for (const [i, block] of blocks.entries()) ends.push(ends[i] + (i === 0 ? 0 : SEPARATOR.length) + block.text.length);
  if (ends[blocks.length] + 1 <= max) return { text: `${blocks.map((b) => b.text).join(SEPARATOR)}\n`, leftOut: 0 };
  const providers = (from: number) => blocks.slice(from).filter((b) => b.provider !== undefined).length;
  for (let kept = blocks.length - 1; kept >= 0; kept--) {
    if (ends[kept] > max) continue;
    const cut = cutLine(providers(kept), blocks.length - kept, max, stacks);
    if (ends[kept] + (kept === 0 ? 0 : SEPARATOR.length) + cut.length + 1 > max) continue;
    const text = `${[...blocks.slice(0, kept).map((b) => b.text), cut].join(SEPARATOR)}\n`;
    return { text, leftOut: providers(kept) };
  }
  // So small a limit that not even the cut line fits: as much of it as does.
  return { text: cutLine(providers(0), blocks.length, max, stacks).slice(0, Math.max(0, max)), leftOut: providers(0) };
}

function cutLine(providers: number, blocks: number, max: number, stacks: readonly string[]): string {
  const what =
    providers > 0
      ? `the details of ${providers} provider${providers === 1 ? "" : "s"}`
      : `${blocks} more part${blocks === 1 ? "" : "s"} of the review`;
  const previews = stacks.map((s) => `\`pulumi preview --diff --stack ${s}\``).join(", ");
  return (
    `> ✂️ **Cut here**: ${what} left out, to keep this comment under ${max.toLocaleString("en-US")} characters. ` +
    `To see everything: ${previews}, or \`npx scalekit-providers review --max-characters 0\` on the same preview JSON.`
  );
}
