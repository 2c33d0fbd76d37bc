/**
 * Reads the non-secret settings of a Pulumi stack from its config file (`Pulumi.<stack>.yaml`, beside the
 * project's `Pulumi.yaml` or in its `stackConfigDir`), without the Pulumi CLI. Secrets in that file are
 * encrypted by Pulumi and cannot be read here; values may also come from Pulumi ESC environments, which only
 * Pulumi resolves. Both cases are reported as such so the caller can say where else to put the value.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
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
 * @throws ExitError (exit 2) when there is no project, no such stack file, or the file is not valid YAML;
 *   the message lists the stack files that do exist.
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
  const file = candidates.find((f) => fs.existsSync(f));
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
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw failure(`cannot read ${file}: ${(err as Error).message}`);
  }
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
    const file = PROJECT_FILES.map((f) => path.join(current, f)).find((f) => fs.existsSync(f));
    if (file) return { dir: current, file };
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Where stack files live: Pulumi.yaml's `stackConfigDir`, relative to the project, or the project itself. */
function stackConfigDir(project: { dir: string; file: string }): string {
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(project.file, "utf8"));
  } catch (err) {
    throw failure(`cannot read ${project.file}: ${(err as Error).message}`);
  }
  const configured = isRecord(doc) && typeof doc.stackConfigDir === "string" ? doc.stackConfigDir : undefined;
  return configured ? path.resolve(project.dir, configured) : project.dir;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
