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
  return parseText(readTextFile(file, options.what), options.format, file);
}
