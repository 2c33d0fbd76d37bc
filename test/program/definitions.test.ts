import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DefinitionError, loadDefinitions, nameProblem } from "../../src/program/definitions";
import { examples } from "../helpers/examples";
import { folderWith, validDefinition } from "../helpers/hostile";
import { RESERVED_KEYS } from "../../src/schema";

function folder(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "definitions-"));
  for (const [name, text] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const bearer = JSON.stringify(examples()["bearer-token"]);

describe("loadDefinitions", () => {
  test("reads JSON and YAML files in file-name order, named after the file", () => {
    const dir = folder({
      "b.json": bearer,
      "a.yml": "display_name: A\nauth_patterns: [{type: NO_AUTH, is_mcp: true}]\nproxy_url: https://a.example.com\nproxy_enabled: true\n",
      "notes.txt": "ignored",
    });
    expect(loadDefinitions(dir).map((d) => [d.name, d.file])).toEqual([
      ["a", "a.yml"],
      ["b", "b.json"],
    ]);
  });

  test("an empty folder is refused, so that `pulumi up` cannot delete every provider by accident", () => {
    const dir = folder({ "README.md": "# nothing here" });
    expect(() => loadDefinitions(dir)).toThrow(DefinitionError);
    expect(() => loadDefinitions(dir)).toThrow(/refusing to declare zero providers[\s\S]*pulumi destroy/);
  });

  test("a missing folder names scalekit:definitionsDir", () => {
    expect(() => loadDefinitions(path.join(os.tmpdir(), "no-such-definitions-folder"))).toThrow(/scalekit:definitionsDir/);
  });

  test("two files with the same display name are refused before anything is declared", () => {
    const dir = folder({ "one.json": bearer, "two.json": bearer });
    expect(() => loadDefinitions(dir)).toThrow(/two\.json and one\.json both define display_name "My Bearer Token Provider"/);
  });

  test("two files with the same logical name are refused", () => {
    const dir = folder({ "same.json": bearer, "same.yaml": "display_name: Other\n" });
    expect(() => loadDefinitions(dir)).toThrow(/would both declare the provider "same"/);
  });

  test("unparsable files name the file and the format", () => {
    const dir = folder({ "broken.json": "{ not json" });
    expect(() => loadDefinitions(dir)).toThrow(/broken\.json is not valid JSON/);
  });
});

describe("one naming rule: nameProblem, which the loader applies and new and export follow", () => {
  test.each(["__proto__", "constructor", "prototype"])("%s is JavaScript's own: refused", (name) => {
    expect(nameProblem(name)).toBe(`"${name}" is reserved in JavaScript and cannot name a provider's resource`);
  });

  test.each(["con", "CON", "nul", "Aux", "prn", "com1", "lpt9", "con.backup"])("%s is a device on Windows: refused", (name) => {
    expect(nameProblem(name)).toMatch(/is a device name on Windows, where no file can be named so$/);
  });

  test.each(["Constructor", "asana-oauth", "console", "com", "constructor-provider", "My Provider"])("%s is taken", (name) => {
    expect(nameProblem(name)).toBeUndefined();
  });

  test("the loader refuses a file under a refused name, naming it and the fix", () => {
    const dir = folder({ "con.json": bearer, "ok.yaml": "display_name: x\n" });
    expect(() => loadDefinitions(dir)).toThrow(
      /con\.json: "con" is a device name on Windows, where no file can be named so: rename the file/,
    );
  });
});

test("a file named __proto__.json is refused with a clear message", () => {
  for (const name of RESERVED_KEYS) {
    const dir = folderWith({ [`${name}.json`]: validDefinition(), "ok.json": validDefinition("Other Provider") });
    expect(() => loadDefinitions(dir)).toThrow(DefinitionError);
    expect(() => loadDefinitions(dir)).toThrow(
      new RegExp(`${name}\\.json: "${name}" is reserved in JavaScript and cannot name a provider's resource: rename the file`),
    );
  }
});
