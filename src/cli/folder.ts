/**
 * The definitions folder as `export` sees it: which file holds which provider, the name a new file gets,
 * and safe writes. A file belongs to a provider by its `display_name` (the name it is matched by everywhere),
 * so an existing file keeps its name and format; a new file is named after the display name. Nothing here
 * deletes a file, and a file holding another provider is never the target of a write.
 */
import * as fs from "fs";
import * as path from "path";
import { stringify as stringifyYaml } from "yaml";
import { definitionFiles, DefinitionError, logicalName, nameProblem, readDefinitionDocument } from "../program";
import { prop, SCHEMA_KEY, yamlSchemaLine } from "../schema";
import { failure } from "./exit";
import { compareText } from "../text";

/** An existing definition file, read leniently (a broken or refused file is listed, not fatal). */
export interface FolderEntry {
  /** File name inside the folder. */
  file: string;
  /** Its parsed content, when it parsed. */
  data?: unknown;
  /** Its `display_name`, when it parsed and has one. */
  displayName?: string;
  /** Where it points editors for the JSON Schema, when it does: kept when the file is rewritten. */
  schemaReference?: string;
  /** Why it could not be read or parsed. */
  problem?: string;
}

/** Longest slug: a file name built from a server's value stays far below the file system's 255 bytes. */
const SLUG_MAX_LENGTH = 64;

/**
 * A file-name-safe slug of a display name: lower case ASCII letters and digits (accents dropped), runs of
 * anything else turned into one hyphen, none at either end, at most SLUG_MAX_LENGTH characters.
 * "My Asana" → "my-asana". A slug the loader would refuse (see nameProblem) gets `-provider` appended.
 */
export function slugify(text: string): string {
  return fileSlug(text).slug;
}

/** slugify's answer, and why the plain slug was refused when it was: what `new` and `export` tell the user. */
export function fileSlug(text: string): { slug: string; renamed?: string } {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, "");
  if (slug === "") return { slug: "provider" };
  const problem = nameProblem(slug);
  if (problem === undefined) return { slug };
  return { slug: `${slug}-provider`, renamed: `not named ${slug}: ${problem}` };
}

/** The definition files of `dir`, sorted by name; none when the folder does not exist yet. */
export function readFolder(dir: string): FolderEntry[] {
  if (!fs.existsSync(dir)) return [];
  return definitionFiles(dir).map((file) => readEntry(dir, file));
}

function readEntry(dir: string, file: string): FolderEntry {
  try {
    const { payload: data, schemaReference } = readDefinitionDocument(path.join(dir, file));
    const name = prop(data, "display_name");
    return {
      file,
      data,
      ...(typeof name === "string" ? { displayName: name } : {}),
      ...(schemaReference === undefined ? {} : { schemaReference }),
    };
  } catch (err) {
    if (err instanceof DefinitionError) return { file, problem: err.message };
    throw err;
  }
}

/** A provider to place in the folder. */
export interface Placeable {
  identifier: string;
  displayName: string;
}

/** Where a provider goes: its file name, and the existing file already holding it, if any. */
export interface Placement {
  file: string;
  existing?: FolderEntry;
  /** Why the file is not named after the display name's plain slug (a name the loader refuses). */
  renamed?: string;
}

/**
 * Decides each provider's file, deterministically from the providers and the folder:
 * 1. a file whose display_name is the provider's is its file (name and format kept);
 * 2. otherwise `<slug of display name>.json`, unless another provider of this export has the same slug or a
 *    file with that logical name exists (any extension, any content): then `<slug>-<slug of identifier>.json`;
 * 3. should that name be taken too, a counter is appended (`-2`, `-3`, …).
 * So a file holding another provider, or one that cannot be read, is never chosen for a new provider.
 */
export function planFiles(providers: readonly Placeable[], entries: readonly FolderEntry[]): Map<string, Placement> {
  const placements = new Map<string, Placement>();
  const byDisplayName = new Map<string, FolderEntry>();
  for (const entry of entries) {
    if (entry.displayName !== undefined && !byDisplayName.has(entry.displayName)) byDisplayName.set(entry.displayName, entry);
  }
  const taken = new Set(entries.map((e) => logicalName(e.file).toLowerCase()));
  const rest: Placeable[] = [];
  for (const provider of providers) {
    const existing = byDisplayName.get(provider.displayName);
    if (existing) placements.set(provider.identifier, { file: existing.file, existing });
    else rest.push(provider);
  }
  const slugCount = new Map<string, number>();
  for (const p of rest) slugCount.set(slugify(p.displayName), (slugCount.get(slugify(p.displayName)) ?? 0) + 1);
  const ordered = [...rest].sort((a, b) => compareText(a.identifier, b.identifier));
  const chosen = new Map<string, string>();
  for (const p of ordered) {
    const slug = slugify(p.displayName);
    const contested = (slugCount.get(slug) ?? 0) > 1 || taken.has(slug);
    chosen.set(p.identifier, contested ? `${slug}-${slugify(p.identifier)}` : slug);
  }
  for (const p of ordered) {
    const base = chosen.get(p.identifier)!;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
    taken.add(name);
    const { renamed } = fileSlug(p.displayName);
    placements.set(p.identifier, { file: `${name}.json`, ...(renamed ? { renamed } : {}) });
  }
  return placements;
}

/**
 * The file's text for a payload: 2-space JSON with `$schema` first, or YAML for a .yaml/.yml file with
 * yaml-language-server's comment first, both pointing at `schemaReference` (see schemaReference()); ends with a
 * newline.
 */
export function renderDefinition(payload: object, file: string, schemaReference: string): string {
  const ext = path.extname(file).toLowerCase();
  return ext === ".json"
    ? `${JSON.stringify({ [SCHEMA_KEY]: schemaReference, ...payload }, null, 2)}\n`
    : `${yamlSchemaLine(schemaReference)}${stringifyYaml(payload, { lineWidth: 0 })}`;
}

/**
 * Checks, before any network call, that files can be written in `dir` (or in the folder it would be created
 * in). @throws ExitError (exit 2) naming the folder and the reason
 */
export function checkWritableFolder(dir: string): void {
  let probe = path.resolve(dir);
  for (;;) {
    if (fs.existsSync(probe)) break;
    const parent = path.dirname(probe);
    if (parent === probe) break;
    probe = parent;
  }
  const unusable = (reason: string) => failure(`cannot write definition files to ${dir}: ${reason}. Choose another folder with --dir.`);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(probe);
  } catch (err) {
    throw unusable((err as Error).message);
  }
  if (!stat.isDirectory()) throw unusable(`${probe} is a file, not a folder`);
  try {
    fs.accessSync(probe, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw unusable(`${probe} is not writable`);
  }
}

/**
 * Writes `text` to `file` atomically (a temporary file in the same folder, then a rename), creating the
 * folder if needed, so an interrupted export never leaves half a definition.
 * @throws ExitError (exit 2) naming the file and the system's reason
 */
export function writeFileAtomic(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, text, { encoding: "utf8", flag: "wx" });
    fs.renameSync(temporary, file);
  } catch (err) {
    fs.rmSync(temporary, { force: true });
    throw failure(`cannot write ${file}: ${(err as Error).message}`);
  }
}
