/** The state file: survives restarts, written atomically, a corrupt file fails the start with its name. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EmulatorStateError, startEmulator, type RunningEmulator } from "../../src/emulator";
import { loadState, saveState, STATE_FORMAT, STATE_VERSION, type PersistedState } from "../../src/emulator/persistence";
import { FILE_MAX_BYTES } from "../../src/files";
import { asanaPayload, bearerPayload, call, createProvider, providerPath, token } from "../helpers/emulator";
import { credentialsFile, FAKE_SECRET } from "../helpers/hostile";

describe("state file", () => {
  let dir: string;
  let file: string;
  const running: RunningEmulator[] = [];
  const start = async (extra: object = {}) => {
    const emu = await startEmulator({ stateFile: file, ...extra });
    running.push(emu);
    return emu;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-state-"));
    file = path.join(dir, "state.json");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((e) => e.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a restart keeps every provider, its identifier, id and connections", async () => {
    const first = await start();
    const t = await token(first);
    const a = await createProvider(first, t, asanaPayload());
    const b = await createProvider(first, t, bearerPayload());
    first.attachConnections(b.identifier, 2);
    await first.stop();

    const second = await start();
    expect(second.providers().map((p) => [p.identifier, p.id, p.connections])).toEqual([
      [a.identifier, a.id, 0],
      [b.identifier, b.id, 2],
    ]);
    const t2 = await token(second); // tokens are not persisted: a new one is needed
    const listed = await call(second, "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: t2 });
    expect(listed.body.providers.map((p: any) => p.display_name)).toEqual(["My Asana", "My Bearer"]);
  });

  test("a restart keeps exactly the last state after creates, updates, Dashboard edits, deletes and connection changes", async () => {
    const first = await start();
    const t = await token(first);
    const made = [];
    for (let i = 0; i < 12; i++) made.push(await createProvider(first, t, bearerPayload(`Provider ${i}`)));
    const renamed = await call(first, "PUT", providerPath(made[0].identifier), { body: bearerPayload("Renamed Provider"), token: t });
    expect(renamed.status).toBe(200);
    first.editProvider(made[1].identifier, { description: "edited in the Dashboard", metadata: { team: "identity" } });
    for (const gone of [made[2], made[5], made[11]]) {
      expect((await call(first, "DELETE", providerPath(gone.identifier), { token: t })).status).toBe(200);
    }
    first.attachConnections(made[3].identifier, 4);
    first.attachConnections(made[4].identifier, 2);
    first.attachConnections(made[4].identifier, 0);
    const before = first.providers();
    await first.stop();

    const second = await start();
    expect(second.providers()).toEqual(before);
    expect(before).toHaveLength(9);
    const again = await createProvider(second, await token(second), bearerPayload("Provider 11"));
    expect(before.map((p) => p.identifier)).not.toContain(again.identifier);
  });

  test("tokens do not survive a restart", async () => {
    const first = await start();
    const t = await token(first);
    await first.stop();
    const second = await start();
    expect((await call(second, "GET", "/api/v1/providers", { token: t })).status).toBe(401);
  });

  test("identifiers are never reused after a delete and a restart", async () => {
    const first = await start();
    const t = await token(first);
    const a = await createProvider(first, t, asanaPayload());
    await call(first, "DELETE", providerPath(a.identifier), { token: t });
    await first.stop();
    const second = await start();
    const again = await createProvider(second, await token(second), asanaPayload());
    expect(again.identifier).not.toBe(a.identifier);
    expect(again.id).not.toBe(a.id);
  });

  test("every write leaves a complete, parseable file and no temporary files", async () => {
    const emu = await start();
    const t = await token(emu);
    const names = ["One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight"];
    await Promise.all(names.map((n) => createProvider(emu, t, bearerPayload(n))));
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    expect(parsed).toMatchObject({ format: "scalekit-emulator-state", version: 1 });
    expect(parsed.providers).toHaveLength(8);
    expect(fs.readdirSync(dir).sort()).toEqual(["state.json", "state.json.lock"]); // the lock: see state-lock.test.ts
    expect(JSON.stringify(parsed)).not.toContain(emu.clientSecret);
  });

  test("the file is replaced by rename, never rewritten in place (a reader holding the old file sees it whole)", async () => {
    const emu = await start();
    const t = await token(emu);
    await createProvider(emu, t, bearerPayload("Before"));
    const inodeBefore = fs.statSync(file).ino;
    const held = fs.openSync(file, "r");
    try {
      await createProvider(emu, t, bearerPayload("After"));
      expect(fs.statSync(file).ino).not.toBe(inodeBefore);
      const oldContent = JSON.parse(fs.readFileSync(held, "utf8"));
      expect(oldContent.providers).toHaveLength(1);
    } finally {
      fs.closeSync(held);
    }
    expect(JSON.parse(fs.readFileSync(file, "utf8")).providers).toHaveLength(2);
  });

  test("an orphaned temporary file from a crash mid-write does not disturb the start", async () => {
    const first = await start();
    await createProvider(first, await token(first), asanaPayload());
    await first.stop();
    fs.writeFileSync(path.join(dir, ".state.json.999.deadbeef.tmp"), '{"format":"scalekit-emu'); // torn write
    const second = await start();
    expect(second.providers()).toHaveLength(1);
  });

  test("a write that cannot be saved answers 500 and changes nothing", async () => {
    const emu = await start();
    const t = await token(emu);
    await createProvider(emu, t, asanaPayload());
    fs.rmSync(dir, { recursive: true, force: true }); // the directory disappears under the emulator
    const answer = await call(emu, "POST", "/api/v1/custom-providers", { body: bearerPayload(), token: t });
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ code: 13, message: expect.stringContaining("state.json") });
    expect(emu.providers()).toHaveLength(1);
  });

  test("reset empties the file too", async () => {
    const emu = await start();
    await createProvider(emu, await token(emu), asanaPayload());
    emu.reset();
    expect(JSON.parse(fs.readFileSync(file, "utf8")).providers).toEqual([]);
  });

  test("a corrupt file fails the start with an error naming the file", async () => {
    fs.writeFileSync(file, '{"format": "scalekit-emulator-state", "provi');
    const failed = startEmulator({ stateFile: file });
    await expect(failed).rejects.toThrow(EmulatorStateError);
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(`emulator state file ${file}: is not valid JSON`);
  });

  test("a JSON file that is not emulator state fails the start with the reason", async () => {
    fs.writeFileSync(file, JSON.stringify({ providers: [] }));
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(/does not hold emulator state: "format"/);
    fs.writeFileSync(file, JSON.stringify({ format: "scalekit-emulator-state", version: 1, sequence: 1, providers: [{ id: "x" }] }));
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(/providers\[0\]\.identifier/);
  });

  test("a state file in a missing directory fails the start", async () => {
    await expect(startEmulator({ stateFile: path.join(dir, "no", "such", "state.json") })).rejects.toThrow(/does not exist/);
  });

  test("a state file linked to a credentials file fails the start by name, without reading or quoting it", async () => {
    fs.symlinkSync(credentialsFile(), file);
    const failed = await startEmulator({ stateFile: file }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(failed).toBeInstanceOf(EmulatorStateError);
    expect((failed as Error).message).toMatch(/state\.json: is a symbolic link, not a regular file: .*replace it with the file itself/);
    expect((failed as Error).message).not.toContain(FAKE_SECRET);
  });

  test("a state file linked to /dev/zero fails the start at once, nothing read", async () => {
    fs.symlinkSync("/dev/zero", file);
    const started = Date.now();
    await expect(startEmulator({ stateFile: file })).rejects.toThrow(/state\.json: is a symbolic link, not a regular file/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("a lock file linked to /dev/zero is not read: it names no process, so the lock is taken over at once", async () => {
    fs.symlinkSync("/dev/zero", `${file}.lock`);
    const started = Date.now();
    const emu = await start();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fs.lstatSync(`${file}.lock`).isFile()).toBe(true);
    expect(fs.readFileSync(`${file}.lock`, "utf8").trim()).toBe(String(process.pid));
    await createProvider(emu, await token(emu), asanaPayload());
    expect(loadState(file)?.providers).toHaveLength(1);
  });

  test("a state larger than the reader's cap is never written (it could not be read back): the old file stays", () => {
    const state = (description: string): PersistedState => ({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      sequence: 1,
      providers: [{ id: "prv_1", identifier: "BIG:1", payload: { ...asanaPayload(), description }, connections: 0, sequence: 1 }],
    });
    saveState(file, state("small"));
    const before = fs.readFileSync(file, "utf8");
    expect(() => saveState(file, state("x".repeat(FILE_MAX_BYTES)))).toThrow(
      /emulator state file .*state\.json: would grow larger than 1 MiB, the most the emulator reads back: nothing was changed/,
    );
    expect(fs.readFileSync(file, "utf8")).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["state.json"]);
    // Just under the cap is written and read back.
    const fits = state("x".repeat(FILE_MAX_BYTES - Buffer.byteLength(JSON.stringify(state(""), null, 2)) - 100));
    saveState(file, fits);
    expect(loadState(file)).toEqual(fits);
  });

  test("a missing file is a fresh start and is created on the first write", async () => {
    const emu = await start();
    expect(fs.existsSync(file)).toBe(false);
    await createProvider(emu, await token(emu), asanaPayload());
    expect(fs.existsSync(file)).toBe(true);
  });
});
