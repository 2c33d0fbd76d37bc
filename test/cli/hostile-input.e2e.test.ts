/**
 * Hostile input to the built executable (`npm run build` first): every path ends with a message
 * and an exit code, never a stack trace: a closed pipe, an endless stdin, a missing stackConfigDir, a hostile
 * definitions folder.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { SECRET_STDIN_MAX_BYTES } from "../../src/cli/credentials";
import { REPO_ROOT } from "./helpers";
import {
  FAKE_SECRET,
  folderWith,
  hasRawControl,
  hostileEnvironment,
  SPECIAL_FILES,
  serverProvider,
  TERMINAL_ATTACK,
  validDefinition,
} from "../helpers/hostile";

const MAIN = path.join(REPO_ROOT, "dist/cli/main.js");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** A file to connect to stdin. */
  stdinFile?: string;
  /** Close our end of the child's stdout at once, as `| true` does. */
  closeStdout?: boolean;
}

function cli(args: string[], opts: RunOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const stdin = opts.stdinFile ? fs.openSync(opts.stdinFile, "r") : "ignore";
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd ?? folderWith(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...opts.env },
      stdio: [stdin, "pipe", "pipe"],
    });
    if (typeof stdin === "number") fs.closeSync(stdin);
    let stdout = "";
    let stderr = "";
    if (opts.closeStdout) child.stdout!.destroy();
    else child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** No stack trace, no Node internals. */
function expectNoCrash(run: Run): void {
  expect(run.stderr).not.toMatch(/\n\s+at |node:internal|Unhandled|RangeError|EPIPE/);
}

test("`compare --help | true`: a closed pipe ends quietly with exit code 0", async () => {
  const run = await cli(["compare", "--help"], { closeStdout: true });
  expectNoCrash(run);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
}, 15000);

test("`--client-secret-stdin < /dev/zero` is refused after a bounded read", async () => {
  const started = Date.now();
  const run = await cli(["export", "--environment-url", "http://127.0.0.1:9", "--client-id", "skc_x", "--client-secret-stdin"], {
    stdinFile: "/dev/zero",
  });
  expectNoCrash(run);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    new RegExp(
      `--client-secret-stdin: stdin holds more than ${SECRET_STDIN_MAX_BYTES / 1024} KiB, far more than a client secret: pipe only the secret`,
    ),
  );
  expect(Date.now() - started).toBeLessThan(10000);
}, 15000);

test("a stackConfigDir that does not exist gets a clear message", async () => {
  const project = folderWith({ "Pulumi.yaml": "name: p\nruntime: nodejs\nstackConfigDir: stacks\n" });
  const run = await cli(["export", "--stack", "dev"], { cwd: project, env: { SCALEKIT_CLIENT_SECRET: "sks_unused_secret_0001" } });
  expectNoCrash(run);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /--stack dev: the folder of stack config files, .*stacks, cannot be read \(ENOENT\)\. It is the stackConfigDir set in .*Pulumi\.yaml: create that folder or correct stackConfigDir/,
  );
  expect(run.stderr).not.toMatch(/scandir/);
}, 15000);

test.each(Object.keys(SPECIAL_FILES))(
  "`compare --dir` with %s named a.json ends with a message, never hangs",
  async (kind) => {
    const env = await hostileEnvironment([]);
    const dir = folderWith({ "ok.json": validDefinition() });
    const close = await SPECIAL_FILES[kind](dir, "a.json");
    try {
      const run = await cli(["compare", "--dir", dir, "--environment-url", env.url, "--client-id", env.clientId], {
        env: { SCALEKIT_CLIENT_SECRET: env.clientSecret },
      });
      expectNoCrash(run);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/a\.json is .*, not a regular file/);
      expect(run.stderr).not.toContain(FAKE_SECRET);
    } finally {
      close();
      await env.stop();
    }
  },
  15000,
);

test("export prints a hostile environment's names inert, in text and in --json", async () => {
  const env = await hostileEnvironment([
    serverProvider("EVIL:1", `Evil ${TERMINAL_ATTACK}`),
    serverProvider("LONG:2", "L".repeat(100_000)),
  ]);
  try {
    const args = ["export", "--dir", folderWith(), "--environment-url", env.url, "--client-id", env.clientId];
    const options = { env: { SCALEKIT_CLIENT_SECRET: env.clientSecret } };
    const text = await cli(args, options);
    expectNoCrash(text);
    expect(text.code).toBe(1);
    expect(hasRawControl(text.stdout + text.stderr)).toBe(false);
    expect(text.stdout.length).toBeLessThan(10_000);
    const json = await cli([...args, "--json"], options);
    expect(hasRawControl(json.stdout)).toBe(false);
    expect(JSON.parse(json.stdout).counts).toEqual({ written: 0, unchanged: 0, skipped: 0, invalid: 2 });
  } finally {
    await env.stop();
  }
}, 20000);

test("export refuses a listing whose identifier holds escapes: exit 2, the refusal printed inert, nothing written", async () => {
  const env = await hostileEnvironment([serverProvider(`EVIL${TERMINAL_ATTACK}:1`, "Evil Provider")]);
  try {
    const dir = folderWith();
    const run = await cli(["export", "--dir", dir, "--environment-url", env.url, "--client-id", env.clientId], {
      env: { SCALEKIT_CLIENT_SECRET: env.clientSecret },
    });
    expectNoCrash(run);
    expect(run.code).toBe(2);
    expect(hasRawControl(run.stdout + run.stderr)).toBe(false);
    expect(run.stderr).toContain("EVIL\\u001b]0;pwned");
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    await env.stop();
  }
}, 20000);
