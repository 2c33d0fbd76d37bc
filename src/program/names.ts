/**
 * The one naming rule of definition files. A file's logical name (its name without the extension) is the
 * provider's Pulumi resource name and a key of the program's `identifiers` output, so the loader refuses the
 * names it cannot use, and `new` and `export` never write a file under one of them.
 */
import * as path from "path";
import { isReservedKey } from "../schema";

/** Names Windows keeps for devices, with or without an extension: no file can be named so there. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** `asana-oauth.json` → `asana-oauth`. */
export function logicalName(file: string): string {
  return path.basename(file, path.extname(file));
}

/**
 * Why `name` cannot be the logical name of a definition file, worded to be followed by what to do; undefined
 * when it can. Refused: JavaScript's own keys (`__proto__`, `constructor`, `prototype`: they would key the
 * program's outputs and Pulumi's own objects) and Windows device names (`con`, `nul`, `com1`…: such a file
 * cannot be checked out on Windows).
 */
export function nameProblem(name: string): string | undefined {
  if (isReservedKey(name)) return `"${name}" is reserved in JavaScript and cannot name a provider's resource`;
  if (WINDOWS_DEVICE.test(name)) return `"${name}" is a device name on Windows, where no file can be named so`;
  return undefined;
}
