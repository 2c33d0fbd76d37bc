/**
 * The payload schema, what a valid payload is: the zod wire schema (snake_case, what Scalekit takes) and its
 * types, validation with actionable messages in either naming, the one camelCase ↔ snake_case mapping, the
 * payload's structure, and the JSON Schema. How two payloads compare is the comparison part (src/comparison/).
 */
export * from "./limits";
export { ProviderPayloadSchema, payloadSchemaFor } from "./wire";
export type { ProviderPayload, AuthPattern, AuthField, OAuthConfig, OAuthScope, FieldMutation } from "./wire";
export type { Naming, Path, PathSegment } from "./naming";
export { ROOT_PROPERTY } from "./naming";
export { arrayOf, isRecord, isReservedKey, jsonEqual, prop, RESERVED_KEYS } from "./guards";
export { emptyValueOf, PAYLOAD_STRUCTURE } from "./structure";
export type { StructureNode, ObjectNode, PropertyNode, ArrayNode, MapNode, LeafNode } from "./structure";
export { renderGoProperty, renderProperty } from "./paths";
export { validatePayload, validateArgs } from "./validate";
export { payloadOfDocument, SCHEMA_KEY, schemaReferenceOf, yamlSchemaLine } from "./definition-document";
export { JSON_SCHEMA_FILE } from "./json-schema";
export type { ValidationResult, ArgsValidationResult, ValidateArgsOptions } from "./validate";
export { formatIssues, MAX_REPORTED_ISSUES, moreIssues, PayloadValidationError, splitFix } from "./issues";
export type { ValidationIssue } from "./issues";
export { findUnknownPaths } from "./pending-values";
export { argsToWire, wireToArgs } from "./casing";
export type { ProviderArgsShape, ToArgs, DataMapProperty } from "./casing";
export { displayNameProblems, headerNameProblems } from "./rules";
export { plainUrlProblems, proxyUrlProblems, scanPlaceholders } from "./urls";
export { customProviderPackageSpec } from "./pulumi-package";
export type { PulumiEnumTypeSpec, PulumiObjectTypeSpec, PulumiPropertySpec, PulumiResourceSpec } from "./pulumi-package";
