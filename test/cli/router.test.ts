/** The CLI as a whole, in-process: help, exit codes, colour, secrets, the emulator command. */
import * as fs from "fs";
import * as path from "path";
import { ERROR_PREFIX } from "../../src/cli/exit";
import { colorsEnabled } from "../../src/cli/io";
import { runCli } from "../../src/cli/router";
import { requestToken } from "../helpers/emulator";
import { DOC_FILES, readDoc } from "../docs/markdown";
import { ANSI, captureIo, closedPort, envFor, examples, tempDir, useDevAndProd } from "./helpers";

const env = useDevAndProd();
const EXAMPLES = examples();

describe("--help", () => {
  test.each([
    [["--help"], /Usage: scalekit-providers \[options\] \[command\][\s\S]*export[\s\S]*compare[\s\S]*emulator/],
    [["export", "--help"], /Usage: scalekit-providers export \[options\][\s\S]*--dir <folder>[\s\S]*--force[\s\S]*--client-secret-stdin/],
    [
      ["compare", "--help"],
      /Usage: scalekit-providers compare \[options\][\s\S]*--dir <folder>[\s\S]*--from-stack <stack>[\s\S]*--to-url <url>[\s\S]*--stack <stack>/,
    ],
    [["emulator", "--help"], /Usage: scalekit-providers emulator \[options\][\s\S]*--port <port>[\s\S]*--state-file/],
    [["help", "export"], /Usage: scalekit-providers export/],
    [["help", "emulator"], /Usage: scalekit-providers emulator[\s\S]*--port <port>/],
  ])("%j prints the usage and exits 0", async (argv, usage) => {
    const cap = captureIo();
    expect(await runCli(argv, cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(usage);
    expect(cap.stderr()).toBe("");
  });

  test("--version prints the package version", async () => {
    const cap = captureIo();
    expect(await runCli(["--version"], cap.io)).toBe(0);
    expect(cap.stdout().trim()).toBe(JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version);
  });
});

describe("usage errors exit 2", () => {
  test.each([
    [["frobnicate"], /unknown command 'frobnicate'/],
    [["export", "--forse"], /unknown option '--forse'[\s\S]*Did you mean --force\?/],
    [["compare", "--max-retries", "many"], /--max-retries must be an integer from 0 to 20, got "many"/],
    [["export", "--timeout-seconds", "0"], /--timeout-seconds must be a number of seconds above 0, got "0"/],
    [[], /Usage: scalekit-providers/],
  ])("%j", async (argv, message) => {
    const cap = captureIo();
    expect(await runCli(argv, cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(message);
  });

  test("every error printed starts with the one prefix, commander's usage errors as the CLI's own, as the README shows them", async () => {
    for (const argv of [["frobnicate"], ["export", "--forse"], ["compare"], ["validate", "no-such-folder"]]) {
      const cap = captureIo();
      expect(await runCli(argv, cap.io)).toBe(2);
      expect({ argv, starts: cap.stderr().startsWith(`${ERROR_PREFIX} `) }).toEqual({ argv, starts: true });
    }
    // The outputs the README and docs/ show: every line that reports an error starts with the same prefix.
    const shown = DOC_FILES.flatMap((file) =>
      readDoc(file).fences.flatMap((fence) => fence.lines.filter((line) => /^error\b/i.test(line))),
    );
    expect(shown.length).toBeGreaterThan(0);
    for (const line of shown) expect(line.startsWith(`${ERROR_PREFIX} `)).toBe(true);
  });

  test("with --json, a usage error of commander is data without the prefix", async () => {
    const cap = captureIo();
    expect(await runCli(["frobnicate", "--json"], cap.io)).toBe(2);
    expect(JSON.parse(cap.stdout())).toEqual({ error: { message: "unknown command 'frobnicate'", exitCode: 2 } });
  });

  test("with --json, an error is also printed as data on stdout", async () => {
    const cap = captureIo();
    expect(await runCli(["export", "--json"], cap.io)).toBe(2);
    expect(JSON.parse(cap.stdout())).toEqual({ error: { message: expect.stringMatching(/^missing credentials/), exitCode: 2 } });
    expect(cap.stderr()).toMatch(/^error: missing credentials/);
  });
});

describe("colour", () => {
  test("output is plain when stdout is not a terminal, coloured on a terminal, plain again with NO_COLOR or --no-color", async () => {
    env.dev().insertProvider(EXAMPLES["bearer-token"]);
    const run = async (tty: boolean, extraEnv: Record<string, string> = {}, flags: string[] = []) => {
      const cap = captureIo({ env: { ...envFor(env.dev()), ...extraEnv }, tty });
      await runCli(["export", "--dir", tempDir(), ...flags], cap.io);
      return cap.stdout();
    };
    expect(await run(false)).not.toMatch(ANSI);
    expect(await run(true)).toMatch(ANSI);
    expect(await run(true, { NO_COLOR: "1" })).not.toMatch(ANSI);
    expect(await run(true, {}, ["--no-color"])).not.toMatch(ANSI);
    expect(await run(false, { FORCE_COLOR: "1" })).toMatch(ANSI);
  });

  test("colorsEnabled follows no-color.org: an empty NO_COLOR does not count, TERM=dumb is plain", () => {
    const tty = { write: () => undefined, isTTY: true };
    expect(colorsEnabled(tty, { NO_COLOR: "" })).toBe(true);
    expect(colorsEnabled(tty, { TERM: "dumb" })).toBe(false);
    expect(colorsEnabled(tty, { FORCE_COLOR: "0" })).toBe(false);
  });
});

describe("secrets", () => {
  test("a secret passed as a flag is used, warned about, and never printed, even in errors", async () => {
    env.dev().insertProvider(EXAMPLES["bearer-token"]);
    const secret = env.dev().clientSecret;
    const flags = ["--environment-url", env.dev().url, "--client-id", env.dev().clientId, "--client-secret", secret];
    const ok = captureIo();
    expect(await runCli(["export", "--dir", tempDir(), "--json", ...flags], ok.io)).toBe(0);
    expect(ok.stderr()).toMatch(
      /warning: --client-secret puts the client secret in your shell history.*SCALEKIT_CLIENT_SECRET.*--client-secret-stdin/,
    );
    expect(ok.stdout() + ok.stderr()).not.toContain(secret);

    const wrong = "sks_this_is_wrong_but_secret_42";
    const bad = captureIo();
    expect(
      await runCli(
        ["compare", "--dir", tempDir(), "--environment-url", env.dev().url, "--client-id", "skc_dev", "--client-secret", wrong, "--json"],
        bad.io,
      ),
    ).toBe(2);
    expect(bad.stderr()).toMatch(/refused the client credentials \(client id from --client-id, client secret from --client-secret\)/);
    expect(bad.stdout() + bad.stderr()).not.toContain(wrong);
    for (const token of env.dev().issuedTokens()) expect(ok.stdout() + ok.stderr() + bad.stdout() + bad.stderr()).not.toContain(token);
  });

  test("--client-secret-stdin takes the secret from a pipe without a warning", async () => {
    const cap = captureIo({
      env: { SCALEKIT_ENVIRONMENT_URL: env.dev().url, SCALEKIT_CLIENT_ID: env.dev().clientId },
      stdin: `${env.dev().clientSecret}\n`,
    });
    expect(await runCli(["export", "--dir", tempDir(), "--client-secret-stdin"], cap.io)).toBe(0);
    expect(cap.stderr()).toBe("");
  });
});

describe("errors exit 2 with a clear message", () => {
  test("an unreachable environment", async () => {
    const port = await closedPort();
    const cap = captureIo({ env: { ...envFor(env.dev()), SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${port}` } });
    expect(await runCli(["export", "--dir", tempDir(), "--max-retries", "0"], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(
      new RegExp(
        `^error: cannot reach 127\\.0\\.0\\.1:${port} \\(http://127\\.0\\.0\\.1:${port}\\): Could not reach Scalekit .*refused.* \\(the URL came from SCALEKIT_ENVIRONMENT_URL\\)`,
      ),
    );
  });

  test("an unwritable folder", async () => {
    const file = path.join(tempDir(), "not-a-folder");
    fs.writeFileSync(file, "");
    const cap = captureIo({ env: envFor(env.dev()) });
    expect(await runCli(["export", "--dir", file], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(
      /^error: cannot write definition files to .*not-a-folder: .* is a file, not a folder\. Choose another folder with --dir\./,
    );
  });

  test("a plain http URL to a remote host is refused before any secret is sent", async () => {
    const cap = captureIo({ env: { ...envFor(env.dev()), SCALEKIT_ENVIRONMENT_URL: "http://acme.scalekit.dev" } });
    expect(await runCli(["export", "--dir", tempDir()], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(/plain http:\/\/.*\(the environment URL came from SCALEKIT_ENVIRONMENT_URL\)/);
  });
});

describe("emulator", () => {
  test("starts the emulator, prints where it listens, and stops when asked", async () => {
    let release: () => void = () => undefined;
    let listening: (url: string) => void = () => undefined;
    const started = new Promise<string>((resolve) => (listening = resolve));
    const cap = captureIo({ untilStopped: () => new Promise<void>((resolve) => (release = resolve)) });
    const watch = setInterval(() => {
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cap.stdout())?.[1];
      if (url) listening(url);
    }, 10);
    const done = runCli(["emulator", "--port", "0", "--quiet"], cap.io);
    const url = await started;
    clearInterval(watch);
    const answer = await requestToken({ url } as never, "skc_local_demo", "sks_local_demo_secret_not_for_production");
    expect(answer.status).toBe(200);
    release();
    expect(await done).toBe(0);
    expect(cap.stdout()).toMatch(/Emulator stopped\./);
  });

  test("a bad emulator flag exits 2", async () => {
    const cap = captureIo();
    expect(await runCli(["emulator", "--port", "http"], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(/port must be an integer/);
  });
});

test("compare without any side says what it needs", async () => {
  const cap = captureIo();
  expect(await runCli(["compare"], cap.io)).toBe(2);
  expect(cap.stderr()).toMatch(
    /compare needs two sides: two environments \(--from-stack dev --to-stack prod.*or the definitions folder and one environment \(--dir definitions --stack dev\)/,
  );
});
