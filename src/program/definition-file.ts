/**
 * Reads one definition file safely: the only way any part of this package (the program, export's folder
 * reader, compare, validate) reads a definition file. The definitions folder is whatever a contributor sent
 * in a pull request, so a file may be hostile:
 * - only a regular file is read: a symbolic link (it could point at a credentials file, or at /dev/zero) and
 *   special files (a FIFO would block forever, a device never ends) are refused without being read;
 * - at most DEFINITION_FILE_MAX_BYTES are read;
 * - the text must be UTF-8 (invalid bytes are refused with their position, never turned into U+FFFD); a
 *   leading byte order mark is ignored, in JSON as in YAML;
 * - JSON and YAML alike refuse duplicate keys;
 * - a file that does not parse is reported by position and a short excerpt of its offending line, rendered
 *   inert, never by quoting the file.
 */
import * as fs from "fs";
import * as path from "path";
import { visit, printParseErrorCode, type ParseErrorCode } from "jsonc-parser";
import { parse as parseYaml, YAMLError } from "yaml";
import { payloadOfDocument, schemaReferenceOf } from "../schema";
import type { ValidationIssue } from "../schema";
import { inert } from "../text";
import { NamedError } from "../named-error";

/**
 * The largest definition file read, in bytes (1 MiB). A real definition is a few KB (the six documented
 * examples are under 2 KB; the schema's limits keep one under ~100 KB even with many fields and scopes), so
 * 1 MiB leaves ample room while a hostile file cannot make the loader hold, parse or print more than that.
 */
export const DEFINITION_FILE_MAX_BYTES = 1024 * 1024;

/** How many characters of an offending line an error message shows. */
const EXCERPT_LENGTH = 60;

/** A definition file or the folder cannot be used; the message names the file and what to fix. */
export class DefinitionError extends NamedError {
  /** The file (or, for an empty folder, the folder) the problem is reported against, as the loader was given it. */
  readonly file?: string;
  /** For a payload that fails validation: each problem with its property path. */
  readonly issues?: readonly ValidationIssue[];
  /** A rule of the folder (a file name taken or reserved, two display names, no file at all), not of the file's content. */
  readonly folderRule: boolean;

  constructor(message: string, details: { file?: string; issues?: readonly ValidationIssue[]; folderRule?: boolean } = {}) {
    super(message);
    this.file = details.file;
    this.issues = details.issues;
    this.folderRule = details.folderRule ?? false;
  }
}

/**
 * Reads and parses the definition file `file` (JSON for `.json`, YAML otherwise), without validating it, and
 * returns its payload: a top-level `$schema` (the file's pointer for editors) is set aside, never validated
 * nor sent to Scalekit.
 * @throws DefinitionError when it is not a regular file, is too large, is not UTF-8 or does not parse; the
 *   message names the file (inert) and says what to do, and never quotes more than a short excerpt.
 */
export function readDefinitionFile(file: string): unknown {
  return readDefinitionDocument(file).payload;
}

/** A definition file as read: its payload, and where it points editors for the JSON Schema, if it does. */
export interface DefinitionDocument {
  payload: unknown;
  /** Its `$schema`, or a YAML file's yaml-language-server comment. */
  schemaReference?: string;
}

/**
 * readDefinitionFile's payload, with the file's pointer to the JSON Schema (so that a rewrite can keep it).
 * @throws DefinitionError as readDefinitionFile
 */
export function readDefinitionDocument(file: string): DefinitionDocument {
  const shown = inert(file);
  const text = decodeUtf8(readRegularFile(file, shown), shown);
  const json = path.extname(file).toLowerCase() === ".json";
  try {
    const document = json ? parseJson(text, shown) : parseYamlText(text, shown);
    const schemaReference = schemaReferenceOf(document, json ? undefined : text);
    return { payload: payloadOfDocument(document), ...(schemaReference === undefined ? {} : { schemaReference }) };
  } catch (err) {
    // A document nested deep enough to exhaust the stack: report it, never crash.
    if (err instanceof RangeError) throw new DefinitionError(`${shown} nests too deeply to be a provider definition: flatten it`);
    throw err;
  }
}

/** The bytes of `file`, refusing anything but a regular file of at most DEFINITION_FILE_MAX_BYTES. */
function readRegularFile(file: string, shown: string): Buffer {
  const refuse = (what: string) =>
    new DefinitionError(
      `${shown} is ${what}, not a regular file: definition files are read only when they are plain files; replace it with the file itself`,
    );
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (err) {
    throw new DefinitionError(`cannot read ${shown}: ${systemReason(err)}`);
  }
  if (!stat.isFile()) throw refuse(kindOf(stat));
  let fd: number;
  try {
    // O_NOFOLLOW and O_NONBLOCK: should the file be swapped for a link or a FIFO after lstat, opening
    // neither follows it nor blocks; fstat below then refuses it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ELOOP") throw refuse("a symbolic link");
    throw new DefinitionError(`cannot read ${shown}: ${systemReason(err)}`);
  }
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile()) throw refuse(kindOf(opened));
    const tooLarge = () =>
      new DefinitionError(
        `${shown} is larger than ${DEFINITION_FILE_MAX_BYTES / 1024 / 1024} MiB, the most a definition file may hold: ` +
          "a provider definition is a few KB; check that this is the file you meant",
      );
    if (opened.size > DEFINITION_FILE_MAX_BYTES) throw tooLarge();
    // Read one byte more than allowed, so a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(DEFINITION_FILE_MAX_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > DEFINITION_FILE_MAX_BYTES) throw tooLarge();
    }
    return buffer.subarray(0, length);
  } catch (err) {
    if (err instanceof DefinitionError) throw err;
    throw new DefinitionError(`cannot read ${shown}: ${systemReason(err)}`);
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
function decodeUtf8(bytes: Buffer, shown: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, offset));
    const { line, column } = lineAndColumn(before, before.length);
    throw new DefinitionError(`${shown} is not valid UTF-8 at line ${line}, column ${column} (byte ${offset + 1}): save it as UTF-8`);
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

/** JSON, strictly (no comments, no trailing commas), refusing duplicate keys. */
function parseJson(text: string, shown: string): unknown {
  const keys: Set<string>[] = [];
  let problem: DefinitionError | undefined;
  visit(
    text,
    {
      onObjectBegin: () => void keys.push(new Set()),
      onObjectEnd: () => void keys.pop(),
      onObjectProperty: (name, offset) => {
        const seen = keys[keys.length - 1];
        if (problem === undefined && seen?.has(name)) {
          problem = parseError(
            shown,
            "JSON",
            `duplicate key ${inert(JSON.stringify(name), EXCERPT_LENGTH)}: keep one of them`,
            text,
            offset,
          );
        }
        seen?.add(name);
      },
      onError: (code: ParseErrorCode, offset) => {
        problem ??= parseError(shown, "JSON", jsonProblem(code), text, offset);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (problem) throw problem;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's own message quotes the text: never shown.
    throw new DefinitionError(`${shown} is not valid JSON: check it with a JSON linter`);
  }
}

function jsonProblem(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** YAML (the yaml package refuses duplicate keys and bounds alias expansion by default). */
function parseYamlText(text: string, shown: string): unknown {
  try {
    return parseYaml(text);
  } catch (err) {
    if (!(err instanceof YAMLError)) throw err;
    // Its message ends with a code frame quoting the file: only the first clause is kept.
    const what = inert(err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""), 100);
    throw parseError(shown, "YAML", what, text, err.pos[0]);
  }
}

/** `<file> is not valid JSON at line L, column C: <what>` and an inert excerpt of the offending line. */
function parseError(shown: string, format: string, what: string, text: string, offset: number): DefinitionError {
  const { line, column, lineText } = lineAndColumn(text, Math.min(Math.max(0, offset), text.length));
  const start = Math.max(0, column - 1 - EXCERPT_LENGTH / 2);
  const excerpt = inert(lineText.slice(start, start + EXCERPT_LENGTH), EXCERPT_LENGTH);
  const shownExcerpt =
    excerpt.trim() === ""
      ? ""
      : `\n  line ${line}: ${start > 0 ? "…" : ""}${excerpt}${start + EXCERPT_LENGTH < lineText.length ? "…" : ""}`;
  return new DefinitionError(`${shown} is not valid ${format} at line ${line}, column ${column}: ${what}${shownExcerpt}`);
}

/** 1-based line and column of `offset` in `text`, and that line's text. */
function lineAndColumn(text: string, offset: number): { line: number; column: number; lineText: string } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const end = text.indexOf("\n", lineStart);
  const lineText = text.slice(lineStart, end === -1 ? text.length : end).replace(/\r$/, "");
  return { line, column: offset - lineStart + 1, lineText };
}
