/**
 * `scalekit-providers validate [paths…]`: checks definition files and folders exactly as the Pulumi program
 * loads them (the same loader, rules and messages), plus the program's folder rules, without Pulumi, network
 * or credentials. A folder is checked as a whole; a file named on its own is checked alone.
 */
import * as fs from "fs";
import * as path from "path";
import {
  DEFINITION_EXTENSIONS,
  DefinitionError,
  isDefinitionFile,
  loadDefinition,
  problemsOf,
  reportFolder,
  type CheckedDefinitionFile,
  type DefinitionProblem,
} from "../../program";
import { EXIT, failure, type ExitCode } from "../exit";
import { inert } from "../../text";
import { displayPath } from "../print/format";

export interface ValidateOptions {
  /** Files and folders, relative to `cwd`. @default ["definitions"] */
  paths?: readonly string[];
  /** @default process.cwd() */
  cwd?: string;
}

/** One problem, as CI annotations need it (the program reports the same, program/report.ts). */
export type ValidateProblem = DefinitionProblem;

export type ValidatedFile = CheckedDefinitionFile;

export interface ValidateResult {
  valid: boolean;
  files: ValidatedFile[];
  /** Every problem, files' and folders' alike, in the order of `files`, then the folders'. */
  problems: ValidateProblem[];
  counts: { files: number; valid: number; invalid: number; problems: number };
}

/**
 * Validates `paths` (folders and definition files).
 * @throws ExitError (exit 2) for a path that does not exist or a file that is not .json, .yaml or .yml
 */
export function validateDefinitions(options: ValidateOptions = {}): ValidateResult {
  const cwd = options.cwd ?? process.cwd();
  const paths = options.paths && options.paths.length > 0 ? options.paths : ["definitions"];
  const files: ValidatedFile[] = [];
  const problems: ValidateProblem[] = [];
  const folderProblems: ValidateProblem[] = [];
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const shown = (p: string) => displayPath(p, cwd);
    // Messages name files by the path the loader was given: show it as the user wrote it.
    const inTerms = (message: string) => message.split(absolute).join(shown(absolute));
    const record = (file: string, displayName: string | null, error?: DefinitionError) => {
      files.push({ file: shown(file), displayName, valid: error === undefined });
      if (error) problems.push(...problemsOf(error, shown(file), inTerms));
    };
    let stat: fs.Stats;
    try {
      stat = fs.statSync(absolute);
    } catch {
      throw failure(`${inert(given)}: no such file or folder. Give definition files or folders (default: definitions).`);
    }
    if (stat.isDirectory()) {
      const report = reportFolder(absolute, shown);
      files.push(...report.files);
      problems.push(...report.problems);
      folderProblems.push(...report.folderProblems);
    } else {
      if (!isDefinitionFile(absolute)) {
        throw failure(`${inert(given)} is not a definition file: definition files end in ${DEFINITION_EXTENSIONS.join(", ")}`);
      }
      try {
        record(absolute, loadDefinition(absolute).display_name);
      } catch (err) {
        if (!(err instanceof DefinitionError)) throw err;
        record(absolute, null, err);
      }
    }
  }
  const all = [...problems, ...folderProblems];
  const valid = files.filter((f) => f.valid).length;
  return {
    valid: all.length === 0,
    files,
    problems: all,
    counts: { files: files.length, valid, invalid: files.length - valid, problems: all.length },
  };
}

/** 0 when everything is valid, 1 otherwise. */
export function validateExitCode(result: ValidateResult): ExitCode {
  return result.valid ? EXIT.OK : EXIT.DIFFERENT;
}
