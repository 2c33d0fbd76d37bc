/**
 * Whether a command the docs or a workflow show exists: an npm script or npm command, or a `scalekit-providers`
 * command with flags it has (read from the CLI's router). Used by the docs tests and the workflow's test.
 */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/router";
import { captureIo } from "../cli/helpers";
import { REPO_ROOT, shellWords } from "./markdown";

const SCRIPTS = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: object }).scripts);
/** npm's own commands the docs use; every other npm word must be a script. */
const NPM_COMMANDS = ["ci", "install", "pack", "publish"];
const PROGRAM: Command = buildProgram({ io: captureIo().io, secrets: new Set() });

/** Why a `scalekit-providers …` invocation (the words after the program name) names no existing command or flag. */
export function cliProblem(words: string[]): string | undefined {
  const named = words.filter((w) => !/^[<…[$]/.test(w));
  const commandName = named.find((w) => !w.startsWith("-"));
  if (commandName === undefined) return undefined;
  const command = PROGRAM.commands.find((c) => c.name() === commandName);
  if (!command) return `no command "${commandName}"`;
  const flags = new Set([...command.options.map((o) => o.long), "--help"]);
  const unknown = named.filter((w) => w.startsWith("--") && !flags.has(w.split("=")[0]));
  return unknown.length > 0 ? `${commandName} has no ${unknown.join(", ")}` : undefined;
}

/**
 * Why one shell command (no pipes, no `&&`) names neither an npm script nor a `scalekit-providers` command, nor
 * one of `tools` (another toolchain's programs, where the docs show a user's own project).
 */
export function commandProblem(command: string, tools: readonly string[] = []): string | undefined {
  const all = shellWords(command);
  const words = all.slice(all.findIndex((w) => !/^[A-Z_]+=/.test(w)));
  const [program, ...args] = words;
  const rest = args.filter((w) => !w.startsWith("-"));
  if (tools.includes(program)) return undefined;
  if (program === "npx")
    return rest[0] === "scalekit-providers" ? cliProblem(args.slice(args.indexOf("scalekit-providers") + 1)) : `npx ${rest[0]}`;
  if (program !== "npm") return `"${program}" is neither npm nor npx scalekit-providers`;
  if (rest[0] === "run") return SCRIPTS.includes(rest[1]) ? undefined : `no npm script "${rest[1]}"`;
  return SCRIPTS.includes(rest[0]) || NPM_COMMANDS.includes(rest[0])
    ? undefined
    : `npm ${rest[0]} is neither a script nor used npm command`;
}

/** The simple commands of a shell line: split at pipes, `&&`, `||` and `;`, with `$(…)` taken as commands too. */
export function simpleCommands(line: string): string[] {
  const substituted = [...line.matchAll(/\$\(([^)]*)\)/g)].map((m) => m[1]);
  const outer = line.replace(/"?\$\([^)]*\)"?/g, "x");
  return [outer, ...substituted]
    .flatMap((part) => part.split(/\|\||&&|\||;/))
    .map((c) => c.trim())
    .filter(Boolean);
}

/** The command lines of a shell block: comments dropped, continuations joined. */
export function shellLines(lines: string[]): string[] {
  return lines
    .join("\n")
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}
