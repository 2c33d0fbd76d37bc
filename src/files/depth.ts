/**
 * How deep a YAML text nests, measured on the yaml package's lexer (linear, no recursion) before the text is
 * parsed: the package's parser recurses per level and holds a great deal per level, so a file of nested
 * `[[[[…` or `- - - -…` takes seconds and hundreds of MB, and a second such file in one folder ran the process
 * out of memory (a crash, with no message and no other file's result). Deeper than MAX_DEPTH, a file is
 * refused at the offending position without being parsed.
 */
import { CST, Lexer } from "yaml";

/**
 * The deepest nesting read, in JSON as in YAML. A provider definition nests six levels (auth_patterns[0].oauth_config.
 * available_scopes[0].scope); a stack config file a few more at most.
 */
export const MAX_DEPTH = 64;

/** Markers the lexer emits that are not characters of the text. */
const MARKERS = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * The offset where `text` first nests deeper than MAX_DEPTH, or undefined. An upper bound of the depth is
 * counted: open flow collections, the block indentation levels enclosing the line, and the block indicators
 * (`-`, `?`, `:`) on the line.
 */
export function tooDeepAt(text: string): number | undefined {
  let offset = 0;
  let flow = 0;
  let lineStart = 0;
  let atLineStart = true;
  let indicators = 0;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    const at = offset;
    if (!MARKERS.has(token)) offset += token.length;
    const type = CST.tokenType(token);
    if (type === "newline") {
      lineStart = offset;
      atLineStart = true;
      indicators = 0;
      continue;
    }
    if (type === "space" || type === "comment" || type === "doc-mode" || type === "scalar") continue;
    if (atLineStart && flow === 0) {
      const indent = at - lineStart;
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    atLineStart = false;
    if (type === "flow-seq-start" || type === "flow-map-start") flow++;
    else if (type === "flow-seq-end" || type === "flow-map-end") flow = Math.max(0, flow - 1);
    else if (type === "seq-item-ind" || type === "explicit-key-ind" || type === "map-value-ind") indicators++;
    if (flow + indents.length + indicators > MAX_DEPTH) return at;
  }
  return undefined;
}
