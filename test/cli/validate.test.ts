/** `scalekit-providers validate`: the program's checks and messages, the folder rules, exit codes and --json. */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../src/cli/router";
import { DefinitionError, loadDefinition, loadDefinitions } from "../../src/program/definitions";
import { MAX_REPORTED_ISSUES } from "../../src/schema/issues";
import { ALIAS_BOMB } from "../helpers/hostile";
import { ANSI, captureIo, copy, examples, REPO_ROOT, tempDir } from "./helpers";

/** A project folder whose definitions/ holds `files` (name → payload object, or raw text). */
function project(files: Record<string, unknown>): string {
  const cwd = tempDir();
  fs.mkdirSync(path.join(cwd, "definitions"));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(cwd, "definitions", name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return cwd;
}

async function validate(cwd: string, ...args: string[]) {
  const cap = captureIo({ cwd });
  const code = await runCli(["validate", ...args], cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

function broken() {
  const payload = copy(examples()["asana-oauth"]);
  payload.proxyEnable = true;
  payload.auth_patterns[0].oauth_config.token_uri = "http://app.asana.com/-/oauth_token";
  return payload;
}

test("the shipped definitions folder is valid: exit 0, one ✓ line per file, plain in a pipe", async () => {
  const run = await validate(REPO_ROOT);
  expect(run.code).toBe(0);
  const files = fs.readdirSync(path.join(REPO_ROOT, "definitions")).sort();
  for (const file of files) expect(run.stdout).toMatch(new RegExp(`^✓ definitions/${file.replace(".", "\\.")} +\\S`, "m"));
  expect(run.stdout).toMatch(new RegExp(`^${files.length} files checked: ${files.length} valid, 0 invalid\\.$`, "m"));
  expect(run.stdout).not.toMatch(ANSI);
});

test("an invalid file: exit 1, ✗ and exactly the problems the program reports, in its words", async () => {
  const cwd = project({ "my-asana.json": broken(), "bearer.yaml": "display_name: My Bearer\n" });
  const run = await validate(cwd);
  expect(run.code).toBe(1);
  let programMessage = "";
  try {
    loadDefinition(path.join(cwd, "definitions", "my-asana.json"));
  } catch (err) {
    programMessage = (err as DefinitionError).message;
  }
  const programLines = programMessage.split("\n").slice(1);
  expect(programLines).toEqual([
    "  proxyEnable: unknown property; did you mean `proxy_enabled`?",
    "  auth_patterns[0].oauth_config.token_uri: must start with https://: replace http:// with https://",
  ]);
  const block = run.stdout.split("\n");
  const at = block.indexOf("✗ definitions/my-asana.json");
  expect(at).toBeGreaterThanOrEqual(0);
  expect(block.slice(at + 1, at + 1 + programLines.length)).toEqual(programLines.map((l) => `  ${l}`));
  expect(run.stdout).toMatch(/^✗ definitions\/bearer\.yaml\n {4}auth_patterns: is required: add exactly one auth pattern$/m);
  expect(run.stdout).toMatch(/^2 files checked: 0 valid, 2 invalid; \d+ problems\.$/m);
});

test("--json: {valid, files, problems[{file, property, message, fix}], counts}, for CI annotations", async () => {
  const cwd = project({ "my-asana.json": broken(), "bearer-token.json": examples()["bearer-token"] });
  const run = await validate(cwd, "--json");
  expect(run.code).toBe(1);
  const result = JSON.parse(run.stdout);
  expect(Object.keys(result)).toEqual(["valid", "files", "problems", "counts"]);
  expect(result.valid).toBe(false);
  expect(result.files).toEqual([
    { file: "definitions/bearer-token.json", displayName: "My Bearer Token Provider", valid: true },
    { file: "definitions/my-asana.json", displayName: null, valid: false },
  ]);
  expect(result.problems).toEqual([
    {
      file: "definitions/my-asana.json",
      property: "proxyEnable",
      message: "unknown property; did you mean `proxy_enabled`?",
      fix: "did you mean `proxy_enabled`?",
    },
    {
      file: "definitions/my-asana.json",
      property: "auth_patterns[0].oauth_config.token_uri",
      message: "must start with https://: replace http:// with https://",
      fix: "replace http:// with https://",
    },
  ]);
  expect(result.counts).toEqual({ files: 2, valid: 1, invalid: 1, problems: 2 });
});

describe("the folder rules, as the program applies them", () => {
  test("two files with one display name: the second is ✗ with the program's message", async () => {
    const cwd = project({ "a.json": examples()["bearer-token"], "b.json": examples()["bearer-token"] });
    const run = await validate(cwd, "--json");
    expect(run.code).toBe(1);
    expect(() => loadDefinitions(path.join(cwd, "definitions"))).toThrow(
      /b\.json and a\.json both define display_name "My Bearer Token Provider"/,
    );
    const result = JSON.parse(run.stdout);
    expect(result.files.map((f: { valid: boolean }) => f.valid)).toEqual([true, false]);
    expect(result.problems).toEqual([
      {
        file: "definitions/b.json",
        property: null,
        message:
          'b.json and a.json both define display_name "My Bearer Token Provider": Scalekit allows one provider per display name; rename one',
        fix: "Scalekit allows one provider per display name; rename one",
      },
    ]);
  });

  test("two files with one logical name (a.json, a.yaml)", async () => {
    const cwd = project({ "a.json": examples()["bearer-token"], "a.yaml": JSON.stringify(examples()["freshdesk-basic"]) });
    const run = await validate(cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✗ definitions\/a\.yaml\n {4}a\.yaml and a\.json would both declare the provider "a": rename or remove one of them$/m,
    );
  });

  test("an empty folder is refused, as the program refuses it", async () => {
    const cwd = project({ "README.md": "not a definition" });
    const run = await validate(cwd);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^✗ definitions\/\n {4}no definition files \(\.json, \.yaml, \.yml\) in definitions: refusing to declare zero providers/m,
    );
    expect(run.stdout).toMatch(/^0 files checked: 0 valid, 0 invalid; 1 problem\.$/m);
  });
});

test("a file that does not parse: its message, with no separate fix", async () => {
  const cwd = project({ "bad.json": '{"display_name": ' });
  const result = JSON.parse((await validate(cwd, "--json")).stdout);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]).toMatchObject({ file: "definitions/bad.json", property: null, fix: null });
  expect(result.problems[0].message).toMatch(/^definitions\/bad\.json is not valid JSON at line 1, column \d+: /);
});

test("a YAML alias bomb (the parser throws a ReferenceError): that file is ✗ with a clear message, the others keep their results", async () => {
  const cwd = project({ "bomb.yaml": ALIAS_BOMB, "bearer.json": examples()["bearer-token"], "zz-broken.json": broken() });
  const started = Date.now();
  const run = await validate(cwd, "--json");
  expect(Date.now() - started).toBeLessThan(5000);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(1);
  const result = JSON.parse(run.stdout);
  expect(result.files).toEqual([
    { file: "definitions/bearer.json", displayName: "My Bearer Token Provider", valid: true },
    { file: "definitions/bomb.yaml", displayName: null, valid: false },
    { file: "definitions/zz-broken.json", displayName: null, valid: false },
  ]);
  expect(result.problems).toContainEqual({
    file: "definitions/bomb.yaml",
    property: null,
    message: expect.stringMatching(
      /^definitions\/bomb\.yaml is not valid YAML at line 2, column \d+: Excessive alias count .*: write the values out instead of using aliases/,
    ),
    fix: null,
  });
  expect(result.problems.filter((p: { file: string }) => p.file === "definitions/zz-broken.json")).toHaveLength(2);
});

test("a file named alone under a name the program refuses is refused the same way (one naming rule)", async () => {
  const cwd = project({ "constructor.json": examples()["bearer-token"] });
  const run = await validate(cwd, "definitions/constructor.json");
  expect(run.code).toBe(1);
  expect(run.stdout).toMatch(
    /^✗ definitions\/constructor\.json\n {4}constructor\.json: "constructor" is reserved in JavaScript and cannot name a provider's resource: rename the file$/m,
  );
});

test("files named on the command line are checked alone; folders as a whole", async () => {
  const cwd = project({ "a.json": examples()["bearer-token"], "b.json": examples()["bearer-token"], "c.yaml": broken() });
  const alone = await validate(cwd, "definitions/a.json");
  expect(alone.code).toBe(0);
  expect(alone.stdout).toMatch(/^✓ definitions\/a\.json +My Bearer Token Provider\n1 file checked: 1 valid, 0 invalid\.$/m);
  const both = await validate(cwd, "definitions/a.json", "definitions/c.yaml");
  expect(both.code).toBe(1);
  expect(both.stdout).toMatch(/^✗ definitions\/c\.yaml\n {4}proxyEnable: unknown property/m);
});

describe("usage errors exit 2", () => {
  test.each([
    [["nowhere"], /nowhere: no such file or folder/],
    [["notes.txt"], /notes\.txt is not a definition file: definition files end in \.json, \.yaml, \.yml/],
    [["--strict"], /unknown option '--strict'/],
  ])("validate %j", async (args, message) => {
    const cwd = project({ "a.json": examples()["bearer-token"] });
    fs.writeFileSync(path.join(cwd, "notes.txt"), "hello");
    const run = await validate(cwd, ...args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  test("the default folder missing", async () => {
    const run = await validate(tempDir());
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/definitions: no such file or folder/);
  });
});

test("validate --help documents the paths, --json and the exit codes", async () => {
  const cap = captureIo();
  expect(await runCli(["validate", "--help"], cap.io)).toBe(0);
  expect(cap.stdout()).toMatch(/Usage: scalekit-providers validate \[options\] \[paths\.\.\.\]/);
  expect(cap.stdout()).toMatch(/Exit code 0 valid, 1 invalid, 2 error/);
  expect(cap.stdout()).toMatch(/paths +definition files and folders \(default: definitions\)[\s\S]*--json/);
});

test("a file with thousands of problems lists as many as the program does, then counts the rest", async () => {
  const payload = copy(examples()["bearer-token"]);
  payload.metadata = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`k${i}`, ""]));
  const cwd = project({ "many.json": payload });
  const result = JSON.parse((await validate(cwd, "--json")).stdout);
  expect(result.problems).toHaveLength(MAX_REPORTED_ISSUES + 1);
  expect(result.problems.at(-1)).toMatchObject({
    property: null,
    message: expect.stringMatching(/^… and \d+ more issues: fix these first, then validate again$/),
  });
});
