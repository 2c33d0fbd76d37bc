/**
 * The stack config file (`Pulumi.<stack>.yaml`, read by `compare --stack` and `export --stack`) and Pulumi.yaml
 * are read by the one reader of the user's files: a link is refused without being read (a stack file linked
 * to a credentials file must not print the credentials, one linked to /dev/zero must not be read without
 * bound), and a parse error gives a position and an inert excerpt, never the YAML package's code frame.
 */
import * as fs from "fs";
import * as path from "path";
import { ExitError } from "../../src/cli/exit";
import { runCli } from "../../src/cli/router";
import { readStackFile } from "../../src/cli/stack-file";
import { ALIAS_BOMB, credentialsFile, FAKE_SECRET, hasRawControl } from "../helpers/hostile";
import { captureIo, tempDir } from "./helpers";

const PROJECT = "name: scalekit-providers\nruntime: nodejs\n";
const DEV_STACK = "config:\n  scalekit:environmentUrl: https://acme-dev.scalekit.dev\n  scalekit:clientId: skc_dev_from_stack\n";

/** A Pulumi project whose Pulumi.dev.yaml is made by `place` (a link, or a file of some text). */
function project(place: (file: string) => void, projectYaml: (file: string) => void = (f) => fs.writeFileSync(f, PROJECT)): string {
  const dir = tempDir("scalekit-project-");
  projectYaml(path.join(dir, "Pulumi.yaml"));
  place(path.join(dir, "Pulumi.dev.yaml"));
  return dir;
}

function refusal(cwd: string): ExitError {
  try {
    readStackFile("dev", cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ExitError);
    expect((err as ExitError).exitCode).toBe(2);
    return err as ExitError;
  }
  throw new Error("the stack file was read");
}

const linkTo = (target: string) => (file: string) => fs.symlinkSync(target, file);

test("a stack file linked to a credentials file is refused by name, without printing the credentials", () => {
  const err = refusal(project(linkTo(credentialsFile())));
  expect(err.message).toMatch(/Pulumi\.dev\.yaml is a symbolic link, not a regular file: .*replace it with the file itself/);
  expect(err.message).not.toContain(FAKE_SECRET);
  expect(err.message).not.toContain("aws_secret_access_key");
});

test("a stack file linked to /dev/zero ends at once with a clear error, nothing read", () => {
  const started = Date.now();
  const err = refusal(project(linkTo("/dev/zero")));
  expect(Date.now() - started).toBeLessThan(2000);
  expect(err.message).toMatch(/Pulumi\.dev\.yaml is a symbolic link, not a regular file/);
});

test("a Pulumi.yaml linked to a credentials file is refused the same way", () => {
  const err = refusal(project((f) => fs.writeFileSync(f, DEV_STACK), linkTo(credentialsFile())));
  expect(err.message).toMatch(/Pulumi\.yaml is a symbolic link, not a regular file/);
  expect(err.message).not.toContain(FAKE_SECRET);
});

test("a stack file larger than the cap is refused with the cap in the message", () => {
  const err = refusal(project((f) => fs.writeFileSync(f, `# ${"x".repeat(1024 * 1024)}\n${DEV_STACK}`)));
  expect(err.message).toMatch(/Pulumi\.dev\.yaml is larger than 1 MiB, the most a stack config file may hold/);
});

test("a stack file that does not parse: its position and an inert excerpt, never the package's code frame", () => {
  const secrets = (from: number) => [0, 1, 2].map((i) => `  scalekit:other${from + i}: ${FAKE_SECRET}\n`).join("");
  const err = refusal(project((f) => fs.writeFileSync(f, `config:\n${secrets(0)}  key: value: \u001b]0;pwned\u0007\n${secrets(3)}`)));
  expect(err.message).toMatch(
    /Pulumi\.dev\.yaml is not valid YAML at line 5, column \d+: .*\n {2}line 5: {3}key: value: \\u001b\]0;pwned\\u0007$/,
  );
  expect(err.message).not.toContain(FAKE_SECRET);
  expect(hasRawControl(err.message)).toBe(false);
});

test("an alias bomb in a stack file is a clear error naming it, not a crash", () => {
  const err = refusal(project((f) => fs.writeFileSync(f, ALIAS_BOMB)));
  expect(err.message).toMatch(/Pulumi\.dev\.yaml is not valid YAML at line 2, column \d+: Excessive alias count/);
});

test("a regular stack file is still read", () => {
  expect(
    readStackFile(
      "dev",
      project((f) => fs.writeFileSync(f, DEV_STACK)),
    ).config,
  ).toEqual({
    "scalekit:environmentUrl": "https://acme-dev.scalekit.dev",
    "scalekit:clientId": "skc_dev_from_stack",
  });
});

describe.each([
  ["compare --dir definitions --stack dev", ["compare", "--dir", "definitions", "--stack", "dev"]],
  ["export --stack dev", ["export", "--stack", "dev", "--dir", "exported"]],
])("%s with a stack file linked to a credentials file", (_name, argv) => {
  test("exits 2 naming the stack file; the credentials are never printed", async () => {
    const cwd = project(linkTo(credentialsFile()));
    const cap = captureIo({ cwd, env: { SCALEKIT_CLIENT_SECRET: "sks_stack_file_test_0001" } });
    expect(await runCli(argv, cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(/Pulumi\.dev\.yaml is a symbolic link, not a regular file/);
    expect(cap.stderr() + cap.stdout()).not.toContain(FAKE_SECRET);
    expect(fs.existsSync(path.join(cwd, "exported"))).toBe(false);
  });
});
