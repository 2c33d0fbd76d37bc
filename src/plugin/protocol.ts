/**
 * Pulumi's provider protocol, as @pulumi/pulumi ships it: the gRPC library, the generated service and message
 * classes, and protobuf's Struct. All are loaded from @pulumi/pulumi's own place, so that they are the very copies
 * the generated classes were built with, whatever else a project installs (@grpc/grpc-js and google-protobuf are
 * dependencies of @pulumi/pulumi, not of this package). The self-contained executable's bundler
 * (scripts/plugin-executable.js) resolves each `fromPulumi("…")` statically from that same place.
 */
import { createRequire } from "module";
import type * as Grpc from "@grpc/grpc-js";
import type * as EmptyProto from "google-protobuf/google/protobuf/empty_pb";
import type * as StructProto from "google-protobuf/google/protobuf/struct_pb";
import type * as EngineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as EngineProto from "@pulumi/pulumi/proto/engine_pb";
import type * as PluginProto from "@pulumi/pulumi/proto/plugin_pb";
import type * as ProviderRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderProto from "@pulumi/pulumi/proto/provider_pb";

const fromPulumi = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = fromPulumi("@grpc/grpc-js") as typeof Grpc;
export const structProto = fromPulumi("google-protobuf/google/protobuf/struct_pb") as typeof StructProto;
export const emptyProto = fromPulumi("google-protobuf/google/protobuf/empty_pb") as typeof EmptyProto;
export const providerRpc = fromPulumi("./proto/provider_grpc_pb") as typeof ProviderRpc;
export const providerProto = fromPulumi("./proto/provider_pb") as typeof ProviderProto;
export const pluginProto = fromPulumi("./proto/plugin_pb") as typeof PluginProto;
export const engineRpc = fromPulumi("./proto/engine_grpc_pb") as typeof EngineRpc;
export const engineProto = fromPulumi("./proto/engine_pb") as typeof EngineProto;

export type { Grpc, StructProto, ProviderProto, ProviderRpc };
