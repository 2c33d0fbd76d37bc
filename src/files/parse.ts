/**
 * Parses a file's text as JSON or YAML. Whatever fails inside a parser, of whatever class (a syntax error, the
 * yaml package's ReferenceError on an alias bomb, a RangeError from a document nested too deeply), becomes a
 * FileError naming the file, with a position where there is one and an inert excerpt, never a library's code
 * frame (which quotes the file): the caller reports that file and goes on with the others.
 */
import { visit, printParseErrorCode, type ParseErrorCode } from "jsonc-parser";
import { parseDocument, visit as visitYaml, type Document } from "yaml";
import { inert } from "../text";
import { MAX_DEPTH, tooDeepAt } from "./depth";
import { FileError } from "./errors";
import { atPosition } from "./position";

export type DataFormat = "json" | "yaml";

const TOO_DEEP = `it nests too deeply (more than ${MAX_DEPTH} levels): flatten it`;

/** How many characters of a parser's own message a FileError shows. */
const PARSER_MESSAGE_LENGTH = 100;

/**
 * The value `text` (the content of `file`) holds.
 * @throws FileError when it does not parse, whatever the parser threw
 */
export function parseText(text: string, format: DataFormat, file: string): unknown {
  try {
    return format === "json" ? parseJson(text, file) : parseYaml(text, file);
  } catch (err) {
    if (err instanceof FileError) throw err;
    throw new FileError(file, unexpectedFailure(err, format));
  }
}

/** A parser's failure outside its own error class, in the file's terms. */
function unexpectedFailure(err: unknown, format: DataFormat): string {
  if (err instanceof RangeError && /call stack/i.test(err.message)) return `is not valid ${formatName(format)}: ${TOO_DEEP}`;
  const message = err instanceof Error ? err.message : String(err);
  return `is not valid ${formatName(format)}: ${inert(message.split("\n")[0], PARSER_MESSAGE_LENGTH)}`;
}

function formatName(format: DataFormat): string {
  return format === "json" ? "JSON" : "YAML";
}

/** JSON, strictly (no comments, no trailing commas), refusing duplicate keys and nesting deeper than MAX_DEPTH. */
function parseJson(text: string, file: string): unknown {
  const keys: Set<string>[] = [];
  let depth = 0;
  let problem: FileError | undefined;
  const invalid = (what: string, offset: number) => new FileError(file, `is not valid JSON ${atPosition(text, offset, what)}`);
  const enter = (offset: number) => {
    if (++depth > MAX_DEPTH) problem ??= invalid(TOO_DEEP, offset);
  };
  const leave = () => void depth--;
  try {
    visit(
      text,
      {
        onObjectBegin: (offset) => {
          keys.push(new Set());
          enter(offset);
        },
        onObjectEnd: () => {
          keys.pop();
          leave();
        },
        onArrayBegin: enter,
        onArrayEnd: leave,
        onObjectProperty: (name, offset) => {
          const seen = keys[keys.length - 1];
          if (problem === undefined && seen?.has(name)) {
            problem = invalid(`duplicate key ${inert(JSON.stringify(name), 60)}: keep one of them`, offset);
          }
          seen?.add(name);
        },
        onError: (code: ParseErrorCode, offset) => {
          problem ??= invalid(jsonProblem(code), offset);
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch (err) {
    // The visitor recurses: far past MAX_DEPTH the stack runs out, and the depth is what to report.
    if (problem === undefined) throw err;
  }
  if (problem) throw problem;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // JSON.parse's own message quotes the text: never shown.
    throw new FileError(file, "is not valid JSON: check it with a JSON linter");
  }
}

function jsonProblem(code: ParseErrorCode): string {
  const name = printParseErrorCode(code);
  return name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/**
 * YAML: one document, duplicate keys refused, nesting bounded before the parser sees it (depth.ts). Errors
 * are taken from the document rather than thrown by `parse`, whose messages end with a code frame quoting the
 * file; warnings (an unknown tag keeps its value as text) are neither printed nor fatal: the package would
 * print them, code frame included, on stderr.
 */
function parseYaml(text: string, file: string): unknown {
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    throw new FileError(file, `is not valid YAML ${atPosition(text, deep, TOO_DEEP)}`);
  }
  const doc = parseDocument(text, { prettyErrors: false, logLevel: "error", uniqueKeys: true });
  const [error] = doc.errors;
  if (error) {
    const what =
      error.code === "MULTIPLE_DOCS"
        ? "a second document starts here: a file holds one"
        : inert(error.message.split("\n")[0], PARSER_MESSAGE_LENGTH);
    throw new FileError(file, `is not valid YAML ${atPosition(text, error.pos[0], what)}`);
  }
  try {
    // The package bounds how far aliases expand (maxAliasCount) by throwing a ReferenceError: an alias bomb.
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    const message = inert(err.message.split("\n")[0], PARSER_MESSAGE_LENGTH);
    const at = firstAlias(doc);
    const fix = "write the values out instead of using aliases (*name)";
    throw new FileError(
      file,
      `is not valid YAML${at === undefined ? `: ${message}: ${fix}` : ` ${atPosition(text, at, `${message} (the first alias is here): ${fix}`)}`}`,
    );
  }
}

/** The offset of the document's first alias (`*name`), if it has one. */
function firstAlias(doc: Document): number | undefined {
  let offset: number | undefined;
  visitYaml(doc, {
    Alias(_key, node) {
      offset = node.range?.[0];
      return visitYaml.BREAK;
    },
  });
  return offset;
}
