/**
 * The one reader of the user's files (src/files): regular files only, a size cap, UTF-8, and any failure of
 * a parser, whatever its class, as a FileError naming the file with a position and an inert excerpt, never a
 * library's code frame. Each caller's own tests replay the attacks through it (definitions in test/program
 * and test/cli, stack files in test/cli/stack-file.test.ts, the emulator's files in test/emulator).
 */
import * as fs from "fs";
import * as path from "path";
import { FILE_MAX_BYTES, FileError, readDataFile, readTextFile } from "../../src/files";
import { ALIAS_BOMB, FAKE_SECRET, folderWith, hasRawControl, SPECIAL_FILES, TERMINAL_ATTACK } from "../helpers/hostile";

function failureOf(run: () => unknown): FileError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(FileError);
    return err as FileError;
  }
  throw new Error("the file was accepted");
}

function yamlFile(text: string | Buffer, name = "x.yaml"): string {
  return path.join(folderWith({ [name]: text }), name);
}

const readYaml = (file: string) => readDataFile(file, { format: "yaml", what: "a test file" });
const readJson = (file: string) => readDataFile(file, { format: "json", what: "a test file" });

describe("only a regular file is read", () => {
  test.each(Object.keys(SPECIAL_FILES))("%s is refused by name, at once, without being read", async (kind) => {
    const dir = folderWith();
    const close = await SPECIAL_FILES[kind](dir, "x.yaml");
    try {
      const started = Date.now();
      const err = failureOf(() => readYaml(path.join(dir, "x.yaml")));
      expect(Date.now() - started).toBeLessThan(2000);
      expect(err.message).toMatch(
        /x\.yaml is (a symbolic link|a named pipe \(FIFO\)|a socket), not a regular file: .*replace it with the file itself/,
      );
      expect(err.message).not.toContain(FAKE_SECRET);
      expect(err.missing).toBe(false);
    } finally {
      close();
    }
  });

  test("a missing file is a FileError marked missing (a caller may take it as a fresh start)", () => {
    const err = failureOf(() => readTextFile(path.join(folderWith(), "none.json"), "a test file"));
    expect(err.missing).toBe(true);
    expect(err.message).toMatch(/none\.json cannot be read: ENOENT/);
  });
});

describe(`at most FILE_MAX_BYTES (${FILE_MAX_BYTES}) are read`, () => {
  test("one byte more is refused with the cap and the kind of file in the message", () => {
    const err = failureOf(() => readTextFile(yamlFile("x".repeat(FILE_MAX_BYTES + 1)), "a stack config file"));
    expect(err.message).toMatch(/x\.yaml is larger than 1 MiB, the most a stack config file may hold/);
    expect(err.message.length).toBeLessThan(500);
  });

  test("a file of exactly the cap is read", () => {
    expect(readTextFile(yamlFile("x".repeat(FILE_MAX_BYTES)), "a test file")).toHaveLength(FILE_MAX_BYTES);
  });
});

test("invalid UTF-8 is refused with its position; a byte order mark is dropped", () => {
  const bytes = Buffer.concat([Buffer.from("a: 1\nb: "), Buffer.from([0xff]), Buffer.from("\n")]);
  expect(failureOf(() => readYaml(yamlFile(bytes))).message).toMatch(/x\.yaml is not valid UTF-8 at line 2, column 4 \(byte 9\)/);
  expect(readYaml(yamlFile("\ufeffa: 1\n"))).toEqual({ a: 1 });
});

describe("a YAML error gives a position and an inert excerpt, never the package's code frame", () => {
  test("the offending line is shown cut and inert; the other lines, secrets included, are not", () => {
    const secrets = Array.from({ length: 4 }, (_, i) => `secret_${i}: ${FAKE_SECRET}${i}`).join("\n");
    const err = failureOf(() => readYaml(yamlFile(`${secrets}\nkey: value: ${TERMINAL_ATTACK}\n${secrets}\n`)));
    expect(err.message).toMatch(/^\S*x\.yaml is not valid YAML at line 5, column \d+: .*\n {2}line 5: key: value: /);
    expect(err.message).not.toContain(FAKE_SECRET);
    expect(err.message).not.toContain("^"); // the code frame's marker
    expect(hasRawControl(err.message)).toBe(false);
  });

  test("a warning (an unknown tag) is neither printed with its code frame nor fatal", () => {
    const emitted = jest.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    const warned = jest.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      expect(readYaml(yamlFile(`secret: ${FAKE_SECRET}\nname: !unknown value\n`))).toEqual({ secret: FAKE_SECRET, name: "value" });
      expect(emitted).not.toHaveBeenCalled();
      expect(warned).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
      warned.mockRestore();
    }
  });

  test("two documents in one file are refused", () => {
    expect(failureOf(() => readYaml(yamlFile("a: 1\n---\nb: 2\n"))).message).toMatch(
      /x\.yaml is not valid YAML at line 2, column 1: a second document starts here: a file holds one/,
    );
  });
});

describe("a parser's failure of another class is still this file's error", () => {
  test("a YAML alias bomb (the package throws a ReferenceError) is refused at once, naming the file and the first alias", () => {
    const started = Date.now();
    const err = failureOf(() => readYaml(yamlFile(ALIAS_BOMB, "bomb.yaml")));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(err.message).toMatch(
      /^\S*bomb\.yaml is not valid YAML at line 2, column \d+: Excessive alias count .*: write the values out instead of using aliases/,
    );
    expect(err.message).toMatch(/\n {2}line 2: b: &b \[\*a, \*a/);
  });

  test("an alias to an anchor that comes later (also a ReferenceError) is this file's error", () => {
    expect(failureOf(() => readYaml(yamlFile("a: *later\nb: &later 1\n"))).message).toMatch(/x\.yaml is not valid YAML/);
  });

  test.each([
    ["YAML flow collections", "x.yaml", `${"[".repeat(300_000)}${"]".repeat(300_000)}`],
    ["YAML block sequences", "x.yaml", `${"- ".repeat(400_000)}x`],
    ["JSON arrays", "x.json", `${"[".repeat(300_000)}${"]".repeat(300_000)}`],
  ])("%s nested hundreds of thousands of levels deep: refused quickly by position, one file after another", (_kind, name, text) => {
    const file = yamlFile(text, name);
    const format = name.endsWith(".json") ? "json" : "yaml";
    // Before the depth bound, the yaml package took seconds and hundreds of MB per such file, and a second
    // one ran the process out of memory.
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const err = failureOf(() => readDataFile(file, { format, what: "a test file" }));
      // Parsing such a file took seconds; refusing it takes milliseconds (5 s of margin for a loaded machine).
      expect(Date.now() - started).toBeLessThan(5000);
      expect(err.message).toMatch(
        new RegExp(
          `x\\.${format === "json" ? "json is not valid JSON" : "yaml is not valid YAML"} at line 1, column \\d+: it nests too deeply \\(more than 64 levels\\): flatten it`,
        ),
      );
    }
  });

  test("a real file nesting well within the bound is read", () => {
    const nested = (depth: number): unknown => (depth === 0 ? "leaf" : { level: nested(depth - 1) });
    const value = nested(20);
    expect(readJson(yamlFile(JSON.stringify(value), "x.json"))).toEqual(value);
    expect(readYaml(yamlFile(JSON.stringify(value, null, 2)))).toEqual(value);
  });
});

test("strict JSON: duplicate keys and comments are refused by position", () => {
  expect(failureOf(() => readJson(yamlFile('{"a": 1,\n "a": 2}', "x.json"))).message).toMatch(
    /x\.json is not valid JSON at line 2, column 2: duplicate key "a": keep one of them/,
  );
  expect(failureOf(() => readJson(yamlFile('{"a": 1 // no\n}', "x.json"))).message).toMatch(
    /x\.json is not valid JSON at line 1, column 9/,
  );
});

test("the file's name is shown inert", () => {
  const name = `evil${TERMINAL_ATTACK.replace(/\u0000/g, "")}.json`;
  const dir = folderWith({ [name]: "{ nope" });
  const err = failureOf(() => readJson(path.join(dir, name)));
  expect(hasRawControl(err.message)).toBe(false);
  expect(fs.existsSync(path.join(dir, name))).toBe(true);
});
