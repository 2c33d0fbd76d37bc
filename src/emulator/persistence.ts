/**
 * The emulator's state file: load at start, save atomically after every write. The file holds providers,
 * their connection counts and the sequence counter; never tokens or credentials.
 *
 * Atomicity: the new content is written to a temporary file in the same directory, flushed to disk, then
 * renamed over the state file. A rename within one directory is atomic on POSIX file systems, so a crash at
 * any moment leaves either the old or the new complete file (at worst an orphaned temporary file, which
 * the next start removes: see state-lock.ts, which also keeps a second emulator off the file).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import type { StoredProvider } from "./types";
import { FILE_MAX_BYTES, FileError, maxSizeText, readDataFile } from "../files";
import { NamedError } from "../named-error";

export const STATE_FORMAT = "scalekit-emulator-state";
export const STATE_VERSION = 1;

export interface PersistedState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  /** Last sequence number used for ids and identifiers (never reused, so identifiers stay unique). */
  sequence: number;
  providers: StoredProvider[];
}

/** The state file could not be read, parsed or written. The message names the file. */
export class EmulatorStateError extends NamedError {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`emulator state file ${file}: ${reason}`);
  }
}

/**
 * Reads the state file (with the one reader of the user's files: a regular file of at most FILE_MAX_BYTES,
 * UTF-8, strict JSON); a missing file means a fresh start (undefined).
 * @throws EmulatorStateError when the file cannot be read, is not JSON or does not hold emulator state,
 *   or when its directory does not exist (the first write would fail later)
 */
export function loadState(file: string): PersistedState | undefined {
  requireDirectory(file);
  let parsed: unknown;
  try {
    parsed = readDataFile(file, { format: "json", what: "the emulator's state file" });
  } catch (err) {
    if (!(err instanceof FileError)) throw err;
    if (err.missing) return undefined;
    throw new EmulatorStateError(file, `${err.reason}\n  Fix or delete it.`);
  }
  return checkState(file, parsed);
}

/** @throws EmulatorStateError when the directory of `file` does not exist (its first write would fail) */
export function requireDirectory(file: string): void {
  const dir = path.dirname(file);
  if (!fs.existsSync(dir)) throw new EmulatorStateError(file, `directory ${dir} does not exist`);
}

/**
 * Writes the state file atomically (temporary file in the same directory, fsync, rename).
 * @throws EmulatorStateError when writing fails, or when the state would be larger than FILE_MAX_BYTES (it
 *   could not be read back); the previous file is then left as it was
 */
export function saveState(file: string, state: PersistedState): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`); // see orphanedTemps
  const text = `${JSON.stringify(state, null, 2)}\n`;
  if (Buffer.byteLength(text) > FILE_MAX_BYTES) {
    throw new EmulatorStateError(
      file,
      `would grow larger than ${maxSizeText()}, the most the emulator reads back: nothing was changed; delete providers, or use another state file`,
    );
  }
  try {
    const fd = fs.openSync(temp, "w", 0o600);
    try {
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw new EmulatorStateError(file, `cannot be written (${(err as Error).message})`);
  }
}

/** The temporary files of `file` in its directory (`.<name>.<pid>.<8 hex>.tmp`), with the writer's process id. */
export function orphanedTemps(file: string): Array<{ path: string; pid: number }> {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return []; // a missing directory is reported by loadState, with the file's name
  }
  return names.flatMap((name) => {
    const match = name.startsWith(prefix) ? /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length)) : null;
    return match ? [{ path: path.join(dir, name), pid: Number(match[1]) }] : [];
  });
}

function checkState(file: string, value: unknown): PersistedState {
  const fail = (reason: string) => new EmulatorStateError(file, `does not hold emulator state: ${reason}; fix or delete it`);
  if (!isObject(value) || value.format !== STATE_FORMAT) throw fail(`"format" must be "${STATE_FORMAT}"`);
  if (value.version !== STATE_VERSION) throw fail(`unsupported version ${JSON.stringify(value.version)} (expected ${STATE_VERSION})`);
  if (!Number.isInteger(value.sequence) || (value.sequence as number) < 0) throw fail(`"sequence" must be an integer, 0 or more`);
  if (!Array.isArray(value.providers)) throw fail(`"providers" must be an array`);
  const seen = new Set<string>();
  const providers = value.providers.map((p, i): StoredProvider => {
    const where = `providers[${i}]`;
    if (!isObject(p)) throw fail(`${where} must be an object`);
    if (typeof p.id !== "string" || p.id === "") throw fail(`${where}.id must be a non-empty string`);
    if (typeof p.identifier !== "string" || p.identifier === "") throw fail(`${where}.identifier must be a non-empty string`);
    if (seen.has(p.identifier)) throw fail(`${where}.identifier ${p.identifier} appears twice`);
    seen.add(p.identifier);
    if (!isObject(p.payload)) throw fail(`${where}.payload must be an object`);
    if (!Number.isInteger(p.connections) || (p.connections as number) < 0) throw fail(`${where}.connections must be an integer, 0 or more`);
    if (!Number.isInteger(p.sequence)) throw fail(`${where}.sequence must be an integer`);
    return { id: p.id, identifier: p.identifier, payload: p.payload, connections: p.connections as number, sequence: p.sequence as number };
  });
  return { format: STATE_FORMAT, version: STATE_VERSION, sequence: value.sequence as number, providers };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
