/** Review before apply: the live review's findings, shared by the provider that warns and the `review` command. */
export { ATTENTION_KINDS, LIVE_REVIEW_PREFIX, liveFindingKind, liveFindingMessage } from "./live-findings";
export type { LiveFieldChange, LiveFinding, LiveFindingKind } from "./live-findings";
