/**
 * Reads one definition file: the only way any part of this package (the program, export's folder reader,
 * compare, validate, the emulator's seed) reads a definition file. The reading itself is the files part's
 * (regular files only, a size cap, UTF-8, duplicate keys refused, any parse failure reported by position and
 * an inert excerpt); what is a definition's own is here: JSON or YAML by extension, and `$schema` set aside.
 */
import * as path from "path";
import { FileError, readDataFile } from "../files";
import { payloadOfDocument } from "../schema";
import type { ValidationIssue } from "../schema";
import { NamedError } from "../named-error";

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
  const format = path.extname(file).toLowerCase() === ".json" ? "json" : "yaml";
  try {
    return payloadOfDocument(readDataFile(file, { format, what: "a definition file" }));
  } catch (err) {
    if (err instanceof FileError) throw new DefinitionError(err.message, { file });
    throw err;
  }
}
