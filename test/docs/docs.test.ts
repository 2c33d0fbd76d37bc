/**
 * The README and docs/*.md stay true to the repository: the table of contents is the headings, every relative link
 * reaches a file (and a heading), and every command shown names an npm script or a `scalekit-providers` command
 * and flags that exist. (Outputs shown: outputs.test.ts.)
 */
import * as fs from "fs";
import * as path from "path";
import { filesUnder } from "../helpers/folder-files";
import { cliProblem, commandProblem, shellLines, simpleCommands } from "./commands";
import { DOC_FILES, inlineCode, linkTargets, readDoc, REPO_ROOT, shellWords, type Doc } from "./markdown";

const DOCS: Doc[] = DOC_FILES.map(readDoc);
const README = DOCS.find((d) => d.file === "README.md")!;
/**
 * The sections whose shell blocks run in a user's own project, with that language's tools and the user's own
 * `pulumi`, rather than in this repository (where `pulumi` is `npm run pulumi --`).
 */
const USER_PROJECT_SECTIONS = ["Every Pulumi language: the `scalekit` plugin"];
const USER_PROJECT_TOOLS = ["pulumi", "python3", "source", "pip", "go", "export"];

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
  const copies = DOCS.flatMap((d) => d.fences.filter((f) => f.file !== undefined).map((f) => ({ doc: d.file, fence: f, file: f.file! })));

  test.each(copies.map((c) => [`${c.doc}:${c.fence.line}`, c] as const))("%s shows its file exactly as it is", (_at, { fence, file }) => {
    expect(`${fence.lines.join("\n")}\n`).toBe(fs.readFileSync(path.join(REPO_ROOT, file), "utf8"));
  });

  test("every file of examples/ is shown in the README (but what Go writes: go.mod, go.sum), and each example's folder is run by a test", () => {
    const examples = path.join(REPO_ROOT, "examples");
    const files = filesUnder(examples)
      .map((f) => `examples/${f}`)
      .filter((f) => !/\/go\.(mod|sum)$/.test(f));
    const shown = copies.filter((c) => c.doc === "README.md").map((c) => c.file);
    expect(files.filter((f) => !shown.includes(f))).toEqual([]);
    const tests = filesUnder(TESTS)
      .filter((f) => f.endsWith(".ts"))
      .map((f) => fs.readFileSync(path.join(TESTS, f), "utf8"));
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
