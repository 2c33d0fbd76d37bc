/**
 * The native `scalekit` provider plugin (`pulumi-resource-scalekit`): the ResourceProvider gRPC service in front
 * of the dynamic resource's own provider, so that every Pulumi language (YAML, Python, Go, …) declares
 * `scalekit:index:CustomProvider` with the same rules, and its package schema. main.ts is the executable.
 */
export { servePlugin, resourceProviderService } from "./server";
export type { PluginWarningSink } from "./server";
export { packageSchema, pluginVersion, PACKAGE_NAME, PACKAGE_SCHEMA_FILE, RESOURCE_TOKEN } from "./package-schema";
export { configReader } from "./config";
export type { ConfigReader } from "./config";
export { fromStruct, toStruct, unwrapSecrets, isSecret } from "./values";
export type { Props } from "./values";
