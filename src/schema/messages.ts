/**
 * Messages for zod's built-in issues (wrong type, value not in an enum, …), used as the per-parse error map.
 * Rules of the schema word their own messages; this covers what zod detects by itself. Never echoes a value
 * that could be a secret: only types, and enum candidates.
 */
import type { z } from "zod";
import type { Path } from "./naming";
import { findProperty, nodeAt } from "./structure";
import { closest } from "./wording";

const EXPECTED: Readonly<Record<string, string>> = {
  string: "a string",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "an array",
};

/** A message for a zod issue, or undefined to keep zod's own. */
export function builtinIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  const path = (issue.path ?? []).filter((s): s is string | number => typeof s !== "symbol");
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "is required";
    const expected = EXPECTED[issue.expected] ?? issue.expected;
    const what = path.length === 0 ? " (the provider payload)" : "";
    return `must be ${expected}${what}, not ${describe(issue.input)}${issue.input === null && isOptional(path) ? "; omit the property to leave it unset" : ""}`;
  }
  if (issue.code === "invalid_value") {
    const options = issue.values.map(String);
    const suggestion = typeof issue.input === "string" ? closest(issue.input, options) : undefined;
    return `must be one of ${options.join(", ")}${suggestion === undefined ? "" : `; did you mean \`${suggestion}\`?`}`;
  }
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return "a string";
    case "boolean":
      return "a boolean";
    case "number":
      return "a number";
    default:
      return typeof value;
  }
}

function isOptional(path: Path): boolean {
  const last = path[path.length - 1];
  return typeof last === "string" && findProperty(nodeAt(path.slice(0, -1)), last, "wire")?.optional === true;
}
