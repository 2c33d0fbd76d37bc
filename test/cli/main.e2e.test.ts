/**
 * The real executable, `node dist/cli/main.js`, as a user or CI runs it (after `npm run build`): exit codes,
 * plain output into a pipe, stdin for the secret and for a preview to review, and the emulator started and stopped by
 * a signal.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { closedPort, envFor, examples, REPO_ROOT, tempDir, useDevAndProd, ANSI } from "./helpers";

const MAIN = path.join(REPO_ROOT, "dist/cli/main.js");
const env = useDevAndProd();

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in a child process (asynchronously: the emulators live in this process). */
function cli(args: string[], opts: { env?: Record<string, string>; cwd?: string; input?: string } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd ?? tempDir(),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}

test("the CLI loads without the Pulumi SDK", () => {
  const script =
    `require(${JSON.stringify(path.join(REPO_ROOT, "dist/cli/router.js"))}); ` +
    "process.stdout.write(String(Object.keys(require.cache).filter((k) => k.includes('@pulumi')).length))";
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe("0");
});

test("the package's bin points at the built CLI, which starts with a node shebang", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
  expect(pkg.bin).toEqual({ "scalekit-providers": "dist/cli/main.js" });
  expect(fs.readFileSync(MAIN, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
});

test("--help exits 0 and lists the commands", async () => {
  const run = await cli(["--help"]);
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/Commands:[\s\S]*export[\s\S]*compare[\s\S]*emulator/);
});

test("export, then compare the folder (exit 0), then compare Dev with Production (exit 1, JSON)", async () => {
  for (const p of Object.values(examples())) env.dev().insertProvider(p);
  env.prod().insertProvider(examples()["bearer-token"]);
  const cwd = tempDir();

  const exported = await cli(["export"], { cwd, env: envFor(env.dev()) });
  expect(exported.code).toBe(0);
  expect(exported.stdout).toMatch(/^ {2}written +my-asana\.json +My Asana$/m);
  expect(exported.stdout).not.toMatch(ANSI);
  expect(fs.readdirSync(path.join(cwd, "definitions"))).toHaveLength(6);

  const same = await cli(["compare", "--dir", "definitions"], { cwd, env: envFor(env.dev()) });
  expect(same.code).toBe(0);
  expect(same.stdout).toMatch(/Same: all 6 providers match on both sides\./);

  const different = await cli(["compare", "--json"], { cwd, env: { ...envFor(env.dev(), "FROM_"), ...envFor(env.prod(), "TO_") } });
  expect(different.code).toBe(1);
  const data = JSON.parse(different.stdout);
  expect(data.counts).toEqual({ same: 1, changed: 0, "only-from": 5, "only-to": 0 });
  expect(different.stdout + different.stderr + exported.stdout + same.stdout).not.toContain(env.dev().clientSecret);
});

test("the client secret can be piped in with --client-secret-stdin", async () => {
  env.dev().insertProvider(examples()["bearer-token"]);
  const { SCALEKIT_CLIENT_SECRET: secret, ...rest } = envFor(env.dev());
  const run = await cli(["export", "--client-secret-stdin", "--json"], { env: rest, input: `${secret}\n` });
  expect(run.code).toBe(0);
  expect(JSON.parse(run.stdout).counts.written).toBe(1);
  expect(run.stderr).toBe("");
});

test("an unreachable environment exits 2 with a clear message", async () => {
  const port = await closedPort();
  const run = await cli(["compare", "--dir", ".", "--max-retries", "0"], {
    env: { ...envFor(env.dev()), SCALEKIT_ENVIRONMENT_URL: `http://127.0.0.1:${port}` },
  });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/^error: cannot reach 127\.0\.0\.1:\d+ \(http:\/\/127\.0\.0\.1:\d+\): Could not reach Scalekit/);
  expect(run.stdout).toBe("");
});

test("bad credentials exit 2", async () => {
  const run = await cli(["export"], { env: { ...envFor(env.dev()), SCALEKIT_CLIENT_SECRET: "sks_wrong_wrong_wrong" } });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /refused the client credentials \(client id from SCALEKIT_CLIENT_ID, client secret from SCALEKIT_CLIENT_SECRET\)/,
  );
  expect(run.stderr).not.toContain("sks_wrong_wrong_wrong");
});

test("`emulator` serves on 127.0.0.1 until SIGTERM, then exits 0", async () => {
  const child = spawn(process.execPath, [MAIN, "emulator", "--port", "0", "--quiet"], {
    cwd: tempDir(),
    env: { PATH: process.env.PATH ?? "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve((exitCode = code))));
  // Generous: the whole suite runs in parallel on small CI machines.
  const deadline = Date.now() + 40000;
  while (!/listening on http:\/\/127\.0\.0\.1:\d+/.test(stdout) && exitCode === undefined && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 25));
  expect({ stdout, stderr }).toEqual({
    stdout: expect.stringMatching(/Scalekit emulator listening on http:\/\/127\.0\.0\.1:\d+/),
    stderr: "",
  });
  child.kill("SIGTERM");
  expect(await exited).toBe(0);
  expect(stdout).toMatch(/Emulator stopped\./);
});

test("review reads a preview from stdin (a pipe) and exits 1 when something needs attention", async () => {
  const olds = { displayName: "My Bearer Token Provider", proxyUrl: "https://api.example.com" };
  const preview = {
    steps: [
      {
        op: "delete",
        urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/scalekit:CustomProvider::bearer",
        oldState: { type: "pulumi-nodejs:dynamic/scalekit:CustomProvider", id: "B:1", inputs: olds, outputs: olds },
      },
    ],
  };
  const run = await cli(["review", "dev=-"], { input: JSON.stringify(preview) });
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain("- **Stack `dev`**: 1 to delete. **Needs attention**: 1 delete.");
  expect(run.code).toBe(1);
});
