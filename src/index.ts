/**
 * scalekit-providers: Scalekit custom providers (connectors) declared as code and rolled out with Pulumi.
 *
 *   import { CustomProvider, fromPayload } from "scalekit-providers";
 */
export { CustomProvider, CustomProviderArgs, fromPayload } from "./resource/custom-provider";
export { ProviderExistsError, ProviderGoneError, ProviderInUseError, CustomProviderError } from "./resource/errors";
export { SettingsError } from "./resource/settings";
export * from "./schema";
export * from "./client";
