/**
 * The resource's second face, for the native plugin (src/plugin): the provider itself and the detailed diff of
 * its changes. Kept out of index.ts on purpose: the package's public declarations reach index.ts, and these
 * reach the schema's zod types, which they must not.
 */
export { ScalekitResourceProvider } from "./provider";
export { withPulumiAdvice } from "./advice";
export { DYNAMIC_RESOURCE_TYPE } from "./resource-type";
export type { WarningSink } from "./provider";
export { propertyChanges } from "./property-changes";
export type { PropertyChange, PropertyChangeKind } from "./property-changes";
export { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_VALUE } from "./pulumi-sentinels";
