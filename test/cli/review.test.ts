/**
 * `scalekit-providers review`: previews named by stack from files and stdin, the exit code of attention, and
 * the untrusted JSON refused with an error naming the file and what is wrong (exit 2), never a stack trace.
 */
import * as fs from "fs";
import * as path from "path";
import { runCli } from "../../src/cli/router";
import { EXIT } from "../../src/cli/exit";
import { FILE_MAX_BYTES } from "../../src/files";
import { PREVIEW_MAX_BYTES } from "../../src/review";
import { FAKE_SECRET, hasRawControl, TERMINAL_ATTACK } from "../helpers/hostile";
import { changeStep, createStep, deleteStep, inputs, previewJson } from "../review/previews";
import { captureIo, tempDir } from "./helpers";

const CREATE = previewJson([createStep("bearer", inputs("bearer-token"))]);
const DELETE = previewJson([deleteStep("bearer", inputs("bearer-token"))]);

function folder(files: Record<string, unknown>): string {
  const cwd = tempDir("scalekit-review-");
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(cwd, name), typeof content === "string" || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  }
  return cwd;
}

async function review(cwd: string, args: string[], stdin?: string) {
  const cap = captureIo({ cwd, ...(stdin !== undefined ? { stdin } : {}) });
  const code = await runCli(["review", ...args], cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

test("stacks are named STACK=FILE, by the file's name, or STACK=- for stdin; summaries come in the order given", async () => {
  const cwd = folder({ "a.json": CREATE, "staging.json": CREATE });
  const run = await review(cwd, ["dev=a.json", "staging.json", "prod=-"], JSON.stringify(DELETE));
  expect(run.stderr).toBe("");
  expect(run.stdout.split("\n")[0]).toBe("<!-- scalekit-providers-review: dev, staging, prod -->");
  expect(run.stdout).toMatch(
    /- \*\*Stack `dev`\*\*: 1 to create\. .*\n- \*\*Stack `staging`\*\*: 1 to create\. .*\n- \*\*Stack `prod`\*\*: 1 to delete\./,
  );
});

test("exit code 0 when nothing needs attention, 1 (distinct from the error's 2) when a replacement or a delete does", async () => {
  const replace = previewJson([
    changeStep(
      "replace",
      "b",
      inputs("bearer-token"),
      inputs("bearer-token", (p) => (p.auth_patterns[0].type = "API_KEY")),
    ),
  ]);
  const cwd = folder({ "create.json": CREATE, "delete.json": DELETE, "replace.json": replace });
  expect((await review(cwd, ["dev=create.json"])).code).toBe(EXIT.OK);
  expect((await review(cwd, ["dev=delete.json"])).code).toBe(EXIT.ATTENTION);
  expect((await review(cwd, ["dev=replace.json"])).code).toBe(EXIT.ATTENTION);
  expect((await review(cwd, ["dev=create.json", "prod=delete.json"])).code).toBe(EXIT.ATTENTION);
  expect(EXIT.ATTENTION).not.toBe(EXIT.ERROR);
});

test("--max-characters cuts the review under it; 0 keeps everything; anything but a whole number is refused", async () => {
  const many = previewJson(
    Array.from({ length: 50 }, (_, i) =>
      createStep(
        `p${i}`,
        inputs("asana-oauth", (p) => (p.display_name = `P ${i}`)),
      ),
    ),
  );
  const cwd = folder({ "many.json": many });
  const cut = await review(cwd, ["dev=many.json", "--max-characters", "3000"]);
  expect(cut.stdout.length).toBeLessThanOrEqual(3000);
  expect(cut.stdout).toContain("Cut here");
  const whole = await review(cwd, ["dev=many.json", "--max-characters", "0"]);
  expect(whole.stdout.match(/^- \*\*create\*\*/gm)).toHaveLength(50);
  const refused = await review(cwd, ["dev=many.json", "--max-characters", "-5"]);
  expect(refused.code).toBe(EXIT.ERROR);
  expect(refused.stderr).toContain("must be a whole number of characters (0 for no limit)");
});

test("--json gives the review as data, never cut, with the same exit code and no secret", async () => {
  const news = inputs("asana-oauth", (p) => (p.auth_patterns[0].oauth_config.available_scopes = [{ scope: "profile" }]));
  const json = previewJson(
    [changeStep("update", "asana", inputs("asana-oauth"), news), deleteStep("bearer", inputs("bearer-token"))],
    [{ message: `warning: leaked ${FAKE_SECRET}`, severity: "warning" }],
    { "scalekit:clientSecret": FAKE_SECRET },
  );
  const run = await review(folder({ "p.json": json }), ["dev=p.json", "--json", "--max-characters", "100"]);
  expect(run.code).toBe(EXIT.ATTENTION);
  expect(run.stdout).not.toContain(FAKE_SECRET);
  const data = JSON.parse(run.stdout) as {
    attention: boolean;
    stacks: { stack: string; counts: Record<string, number>; providers: any[]; warnings: any[] }[];
  };
  expect(data.attention).toBe(true);
  expect(data.stacks.map((s) => [s.stack, s.counts.update, s.counts.delete])).toEqual([["dev", 1, 1]]);
  const [asana, bearer] = data.stacks[0].providers;
  expect(asana).toMatchObject({
    name: "asana",
    operation: "update",
    attention: false,
    changes: { scopes: { added: [], removed: ["email"] } },
  });
  expect(bearer).toMatchObject({ name: "bearer", operation: "delete", attention: true, identifier: "BEARER:17919" });
  expect(data.stacks[0].warnings).toEqual([{ severity: "warning", kind: null, message: "leaked [REDACTED]" }]);
});

test("a preview larger than a definition file may be (1 MiB) is read: a preview holds each provider's state and code", async () => {
  const big = previewJson(
    Array.from({ length: 400 }, (_, i) => createStep(`p${i}`, { ...inputs("bearer-token"), __provider: "x".repeat(5000) })),
  );
  const text = JSON.stringify(big);
  expect(text.length).toBeGreaterThan(FILE_MAX_BYTES);
  const run = await review(folder({ "p.json": text }), ["dev=p.json"]);
  expect(run.stderr).toBe("");
  expect(run.stdout).toContain("- **Stack `dev`**: 400 to create.");
});

describe("what cannot be reviewed is an error naming the file and what is wrong (exit 2)", () => {
  const cases: [string, Record<string, unknown>, string[], RegExp][] = [
    ["a file that does not exist", {}, ["dev=missing.json"], /^error: missing\.json cannot be read: ENOENT/],
    ["a file that is not JSON", { "p.json": "{ nope" }, ["dev=p.json"], /^error: p\.json is not valid JSON at line 1, column 3/],
    [
      "JSON nested too deeply",
      { "p.json": "[".repeat(200) + "]".repeat(200) },
      ["dev=p.json"],
      /^error: p\.json is not valid JSON .*nests too deeply/,
    ],
    [
      "JSON of the wrong shape",
      { "p.json": { steps: [{ op: 1, urn: "u" }], diagnostics: "x" } },
      ["dev=p.json"],
      /^error: p\.json \(stack dev\) is not the JSON of `pulumi preview --json`: steps\[0\]\.op: .*expected string.*; diagnostics: .*expected array/,
    ],
    [
      "JSON that is not an object",
      { "p.json": "[1, 2]" },
      ["dev=p.json"],
      /^error: p\.json \(stack dev\) is not the JSON of `pulumi preview --json`: \(the whole file\)/,
    ],
    ["a stack given twice", { "p.json": CREATE }, ["dev=p.json", "dev=p.json"], /^error: stack dev is given twice/],
    ["stdin without a stack name", {}, ["-"], /^error: name the stack whose preview comes from stdin: `dev=-`/],
    [
      "a file whose name is no stack name",
      { "my preview.json": CREATE },
      ["my preview.json"],
      /^error: my preview\.json: name its stack, as in `dev=my preview\.json`/,
    ],
  ];
  test.each(cases)("%s", async (_what, files, args, message) => {
    const run = await review(folder(files), args);
    expect(run.code).toBe(EXIT.ERROR);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("a symbolic link is refused without being read", async () => {
    const cwd = folder({ "real.json": CREATE });
    fs.symlinkSync(path.join(cwd, "real.json"), path.join(cwd, "link.json"));
    const run = await review(cwd, ["dev=link.json"]);
    expect(run.code).toBe(EXIT.ERROR);
    expect(run.stderr).toMatch(/link\.json is a symbolic link, not a regular file/);
  });

  test("a file over the size bound is refused without being read (a sparse file of 64 MiB and one byte)", async () => {
    const cwd = folder({});
    const fd = fs.openSync(path.join(cwd, "big.json"), "w");
    fs.ftruncateSync(fd, PREVIEW_MAX_BYTES + 1);
    fs.closeSync(fd);
    const run = await review(cwd, ["dev=big.json"]);
    expect(run.code).toBe(EXIT.ERROR);
    expect(run.stderr).toMatch(/^error: big\.json is larger than 64 MiB, the most the JSON of a preview may hold/);
  });

  test("a file name with escape sequences is shown inert", async () => {
    const run = await review(folder({}), [`dev=${TERMINAL_ATTACK}.json`]);
    expect(run.code).toBe(EXIT.ERROR);
    expect(hasRawControl(run.stderr.replace(/\n/g, ""))).toBe(false);
  });
});
