/**
 * The comparison of two payloads: the normalization that makes a server's answer and a definition comparable,
 * the readable difference, what a change means for existing connections, the promotion comparison, and the
 * one rule for matching providers by display name. Used by the resource's diff, the client's lost-create
 * recovery, `export`, `compare` and the promotion gate.
 */
export { normalizeForCompare, payloadsEqual, payloadPart, shapedLike } from "./normalize";
export { diffPayloads } from "./diff";
export type { PayloadChange } from "./diff";
export { authIdentityChanges, scopeChanges, touchesConnections } from "./connections";
export type { AuthIdentityChange, ConnectionChange } from "./connections";
export { PROMOTED_FIELDS, changedPaths, fieldChanges, promotedPart, promotionDifference, scopeChangeLines } from "./promotion";
export type { FieldChange, PromotionDifference } from "./promotion";
export { byDisplayName, DuplicateDisplayNameError } from "./display-names";
export type { DisplayNameClash, NamedProvider } from "./display-names";
