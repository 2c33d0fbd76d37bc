/**
 * `SCALEKIT_ENVIRONMENT_URL=https://user:password@host…` never prints the password: not in
 * the warning that says the variable overrides the stack file, not when the URL does not parse, not in a label.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../src/cli/router";
import { captureIo, tempDir } from "./helpers";

const PASSWORD = "Hunter2-Pa55+word";

/** A Pulumi project whose dev stack has its own environment URL, and an empty definitions folder. */
function project(): string {
  const dir = tempDir("scalekit-url-credentials-");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: scalekit-providers\nruntime: nodejs\n");
  fs.writeFileSync(
    path.join(dir, "Pulumi.dev.yaml"),
    "config:\n  scalekit:environmentUrl: https://acme-dev.scalekit.dev\n  scalekit:clientId: skc_dev\n",
  );
  fs.mkdirSync(path.join(dir, "definitions"));
  return dir;
}

const URLS = [
  ["parses", `https://deploy:${PASSWORD}@acme.scalekit.dev`],
  ["does not parse", `https://deploy:${PASSWORD}@acme scalekit.dev`],
  ["does not parse, a slash in the password", `https://deploy:x/${PASSWORD}@acme.scalekit.dev`],
];

describe.each(URLS)("SCALEKIT_ENVIRONMENT_URL with credentials that %s", (_, url) => {
  const env = { SCALEKIT_ENVIRONMENT_URL: url, SCALEKIT_CLIENT_SECRET: "sks_url_credentials_secret" };

  test("overriding a stack file: the warning and the refusal name the variable, never the password", async () => {
    const cap = captureIo({ cwd: project(), env });
    expect(await runCli(["compare", "--dir", "definitions", "--stack", "dev", "--json"], cap.io)).toBe(2);
    const output = `${cap.stdout()}${cap.stderr()}`;
    expect(output).not.toContain("Hunter2");
    expect(output).not.toContain(encodeURIComponent(PASSWORD));
    expect(output).not.toContain("deploy:");
    expect(cap.stderr()).toMatch(/warning: SCALEKIT_ENVIRONMENT_URL \(environment URL https:\/\/.*acme.scalekit.dev\/?\) is used/);
    expect(cap.stderr()).toMatch(/error: dev: environmentUrl .*\(the environment URL came from SCALEKIT_ENVIRONMENT_URL\)/);
  });

  test("without a stack file: the label and the refusal never show the password", async () => {
    const cap = captureIo({ env: { ...env, SCALEKIT_CLIENT_ID: "skc_env" } });
    expect(await runCli(["export", "--dir", tempDir()], cap.io)).toBe(2);
    expect(`${cap.stdout()}${cap.stderr()}`).not.toMatch(/Hunter2|deploy:/);
    expect(cap.stderr()).toMatch(/^error: .*environmentUrl /);
  });
});

test("a parseable URL with credentials is refused with where the credentials go instead", async () => {
  const cap = captureIo({
    env: { SCALEKIT_ENVIRONMENT_URL: URLS[0][1], SCALEKIT_CLIENT_ID: "skc_env", SCALEKIT_CLIENT_SECRET: "sks_x_secret_1234567" },
  });
  expect(await runCli(["export", "--dir", tempDir()], cap.io)).toBe(2);
  expect(cap.stderr()).toMatch(/must not carry credentials.*scalekit:clientId and scalekit:clientSecret/);
});
