/**
 * Warnings to the engine, which prints them in its Diagnostics under the resource they concern: the engine's
 * Log service, at the address it starts the plugin with. Without an engine (the plugin run by hand), standard
 * error.
 */
import { engineProto, engineRpc, grpc } from "./protocol";
import type { PluginWarningSink } from "./server";

export function engineWarnings(engineAddress: string | undefined): PluginWarningSink {
  if (!engineAddress) return (message) => void process.stderr.write(`warning: ${message}\n`);
  const engine = new engineRpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  return (message, urn) => {
    const request = new engineProto.LogRequest().setSeverity(engineProto.LogSeverity.WARNING).setMessage(message).setUrn(urn);
    engine.log(request, (err) => {
      if (err) process.stderr.write(`warning: ${message}\n`);
    });
  };
}
