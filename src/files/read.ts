/**
 * Reads a file from the user's folder as text. Such a file may be hostile (a definitions folder or a stack
 * file is whatever a pull request sent), so:
 * - only a regular file is read: a symbolic link (it could point at a credentials file, or at /dev/zero) and
 *   special files (a FIFO would block forever, a device never ends) are refused without being read;
 * - at most FILE_MAX_BYTES are read;
 * - the text must be UTF-8 (invalid bytes are refused with their position, never turned into U+FFFD); a
 *   leading byte order mark is dropped.
 */
import * as fs from "fs";
import { inert } from "../text";
import { FileError } from "./errors";
import { lineAndColumn } from "./position";

/**
 * The largest file read from the user's folder, in bytes (1 MiB). The largest such file in real use is a
 * definition: a few KB (the six documented examples are under 2 KB; the schema's limits keep one under
 * ~100 KB even with many fields and scopes); a stack config file or Pulumi.yaml is smaller still. 1 MiB
 * leaves ample room while a hostile file cannot make the tool hold, parse or print more than that. The
 * emulator never writes a state file larger than this (persistence.ts), so it can always read one back.
 */
export const FILE_MAX_BYTES = 1024 * 1024;

/**
 * The text of `file`.
 * @param what the kind of file, for messages: `a definition file`, `a stack config file`
 * @param maxBytes the size cap, for a kind of file that is larger in real use (`pulumi preview --json`)
 * @throws FileError when it does not exist (`missing`), is not a regular file, is larger than
 *   `maxBytes`, cannot be read or is not UTF-8
 */
export function readTextFile(file: string, what: string, maxBytes: number = FILE_MAX_BYTES): string {
  return decodeUtf8(readRegularFile(file, what, maxBytes), file);
}

/** The size cap as a message shows it. */
export function maxSizeText(maxBytes: number = FILE_MAX_BYTES): string {
  return `${maxBytes / 1024 / 1024} MiB`;
}

/** The bytes of `file`, refusing anything but a regular file of at most `maxBytes`. */
function readRegularFile(file: string, what: string, maxBytes: number): Buffer {
  const refuse = (kind: string) =>
    new FileError(file, `is ${kind}, not a regular file: only plain files are read; replace it with the file itself`);
  const unreadable = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    return new FileError(file, `cannot be read: ${systemReason(err)}`, code === "ENOENT");
  };
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (err) {
    throw unreadable(err);
  }
  if (!stat.isFile()) throw refuse(kindOf(stat));
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: should the file be swapped for a link or a FIFO after lstat, opening
    // neither follows it nor blocks; fstat below then refuses it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw refuse("a symbolic link");
    throw unreadable(err);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw refuse(kindOf(opened));
    const tooLarge = () =>
      new FileError(file, `is larger than ${maxSizeText(maxBytes)}, the most ${what} may hold: check that this is the file you meant`);
    if (opened.size > maxBytes) throw tooLarge();
    // Read one byte more than allowed, so a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > maxBytes) throw tooLarge();
    }
    return buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw unreadable(err);
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isSymbolicLink()) return "a symbolic link";
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "a special file";
}

/** The system's reason without the path it repeats (`ENOENT: no such file or directory`). */
function systemReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code} (${e.syscall ?? "read"})` : inert(String(e.message ?? e));
}

/** The text of UTF-8 `bytes`, without a leading byte order mark. */
function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
    const { line, column } = lineAndColumn(before, before.length);
    throw new FileError(file, `is not valid UTF-8 at line ${line}, column ${column} (byte ${offset + 1}): save it as UTF-8`);
  }
}

/** The offset of the first byte of `bytes` that cannot start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Buffer): number {
  // Whether a prefix decodes is monotonic (an incomplete sequence at its end is fine with stream: true),
  // so the first bad byte is found by bisection.
  const valid = (end: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (valid(middle + 1)) low = middle + 1;
    else high = middle;
  }
  return Math.min(low, Math.max(0, bytes.length - 1));
}
