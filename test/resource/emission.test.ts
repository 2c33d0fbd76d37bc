/**
 * On the Pulumi side: what the provider throws to the engine and what it warns reaches the
 * engine's output inert, whatever the text's source (here a stack config value), at the point of emission.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../../src/client";
import { createResourceProvider } from "../../src/resource/provider";

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// The settings fall back to these variables: the tests must not see the machine's own.
for (const variable of ["SCALEKIT_ENVIRONMENT_URL", "SCALEKIT_CLIENT_ID", "SCALEKIT_CLIENT_SECRET", "SCALEKIT_MAX_RETRIES"]) {
  delete process.env[variable];
}

function configure(values: Record<string, string>) {
  return createResourceProvider().configure!({
    config: { get: (key: string) => values[key] },
  } as unknown as pulumi.dynamic.ConfigureRequest);
}

/** An expected failure reaches the engine as engine-errors.ts hands it over: the class's name, the error as its cause. */
function expectReported(err: unknown): void {
  expect(err).toBeInstanceOf(Error);
  expect((err as Error).name).toBe("ConfigurationError");
  expect((err as Error).cause).toBeInstanceOf(ConfigurationError);
}

test("a stack config value with a C1 control and a bidi override reaches the engine inert, naming the same typed error", async () => {
  const err = await configure({
    "scalekit:environmentUrl": "https://acme.scalekit.dev",
    "scalekit:clientId": "skc_emission",
    "scalekit:clientSecret": "sks_emission_secret_123456",
    "scalekit:maxRetries": "3\u009b2J\u202e",
  }).catch((e: unknown) => e);
  expectReported(err);
  const message = (err as Error).message;
  expect(message).toMatch(/^scalekit:maxRetries \(or SCALEKIT_MAX_RETRIES\) must be an integer from 0 to 20/);
  expect(message).not.toMatch(RAW_CONTROL);
  expect(message).toContain("\\u009b2J\\u202e");
});

test("a clean multi-line message reaches the engine unchanged", async () => {
  const err = await configure({}).catch((e: unknown) => e);
  expectReported(err);
  expect((err as Error).message.split("\n")).toEqual([
    "Scalekit connection settings are missing:",
    expect.stringMatching(/^ {2}scalekit:environmentUrl /),
    expect.stringMatching(/^ {2}scalekit:clientId /),
    expect.stringMatching(/^ {2}scalekit:clientSecret /),
  ]);
});
