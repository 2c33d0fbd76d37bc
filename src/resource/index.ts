/**
 * The dynamic resource: `CustomProvider`, `fromPayload` and the generated argument and output types. The
 * provider itself (provider.ts) is loaded by Pulumi through the `scalekit-providers/provider` stub, not from here.
 */
export { CustomProvider, fromPayload } from "./custom-provider";
export type {
  CustomProviderArgs,
  CustomProviderOutputs,
  AuthPatternArgs,
  AuthPatternOutput,
  AuthFieldArgs,
  AuthFieldOutput,
  OAuthConfigArgs,
  OAuthConfigOutput,
  OAuthScopeArgs,
  OAuthScopeOutput,
  FieldMutationArgs,
  FieldMutationOutput,
} from "./args";
// The provider itself and the detailed diff, for the native plugin (src/plugin), which serves the same code.
export { ScalekitResourceProvider } from "./provider";
export type { WarningSink } from "./provider";
export { propertyChanges } from "./property-changes";
export type { PropertyChange, PropertyChangeKind } from "./property-changes";
