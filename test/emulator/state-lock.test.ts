/**
 * The attack: two emulators on one state file lost acknowledged creates, and temporary files
 * of interrupted writes piled up. The first emulator now locks the file (`<file>.lock`, its pid); a second
 * one refuses to start naming the file and that pid; a lock whose process is gone is taken over with a
 * notice; orphaned temporary files are removed at start, except those of a live process.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorStateError, StateFileInUseError, startEmulator, type RunningEmulator } from "../../src/emulator";
import { startCliEmulator } from "../cli/helpers";
import { bearerPayload } from "../helpers/emulator";
import { deadPid } from "../helpers/loopback";

const REPO = path.resolve(__dirname, "../..");
const MAIN = path.join(REPO, "dist/cli/main.js");

/** Runs the built emulator command on `file`; resolves with its exit code and output once it exits or listens. */
function runCommand(file: string): Promise<{ code: number | null; stdout: string; stderr: string; stop: () => Promise<void> }> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN, "emulator", "--port", "0", "--quiet", "--state-file", file], {
    cwd: REPO,
    env: { PATH: process.env.PATH },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };
  return new Promise((resolve) => {
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/listening on/.test(stdout)) resolve({ code: null, stdout, stderr, stop });
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    void exited.then((code) => resolve({ code, stdout, stderr, stop }));
  });
}

describe("the state file is one emulator's", () => {
  let dir: string;
  let file: string;
  const running: RunningEmulator[] = [];
  const start = async () => {
    const emu = await startEmulator({ stateFile: file });
    running.push(emu);
    return emu;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-lock-"));
    file = path.join(dir, "state.json");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a second emulator in the same process refuses to start, naming the file and the process", async () => {
    const first = await start();
    first.insertProvider(bearerPayload("Acknowledged"));
    const second = await startEmulator({ stateFile: file }).catch((e: unknown) => e as Error);
    expect(second).toBeInstanceOf(StateFileInUseError);
    expect(second).toBeInstanceOf(EmulatorStateError);
    expect(second).toMatchObject({ ownerPid: process.pid, lockFile: `${file}.lock` });
    expect((second as Error).message).toContain(`emulator state file ${file}: is in use by another emulator (process ${process.pid}`);
    expect(fs.readFileSync(`${file}.lock`, "utf8")).toBe(`${process.pid}\n`);
    first.insertProvider(bearerPayload("Still Written"));
    expect(JSON.parse(fs.readFileSync(file, "utf8")).providers).toHaveLength(2);
  });

  test("a second emulator command refuses to start with status 2 and a message naming the file and the pid", async () => {
    await start();
    const second = await runCommand(file);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(
      `error: emulator state file ${file}: is in use by another emulator (process ${process.pid}; lock file ${file}.lock)`,
    );
    expect(second.stdout).not.toContain("listening");
  });

  test("of two emulator commands started at once on one file, exactly one runs", async () => {
    const both = await Promise.all([runCommand(file), runCommand(file)]);
    try {
      expect(both.map((r) => r.code).sort()).toEqual([2, null]);
      const refused = both.find((r) => r.code === 2)!;
      expect(refused.stderr).toMatch(/is in use by another emulator \(process \d+; lock file/);
    } finally {
      await Promise.all(both.map((r) => r.stop()));
    }
  });

  test("stop releases the lock: the next emulator starts without a notice", async () => {
    const first = await start();
    await first.stop();
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
    const second = await start();
    expect(second.notices).toEqual([]);
  });

  test("a stale lock of a process that is gone is taken over, with a notice (the command prints it)", async () => {
    const gone = await deadPid();
    fs.writeFileSync(`${file}.lock`, `${gone}\n`);
    const emu = await start();
    expect(emu.notices).toEqual([`took over the lock on ${file}: process ${gone}, which held it, is gone`]);
    expect(fs.readFileSync(`${file}.lock`, "utf8")).toBe(`${process.pid}\n`);
    await emu.stop();

    fs.writeFileSync(`${file}.lock`, "not a pid");
    const command = await startCliEmulator(["--port", "0", "--quiet", "--state-file", file]);
    expect(await command.stop()).toBe(0);
    expect(command.cap.stderr()).toBe(`note: took over the lock on ${file}: its lock file ${file}.lock did not name a process\n`);
  });

  test("orphaned temporary files are removed at start; a live process's and other files' are left alone", async () => {
    const gone = await deadPid();
    const live = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
    try {
      const orphan = path.join(dir, `.state.json.${gone}.deadbeef.tmp`);
      const mine = path.join(dir, `.state.json.${process.pid}.0badf00d.tmp`);
      const livesOn = path.join(dir, `.state.json.${live.pid}.cafebabe.tmp`);
      const other = path.join(dir, `.other.json.${gone}.deadbeef.tmp`);
      for (const f of [orphan, mine, livesOn, other]) fs.writeFileSync(f, '{"format":"scalekit-emu'); // torn writes
      const emu = await start();
      expect(fs.readdirSync(dir).sort()).toEqual([path.basename(other), path.basename(livesOn), "state.json.lock"].sort());
      expect([...emu.notices].sort()).toEqual(
        [`removed ${orphan}, left by a write that never finished`, `removed ${mine}, left by a write that never finished`].sort(),
      );
    } finally {
      live.kill();
    }
  });
});
