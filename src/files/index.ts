/**
 * The one reader of files from the user's folder: definitions, stack config files, Pulumi.yaml, the
 * emulator's seed folder, state and lock files. Regular files only, at most FILE_MAX_BYTES, UTF-8, and a
 * parse failure of any kind reported as a FileError naming the file, with a position and an inert excerpt.
 */
import { parseText, type DataFormat } from "./parse";
import { readTextFile } from "./read";

export { FileError } from "./errors";
export { FILE_MAX_BYTES, maxSizeText, readTextFile } from "./read";
export { parseText } from "./parse";
export type { DataFormat } from "./parse";

/** What a reader is told about the file: its format, its kind for messages, and its size cap when not the default. */
export interface DataFileOptions {
  format: DataFormat;
  /** The kind of file, for messages (`a definition file`). */
  what: string;
  /** @default FILE_MAX_BYTES */
  maxBytes?: number;
}

/**
 * Reads and parses `file`.
 * @throws FileError when it cannot be read (see readTextFile) or does not parse
 */
export function readDataFile(file: string, options: DataFileOptions): unknown {
  return readDataDocument(file, options).data;
}

/**
 * readDataFile's parsed data, with the text it was parsed from (for what a parser drops, such as a comment).
 * @throws FileError as readDataFile
 */
export function readDataDocument(file: string, options: DataFileOptions): { data: unknown; text: string } {
  const text = readTextFile(file, options.what, options.maxBytes);
  return { data: parseText(text, options.format, file), text };
}
