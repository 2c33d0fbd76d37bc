/**
 * The attack: a file that does not parse is reported by position and a short, inert excerpt
 * of its offending line, never quoted whole; JSON refuses duplicate keys as YAML does, takes a byte order mark
 * as YAML does, and invalid UTF-8 is refused with its position instead of becoming U+FFFD.
 */
import { readFolder } from "../../src/cli/folder";
import { DefinitionError, loadDefinitions, readDefinitionFile } from "../../src/program/definitions";
import { examples } from "../helpers/examples";
import { FAKE_SECRET, folderWith, hasRawControl, TERMINAL_ATTACK, validDefinition } from "../helpers/hostile";
import * as path from "path";

function messageOf(dir: string): string {
  try {
    loadDefinitions(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(DefinitionError);
    return (err as Error).message;
  }
  throw new Error("the folder was accepted");
}

describe("a file that does not parse", () => {
  test("YAML: the position and a short excerpt of the offending line, not the other lines", () => {
    const secretLines = Array.from({ length: 5 }, (_, i) => `secret_${i}: ${FAKE_SECRET}${i}`).join("\n");
    const dir = folderWith({ "x.yaml": `${secretLines}\nkey: value: broken\n${secretLines}\n` });
    const message = messageOf(dir);
    expect(message).toMatch(/x\.yaml is not valid YAML at line 6, column \d+: .*\n {2}line 6: key: value: broken$/);
    expect(message).not.toContain(FAKE_SECRET);
  });

  test("JSON: the position, what is wrong, and no quote from JSON.parse", () => {
    const dir = folderWith({ "x.json": `{\n  "client_secret": "${FAKE_SECRET}",\n  oops\n}` });
    const message = messageOf(dir);
    expect(message).toMatch(/x\.json is not valid JSON at line 3, column 3: invalid symbol\n {2}line 3: {3}oops$/);
    expect(message).not.toContain(FAKE_SECRET);
  });

  test("the excerpt is cut around the column and its control characters are escaped", () => {
    const line = `${"a".repeat(5000)}${TERMINAL_ATTACK}: [${"b".repeat(5000)}`;
    const dir = folderWith({ "x.yaml": `display_name: x\n${line}\n` });
    const message = messageOf(dir);
    expect(message.length).toBeLessThan(400);
    expect(hasRawControl(message)).toBe(false);
    expect(message).toMatch(/x\.yaml is not valid YAML at line 2, column \d+/);
  });

  test("a file name full of terminal escapes is shown inert", () => {
    const dir = folderWith({ [`evil${TERMINAL_ATTACK.replace(/\u0000/g, "")}.json`]: "{ not json" });
    const message = messageOf(dir);
    expect(hasRawControl(message)).toBe(false);
    expect(message).toContain("\\u001b]0;pwned\\u0007");
  });

  test("a document nested 100,000 levels deep is refused, not a crash", () => {
    const dir = folderWith({ "deep.json": `${"[".repeat(100_000)}${"]".repeat(100_000)}` });
    expect(messageOf(dir)).toMatch(/deep\.json is not valid JSON at line 1, column \d+: it nests too deeply/);
  });
});

describe("JSON is read like YAML", () => {
  test("duplicate keys are refused, naming the key and its position", () => {
    const dir = folderWith({ "dup.json": `{\n  "display_name": "One",\n  "display_name": "Two"\n}` });
    expect(messageOf(dir)).toMatch(/dup\.json is not valid JSON at line 3, column 3: duplicate key "display_name": keep one of them/);
  });

  test("duplicate keys in a nested object are refused; the same key in sibling objects is fine", () => {
    const payload = examples()["asana-oauth"];
    const text = JSON.stringify(payload, null, 2).replace('"type": "OAUTH"', '"type": "OAUTH", "type": "BASIC"');
    expect(messageOf(folderWith({ "dup.json": text }))).toMatch(/duplicate key "type"/);
    expect(loadDefinitions(folderWith({ "ok.json": JSON.stringify(payload) }))).toHaveLength(1);
  });

  test("YAML refuses duplicate keys the same way", () => {
    expect(messageOf(folderWith({ "dup.yaml": "display_name: One\ndisplay_name: Two\n" }))).toMatch(
      /dup\.yaml is not valid YAML at line 2, column 1: Map keys must be unique/,
    );
  });

  test("a byte order mark is accepted in JSON as in YAML", () => {
    const dir = folderWith({
      "a.json": `\ufeff${validDefinition("With Bom Json")}`,
      "b.yaml":
        "\ufeffdisplay_name: With Bom Yaml\nauth_patterns: [{type: NO_AUTH, is_mcp: true}]\nproxy_url: https://b.example.com\nproxy_enabled: true\n",
    });
    expect(loadDefinitions(dir).map((d) => d.payload.display_name)).toEqual(["With Bom Json", "With Bom Yaml"]);
  });

  test("invalid UTF-8 is refused with its position, never turned into U+FFFD", () => {
    const text = Buffer.from(validDefinition().replace("My Bearer", "My\nBearer"), "utf8");
    const at = text.indexOf("Bearer");
    const bytes = Buffer.concat([text.subarray(0, at), Buffer.from([0xff, 0xfe]), text.subarray(at)]);
    for (const name of ["bad.json", "bad.yaml"]) {
      const message = messageOf(folderWith({ [name]: bytes }));
      expect(message).toMatch(
        new RegExp(`${name.replace(".", "\\.")} is not valid UTF-8 at line 2, column 1 \\(byte ${at + 1}\\): save it as UTF-8`),
      );
    }
    // A truncated multi-byte sequence at the very end counts too.
    const truncated = Buffer.concat([Buffer.from("display_name: caf"), Buffer.from([0xc3])]);
    expect(messageOf(folderWith({ "cut.yaml": truncated }))).toMatch(/cut\.yaml is not valid UTF-8 at line 1, column 18/);
  });

  test("export's folder reader lists the same problems rather than reading past them", () => {
    const dir = folderWith({ "dup.json": `{"display_name": "A", "display_name": "B"}` });
    expect(readFolder(dir)).toEqual([{ file: "dup.json", problem: expect.stringMatching(/duplicate key "display_name"/) }]);
    expect(() => readDefinitionFile(path.join(dir, "dup.json"))).toThrow(DefinitionError);
  });
});
