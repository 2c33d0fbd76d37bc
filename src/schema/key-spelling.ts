/**
 * The unknown-key pass: every key the schema does not know, at any level, is an issue naming it and the
 * closest known key, so that a typo is never dropped silently. It reads the input in the naming it was
 * written in (before any key conversion) and walks the structure derived from the schema. Total.
 */
import { isRecord, isReservedKey } from "./guards";
import { issueAt, type ValidationIssue } from "./issues";
import type { Naming, Path } from "./naming";
import { renderProperty } from "./paths";
import { PAYLOAD_STRUCTURE, type MapNode, type ObjectNode, type StructureNode } from "./structure";
import { closest, listOr, quote } from "./wording";

/** Unknown keys of `input` (written in `inputNaming`), as issues worded in `outputNaming`. */
export function unknownKeyIssues(input: unknown, inputNaming: Naming, outputNaming: Naming): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const walk = (value: unknown, node: StructureNode, path: Path): void => {
    if (node.kind === "array") {
      if (Array.isArray(value)) value.forEach((item, index) => walk(item, node.element, [...path, index]));
      return;
    }
    if (node.kind === "leaf" || !isRecord(value)) return;
    for (const [key, item] of Object.entries(value)) {
      if (isReservedKey(key)) {
        issues.push(issueAt([...path, key], reservedKeyMessage(key), outputNaming, path.length));
        continue;
      }
      if (node.kind === "map") {
        if (node.keys === undefined || node.keys.includes(key)) walk(item, node.value, [...path, key]);
        else issues.push(issueAt([...path, key], unknownDataKeyMessage(key, node, path, outputNaming), outputNaming, path.length));
        continue;
      }
      const property = node.byKey[inputNaming].get(key);
      if (property !== undefined) walk(item, property.node, [...path, property.wire]);
      else issues.push(issueAt([...path, key], unknownPropertyMessage(key, node, inputNaming, outputNaming), outputNaming, path.length));
    }
  };
  walk(input, PAYLOAD_STRUCTURE, []);
  return issues;
}

function reservedKeyMessage(key: string): string {
  return `\`${key}\` is reserved in JavaScript and cannot be used as a key here: rename or remove it`;
}

function unknownPropertyMessage(key: string, node: ObjectNode, inputNaming: Naming, outputNaming: Naming): string {
  const names = node.properties.map((property) => property[inputNaming]);
  const suggestion = closest(key, names);
  if (suggestion === undefined) {
    const known = node.properties.map((property) => `\`${property[outputNaming]}\``);
    return `unknown property: remove it, or use one of ${listOr(known)}`;
  }
  const spelled = node.byKey[inputNaming].get(suggestion)?.[outputNaming] ?? suggestion;
  // `proxy_url` in camelCase args (or `proxyUrl` in a definition file): say which spelling applies here.
  const otherSpelling = node.properties.some((p) => p.wire !== p.args && p[inputNaming === "args" ? "wire" : "args"] === key);
  const casing =
    otherSpelling && inputNaming === outputNaming
      ? ` (property names are ${outputNaming === "args" ? "camelCase" : "snake_case"} here)`
      : "";
  return `unknown property; did you mean \`${spelled}\`?${casing}`;
}

function unknownDataKeyMessage(key: string, node: MapNode, mapPath: Path, naming: Naming): string {
  const allowed = node.keys ?? [];
  const suggestion = closest(key, allowed);
  const hint = suggestion === undefined ? "." : `; did you mean ${quote(suggestion)}?`;
  return (
    `unknown key${hint} The keys of \`${renderProperty(mapPath, naming)}\` are ${listOr(allowed.map((k) => `\`${k}\``))}, ` +
    "spelled the same in both namings: they are data, not property names"
  );
}
