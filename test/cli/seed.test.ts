/**
 * `scalekit-providers emulator --seed <folder>` (and `npm run emulator -- --seed`): the folder is loaded by
 * the program's loader and its providers exist from the start, so a first export or compare has something to
 * show; a bad file stops the start with the program's message.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../src/cli/router";
import { DefinitionError, loadDefinitions } from "../../src/program/definitions";
import { ALIAS_BOMB } from "../helpers/hostile";
import { captureIo, copy, examples, parseEmulatorArgs, REPO_ROOT, startCliEmulator, tempDir } from "./helpers";

const DEMO = { SCALEKIT_CLIENT_ID: "skc_local_demo", SCALEKIT_CLIENT_SECRET: "sks_local_demo_secret_not_for_production" };

function projectWithDefinitions(): string {
  const cwd = tempDir();
  fs.cpSync(path.join(REPO_ROOT, "definitions"), path.join(cwd, "definitions"), { recursive: true });
  return cwd;
}

test("the seeded emulator holds the folder's providers: export writes them, compare finds the folder the same", async () => {
  const cwd = projectWithDefinitions();
  const count = loadDefinitions(path.join(cwd, "definitions")).length;
  const emulator = await startCliEmulator(["--port", "0", "--quiet", "--seed", "definitions"], { cwd });
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

test("a YAML alias bomb in the seed folder stops the start with an error naming the file, before anything listens", async () => {
  const cwd = projectWithDefinitions();
  fs.writeFileSync(path.join(cwd, "definitions", "bomb.yaml"), ALIAS_BOMB);
  const cap = captureIo({ cwd, untilStopped: () => new Promise(() => undefined) });
  expect(await runCli(["emulator", "--port", "0", "--seed", "definitions"], cap.io)).toBe(2);
  expect(cap.stderr()).toMatch(
    /^error: \S*definitions\/bomb\.yaml is not valid YAML at line 2, column \d+: Excessive alias count .*: write the values out/,
  );
  expect(cap.stdout()).not.toContain("listening");
});

test("with a state file, a restart seeds nothing twice: providers already there are kept as they are", async () => {
  const cwd = projectWithDefinitions();
  const count = loadDefinitions(path.join(cwd, "definitions")).length;
  // The emulator resolves --state-file against the process's folder: give it an absolute path in the project.
  const stateFile = path.join(cwd, "state.json");
  const first = await startCliEmulator(["--port", "0", "--quiet", "--seed", "definitions", "--state-file", stateFile], { cwd });
  await first.stop();
  const second = await startCliEmulator(["--port", "0", "--quiet", "--seed", "definitions", "--state-file", stateFile], { cwd });
  try {
    expect(second.cap.stdout()).toContain(
      `  seeded:        0 providers created from definitions, ${count} providers already there (kept as they are)\n`,
    );
    const state = (await (await fetch(`${second.url}/_emulator/state`)).json()) as { providers: unknown[] };
    expect(state.providers).toHaveLength(count);
  } finally {
    await second.stop();
  }
});

test("--seed takes an absolute folder too, whatever the working folder", async () => {
  expect(parseEmulatorArgs(["--seed", "definitions"]).seed).toBe("definitions");
  const emulator = await startCliEmulator(["--port", "0", "--quiet", "--seed", path.join(REPO_ROOT, "definitions")]);
  try {
    const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { providers: { payload: { display_name: string } }[] };
    expect(state.providers.map((p) => p.payload.display_name).sort()).toEqual(
      loadDefinitions(path.join(REPO_ROOT, "definitions"))
        .map((d) => d.payload.display_name)
        .sort(),
    );
  } finally {
    expect(await emulator.stop()).toBe(0);
  }
});
