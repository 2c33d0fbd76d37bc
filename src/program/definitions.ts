/**
 * Reads the definitions folder: one provider per JSON or YAML file, in the documented payload format
 * (snake_case, as in Scalekit's docs). Each file's logical name comes from its file name, so it stays
 * stable across runs and machines.
 */
import * as fs from "fs";
import * as path from "path";
import { formatIssues, ProviderPayload, validatePayload } from "../schema";
import { inert } from "../text";
import { DefinitionError, readDefinitionFile } from "./definition-file";
import { logicalName, nameProblem } from "./names";

export { DefinitionError, readDefinitionDocument, readDefinitionFile } from "./definition-file";
export { logicalName, nameProblem } from "./names";

export const DEFINITION_EXTENSIONS = [".json", ".yaml", ".yml"];

/** Whether `file` is named as a definition file: it ends in one of DEFINITION_EXTENSIONS, in any case. */
export function isDefinitionFile(file: string): boolean {
  return DEFINITION_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** The definition files of the folder `dir` (names only), sorted by name: what the program and the CLI read. */
export function definitionFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter(isDefinitionFile).sort();
}

export interface Definition {
  /** Logical resource name: the file name without its extension. */
  name: string;
  /** Path of the file, relative to the folder. */
  file: string;
  payload: ProviderPayload;
}

/** One definition file of a folder: its payload, or why it cannot be used (a file with a name already taken is not read). */
export type CheckedFile = { name: string; file: string } & (
  { payload: ProviderPayload; error?: undefined } | { payload?: undefined; error: DefinitionError }
);

/** Every file of a folder checked, and the problems of the folder as a whole. */
export interface FolderCheck {
  files: CheckedFile[];
  /** No definition file at all, a display name used twice. */
  problems: DefinitionError[];
}

/**
 * Loads and validates every definition in `dir`, sorted by file name.
 * @throws DefinitionError for a missing or empty folder, an unreadable or unparsable file, a payload that
 *   fails validation (with the property path), or two files with the same logical name or display name.
 */
export function loadDefinitions(dir: string): Definition[] {
  const { files, problems } = checkDefinitions(dir);
  const first = files.find((f) => f.error !== undefined)?.error ?? problems[0];
  if (first) throw first;
  return files.map(({ name, file, payload }) => ({ name, file, payload: payload! }));
}

/**
 * Checks every definition in `dir` as loadDefinitions does, but reports every problem instead of the first
 * (for `scalekit-providers validate`). Files are sorted by name.
 * @throws DefinitionError when the folder does not exist
 */
export function checkDefinitions(dir: string): FolderCheck {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new DefinitionError(
      `definitions folder ${inert(dir)} does not exist: create it, or set scalekit:definitionsDir to the folder that holds your provider definitions`,
      { file: dir, folderRule: true },
    );
  }
  const names = definitionFiles(dir);
  const byName = new Map<string, string>();
  const files: CheckedFile[] = [];
  const refuse = (name: string, file: string, message: string) =>
    files.push({ name, file, error: new DefinitionError(message, { file: path.join(dir, file), folderRule: true }) });
  for (const file of names) {
    const name = logicalName(file);
    const refused = nameRefusal(file);
    if (refused) {
      refuse(name, file, refused);
      continue;
    }
    const clash = byName.get(name);
    if (clash) {
      refuse(
        name,
        file,
        `${inert(file)} and ${inert(clash)} would both declare the provider "${inert(name)}": rename or remove one of them`,
      );
      continue;
    }
    byName.set(name, file);
    try {
      files.push({ name, file, payload: loadDefinition(path.join(dir, file)) });
    } catch (err) {
      if (!(err instanceof DefinitionError)) throw err;
      files.push({ name, file, error: err });
    }
  }
  const problems: DefinitionError[] = [];
  if (files.length === 0) {
    // An empty or mistyped folder must not turn `pulumi up` into "delete every provider of the stack".
    problems.push(
      new DefinitionError(
        `no definition files (${DEFINITION_EXTENSIONS.join(", ")}) in ${inert(dir)}: refusing to declare zero providers, which would ` +
          `make \`pulumi up\` delete every provider of this stack. Check scalekit:definitionsDir; to delete them all on purpose, ` +
          `run \`pulumi destroy\`.`,
        { file: dir, folderRule: true },
      ),
    );
  }
  const byDisplayName = new Map<string, string>();
  for (const { file, payload } of files) {
    if (payload === undefined) continue;
    const other = byDisplayName.get(payload.display_name);
    if (other) {
      problems.push(
        new DefinitionError(
          `${inert(file)} and ${inert(other)} both define display_name "${inert(payload.display_name)}": Scalekit allows one provider per display name; rename one`,
          { file: path.join(dir, file), folderRule: true },
        ),
      );
    }
    byDisplayName.set(payload.display_name, file);
  }
  return { files, problems };
}

/**
 * Loads one definition file.
 * @throws DefinitionError naming the file: its name is refused by the naming rule (then it is not read), it
 *   cannot be read or parsed, or it fails validation (each property path and its fix).
 */
export function loadDefinition(file: string): ProviderPayload {
  const refused = nameRefusal(file);
  if (refused) throw new DefinitionError(refused, { file, folderRule: true });
  const data = readDefinitionFile(file);
  const result = validatePayload(data, "wire");
  if (!result.ok) {
    throw new DefinitionError(`${inert(file)} is not a valid provider definition:\n${formatIssues(result.issues, "  ")}`, {
      file,
      issues: result.issues,
    });
  }
  return data as ProviderPayload;
}

/** The loader's message for a file whose name the naming rule refuses (the file is not read), or undefined. */
function nameRefusal(file: string): string | undefined {
  const problem = nameProblem(logicalName(file));
  return problem === undefined ? undefined : `${inert(path.basename(file))}: ${inert(problem)}: rename the file`;
}
