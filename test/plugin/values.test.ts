/**
 * Property values between the engine's protobuf Structs and plain objects: secrets as the engine wraps them,
 * unknowns of a preview, nested values, and what a Struct cannot hold.
 */
import * as pulumi from "@pulumi/pulumi";
import { configReader, fromStruct, isSecret, toStruct, unwrapSecrets } from "../../src/plugin";
import { structProto } from "../../src/plugin/protocol";

const secret = (value: unknown) => ({ [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value });
const UNKNOWN = pulumi.runtime.unknownValue;

/** A Struct as it arrives: built, serialized and read back by protobuf. */
function onTheWire(value: Record<string, unknown>) {
  const bytes = structProto.Struct.fromJavaScript(value as never).serializeBinary();
  return structProto.Struct.deserializeBinary(bytes);
}

test("secrets are unwrapped at any depth: in objects, arrays, and a secret wrapping another", () => {
  const wrapped = {
    clientSecret: secret("s3cr3t"),
    nested: { list: ["plain", secret("in-a-list"), { deep: secret({ inner: secret("twice") }) }] },
    plain: 3,
  };
  expect(unwrapSecrets(wrapped)).toEqual({
    clientSecret: "s3cr3t",
    nested: { list: ["plain", "in-a-list", { deep: { inner: "twice" } }] },
    plain: 3,
  });
  expect(isSecret(wrapped.clientSecret)).toBe(true);
  expect(isSecret({ value: "x" })).toBe(false);
  expect(isSecret({ [pulumi.runtime.specialSigKey]: "another signature", value: "x" })).toBe(false);
});

test("fromStruct: a request's Struct becomes plain properties, secrets unwrapped and unknowns kept as the sentinel", () => {
  const struct = onTheWire({
    displayName: "My Asana",
    proxyUrl: UNKNOWN,
    authPatterns: [{ type: "OAUTH", oauthConfig: { availableScopes: [{ scope: "email", required: true }] } }],
    metadata: secret({ team: "platform" }),
  });
  expect(fromStruct(struct)).toEqual({
    displayName: "My Asana",
    proxyUrl: UNKNOWN,
    authPatterns: [{ type: "OAUTH", oauthConfig: { availableScopes: [{ scope: "email", required: true }] } }],
    metadata: { team: "platform" },
  });
  expect(fromStruct(undefined)).toEqual({});
});

test("toStruct: undefined properties are left out, undefined array items become null, nested values survive the wire", () => {
  const struct = toStruct({ identifier: "MYASANA:1", gone: undefined, list: [1, undefined, { a: true, b: undefined }], n: null });
  expect(onTheWire(struct.toJavaScript()).toJavaScript()).toEqual({ identifier: "MYASANA:1", list: [1, null, { a: true }], n: null });
  expect(toStruct(undefined).toJavaScript()).toEqual({});
});

test("configReader answers `scalekit:<name>` from Configure's args (secrets unwrapped), then from its variables", () => {
  const variables = new Map([
    ["scalekit:config:clientId", "from-variables"],
    ["scalekit:config:environmentUrl", "https://ignored.example.com"],
  ]);
  const reader = configReader(
    "scalekit",
    { environmentUrl: "http://127.0.0.1:9", clientSecret: secret("s3cr3t"), maxRetries: 2 },
    variables,
  );
  expect(reader.get("scalekit:environmentUrl")).toBe("http://127.0.0.1:9");
  expect(reader.get("scalekit:clientSecret")).toBe("s3cr3t");
  expect(reader.get("scalekit:clientId")).toBe("from-variables");
  expect(reader.get("scalekit:maxRetries")).toBe("2");
  expect(reader.get("scalekit:timeoutSeconds")).toBeUndefined();
  expect(reader.get("other:clientId")).toBeUndefined();
  expect(reader.get("clientId")).toBeUndefined();
});
