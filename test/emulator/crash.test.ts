/**
 * A crash in the middle of writing never leaves a corrupt state file: the emulator command runs as a child
 * process (`node dist/cli/main.js emulator --state-file F`, what `npm run emulator` runs), takes a burst of concurrent creates, and is killed with
 * SIGKILL at a random moment of the burst, round after round on the same file. After every kill the file
 * parses and holds a prefix of the writes: everything from before, every create that was acknowledged, and
 * of those in flight only an unbroken run of the next ones. A temporary file orphaned by a kill never
 * disturbs the next start, which removes it and takes over the lock the killed process left.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, startEmulator } from "../../src/emulator";
import { loadState, saveState, STATE_FORMAT, STATE_VERSION, type PersistedState } from "../../src/emulator/persistence";
import { bearerPayload } from "../helpers/emulator";

const REPO_ROOT = path.resolve(__dirname, "../..");
const ROUNDS = 12;
/** Creates fired at once in each round. */
const BURST = 80;
/** The kill lands this many milliseconds after the first answer at most (the burst takes about as long). */
const KILL_WINDOW_MS = 60;
/** Providers written before the first round, so that every write rewrites a file of a few hundred KB. */
const PRELOAD = 300;

jest.setTimeout(120_000);

interface Running {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

/** The built command (`npm run emulator`); run `npm run build` after changing src/ (as for the engine tests). */
const MAIN = path.join(REPO_ROOT, "dist/cli/main.js");

/** Starts the emulator command on a free port with the state file; resolves once it listens. */
function startCommand(stateFile: string): Promise<Running> {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
  const child = spawn(process.execPath, [MAIN, "emulator", "--port", "0", "--quiet", "--state-file", stateFile], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve({ child, url: m[1], exited });
    });
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening: ${err}`)));
  });
}

async function accessToken(url: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: "client_credentials", client_id: DEMO_CLIENT_ID, client_secret: DEMO_CLIENT_SECRET });
  const res = await fetch(`${url}/oauth/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** POST one create; resolves with the identifier of a 201, or undefined when the process died first. */
async function create(url: string, token: string, displayName: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${url}/api/v1/custom-providers`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(bearerPayload(displayName)),
    });
    if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { provider: { identifier: string } }).provider.identifier;
  } catch (err) {
    if (err instanceof Error && err.message.startsWith("create answered")) throw err;
    return undefined; // the connection died with the process: in flight, not acknowledged
  }
}

/** The file, read and checked the way the emulator reads it at start. @throws when corrupt */
function readState(file: string): PersistedState {
  const text = fs.readFileSync(file, "utf8");
  JSON.parse(text); // a torn write would fail here first, with the plainest message
  return loadState(file)!;
}

describe("the state file under SIGKILL", () => {
  let dir: string;
  let file: string;
  let running: Running | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-crash-"));
    file = path.join(dir, "state.json");
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      running.child.kill("SIGKILL");
      await running.exited;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test(`${ROUNDS} kills at random moments of a burst of ${BURST} concurrent creates: the file always parses and holds a prefix of the writes`, async () => {
    const preloaded = Array.from({ length: PRELOAD }, (_, i) => ({
      id: `prv_preloaded_${i + 1}`,
      identifier: `PRELOADED${i + 1}:${i + 1}`,
      payload: bearerPayload(`Preloaded ${i + 1}`),
      connections: 0,
      sequence: i + 1,
    }));
    saveState(file, { format: STATE_FORMAT, version: STATE_VERSION, sequence: PRELOAD, providers: preloaded });

    let before = readState(file);
    const figures: string[] = [];
    let orphans = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      running = await startCommand(file);
      const token = await accessToken(running.url);
      const names = Array.from({ length: BURST }, (_, i) => `Round ${round} Burst ${i}`);
      // Killed at a random moment once writing has begun (the first answer), while the rest are written.
      const killDelayMs = Math.floor(Math.random() * KILL_WINDOW_MS);
      const acknowledged = new Set<string>();
      const child = running.child;
      const answers = names.map((name) =>
        create(running!.url, token, name).then((identifier) => {
          if (identifier === undefined) return;
          acknowledged.add(identifier);
          if (acknowledged.size === 1) setTimeout(() => child.kill("SIGKILL"), killDelayMs);
        }),
      );
      await Promise.all(answers);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await running.exited;

      const after = readState(file);
      const previous = new Set(before.providers.map((p) => p.identifier));
      const added = after.providers.filter((p) => !previous.has(p.identifier));
      // Nothing from before is lost or changed.
      expect(after.providers.filter((p) => previous.has(p.identifier))).toEqual(before.providers);
      // Every acknowledged create is in the file: the emulator answers only after the file was replaced.
      const inFile = new Set(added.map((p) => p.identifier));
      expect([...acknowledged].filter((id) => !inFile.has(id))).toEqual([]);
      // Only this round's creates were added, each once, and they are an unbroken run of sequence numbers.
      expect(added.every((p) => names.includes(p.payload.display_name as string))).toBe(true);
      expect(new Set(added.map((p) => p.payload.display_name)).size).toBe(added.length);
      expect(added.map((p) => p.sequence)).toEqual(added.map((_, i) => before.sequence + 1 + i));
      expect(after.sequence).toBe(before.sequence + added.length);

      // Each start removes the temporary files earlier kills orphaned: those here are this round's.
      const temps = fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"));
      figures.push(
        `round ${round}: killed ${killDelayMs} ms after the first answer, ${acknowledged.size} acknowledged, ${added.length} stored, ${temps.length} temporary file(s) orphaned (killed mid-write)`,
      );
      orphans += temps.length;
      before = after;
    }
    running = undefined;
    console.log(`${figures.join("\n")}\n${orphans} temporary file(s) orphaned in all`);

    // The next start, orphaned temporary files and all, has exactly what the file holds and writes on.
    const restarted = await startEmulator({ stateFile: file });
    try {
      expect(restarted.providers().map((p) => p.identifier)).toEqual(before.providers.map((p) => p.identifier));
      expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]); // removed by the start
      const fresh = restarted.insertProvider(bearerPayload("After The Crashes"));
      expect(fresh.sequence).toBe(before.sequence + 1);
      expect(readState(file).providers).toHaveLength(before.providers.length + 1);
    } finally {
      await restarted.stop();
    }
  });
});
