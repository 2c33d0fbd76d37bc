/**
 * Reading the README and docs/*.md as the docs tests need them: headings and their GitHub anchors, fenced blocks
 * (with the `<!-- output: NAME -->` marker before an output block, `<!-- file: PATH -->` before a file's copy), links,
 * inline code, and shell words.
 */
import * as fs from "fs";
import * as path from "path";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** README.md and every docs/*.md, relative to the repository. */
export const DOC_FILES = [
  "README.md",
  ...fs.readdirSync(path.join(REPO_ROOT, "docs")).flatMap((f) => (f.endsWith(".md") ? [`docs/${f}`] : [])),
];

export interface Heading {
  level: number;
  text: string;
  anchor: string;
}

export interface Fence {
  /** The info string: `sh`, `yaml`, … or "" for an output block. */
  lang: string;
  /** The block's lines, without the fence's own indentation. */
  lines: string[];
  /** NAME of a `<!-- output: NAME -->` line just before the block. */
  output?: string;
  /** PATH of a `<!-- file: PATH -->` line just before the block: the block is that file of the repository. */
  file?: string;
  /** The second-level heading the block is under ("" before the first). */
  section: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export interface Doc {
  file: string;
  headings: Heading[];
  fences: Fence[];
  /** The text outside fenced blocks. */
  prose: string;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

export function readDoc(file: string): Doc {
  const lines = fs.readFileSync(path.join(REPO_ROOT, file), "utf8").split("\n");
  const headings: Heading[] = [];
  const fences: Fence[] = [];
  const prose: string[] = [];
  const seen = new Map<string, number>();
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)\s*$/.exec(lines[i]);
    if (open) {
      const indent = open[1].length;
      const body: string[] = [];
      let j = i + 1;
      for (; j < lines.length && !/^ *```\s*$/.test(lines[j]); j++)
        body.push(lines[j].slice(Math.min(indent, /^ */.exec(lines[j])![0].length)));
      const before = lines
        .slice(0, i)
        .reverse()
        .find((l) => l.trim() !== "");
      const output = /^\s*<!-- output: ([\w-]+) -->\s*$/.exec(before ?? "")?.[1];
      const file = /^\s*<!-- file: (\S+) -->\s*$/.exec(before ?? "")?.[1];
      fences.push({ lang: open[2], lines: body, section, line: i + 1, ...(output ? { output } : {}), ...(file ? { file } : {}) });
      i = j;
      continue;
    }
    prose.push(lines[i]);
    const heading = /^(#{1,6}) (.+)$/.exec(lines[i]);
    if (heading) {
      if (heading[1].length === 2) section = heading[2];
      const base = anchorOf(heading[2]);
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      headings.push({ level: heading[1].length, text: heading[2], anchor: count === 0 ? base : `${base}-${count}` });
    }
  }
  return { file, headings, fences, prose: prose.join("\n") };
}

/** Inline code spans of some prose (they may run over a line break). */
export function inlineCode(prose: string): string[] {
  return [...prose.matchAll(/`([^`]+)`/g)].map((m) => m[1].replace(/\s*\n\s*/g, " "));
}

/** The targets of the Markdown links of some prose (inline code set aside). */
export function linkTargets(prose: string): string[] {
  const plain = prose.replace(/`[^`]+`/g, "code");
  return [...plain.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}

/** Splits a shell command line into words, honouring single and double quotes (enough for documentation). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      word ??= "";
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The command of a transcript block (`$ …`, continued by a trailing backslash), its output lines and exit code. */
export function transcript(fence: Fence): { argv: string[]; output: string[]; exitCode?: number } | undefined {
  if (!fence.lines[0]?.startsWith("$ ")) return undefined;
  let command = fence.lines[0].slice(2);
  let i = 1;
  while (command.endsWith("\\")) command = `${command.slice(0, -1)} ${fence.lines[i++].trim()}`;
  const rest = fence.lines.slice(i);
  const exit = /^\(exit code (\d+)\)$/.exec(rest[rest.length - 1] ?? "");
  return { argv: shellWords(command), output: exit ? rest.slice(0, -1) : rest, ...(exit ? { exitCode: Number(exit[1]) } : {}) };
}
