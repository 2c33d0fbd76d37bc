/** How a command reports an environment it cannot read: which environment, why, and where its URL came from. */
import { environmentCredentials } from "../../src/cli/credentials";
import { listEnvironmentProviders } from "../../src/cli/environment";
import type { FetchLike } from "../../src/client";
import { PLACEHOLDER_ENVIRONMENT_URLS } from "../../src/client/settings";
import { failureOf } from "./helpers";

/** A fetch whose name lookup fails as node-fetch reports it; nothing is looked up. */
const lookupFails: FetchLike = async (url) => {
  const code = "ENOTFOUND";
  throw Object.assign(new Error(`request to ${url} failed, reason: getaddrinfo ${code} ${new URL(url).host}`), {
    name: "FetchError",
    type: "system",
    code,
    errno: code,
  });
};

test("the stack file's placeholder URL: the host could not be found, it is the placeholder, how to set it, where it came from", async () => {
  const [placeholder] = PLACEHOLDER_ENVIRONMENT_URLS;
  const environment = environmentCredentials({
    label: "dev",
    environmentUrl: placeholder,
    clientId: "skc_your_dev_client_id",
    clientSecret: "sks_dev_secret_value_0001",
    sources: { environmentUrl: "Pulumi.dev.yaml", clientId: "Pulumi.dev.yaml", clientSecret: "SCALEKIT_CLIENT_SECRET" },
  });
  const failure = await failureOf(listEnvironmentProviders(environment, { fetch: lookupFails, maxRetries: 0 }));
  expect(failure.exitCode).toBe(2);
  expect(failure.message).toMatch(new RegExp(`^cannot reach dev \\(${placeholder.replace(/\./g, "\\.")}\\): `));
  expect(failure.message).toContain(`the host ${new URL(placeholder).host} could not be found (ENOTFOUND`);
  expect(failure.message).toContain("is the placeholder of the example stack files, not a Scalekit environment");
  expect(failure.message).toContain("`pulumi config set scalekit:environmentUrl https://…` or SCALEKIT_ENVIRONMENT_URL");
  expect(failure.message).toMatch(/\(the URL came from Pulumi\.dev\.yaml\)$/);
  expect(failure.message).not.toContain("sks_dev_secret_value_0001");
});
