/**
 * Reads the non-secret settings of a Pulumi stack from its config file (`Pulumi.<stack>.yaml`, beside the
 * project's `Pulumi.yaml` or in its `stackConfigDir`), without the Pulumi CLI. Secrets in that file are
 * encrypted by Pulumi and cannot be read here; values may also come from Pulumi ESC environments, which only
 * Pulumi resolves. Both cases are reported as such so the caller can say where else to put the value.
 */
import * as fs from "fs";
import * as path from "path";
import { FileError, readDataFile } from "../files";
import { failure } from "./exit";

export interface StackFile {
  /** The stack name as given (`dev`, or `acme/scalekit-providers/dev`). */
  stack: string;
  /** Absolute path of the file read. */
  file: string;
  /** Its `config:` mapping, keys namespaced as written (`scalekit:environmentUrl`). */
  config: Record<string, unknown>;
  /** It imports Pulumi ESC environments (`environment:`): some values may only exist there. */
  importsEnvironments: boolean;
}

/** One config value of a stack file, as far as this tool can read it. */
export type StackValue =
  | { kind: "plain"; value: string }
  /** Stored with `pulumi config set --secret`: encrypted, readable by Pulumi only. */
  | { kind: "secret" }
  | { kind: "absent" }
  /** Present but not a string (an object or a list). */
  | { kind: "unusable" };

const PROJECT_FILES = ["Pulumi.yaml", "Pulumi.yml"];

/**
 * Finds and reads the config file of `stack`, looking for the Pulumi project in `cwd` and its parents.
 * @throws ExitError (exit 2) when there is no project, no such stack file, or the file cannot be read (a
 *   link, a special file, too large, not UTF-8) or is not valid YAML; the message lists the stack files that
 *   do exist, and never quotes the file beyond a short excerpt of an offending line.
 */
export function readStackFile(stack: string, cwd: string): StackFile {
  const name = stack.split("/").pop() ?? stack;
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) throw failure(`"${stack}" is not a Pulumi stack name`);
  const project = findProject(cwd);
  if (!project) {
    throw failure(
      `--stack ${stack}: no Pulumi project (Pulumi.yaml) in ${cwd} or any folder above it. ` +
        "Run the command from your Pulumi project, or give the environment with --environment-url and --client-id.",
    );
  }
  const configDir = stackConfigDir(project);
  const candidates = [`Pulumi.${name}.yaml`, `Pulumi.${name}.yml`].map((f) => path.join(configDir, f));
  const file = candidates.find(present);
  if (!file) {
    let names: string[];
    try {
      names = fs.readdirSync(configDir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? "unreadable";
      throw failure(
        `--stack ${stack}: the folder of stack config files, ${configDir}, cannot be read (${code}). ` +
          (configDir === project.dir
            ? "Give"
            : `It is the stackConfigDir set in ${project.file}: create that folder or correct stackConfigDir (relative to the project), or give`) +
          " the environment with --environment-url and --client-id instead.",
      );
    }
    const known = names.map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined);
    const hint = known.length > 0 ? `stacks with a config file there: ${known.join(", ")}` : "no stack config files there";
    throw failure(`--stack ${stack}: ${path.join(configDir, `Pulumi.${name}.yaml`)} does not exist (${hint}).`);
  }
  const doc = readYaml(file, "a stack config file");
  const record = isRecord(doc) ? doc : {};
  return {
    stack,
    file,
    config: isRecord(record.config) ? record.config : {},
    importsEnvironments: record.environment !== undefined && record.environment !== null,
  };
}

/** The value of `key` (e.g. `scalekit:clientId`) in the stack file. */
export function stackValue(stackFile: StackFile, key: string): StackValue {
  const value = stackFile.config[key];
  if (value === undefined || value === null || value === "") return { kind: "absent" };
  if (typeof value === "string") return { kind: "plain", value };
  if (typeof value === "number" || typeof value === "boolean") return { kind: "plain", value: String(value) };
  if (isRecord(value) && typeof value.secure === "string") return { kind: "secret" };
  return { kind: "unusable" };
}

/** The folder holding Pulumi.yaml, from `dir` upwards. */
function findProject(dir: string): { dir: string; file: string } | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const file = PROJECT_FILES.map((f) => path.join(current, f)).find(present);
    if (file) return { dir: current, file };
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Where stack files live: Pulumi.yaml's `stackConfigDir`, relative to the project, or the project itself. */
function stackConfigDir(project: { dir: string; file: string }): string {
  const doc = readYaml(project.file, "a Pulumi project file");
  const configured = isRecord(doc) && typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : undefined;
  return configured ? path.resolve(project.dir, configured) : project.dir;
}

/** Whether `file` exists, as itself: a link is found (and then refused by name), even one that leads nowhere. */
function present(file: string): boolean {
  return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
}

/** @throws ExitError (exit 2) with the reader's message: the file named, never its content */
function readYaml(file: string, what: string): unknown {
  try {
    return readDataFile(file, { format: "yaml", what });
  } catch (err) {
    if (err instanceof FileError) throw failure(err.message);
    throw err;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
