/**
 * Reads the definitions folder: one provider per JSON or YAML file, in the documented payload format
 * (snake_case, as in Scalekit's docs). Each file's logical name comes from its file name, so it stays
 * stable across runs and machines.
 */
import * as fs from "fs";
import * as path from "path";
import { formatIssues, ProviderPayload, RESERVED_KEYS, validatePayload } from "../schema";
import { inert } from "../text/inert";
import { DefinitionError, readDefinitionFile } from "./definition-file";

export { DefinitionError, DEFINITION_FILE_MAX_BYTES, readDefinitionFile } from "./definition-file";

export const DEFINITION_EXTENSIONS = [".json", ".yaml", ".yml"];

export interface Definition {
  /** Logical resource name: the file name without its extension. */
  name: string;
  /** Path of the file, relative to the folder. */
  file: string;
  payload: ProviderPayload;
}

/**
 * Loads and validates every definition in `dir`, sorted by file name.
 * @throws DefinitionError for a missing or empty folder, an unreadable or unparsable file, a payload that
 *   fails validation (with the property path), or two files with the same logical name or display name.
 */
export function loadDefinitions(dir: string): Definition[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new DefinitionError(`definitions folder ${inert(dir)} does not exist: create it, or set scalekit:definitionsDir to the folder that holds your provider definitions`);
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => DEFINITION_EXTENSIONS.includes(path.extname(f).toLowerCase()))
    .sort();
  const byName = new Map<string, string>();
  const definitions: Definition[] = [];
  for (const file of files) {
    const name = logicalName(file);
    if ((RESERVED_KEYS as readonly string[]).includes(name)) {
      // The logical name keys the program's `identifiers` output and Pulumi's own objects: never `__proto__`.
      throw new DefinitionError(`${inert(file)}: "${name}" is reserved in JavaScript and cannot name a provider's resource: rename the file`);
    }
    const clash = byName.get(name);
    if (clash) {
      throw new DefinitionError(`${inert(file)} and ${inert(clash)} would both declare the provider "${inert(name)}": rename or remove one of them`);
    }
    byName.set(name, file);
    definitions.push({ name, file, payload: loadDefinition(path.join(dir, file)) });
  }
  if (definitions.length === 0) {
    // An empty or mistyped folder must not turn `pulumi up` into "delete every provider of the stack".
    throw new DefinitionError(
      `no definition files (${DEFINITION_EXTENSIONS.join(", ")}) in ${inert(dir)}: refusing to declare zero providers, which would ` +
        `make \`pulumi up\` delete every provider of this stack. Check scalekit:definitionsDir; to delete them all on purpose, ` +
        `run \`pulumi destroy\`.`,
    );
  }
  const byDisplayName = new Map<string, string>();
  for (const { file, payload } of definitions) {
    const other = byDisplayName.get(payload.display_name);
    if (other) {
      throw new DefinitionError(`${inert(file)} and ${inert(other)} both define display_name "${inert(payload.display_name)}": Scalekit allows one provider per display name; rename one`);
    }
    byDisplayName.set(payload.display_name, file);
  }
  return definitions;
}

/**
 * Loads one definition file.
 * @throws DefinitionError naming the file and, for validation failures, each property path and its fix.
 */
export function loadDefinition(file: string): ProviderPayload {
  const data = readDefinitionFile(file);
  const result = validatePayload(data, "wire");
  if (!result.ok) {
    throw new DefinitionError(`${inert(file)} is not a valid provider definition:\n${formatIssues(result.issues, "  ")}`);
  }
  return data as ProviderPayload;
}

/** `asana-oauth.json` → `asana-oauth`. */
export function logicalName(file: string): string {
  return path.basename(file, path.extname(file));
}
