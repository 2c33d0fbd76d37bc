/**
 * A definition document (a definition file, or a payload handed to `fromPayload`) is the payload plus, at
 * its top level, an optional `$schema` that points editors at the package's JSON Schema. The key belongs to
 * the file, not to the provider: it is set aside before validation and never sent to Scalekit. A YAML file may
 * point at the schema with yaml-language-server's comment instead.
 */
import { isRecord } from "./guards";

/** The top-level key a definition document may hold to point editors at the JSON Schema. */
export const SCHEMA_KEY = "$schema";

/** The comment, on a line of its own, by which a YAML file points yaml-language-server at its JSON Schema. */
const YAML_SCHEMA_COMMENT = "# yaml-language-server: $schema=";
const YAML_SCHEMA_LINE = /^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$/m;

/** The payload part of a definition document: `document` without its top-level `$schema` (if it is an object). */
export function payloadOfDocument(document: unknown): unknown {
  if (!isRecord(document) || !Object.prototype.hasOwnProperty.call(document, SCHEMA_KEY)) return document;
  return Object.fromEntries(Object.entries(document).filter(([key]) => key !== SCHEMA_KEY));
}

/**
 * Where a definition file points editors for its JSON Schema: its top-level `$schema` (a string), else, for
 * YAML (`yamlText` given), the yaml-language-server comment; undefined when it points nowhere.
 */
export function schemaReferenceOf(document: unknown, yamlText?: string): string | undefined {
  const key = isRecord(document) ? document[SCHEMA_KEY] : undefined;
  if (typeof key === "string" && key !== "") return key;
  return yamlText === undefined ? undefined : YAML_SCHEMA_LINE.exec(yamlText)?.[1];
}

/** The first line of a YAML definition file that points at the JSON Schema `reference`, with its newline. */
export function yamlSchemaLine(reference: string): string {
  return `${YAML_SCHEMA_COMMENT}${reference}\n`;
}
