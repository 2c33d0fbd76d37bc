/**
 * The payload schema: the zod wire schema (snake_case, what Scalekit takes) and its types, validation with
 * actionable messages in either naming, the one camelCase ↔ snake_case mapping, and the normalization used to
 * compare desired and actual state.
 */
export * from "./limits";
export { ProviderPayloadSchema, payloadSchemaFor } from "./wire";
export type { ProviderPayload, AuthPattern, AuthField, OAuthConfig, OAuthScope, FieldMutation } from "./wire";
export type { Naming, Path, PathSegment } from "./naming";
export { ROOT_PROPERTY } from "./naming";
export { arrayOf, isRecord, isReservedKey, prop, RESERVED_KEYS } from "./guards";
export { PAYLOAD_STRUCTURE } from "./structure";
export type { StructureNode, ObjectNode, PropertyNode, ArrayNode, MapNode, LeafNode } from "./structure";
export { renderProperty } from "./paths";
export { validatePayload, validateArgs } from "./validate";
export { payloadOfDocument, SCHEMA_KEY, schemaReferenceOf, yamlSchemaLine } from "./document";
export { JSON_SCHEMA_FILE } from "./json-schema";
export type { ValidationResult, ArgsValidationResult, ValidateArgsOptions } from "./validate";
export { formatIssues, MAX_REPORTED_ISSUES, moreIssues, PayloadValidationError, splitFix } from "./issues";
export type { ValidationIssue } from "./issues";
export { findUnknownPaths } from "./unknowns";
export { argsToWire, wireToArgs } from "./casing";
export type { ProviderArgsShape, ToArgs, DataMapProperty } from "./casing";
export { normalizeForCompare, payloadsEqual, payloadPart, shapedLike } from "./normalize";
export { diffPayloads } from "./diff";
export type { PayloadChange } from "./diff";
export { authIdentityChanges, scopeChanges, touchesConnections } from "./connections";
export type { AuthIdentityChange, ConnectionChange } from "./connections";
export { PROMOTED_FIELDS, changedPaths, fieldChanges, promotedPart, promotionDifference, scopeChangeLines } from "./promotion";
export type { FieldChange, PromotionDifference } from "./promotion";
export { displayNameProblems, headerNameProblems } from "./checks";
export { plainUrlProblems, proxyUrlProblems, scanPlaceholders } from "./urls";
export { customProviderPackageSpec } from "./pulumi-package";
export type { PulumiEnumTypeSpec, PulumiObjectTypeSpec, PulumiPropertySpec, PulumiResourceSpec } from "./pulumi-package";
