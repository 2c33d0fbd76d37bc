/**
 * Property values between the engine's protobuf Structs and the plain objects the resource's provider takes.
 * On the wire a secret is an object marked with Pulumi's signature key (`{ [specialSigKey]: specialSecretSig,
 * value }`) and a value not known yet (during preview) is the string `unknownValue`. This plugin tells the engine
 * it does not accept secrets, so the engine strips them from resource properties and marks outputs secret again
 * itself (by property name); only Configure's `args` always carries them wrapped. Unknowns are kept as the
 * sentinel string, which the resource's provider already knows from the dynamic-provider host.
 */
import { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY } from "../resource/native";
import { structProto, type StructProto } from "./protocol";

export type Props = Record<string, unknown>;

/** Whether `value` is a secret as the engine wraps it. */
export function isSecret(value: unknown): value is { value?: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SPECIAL_SIG_KEY] === SPECIAL_SECRET_SIG;
}

/** `value` with every secret replaced by what it wraps, at any depth (a secret's own value included). */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecret(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
  }
  return value;
}

/** The plain properties of a request's Struct (none when it has none), secrets unwrapped, unknowns kept. */
export function fromStruct(struct: StructProto.Struct | undefined): Props {
  return (unwrapSecrets(struct?.toJavaScript() ?? {}) as Props) ?? {};
}

/**
 * A Struct of the properties `props` (none when undefined) for a response. Undefined properties are left out and
 * undefined array items become null, as JSON has them (protobuf's Struct has no undefined and would throw).
 */
export function toStruct(props: unknown): StructProto.Struct {
  return structProto.Struct.fromJavaScript(JSON.parse(JSON.stringify(props ?? {})) as Record<string, StructProto.JavaScriptValue>);
}
