/**
 * The attack: every reader of definition files (the program's loader, export's folder reader,
 * compare's folder side) reads regular files only, refuses links and special files without blocking on
 * them, caps what it reads, and never quotes a file it refuses.
 */
import * as fs from "fs";
import * as path from "path";
import { compareDefinitions } from "../../src/cli/commands/compare";
import { ExitError } from "../../src/cli/exit";
import { readFolder } from "../../src/cli/folder";
import { FILE_MAX_BYTES } from "../../src/files";
import { DefinitionError, loadDefinitions } from "../../src/program/definitions";
import { FAKE_SECRET, folderWith, SPECIAL_FILES, validDefinition } from "../helpers/hostile";

/** What each reader says about the folder: its error message, or the problem it lists for `file`. */
const READERS: Record<string, (dir: string, file: string) => Promise<string>> = {
  "the program's loader": async (dir) => {
    try {
      loadDefinitions(dir);
    } catch (err) {
      expect(err).toBeInstanceOf(DefinitionError);
      return (err as Error).message;
    }
    throw new Error("loadDefinitions accepted the folder");
  },
  "export's folder reader": async (dir, file) => {
    const entry = readFolder(dir).find((e) => e.file === file);
    expect(entry?.data).toBeUndefined();
    return entry?.problem ?? "(no problem listed)";
  },
  "compare's folder side": async (dir) => {
    const other = folderWith({ "ok.json": validDefinition() });
    try {
      await compareDefinitions({ from: { kind: "folder", dir }, to: { kind: "folder", dir: other } });
    } catch (err) {
      expect(err).toBeInstanceOf(ExitError);
      expect((err as ExitError).exitCode).toBe(2);
      return (err as Error).message;
    }
    throw new Error("compare accepted the folder");
  },
};

const SAYS: Record<string, RegExp> = {
  "a FIFO": /a\.json is a named pipe \(FIFO\), not a regular file: .*replace it with the file itself/,
  "a symbolic link to /dev/zero": /a\.json is a symbolic link, not a regular file/,
  "a symbolic link to a credentials file": /a\.json is a symbolic link, not a regular file/,
  "a symbolic link to a valid definition": /a\.json is a symbolic link, not a regular file/,
  "a socket": /a\.json is a socket, not a regular file/,
};

describe.each(Object.keys(READERS))("%s", (reader) => {
  test.each(Object.keys(SPECIAL_FILES))(
    "refuses %s named a.json, at once and without quoting it",
    async (kind) => {
      const dir = folderWith({ "ok.json": validDefinition() });
      const close = await SPECIAL_FILES[kind](dir, "a.json");
      try {
        const started = Date.now();
        const message = await READERS[reader](dir, "a.json");
        expect(Date.now() - started).toBeLessThan(2000);
        expect(message).toMatch(SAYS[kind]);
        expect(message).not.toContain(FAKE_SECRET);
        expect(message).not.toContain("aws_secret_access_key");
      } finally {
        close();
      }
    },
    5000,
  );

  test(`refuses a file larger than ${FILE_MAX_BYTES} bytes with the cap in the message`, async () => {
    const huge = `{"display_name": "${"x".repeat(FILE_MAX_BYTES)}"}`;
    const dir = folderWith({ "ok.json": validDefinition(), "a.json": huge });
    const message = await READERS[reader](dir, "a.json");
    expect(message).toMatch(/a\.json is larger than 1 MiB, the most a definition file may hold/);
    expect(message.length).toBeLessThan(1000);
  });
});

test("a file of exactly the cap is read (and then judged on its content)", () => {
  const text = validDefinition();
  const padded = text + " ".repeat(FILE_MAX_BYTES - Buffer.byteLength(text));
  const dir = folderWith({ "a.json": padded });
  expect(loadDefinitions(dir).map((d) => d.name)).toEqual(["a"]);
});

test("a folder that is itself a link is still read (only the files in it must be regular)", () => {
  const real = folderWith({ "a.json": validDefinition() });
  const link = path.join(folderWith(), "definitions");
  fs.symlinkSync(real, link);
  expect(loadDefinitions(link).map((d) => d.name)).toEqual(["a"]);
});
