/**
 * `scalekit-providers emulator --seed <folder>` (and `npm run emulator -- --seed`): the folder is loaded by
 * the program's loader and its providers exist from the start, so a first export or compare has something to
 * show; a bad file stops the start with the program's message.
 */
import * as fs from "fs";
import * as path from "path";
import { parseEmulatorArgs, runEmulatorCommand } from "../../src/emulator/command";
import { runCli } from "../../src/cli/router";
import { DefinitionError, loadDefinitions } from "../../src/program/definitions";
import { captureIo, copy, examples, REPO_ROOT, tempDir } from "./helpers";

const DEMO = { SCALEKIT_CLIENT_ID: "skc_local_demo", SCALEKIT_CLIENT_SECRET: "sks_local_demo_secret_not_for_production" };

/** Starts `scalekit-providers emulator …` in-process; resolves once it listens, with its URL and a stop. */
async function startCliEmulator(cwd: string, ...args: string[]) {
  let release: () => void = () => undefined;
  const cap = captureIo({ cwd, untilStopped: () => new Promise<void>((resolve) => (release = resolve)) });
  const done = runCli(["emulator", "--port", "0", "--quiet", ...args], cap.io);
  const url = await new Promise<string>((resolve, reject) => {
    const watch = setInterval(() => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cap.stdout())?.[1];
      if (found && cap.stdout().includes("Press Ctrl+C")) {
        clearInterval(watch);
        resolve(found);
      }
    }, 10);
    void done.then((code) => {
      clearInterval(watch);
      reject(new Error(`the emulator exited (${code}) before listening: ${cap.stderr()}`));
    });
  });
  return { url, cap, stop: async () => (release(), done) };
}

function projectWithDefinitions(): string {
  const cwd = tempDir();
  fs.cpSync(path.join(REPO_ROOT, "definitions"), path.join(cwd, "definitions"), { recursive: true });
  return cwd;
}

test("the seeded emulator holds the folder's providers: export writes them, compare finds the folder the same", async () => {
  const cwd = projectWithDefinitions();
  const count = loadDefinitions(path.join(cwd, "definitions")).length;
  const emulator = await startCliEmulator(cwd, "--seed", "definitions");
  try {
    expect(emulator.cap.stdout()).toContain(`  seeded:        ${count} providers created from definitions\n`);
    const env = { SCALEKIT_ENVIRONMENT_URL: emulator.url, ...DEMO };

    const exported = captureIo({ cwd, env });
    expect(await runCli(["export", "--dir", "exported"], exported.io)).toBe(0);
    expect(exported.stdout()).toMatch(new RegExp(`^${count} written, 0 unchanged, 0 skipped\\.$`, "m"));

    const compared = captureIo({ cwd, env });
    expect(await runCli(["compare", "--dir", "definitions"], compared.io)).toBe(0);
    expect(compared.stdout()).toContain(`Same: all ${count} providers match on both sides.`);
  } finally {
    expect(await emulator.stop()).toBe(0);
  }
});

test("a bad definition stops the start with the program's message, before anything listens", async () => {
  const cwd = projectWithDefinitions();
  const broken = copy(examples()["bearer-token"]);
  broken.proxy_url = "http://api.example.com";
  fs.writeFileSync(path.join(cwd, "definitions", "bearer-token.json"), JSON.stringify(broken));
  let programMessage = "";
  try {
    loadDefinitions(path.join(cwd, "definitions"));
  } catch (err) {
    programMessage = (err as DefinitionError).message;
  }
  expect(programMessage).toMatch(/bearer-token\.json is not a valid provider definition:\n {2}proxy_url: must start with https:\/\//);

  const cap = captureIo({ cwd, untilStopped: () => new Promise(() => undefined) });
  expect(await runCli(["emulator", "--port", "0", "--seed", "definitions"], cap.io)).toBe(2);
  expect(cap.stderr()).toBe(`error: ${programMessage}\n`);
  expect(cap.stdout()).not.toContain("listening");
});

test("with a state file, a restart seeds nothing twice: providers already there are kept as they are", async () => {
  const cwd = projectWithDefinitions();
  const count = loadDefinitions(path.join(cwd, "definitions")).length;
  // The emulator resolves --state-file against the process's folder: give it an absolute path in the project.
  const stateFile = path.join(cwd, "state.json");
  const first = await startCliEmulator(cwd, "--seed", "definitions", "--state-file", stateFile);
  await first.stop();
  const second = await startCliEmulator(cwd, "--seed", "definitions", "--state-file", stateFile);
  try {
    expect(second.cap.stdout()).toContain(`  seeded:        0 providers created from definitions, ${count} providers already there (kept as they are)\n`);
    const state = (await (await fetch(`${second.url}/_emulator/state`)).json()) as { providers: unknown[] };
    expect(state.providers).toHaveLength(count);
  } finally {
    await second.stop();
  }
});

test("npm run emulator -- --seed <folder> seeds the same way", async () => {
  expect(parseEmulatorArgs(["--seed", "definitions"], {}).seed).toBe("definitions");
  const out: string[] = [];
  let release: () => void = () => undefined;
  const running = runEmulatorCommand(["--port", "0", "--quiet", "--seed", path.join(REPO_ROOT, "definitions")], {}, { out: (l) => out.push(l), err: (l) => out.push(l) }, () => new Promise<void>((r) => (release = r)));
  for (let i = 0; i < 250 && !out.some((l) => l.startsWith("Press Ctrl+C")); i++) await new Promise((r) => setTimeout(r, 20));
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out.join("\n"))![1];
  const state = (await (await fetch(`${url}/_emulator/state`)).json()) as { providers: { payload: { display_name: string } }[] };
  expect(state.providers.map((p) => p.payload.display_name).sort()).toEqual(loadDefinitions(path.join(REPO_ROOT, "definitions")).map((d) => d.payload.display_name).sort());
  release();
  await running;
});
