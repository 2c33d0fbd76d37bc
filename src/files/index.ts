/**
 * The one reader of files from the user's folder: definitions, stack config files, Pulumi.yaml, the
 * emulator's seed folder, state and lock files. Regular files only, at most FILE_MAX_BYTES, UTF-8, and a
 * parse failure of any kind reported as a FileError naming the file, with a position and an inert excerpt.
 */
import { parseText, type DataFormat } from "./parse";
import { readTextFile } from "./read";

export { FileError } from "./errors";
export { FILE_MAX_BYTES, maxSizeText, readTextFile } from "./read";
export type { DataFormat } from "./parse";

/**
 * Reads and parses `file`.
 * @param options.what the kind of file, for messages (`a definition file`)
 * @throws FileError when it cannot be read (see readTextFile) or does not parse
 */
export function readDataFile(file: string, options: { format: DataFormat; what: string }): unknown {
  return readDataDocument(file, options).data;
}

/**
 * readDataFile's parsed data, with the text it was parsed from (for what a parser drops, such as a comment).
 * @throws FileError as readDataFile
 */
export function readDataDocument(file: string, options: { format: DataFormat; what: string }): { data: unknown; text: string } {
  const text = readTextFile(file, options.what);
  return { data: parseText(text, options.format, file), text };
}
