/**
 * How the problems of definition files are reported: every problem of every file, each file by the path the user
 * knows it by. One implementation for `scalekit-providers validate` (which adds its marks and colours) and for the
 * Pulumi program (which stops with all of it at once, in the same words).
 */
import * as path from "path";
import { MAX_REPORTED_ISSUES, moreIssues, splitFix } from "../schema";
import { checkDefinitions, type Definition, type DefinitionError } from "./definitions";

/**
 * How a message suggests running the `scalekit-providers` command: as a user runs it in their project, where the
 * package is installed. The program's messages and the CLI's printers both suggest commands.
 */
export const COMMAND = "npx scalekit-providers";

/** `p` as the user knows it: relative to `base` (the project, the working folder) when inside it, else as given. */
export function projectPath(p: string, base: string): string {
  const relative = path.relative(base, p);
  return relative === "" ? "." : relative.startsWith("..") || path.isAbsolute(relative) ? p : relative;
}

/** One problem, as CI annotations need it. */
export interface DefinitionProblem {
  /** The file (or, for an empty folder, the folder), as the user knows it (relative to the working directory). */
  file: string;
  /** The property path in the file's own (snake_case) terms, e.g. `auth_patterns[0].oauth_config.token_uri`; null for the whole file or folder. */
  property: string | null;
  /** The message, exactly as `pulumi preview` prints it for this property (or file). */
  message: string;
  /** What to do, when the message states it apart from the problem; null otherwise. */
  fix: string | null;
}

export interface CheckedDefinitionFile {
  /** As the user knows it (relative to the working directory). */
  file: string;
  /** The provider's display name, when the file is valid. */
  displayName: string | null;
  valid: boolean;
}

/** A definitions folder checked: its files, the problems of its files and those of the folder as a whole. */
export interface FolderReport {
  files: CheckedDefinitionFile[];
  /** The problems of the files, in file order. */
  problems: DefinitionProblem[];
  /** The problems of the folder as a whole (no definition file at all). */
  folderProblems: DefinitionProblem[];
  /** The valid definitions. */
  definitions: Definition[];
}

/**
 * Checks the definitions folder `dir` (absolute) as the program loads it, every file and every rule.
 * @param shown how a path is shown to the user (relative to the working directory, inert)
 * @throws DefinitionError when the folder does not exist
 */
export function reportFolder(dir: string, shown: (p: string) => string): FolderReport {
  // Messages name files by the path the loader was given: show it as the user knows it.
  const inTerms = (message: string) => message.split(dir).join(shown(dir));
  const { files: checked, problems: ofFolder } = checkDefinitions(dir);
  const report: FolderReport = { files: [], problems: [], folderProblems: [], definitions: [] };
  for (const f of checked) {
    const file = shown(path.join(dir, f.file));
    report.files.push({ file, displayName: f.payload?.display_name ?? null, valid: f.error === undefined });
    if (f.error) report.problems.push(...problemsOf(f.error, file, inTerms));
    else report.definitions.push({ name: f.name, file: f.file, payload: f.payload });
  }
  for (const problem of ofFolder) {
    const target = shown(problem.file ?? dir);
    const entry = report.files.find((f) => f.file === target);
    if (entry) entry.valid = false;
    (entry ? report.problems : report.folderProblems).push(...problemsOf(problem, target, inTerms));
  }
  return report;
}

/**
 * A loader error as problems: one per validation issue, else one for the file or folder. A folder rule's
 * message states its fix; a file that cannot be read or parsed has none apart (the message gives the position).
 */
export function problemsOf(error: DefinitionError, file: string, inTerms: (message: string) => string): DefinitionProblem[] {
  if (error.issues) {
    // As many as the program's message lists: a hostile file must not make megabytes of annotations.
    const listed = error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue): DefinitionProblem => ({
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

/** The lines that report `problems` of `file`, under its name. */
export function problemLines(problems: readonly DefinitionProblem[], file: string): string[] {
  return problems
    .filter((p) => p.file === file)
    .flatMap((p) => (p.property === null ? p.message : `${p.property}: ${p.message}`).split("\n").map((l) => `    ${l}`));
}

/**
 * Every problem of a folder report, as the program stops with it: each invalid file (or the folder) marked ✗ with
 * its problems, as `validate` lists them; empty when there is none.
 */
export function formatFolderProblems(report: FolderReport): string {
  const lines: string[] = [];
  for (const f of report.files.filter((file) => !file.valid)) lines.push(`✗ ${f.file}`, ...problemLines(report.problems, f.file));
  for (const folder of [...new Set(report.folderProblems.map((p) => p.file))]) {
    lines.push(`✗ ${folder}/`, ...problemLines(report.folderProblems, folder));
  }
  return lines.join("\n");
}
