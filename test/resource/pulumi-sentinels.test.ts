import * as pulumi from "@pulumi/pulumi";
import { SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY, UNKNOWN_VALUE } from "../../src/resource/native";

test("the copied wire sentinels are Pulumi's own (the plugin must not load the SDK to know them)", () => {
  expect({ UNKNOWN_VALUE, SPECIAL_SIG_KEY, SPECIAL_SECRET_SIG }).toEqual({
    UNKNOWN_VALUE: pulumi.runtime.unknownValue,
    SPECIAL_SIG_KEY: pulumi.runtime.specialSigKey,
    SPECIAL_SECRET_SIG: pulumi.runtime.specialSecretSig,
  });
});
