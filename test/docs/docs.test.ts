/**
 * The README and docs/*.md stay true to the repository: the table of contents is the headings, every relative link
 * reaches a file (and a heading), and every command shown names an npm script or a `scalekit-providers` command
 * and flags that exist. (Outputs shown: outputs.test.ts.)
 */
import * as fs from "fs";
import * as path from "path";
import type { Command } from "commander";
import { buildProgram } from "../../src/cli/router";
import { captureIo } from "../cli/helpers";
import { DOC_FILES, inlineCode, linkTargets, readDoc, REPO_ROOT, shellWords, type Doc } from "./markdown";

const DOCS: Doc[] = DOC_FILES.map(readDoc);
const README = DOCS.find((d) => d.file === "README.md")!;
const SCRIPTS = Object.keys((JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: object }).scripts);
/** npm's own commands the docs use; every other npm word must be a script. */
const NPM_COMMANDS = ["ci", "install", "pack", "publish"];
const PROGRAM: Command = buildProgram({ io: captureIo().io, secrets: new Set() });

/** Why a `scalekit-providers …` invocation (the words after the program name) names no existing command or flag. */
function cliProblem(words: string[]): string | undefined {
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
 * The sections whose shell blocks run in a user's own project, with that language's tools and the user's own
 * `pulumi`, rather than in this repository (where `pulumi` is `npm run pulumi --`).
 */
const USER_PROJECT_SECTIONS = ["Every Pulumi language: the `scalekit` plugin"];
const USER_PROJECT_TOOLS = ["pulumi", "python3", "source", "pip", "go", "export"];

/** Why one shell command (no pipes, no `&&`) names neither an npm script nor a `scalekit-providers` command. */
function commandProblem(command: string, tools: readonly string[] = []): string | undefined {
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
function simpleCommands(line: string): string[] {
  const substituted = [...line.matchAll(/\$\(([^)]*)\)/g)].map((m) => m[1]);
  const outer = line.replace(/"?\$\([^)]*\)"?/g, "x");
  return [outer, ...substituted]
    .flatMap((part) => part.split(/\|\||&&|\||;/))
    .map((c) => c.trim())
    .filter(Boolean);
}

/** The command lines of a shell block: comments dropped, continuations joined. */
function shellLines(lines: string[]): string[] {
  return lines
    .join("\n")
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

describe("README table of contents", () => {
  test("lists every second- and third-level heading, in order, each linking to its anchor", () => {
    const start = README.prose.indexOf("## Contents\n");
    expect(start).toBeGreaterThan(-1);
    const section = README.prose.slice(start + "## Contents\n".length).split(/\n#/)[0];
    const entries = [...section.matchAll(/^( *)- \[(.+)\]\(#([^)]+)\)$/gm)].map((m) => ({
      level: m[1].length / 2 + 2,
      text: m[2],
      anchor: m[3],
    }));
    const headings = README.headings.filter((h) => (h.level === 2 || h.level === 3) && h.text !== "Contents");
    expect(entries).toEqual(headings);
  });

  test("comes right after the quick start, on the first screen", () => {
    const levelTwo = README.headings.filter((h) => h.level === 2).map((h) => h.text);
    expect(levelTwo.slice(0, 2)).toEqual(["Quick start", "Contents"]);
    expect(README.prose.split("\n").findIndex((l) => l === "## Contents")).toBeLessThan(40);
  });
});

describe.each(DOCS.map((d) => [d.file, d] as const))("%s", (_file, doc) => {
  test("every relative link reaches a file of the repository, and a heading of it when it names one", () => {
    const broken: string[] = [];
    for (const target of linkTargets(doc.prose).filter((t) => !/^[a-z]+:/.test(t))) {
      const [file, anchor] = target.split("#");
      const resolved = file === "" ? path.join(REPO_ROOT, doc.file) : path.resolve(REPO_ROOT, path.dirname(doc.file), file);
      if (path.relative(REPO_ROOT, resolved).startsWith("..") || !fs.existsSync(resolved)) broken.push(`${target}: no such file`);
      else if (anchor !== undefined && resolved.endsWith(".md")) {
        const anchors = readDoc(path.relative(REPO_ROOT, resolved)).headings.map((h) => h.anchor);
        if (!anchors.includes(anchor)) broken.push(`${target}: no such heading`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("every command of a shell block names an npm script, an npm command, or a scalekit-providers command and its flags", () => {
    const problems = doc.fences
      .filter((f) => ["sh", "bash", "shell"].includes(f.lang))
      .flatMap((f) => shellLines(f.lines).flatMap((line) => simpleCommands(line).map((command) => ({ command, section: f.section }))))
      .flatMap(({ command, section }) => {
        const problem = commandProblem(command, USER_PROJECT_SECTIONS.includes(section) ? USER_PROJECT_TOOLS : []);
        return problem ? [`${command}: ${problem}`] : [];
      });
    expect(problems).toEqual([]);
  });

  test("every scalekit-providers invocation elsewhere (YAML, outputs, inline code) names a command and flags it has", () => {
    const places = [
      ...doc.fences.filter((f) => f.lang === "" || f.lang.startsWith("y")).flatMap((f) => f.lines),
      ...inlineCode(doc.prose).filter((c) => /^(npx )?scalekit-providers /.test(c)),
    ];
    const problems = places.flatMap((text) =>
      [...text.matchAll(/(?:^|[\s:])scalekit-providers[ \t]+([^\n`|&;>)]*)/g)].flatMap((m) => {
        const problem = cliProblem(shellWords(m[1]));
        return problem ? [`${m[0].trim()}: ${problem}`] : [];
      }),
    );
    expect(problems).toEqual([]);
  });

  test("every npm command of inline code names a script or an npm command", () => {
    const problems = inlineCode(doc.prose)
      .filter((c) => c.startsWith("npm "))
      .flatMap((c) => {
        const problem = commandProblem(c);
        return problem ? [`${c}: ${problem}`] : [];
      });
    expect(problems).toEqual([]);
  });
});

describe("the quick starts of examples/", () => {
  const TESTS = path.join(REPO_ROOT, "test");
  const testFiles = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? testFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const copies = DOCS.flatMap((d) => d.fences.filter((f) => f.file !== undefined).map((f) => ({ doc: d.file, fence: f, file: f.file! })));

  test.each(copies.map((c) => [`${c.doc}:${c.fence.line}`, c] as const))("%s shows its file exactly as it is", (_at, { fence, file }) => {
    expect(`${fence.lines.join("\n")}\n`).toBe(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
  });

  test("every file of examples/ is shown in the README (but what Go writes: go.mod, go.sum), and each example's folder is run by a test", () => {
    const examples = path.join(REPO_ROOT, "examples");
    const files = testFiles(examples)
      .map((f) => path.relative(REPO_ROOT, f).split(path.sep).join("/"))
      .filter((f) => !/\/go\.(mod|sum)$/.test(f));
    const shown = copies.filter((c) => c.doc === "README.md").map((c) => c.file);
    expect(files.filter((f) => !shown.includes(f))).toEqual([]);
    const tests = testFiles(TESTS)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => fs.readFileSync(f, "utf8"));
    const unrun = fs.readdirSync(examples).filter((name) => !tests.some((text) => text.includes(`"examples", "${name}"`)));
    expect(unrun).toEqual([]);
  });
});

describe("the checks above catch what they are for", () => {
  test("an unknown command, flag or npm script is named", () => {
    expect(commandProblem("npx scalekit-providers validate --json")).toBeUndefined();
    expect(commandProblem("npx scalekit-providers vaildate")).toBe('no command "vaildate"');
    expect(commandProblem("npx scalekit-providers export --stack dev --forse")).toBe("export has no --forse");
    expect(commandProblem("npm run --silent pulumi -- version")).toBeUndefined();
    expect(commandProblem("npm run pulumi-up")).toBe('no npm script "pulumi-up"');
    expect(commandProblem("pulumi up --stack dev")).toMatch(/neither npm nor npx/);
    expect(commandProblem("pulumi up --stack dev", USER_PROJECT_TOOLS)).toBeUndefined();
    expect(simpleCommands('export X="$(npm run --silent pulumi -- config get k)" && npx scalekit-providers validate')).toEqual([
      "export X=x",
      "npx scalekit-providers validate",
      "npm run --silent pulumi -- config get k",
    ]);
  });
});
