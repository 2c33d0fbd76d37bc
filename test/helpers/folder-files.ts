/** scripts/folder-files.js, the scripts' and the tests' one reading of a folder's files, with its types. */
import type { Hash } from "crypto";

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { digestFiles, filesUnder } = require("../../scripts/folder-files") as {
  digestFiles: <T extends Hash>(digest: T, dir: string, files?: readonly string[]) => T;
  filesUnder: (dir: string) => string[];
};
