/**
 * Text reaches the terminal inert at the point where the CLI writes it, whatever its source.
 * A committed stack file (CI runs `compare --stack` on pull requests) whose environment URL, or whose very name,
 * holds escape sequences must not change the terminal's title or clear its screen through the error path.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../src/cli/router";
import { captureIo, tempDir } from "./helpers";

/** An OSC title change ended by BEL, a screen clear, a CSI as one C1 character, and a bidi override. */
const ESCAPES = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e";
/** Any character a terminal would act on: C0 but newline and tab, DEL, C1, bidi controls. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SECRET = "sks_escapes_test_secret_1234";

/** A Pulumi project with these stack files and an empty definitions folder. */
function project(stacks: Record<string, string>): string {
  const dir = tempDir("scalekit-escapes-");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: scalekit-providers\nruntime: nodejs\n");
  fs.mkdirSync(path.join(dir, "definitions"));
  for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
  return dir;
}

/** A stack file whose environment URL is `url`, written as a YAML double-quoted string (escapes as \x..). */
function stackWithUrl(url: string): string {
  return `config:\n  scalekit:environmentUrl: ${JSON.stringify(url)}\n  scalekit:clientId: skc_escapes\n`;
}

async function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  const cap = captureIo({ cwd, env: { SCALEKIT_CLIENT_SECRET: SECRET, ...env } });
  const code = await runCli(argv, cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

describe("escape sequences reach the terminal inert through the CLI's error path", () => {
  test("a stack file whose scalekit:environmentUrl holds escape sequences: exit 2, stderr shows them escaped", async () => {
    const cwd = project({ dev: stackWithUrl(`https://acme${ESCAPES}.scalekit.dev`) });
    const { code, stderr } = await run(["compare", "--dir", "definitions", "--stack", "dev"], cwd);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^error: /);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain("\\u001b]0;pwned\\u0007\\u001b[2J");
  });

  test("a stack name holding escape sequences given to --stack: refused, and shown escaped", async () => {
    const cwd = project({ [`x${ESCAPES}`]: stackWithUrl("https://acme.scalekit.dev") });
    const { code, stderr } = await run(["compare", "--dir", "definitions", "--stack", `x${ESCAPES}`], cwd);
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stderr).toContain("x\\u001b]0;pwned");
  });

  test("a stack file named Pulumi.<ESC>[2J.yaml is listed escaped when another stack is asked for", async () => {
    const cwd = project({ [`\u001b[2J${ESCAPES}`]: stackWithUrl("https://acme.scalekit.dev") });
    const { code, stderr } = await run(["compare", "--dir", "definitions", "--stack", "prod"], cwd);
    expect(code).toBe(2);
    expect(stderr).toMatch(/stacks with a config file there: \\u001b\[2J/);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });

  test("SCALEKIT_ENVIRONMENT_URL with escape sequences, with --json: stderr inert, stdout one valid JSON error", async () => {
    const url = `https://acme${ESCAPES}.scalekit.dev`;
    const { code, stdout, stderr } = await run(["export", "--json"], tempDir(), {
      SCALEKIT_ENVIRONMENT_URL: url,
      SCALEKIT_CLIENT_ID: "skc_escapes",
    });
    expect(code).toBe(2);
    expect(stderr).not.toMatch(RAW_CONTROL);
    expect(stdout).not.toMatch(RAW_CONTROL);
    const parsed = JSON.parse(stdout) as { error: { message: string } };
    // The JSON carries the message as the terminal shows it: escaped once, not twice.
    expect(parsed.error.message).toContain("\\u001b]0;pwned");
    expect(parsed.error.message).not.toContain("\\\\u001b");
  });

  test("an unknown option holding escape sequences: commander's own error is written inert too", async () => {
    const { code, stderr } = await run(["export", `--x${ESCAPES}`], tempDir());
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown option/);
    expect(stderr).not.toMatch(RAW_CONTROL);
  });
});

describe("the printers' own layout survives the rendering", () => {
  test("a multi-line error keeps its newlines and indentation, and its colour on a terminal", async () => {
    const cwd = project({ dev: "config:\n  scalekit:clientId: skc_escapes\n" });
    const cap = captureIo({ cwd, tty: true, env: { TERM: "xterm" } });
    expect(await runCli(["compare", "--dir", "definitions", "--stack", `dev`], cap.io)).toBe(2);
    const stderr = cap.stderr();
    expect(stderr.startsWith("\u001b[31merror:\u001b[39m missing credentials for the Scalekit environment:\n  environment URL: ")).toBe(
      true,
    );
    expect(stderr.split("\n")).toHaveLength(4);
    expect(
      stderr
        .split("\n")
        .slice(1, 3)
        .every((line) => line.startsWith("  ")),
    ).toBe(true);
  });

  test("text already made inert is written as it is: a literal \\u001b is not escaped again", async () => {
    const cwd = project({});
    const { stderr } = await run(["compare", "--dir", "definitions", "--stack", "a\\u001bb"], cwd);
    expect(stderr).toContain(`"a\\u001bb" is not a Pulumi stack name`);
  });
});
