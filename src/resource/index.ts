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
