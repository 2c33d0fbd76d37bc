/**
 * One emulator per state file. Two emulators writing one file would each rewrite it from their own memory
 * and lose the other's acknowledged writes, so the first takes a lock file beside it (`<state file>.lock`,
 * holding its process id) and a second one refuses to start, naming the file and the process. A lock whose
 * process is gone (killed, crashed) is taken over, with a notice. Taking the lock also removes the
 * temporary files that writes interrupted by a crash left behind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { FileError, readTextFile } from "../files";
import { EmulatorStateError, orphanedTemps, requireDirectory } from "./persistence";

/** Another live emulator holds the state file. */
export class StateFileInUseError extends EmulatorStateError {
  constructor(
    file: string,
    readonly ownerPid: number,
    readonly lockFile: string,
  ) {
    super(
      file,
      `is in use by another emulator (process ${ownerPid}${ownerPid === process.pid ? ", this one" : ""}; lock file ${lockFile}). ` +
        "Stop that emulator first, or give this one another --state-file",
    );
  }
}

export interface StateLock {
  readonly lockFile: string;
  /** Removes the lock file (if it is still this process's). Idempotent. */
  release(): void;
}

/** Lock files held by this process: a second emulator in the same process is refused too. */
const held = new Set<string>();

/** Attempts at taking a lock that keeps changing hands (other emulators starting at the same moment). */
const ATTEMPTS = 5;

/**
 * Takes the lock on `stateFile` and removes orphaned temporary files of it; `notice` receives one line
 * per stale lock taken over and per temporary file removed.
 * @throws StateFileInUseError when a live process holds the lock; EmulatorStateError when the directory
 *   does not exist or the lock file cannot be written
 */
export function claimStateFile(stateFile: string, notice: (line: string) => void): StateLock {
  requireDirectory(stateFile);
  const lockFile = `${stateFile}.lock`;
  const key = path.resolve(lockFile);
  if (held.has(key)) throw new StateFileInUseError(stateFile, process.pid, lockFile);
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createLock(stateFile, lockFile)) {
      held.add(key);
      removeOrphans(stateFile, notice);
      return { lockFile, release: () => release(key, lockFile) };
    }
    const owner = readOwner(lockFile);
    if (owner === "missing") continue; // released meanwhile: try again
    if (owner !== "unreadable" && owner !== process.pid && processAlive(owner)) throw new StateFileInUseError(stateFile, owner, lockFile);
    // Stale. Move it aside first, so that of two emulators taking it over at once only one removes it.
    const aside = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}.stale`;
    try {
      fs.renameSync(lockFile, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw new EmulatorStateError(stateFile, `its stale lock file ${lockFile} cannot be removed (${(err as Error).message})`);
    }
    const moved = readOwner(aside);
    if (moved !== owner && typeof moved === "number" && processAlive(moved)) {
      // Another emulator took it over between the read and the rename: put its lock back.
      linkQuietly(aside, lockFile);
      fs.rmSync(aside, { force: true });
      continue;
    }
    fs.rmSync(aside, { force: true });
    notice(
      `took over the lock on ${stateFile}: ${owner === "unreadable" ? `its lock file ${lockFile} did not name a process` : `process ${owner}, which held it, is gone`}`,
    );
  }
  throw new EmulatorStateError(stateFile, `its lock file ${lockFile} keeps changing hands: other emulators are starting on it; try again`);
}

/** Whether a process with this id runs (EPERM: it does, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Creates the lock with this process's id, complete before it appears (written aside, then linked). */
function createLock(stateFile: string, lockFile: string): boolean {
  const temp = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}.new`;
  try {
    fs.writeFileSync(temp, `${process.pid}\n`, { mode: 0o600, flag: "wx" });
    fs.linkSync(temp, lockFile);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new EmulatorStateError(stateFile, `its lock file ${lockFile} cannot be created (${(err as Error).message})`);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

function readOwner(lockFile: string): number | "missing" | "unreadable" {
  let text: string;
  try {
    // The one reader: a lock file swapped for a link to /dev/zero or a FIFO is "unreadable", never read.
    text = readTextFile(lockFile, "the emulator's lock file");
  } catch (err) {
    return err instanceof FileError && err.missing ? "missing" : "unreadable";
  }
  const pid = Number(text.trim());
  return /^\d+$/.test(text.trim()) && Number.isSafeInteger(pid) && pid > 0 ? pid : "unreadable";
}

function linkQuietly(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (err) {
    // EEXIST: a third emulator holds it now; it stands on its own lock.
    if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
  }
}

function release(key: string, lockFile: string): void {
  if (!held.delete(key)) return;
  // Only this process's lock is removed (its directory may even be gone by now).
  if (readOwner(lockFile) === process.pid) fs.rmSync(lockFile, { force: true });
}

/** Temporary files of writes that never finished: of dead processes, or this one's (it holds the lock now). */
function removeOrphans(stateFile: string, notice: (line: string) => void): void {
  for (const temp of orphanedTemps(stateFile)) {
    if (temp.pid !== process.pid && processAlive(temp.pid)) continue;
    fs.rmSync(temp.path, { force: true });
    notice(`removed ${temp.path}, left by a write that never finished`);
  }
}
