/**
 * Review before apply: the live review's findings, shared by the provider that warns and the `review` command, and
 * the review itself: the JSON of `pulumi preview --json` (one or more stacks) as a Markdown comment for a pull
 * request, with what needs attention.
 */
export { ATTENTION_KINDS, LIVE_REVIEW_PREFIX, liveFindingKind, liveFindingMessage } from "./live-findings";
export type { LiveFieldChange, LiveFinding, LiveFindingKind } from "./live-findings";
export { PreviewInputError } from "./errors";
export { isStackName, parsePreview, PREVIEW_MAX_BYTES } from "./preview-json";
export type { Preview } from "./preview-json";
export { code, prose } from "./markdown";
export { COMMENT_MAX_CHARACTERS, reviewPreviews } from "./review";
export type { Review, ReviewOptions } from "./review";
export type { StackReview } from "./stack-review";
export { warningOf } from "./warnings";
