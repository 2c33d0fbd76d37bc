/**
 * The layout issue 13 asks for, kept true: parts (the folders of src/) import one another only through their
 * index.ts, the emulator is a library without command-line code, and one place ends the process.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "../src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

/** The part a file belongs to (its first folder under src/), or "" for src/index.ts. */
function partOf(file: string): string {
  const [first, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length === 0 ? "" : first;
}

/** Every module a file imports or re-exports, as written. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

const FILES = sourceFiles(SRC);

/**
 * What one part may import of another besides its index.ts: the payload's generated plain types, which the
 * package's public declarations reach without reaching zod (test/package checks that), unlike the schema's index;
 * the resource's face for the native plugin, which the public declarations must not reach; and the plugin's package
 * facts (its resource token), which the CLI's `review` reads without loading the plugin's gRPC server and the
 * Pulumi SDK (the CLI loads without them: test/cli/main.e2e.test.ts).
 */
const SECOND_FACES = ["schema/payload-types", "resource/native", "plugin/package-schema"];

test("src/ has the parts the README lists; each library part has an index.ts, the CLI its executable", () => {
  const parts = [...new Set(FILES.map(partOf).filter((p) => p !== ""))].sort();
  expect(parts).toEqual(["cli", "client", "comparison", "emulator", "files", "plugin", "program", "resource", "review", "schema", "text"]);
  expect(parts.filter((part) => !fs.existsSync(path.join(SRC, part, "index.ts")))).toEqual(["cli"]);
  expect(fs.existsSync(path.join(SRC, "cli", "main.ts"))).toBe(true);
});

test("a part imports another part only through its index.ts", () => {
  const deep: string[] = [];
  for (const file of FILES.filter((f) => partOf(f) !== "")) {
    for (const spec of importsOf(file).filter((s) => s.startsWith("."))) {
      const target = path.resolve(path.dirname(file), spec);
      const relative = path.relative(SRC, target).split(path.sep);
      if (relative[0] === ".." || relative[0] === partOf(file) || SECOND_FACES.includes(relative.join("/"))) continue;
      if (relative.length > 1) deep.push(`${path.relative(SRC, file)} imports ${spec}`);
    }
  }
  expect(deep).toEqual([]);
});

test("the emulator is a library: no command-line parser, nothing of the CLI, no exit", () => {
  for (const file of FILES.filter((f) => partOf(f) === "emulator")) {
    const imports = importsOf(file);
    expect(imports.filter((s) => s === "commander" || /(^|\/)cli(\/|$)/.test(s))).toEqual([]);
    expect(fs.readFileSync(file, "utf8")).not.toMatch(/process\.(exit|argv|on\()/);
  }
});

test("only the entry point of each executable ends its process: src/cli/main.ts and src/plugin/main.ts", () => {
  const exiting = FILES.filter((f) => /process\.exit(Code)?\b/.test(fs.readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "")));
  expect(exiting.map((f) => path.relative(SRC, f)).sort()).toEqual([path.join("cli", "main.ts"), path.join("plugin", "main.ts")]);
});
