/**
 * The two namings of the payload and how a path is written in each. Only key spelling lives here; which keys
 * exist, and which positions hold data keys that are never renamed, comes from the schema (structure.ts).
 */
import { inert } from "../text";
import { truncate } from "./wording";

/** `wire`: snake_case as in Scalekit's docs and definition files; `args`: camelCase as Pulumi users write. */
export type Naming = "wire" | "args";

export type PathSegment = string | number;

/** A path into the payload: property names and array indexes. */
export type Path = readonly PathSegment[];

/** How the empty path (the payload itself) is shown. */
export const ROOT_PROPERTY = "(root)";

/** `auth_patterns` → `authPatterns`. Only `_` followed by a lower-case letter is folded, so that it inverts. */
export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

/** `authPatterns` → `auth_patterns`: the inverse of snakeToCamel on the keys it produces. */
export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A schema key (given in wire spelling) as spelled in `naming`. */
export function keyIn(wireKey: string, naming: Naming): string {
  return naming === "args" ? snakeToCamel(wireKey) : wireKey;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Renders a wire path in `naming`: `authPatterns[0].oauthConfig.tokenUri`. Segments for which `isDataKey`
 * answers true are shown verbatim (keys of `metadata`, `auth_field_mutations`); keys that are not identifiers
 * are shown as `["…"]`, truncated and rendered inert. The empty path is ROOT_PROPERTY.
 */
export function formatPath(path: Path, naming: Naming, isDataKey: (index: number) => boolean = () => false): string {
  if (path.length === 0) return ROOT_PROPERTY;
  let out = "";
  path.forEach((segment, index) => {
    if (typeof segment === "number") {
      out += `[${segment}]`;
      return;
    }
    const name = truncate(isDataKey(index) ? segment : keyIn(segment, naming));
    if (IDENTIFIER.test(name)) out += index === 0 ? name : `.${name}`;
    else out += `[${inert(JSON.stringify(name), Number.POSITIVE_INFINITY)}]`;
  });
  return out;
}

/** A schema path (no data keys) in backticks, for naming another property inside a message. */
export function ref(path: Path, naming: Naming): string {
  return `\`${formatPath(path, naming)}\``;
}

/**
 * A one-line example object in `naming`, for messages that tell the user what to add: `{ fieldName: "domain" }`
 * in args, `{"field_name": "domain"}` in wire (as it would appear in a definition file).
 */
export function snippet(example: Readonly<Record<string, string | boolean>>, naming: Naming): string {
  const pairs = Object.entries(example).map(([key, value]) =>
    naming === "args" ? `${keyIn(key, naming)}: ${JSON.stringify(value)}` : `${JSON.stringify(key)}: ${JSON.stringify(value)}`,
  );
  return naming === "args" ? `\`{ ${pairs.join(", ")} }\`` : `\`{${pairs.join(", ")}}\``;
}
