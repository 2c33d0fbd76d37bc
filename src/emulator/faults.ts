/**
 * Fault injection: a list of faults, each applied to the next `count` API requests it matches, first added
 * first applied. One request takes at most one fault.
 */
import { EmulatorError } from "./errors";
import type { FaultAction, FaultSpec, RequestKind } from "./types";

const KINDS: readonly RequestKind[] = ["token", "list", "create", "update", "delete", "control", "unknown"];

interface ActiveFault {
  spec: FaultSpec;
  remaining: number;
}

/** The request properties a fault can match on. */
export interface FaultTarget {
  kind: RequestKind;
  method: string;
  path: string;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];

  /**
   * Adds a fault after checking its shape.
   * @throws EmulatorError 400 naming the malformed property
   */
  add(input: unknown): void {
    const spec = checkFaultSpec(input);
    this.faults.push({ spec, remaining: spec.count ?? 1 });
  }

  /** Faults still active, with their remaining counts. */
  list(): Array<FaultSpec & { count: number }> {
    return this.faults.map((f) => ({ ...structuredClone(f.spec), count: f.remaining }));
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes the first fault matching `target`, counting one use, or returns undefined. */
  take(target: FaultTarget): FaultAction | undefined {
    const index = this.faults.findIndex((f) => matches(f.spec, target));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault.spec.action;
  }
}

function matches(spec: FaultSpec, t: FaultTarget): boolean {
  if (spec.kind !== undefined && spec.kind !== t.kind) return false;
  if (spec.method !== undefined && spec.method.toUpperCase() !== t.method.toUpperCase()) return false;
  if (spec.pathPrefix !== undefined && !t.path.startsWith(spec.pathPrefix)) return false;
  return true;
}

/** A short label of an action for the journal, e.g. `status:503`. */
export function faultLabel(action: FaultAction): string {
  switch (action.type) {
    case "status":
      return `status:${action.status}`;
    case "latency":
      return `latency:${action.ms}`;
    default:
      return action.type;
  }
}

function bad(message: string): EmulatorError {
  return EmulatorError.invalidArgument(`invalid fault: ${message}`);
}

/**
 * Checks the shape of a fault spec (it may come over HTTP from the control plane).
 * @throws EmulatorError 400
 */
export function checkFaultSpec(input: unknown): FaultSpec {
  if (!isObject(input)) throw bad("expected an object {kind?, method?, pathPrefix?, count?, action}");
  const { kind, method, pathPrefix, count, action } = input;
  if (kind !== undefined && !KINDS.includes(kind as RequestKind)) throw bad(`kind must be one of ${KINDS.join(", ")}`);
  if (method !== undefined && typeof method !== "string") throw bad("method must be a string");
  if (pathPrefix !== undefined && typeof pathPrefix !== "string") throw bad("pathPrefix must be a string");
  if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 1)) throw bad("count must be an integer of 1 or more");
  if (!isObject(action)) throw bad("action must be an object with a type: status, latency, reset or drop-after-commit");
  let checked: FaultAction;
  switch (action.type) {
    case "status": {
      const status = action.status;
      if (!(Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) {
        throw bad("action.status must be an HTTP status (100-599)");
      }
      if (action.retryAfter !== undefined && typeof action.retryAfter !== "string") {
        throw bad('action.retryAfter must be a string, e.g. "2" or an HTTP date');
      }
      checked = { type: "status", status: status as number };
      if (action.retryAfter !== undefined) checked.retryAfter = action.retryAfter;
      if ("body" in action) checked.body = structuredClone(action.body);
      break;
    }
    case "latency":
      if (!(typeof action.ms === "number" && action.ms >= 0 && Number.isFinite(action.ms)))
        throw bad("action.ms must be a number of milliseconds, 0 or more");
      checked = { type: "latency", ms: action.ms };
      break;
    case "reset":
    case "drop-after-commit":
      checked = { type: action.type };
      break;
    default:
      throw bad("action.type must be status, latency, reset or drop-after-commit");
  }
  const spec: FaultSpec = { action: checked };
  if (kind !== undefined) spec.kind = kind as RequestKind;
  if (method !== undefined) spec.method = method;
  if (pathPrefix !== undefined) spec.pathPrefix = pathPrefix;
  if (count !== undefined) spec.count = count as number;
  return spec;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
