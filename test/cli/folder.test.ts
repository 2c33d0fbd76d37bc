/** Definition file names chosen by `export`: stable, safe, deterministic, never another provider's file. */
import * as fs from "fs";
import * as path from "path";
import { planFiles, readFolder, slugify, type FolderEntry } from "../../src/cli/folder";
import { nameProblem } from "../../src/program";
import { tempDir } from "./helpers";

describe("slugify", () => {
  test.each([
    ["My Asana", "my-asana"],
    ["  Github   MCP  ", "github-mcp"],
    ["HubSpot 2", "hubspot-2"],
    ["Ünïcode Name", "unicode-name"],
    ["CON", "con-provider"],
    ["Constructor", "constructor-provider"],
    ["Prototype", "prototype-provider"],
    ["LPT1", "lpt1-provider"],
    ["!!!", "provider"],
  ])("%j → %j", (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  test("a slug is always a safe file name: lower case letters, digits and inner hyphens only", () => {
    for (const name of ["a/b\\c", "..", "x:y*z?", "tab\there", "A".repeat(200)]) {
      expect(slugify(name)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  test("a slug is always a name the loader takes (one rule: nameProblem)", () => {
    for (const name of ["constructor", "Prototype", "__proto__", "con", "Com1", "aux", "nul", "prn"]) {
      expect(nameProblem(slugify(name))).toBeUndefined();
    }
  });
});

describe("planFiles", () => {
  const entry = (file: string, displayName?: string): FolderEntry => ({
    file,
    ...(displayName ? { displayName, data: { display_name: displayName } } : { problem: "not valid JSON" }),
  });

  test("a new provider gets <slug>.json", () => {
    const plan = planFiles([{ identifier: "MYASANA:1", displayName: "My Asana" }], []);
    expect(plan.get("MYASANA:1")).toEqual({ file: "my-asana.json" });
  });

  test("a file already holding the provider (same display_name) keeps its name and format", () => {
    const existing = entry("asana-oauth.yaml", "My Asana");
    const plan = planFiles([{ identifier: "MYASANA:1", displayName: "My Asana" }], [existing]);
    expect(plan.get("MYASANA:1")).toEqual({ file: "asana-oauth.yaml", existing });
  });

  test("providers whose names share a slug all get the identifier as suffix, whatever their order", () => {
    const a = { identifier: "MYASANA:17", displayName: "My Asana" };
    const b = { identifier: "MYASANA:42", displayName: "My  Asana" };
    const one = planFiles([a, b], []);
    const other = planFiles([b, a], []);
    expect(one.get(a.identifier)!.file).toBe("my-asana-myasana-17.json");
    expect(one.get(b.identifier)!.file).toBe("my-asana-myasana-42.json");
    expect([...other.entries()].sort()).toEqual([...one.entries()].sort());
  });

  test("a file of that name holding another provider, or one that cannot be read, is never chosen", () => {
    const plan = planFiles(
      [
        { identifier: "MYASANA:1", displayName: "My Asana" },
        { identifier: "BEARER:2", displayName: "Bearer" },
      ],
      [entry("my-asana.json", "My Old Asana"), entry("bearer.yaml")],
    );
    expect(plan.get("MYASANA:1")).toEqual({ file: "my-asana-myasana-1.json" });
    expect(plan.get("BEARER:2")).toEqual({ file: "bearer-bearer-2.json" });
  });

  test("a display name whose slug the loader refuses gets another file name, and the placement says why", () => {
    const plan = planFiles(
      [
        { identifier: "CONSTRUCTOR:1", displayName: "Constructor" },
        { identifier: "PROTOTYPE:2", displayName: "Prototype" },
      ],
      [entry("prototype-provider.json", "Another")],
    );
    expect(plan.get("CONSTRUCTOR:1")).toEqual({
      file: "constructor-provider.json",
      renamed: 'not named constructor: "constructor" is reserved in JavaScript and cannot name a provider\'s resource',
    });
    expect(plan.get("PROTOTYPE:2")).toEqual({
      file: "prototype-provider-prototype-2.json",
      renamed: expect.stringMatching(/^not named prototype: /),
    });
  });

  test("should the suffixed name be taken too, a counter makes it unique", () => {
    const plan = planFiles([{ identifier: "X:1", displayName: "X" }], [entry("x.json", "Other"), entry("x-x-1.json", "Another")]);
    expect(plan.get("X:1")).toEqual({ file: "x-x-1-2.json" });
  });
});

describe("readFolder", () => {
  test("lists JSON and YAML definitions with their display names, a broken file with its problem", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ display_name: "A" }));
    fs.writeFileSync(path.join(dir, "b.yml"), "display_name: B\n");
    fs.writeFileSync(path.join(dir, "c.json"), "{ not json");
    fs.writeFileSync(path.join(dir, "notes.txt"), "ignored");
    const entries = readFolder(dir);
    expect(entries.map((e) => [e.file, e.displayName])).toEqual([
      ["a.json", "A"],
      ["b.yml", "B"],
      ["c.json", undefined],
    ]);
    expect(entries[2].problem).toMatch(/not valid JSON/);
    expect(readFolder(path.join(dir, "missing"))).toEqual([]);
  });
});
