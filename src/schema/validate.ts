/**
 * Validation entry points. Every rule of the schema is checked, plus unknown keys at every level; each issue
 * names the property path and the fix in the naming the user wrote. Total: any input (wrong types, null,
 * huge strings, deep junk) yields issues, never an exception.
 */
import { argsToWire, convertNaming } from "./casing";
import { isRecord } from "./guards";
import { issueAt, type ValidationIssue } from "./issues";
import { builtinIssueMessage } from "./messages";
import type { Naming, Path } from "./naming";
import { renderProperty } from "./paths";
import { unknownKeyIssues } from "./key-spelling";
import { findUnknownPaths, touchesUnknown } from "./pending-values";
import { payloadSchemaFor, type ProviderPayload } from "./wire";

export type ValidationResult = { ok: true; payload: ProviderPayload } | { ok: false; issues: ValidationIssue[] };

/**
 * validateArgs' answer. Besides valid and invalid, args holding unknown values (preview) can be valid so far:
 * `{ ok: true, payload: undefined, unknowns }`, where `unknowns` lists the properties not known yet (args
 * naming). No payload is built from them; validate again once they are known.
 */
export type ArgsValidationResult = ValidationResult | { ok: true; payload: undefined; unknowns: string[] };

export interface ValidateArgsOptions {
  /**
   * The string that stands for a value not known yet (a dynamic provider's check passes Pulumi's `runtime.unknownValue`).
   * @default undefined: every value is taken as known
   */
  readonly unknownSentinel?: string;
  /**
   * Top-level keys that belong to the caller, not to the payload (e.g. a resource's own `adopt`): ignored.
   * @default []
   */
  readonly ignoreKeys?: readonly string[];
}

/** An issue of the schema pass, with the paths a cross-field rule read. */
interface SchemaIssue extends ValidationIssue {
  readonly dependsOn: readonly Path[];
}

/**
 * Validates a wire payload (snake_case, as in a definition file or a request body). `naming` chooses how
 * issues name properties: "wire" (default) for definition files and the emulator, "args" to report to a
 * Pulumi user. On success, `payload` is a copy of the input (key order kept).
 */
export function validatePayload(input: unknown, naming: Naming = "wire"): ValidationResult {
  const issues = [...unknownKeyIssues(input, "wire", naming), ...schemaIssues(input, naming)];
  if (issues.length > 0) return { ok: false, issues: distinct(issues) };
  return { ok: true, payload: convertNaming(input, "wire", "wire") as ProviderPayload };
}

/**
 * Validates camelCase args (what a Pulumi user wrote for CustomProvider) and returns the wire payload.
 * Issues name properties in camelCase. With `unknownSentinel`, values not known yet are set aside (see
 * ArgsValidationResult); a problem that does not depend on them, such as a misspelled key, is still reported.
 */
export function validateArgs(args: unknown, options: ValidateArgsOptions = {}): ArgsValidationResult {
  const { unknownSentinel, ignoreKeys = [] } = options;
  const input = isRecord(args) && ignoreKeys.length > 0 ? withoutKeys(args, ignoreKeys) : args;
  const wire = argsToWire(input);
  const unknownPaths = unknownSentinel === undefined ? [] : findUnknownPaths(wire, unknownSentinel);
  const issues = [
    ...unknownKeyIssues(input, "args", "args"),
    ...schemaIssues(wire, "args").filter((issue) => !touchesUnknown([issue.path, ...issue.dependsOn], unknownPaths)),
  ];
  if (issues.length > 0) return { ok: false, issues: distinct(issues) };
  if (unknownPaths.length > 0) {
    return { ok: true, payload: undefined, unknowns: unknownPaths.map((path) => renderProperty(path, "args")) };
  }
  return { ok: true, payload: convertNaming(wire, "wire", "wire") as ProviderPayload };
}

/** The schema's issues for a wire-shaped input, worded in `naming`; unknown keys are left to unknownKeyIssues. */
function schemaIssues(input: unknown, naming: Naming): SchemaIssue[] {
  const result = payloadSchemaFor(naming).safeParse(input, { error: builtinIssueMessage });
  if (result.success) return [];
  return result.error.issues
    .filter((issue) => issue.code !== "unrecognized_keys")
    .map((issue) => {
      const path = issue.path.filter((segment): segment is string | number => typeof segment !== "symbol");
      const dependsOn = issue.code === "custom" ? ((issue.params?.dependsOn as Path[] | undefined) ?? []) : [];
      return { ...issueAt(path, issue.message, naming), dependsOn };
    });
}

/** Issues without repeats (same property, same message), dependency data stripped. */
function distinct(issues: readonly ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const { path, property, message } of issues) {
    const key = `${property}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, property, message });
  }
  return out;
}

function withoutKeys(args: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([key]) => !keys.includes(key)));
}
