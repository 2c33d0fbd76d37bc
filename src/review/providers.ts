/**
 * The providers of one preview: its steps on CustomProvider resources (the dynamic resource's type and the
 * plugin's, given by the caller), each with what Pulumi plans for it (create, adopt, update, replace, delete)
 * and the definition before and after in the wire naming, ready for the schema part's comparison.
 */
import { argsToWire, isRecord } from "../schema";
import type { Preview, PreviewStep } from "./preview-json";
import { concealed } from "./secrets";

/** What `pulumi up` would do to a provider. `adopt` is a create that takes over a provider of the same display name. */
export type Operation = "create" | "adopt" | "update" | "replace" | "delete" | "unchanged" | "other";

/** The operations in the order a summary counts them. */
export const OPERATIONS: readonly Operation[] = ["create", "adopt", "update", "replace", "delete", "unchanged", "other"];

export interface ProviderEntry {
  readonly urn: string;
  /** The resource's logical name (the last part of its URN): the definition's file name in this repository. */
  readonly name: string;
  readonly operation: Operation;
  /** Pulumi's own step names behind the operation (`replace`, `create-replacement`, …). */
  readonly steps: readonly string[];
  readonly displayName?: string;
  /** The Scalekit identifier the provider has now (none before a create). */
  readonly identifier?: string;
  /** The definition in the state (the last outputs Scalekit returned, else the last inputs), wire naming. */
  readonly before?: Record<string, unknown>;
  /** The definition the program declares now, wire naming. */
  readonly after?: Record<string, unknown>;
  /** The top-level properties Pulumi names as changed or forcing a replacement. */
  readonly reasons: readonly string[];
}

/** Pulumi's step names that make up a replacement (which of them a preview shows depends on the version). */
const REPLACE_STEPS = new Set(["replace", "create-replacement", "delete-replaced"]);

/** The provider steps of `preview`, one entry per resource, in the preview's order. */
export function providerEntries(preview: Preview, providerTypes: readonly string[]): ProviderEntry[] {
  const byUrn = new Map<string, PreviewStep[]>();
  for (const step of preview.steps) {
    if (!providerTypes.includes(typeOf(step))) continue;
    byUrn.set(step.urn, [...(byUrn.get(step.urn) ?? []), step]);
  }
  return [...byUrn.entries()].map(([urn, steps]) => entryOf(urn, steps));
}

function entryOf(urn: string, steps: readonly PreviewStep[]): ProviderEntry {
  const ops = steps.map((s) => s.op);
  const oldState = steps.find((s) => s.oldState)?.oldState ?? undefined;
  const newState = steps.find((s) => s.newState)?.newState ?? undefined;
  const before = oldState
    ? wireOf(oldState.outputs && Object.keys(oldState.outputs).length > 0 ? oldState.outputs : oldState.inputs)
    : undefined;
  const after = newState && !ops.includes("delete") ? wireOf(newState.inputs) : undefined;
  const identifier = stringOf(oldState?.outputs?.identifier) ?? stringOf(oldState?.id);
  const displayName = stringOf(after?.display_name) ?? stringOf(before?.display_name);
  const reasons = [...new Set(steps.flatMap((s) => [...(s.replaceReasons ?? []), ...(s.diffReasons ?? [])]))];
  return {
    urn,
    name: urn.slice(urn.lastIndexOf("::") + 2),
    operation: operationOf(ops, newState?.inputs?.adopt === true),
    steps: ops,
    ...(displayName !== undefined ? { displayName } : {}),
    ...(identifier !== undefined ? { identifier } : {}),
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
    reasons,
  };
}

function operationOf(ops: readonly string[], adopt: boolean): Operation {
  if (ops.some((op) => REPLACE_STEPS.has(op))) return "replace";
  if (ops.includes("create")) return adopt ? "adopt" : "create";
  if (ops.includes("update")) return "update";
  if (ops.includes("delete")) return "delete";
  if (ops.includes("same")) return "unchanged";
  return "other";
}

/** The resource type of a step: from its state, else from its URN (`urn:pulumi:stack::project::type::name`). */
function typeOf(step: PreviewStep): string {
  const stated = step.newState?.type ?? step.oldState?.type;
  if (stated) return stated;
  const parts = step.urn.split("::");
  const qualified = parts.length >= 4 ? parts[parts.length - 2] : "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** Inputs or outputs (camelCase) as a wire payload, with Pulumi's secret envelopes concealed. */
function wireOf(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!props) return undefined;
  const wire = argsToWire(concealed(props));
  return isRecord(wire) ? wire : undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
