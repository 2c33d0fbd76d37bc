/** Assertion helpers for the schema tests. */
import { validateArgs, validatePayload, wireToArgs, type ArgsValidationResult, type ValidationResult } from "../../src/schema";

/** [property, message] pairs of a result's issues, or "ok". */
export function issuesOf(result: ValidationResult | ArgsValidationResult): "ok" | [string, string][] {
  return result.ok ? "ok" : result.issues.map((issue) => [issue.property, issue.message]);
}

/**
 * One expected issue in both namings: [wire property, args property, wire message, args message]; the args
 * message defaults to the wire message (when it names no other property).
 */
export type BothNamings = readonly [wireProperty: string, argsProperty: string, wireMessage: string, argsMessage?: string];

/** Issues of `payload` validated as a wire payload and, converted to camelCase, as args. */
export function bothNamings(payload: unknown): { wire: "ok" | [string, string][]; args: "ok" | [string, string][] } {
  return { wire: issuesOf(validatePayload(payload)), args: issuesOf(validateArgs(wireToArgs(payload))) };
}

/** What bothNamings should answer for `expected`. */
export function expectedBoth(expected: readonly BothNamings[]): { wire: [string, string][]; args: [string, string][] } {
  return {
    wire: expected.map(([wireProperty, , wireMessage]) => [wireProperty, wireMessage]),
    args: expected.map(([, argsProperty, wireMessage, argsMessage]) => [argsProperty, argsMessage ?? wireMessage]),
  };
}
