/**
 * A definition document (a definition file, or a payload handed to `fromPayload`) is the payload plus, at
 * its top level, an optional `$schema` that points editors at the package's JSON Schema. The key belongs to
 * the file, not to the provider: it is set aside before validation and never sent to Scalekit.
 */
import { isRecord } from "./guards";

/** The top-level key a definition document may hold to point editors at the JSON Schema. */
export const SCHEMA_KEY = "$schema";

/** The payload part of a definition document: `document` without its top-level `$schema` (if it is an object). */
export function payloadOfDocument(document: unknown): unknown {
  if (!isRecord(document) || !Object.prototype.hasOwnProperty.call(document, SCHEMA_KEY)) return document;
  return Object.fromEntries(Object.entries(document).filter(([key]) => key !== SCHEMA_KEY));
}
