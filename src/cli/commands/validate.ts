/**
 * `scalekit-providers validate [paths…]`: checks definition files and folders exactly as the Pulumi program
 * loads them (the same loader, rules and messages), plus the program's folder rules, without Pulumi, network
 * or credentials. A folder is checked as a whole; a file named on its own is checked alone.
 */
import * as fs from "fs";
import * as path from "path";
import { checkDefinitions, DEFINITION_EXTENSIONS, DefinitionError, loadDefinition } from "../../program";
import { MAX_REPORTED_ISSUES, moreIssues, splitFix } from "../../schema";
import { EXIT, failure, type ExitCode } from "../exit";
import { inert } from "../../text";
import { displayPath } from "../print/format";

export interface ValidateOptions {
  /** Files and folders, relative to `cwd`. @default ["definitions"] */
  paths?: readonly string[];
  /** @default process.cwd() */
  cwd?: string;
}

/** One problem, as CI annotations need it. */
export interface ValidateProblem {
  /** The file (or, for an empty folder, the folder), relative to the working directory. */
  file: string;
  /** The property path in the file's own (snake_case) terms, e.g. `auth_patterns[0].oauth_config.token_uri`; null for the whole file or folder. */
  property: string | null;
  /** The message, exactly as `pulumi preview` prints it for this property (or file). */
  message: string;
  /** What to do, when the message states it apart from the problem; null otherwise. */
  fix: string | null;
}

export interface ValidatedFile {
  /** Relative to the working directory. */
  file: string;
  /** The provider's display name, when the file is valid. */
  displayName: string | null;
  valid: boolean;
}

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
      const { files: checked, problems: ofFolder } = checkDefinitions(absolute);
      for (const f of checked) record(path.join(absolute, f.file), f.payload?.display_name ?? null, f.error);
      for (const problem of ofFolder) {
        const target = problem.file ?? absolute;
        const entry = files.find((f) => f.file === shown(target));
        if (entry) entry.valid = false;
        (entry ? problems : folderProblems).push(...problemsOf(problem, shown(target), inTerms));
      }
    } else {
      if (!DEFINITION_EXTENSIONS.includes(path.extname(absolute).toLowerCase())) {
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

/**
 * A loader error as problems: one per validation issue, else one for the file or folder. A folder rule's
 * message states its fix; a file that cannot be read or parsed has none apart (the message gives the position).
 */
function problemsOf(error: DefinitionError, file: string, inTerms: (message: string) => string): ValidateProblem[] {
  if (error.issues) {
    // As many as the program's message lists: a hostile file must not make megabytes of annotations.
    const listed = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue): ValidateProblem => ({
      file,
      property: issue.property,
      message: issue.message,
      fix: splitFix(issue.message).fix ?? null,
    }));
    const more = error.issues.length - MAX_REPORTED_ISSUES;
    if (more > 0) listed.push({ file, property: null, message: moreIssues(more), fix: splitFix(moreIssues(more)).fix ?? null });
    return listed;
  }
  const message = inTerms(error.message);
  return [{ file, property: null, message, fix: error.folderRule ? (splitFix(message).fix ?? null) : null }];
}
