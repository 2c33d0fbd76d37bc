/**
 * Previews built in code for the review's unit tests: the shape `pulumi preview --json` writes (as the real-CLI
 * tier records it, test/pulumi/review.e2e.ts), small and edited for one edge case at a time.
 */
import { wireToArgs } from "../../src/schema";
import { examples, copy } from "../cli/helpers";

export const DYNAMIC_TYPE = "pulumi-nodejs:dynamic/scalekit:CustomProvider";
export const PLUGIN_TYPE = "scalekit:index:CustomProvider";
export const PROVIDER_TYPES = [DYNAMIC_TYPE, PLUGIN_TYPE];

export const EXAMPLES = examples();

/** A provider's inputs (camelCase, as Pulumi holds them) from a documented example, edited by `edit`. */
export function inputs(example: string, edit: (payload: Record<string, any>) => void = () => undefined): Record<string, unknown> {
  const payload = copy(EXAMPLES[example]);
  edit(payload);
  return { __provider: "exports.handler = …", ...wireToArgs(payload) };
}

function urnOf(name: string, type = DYNAMIC_TYPE): string {
  return `urn:pulumi:dev::scalekit-providers::${type}::${name}`;
}

/** The outputs Scalekit returned for these inputs: the inputs plus the server's fields. */
function outputsOf(props: Record<string, unknown>, identifier: string): Record<string, unknown> {
  return { ...props, identifier, providerId: `prv_${identifier.length}`, categories: [], isCustom: true };
}

export interface StepOptions {
  type?: string;
  identifier?: string;
}

export function createStep(name: string, news: Record<string, unknown>, options: StepOptions = {}) {
  const type = options.type ?? DYNAMIC_TYPE;
  return { op: "create", urn: urnOf(name, type), newState: { type, inputs: news } };
}

export function changeStep(
  op: "update" | "replace" | "same",
  name: string,
  olds: Record<string, unknown>,
  news: Record<string, unknown>,
  options: StepOptions = {},
) {
  const type = options.type ?? DYNAMIC_TYPE;
  const identifier = options.identifier ?? `${name.toUpperCase()}:17919`;
  return {
    op,
    urn: urnOf(name, type),
    oldState: { type, id: identifier, inputs: olds, outputs: outputsOf(olds, identifier) },
    newState: { type, inputs: news },
    ...(op === "replace" ? { replaceReasons: ["authPatterns"] } : {}),
  };
}

export function deleteStep(name: string, olds: Record<string, unknown>, options: StepOptions = {}) {
  const type = options.type ?? DYNAMIC_TYPE;
  const identifier = options.identifier ?? `${name.toUpperCase()}:17919`;
  return { op: "delete", urn: urnOf(name, type), oldState: { type, id: identifier, inputs: olds, outputs: outputsOf(olds, identifier) } };
}

/** The stack resource every preview holds. */
export const STACK_STEP = {
  op: "same",
  urn: "urn:pulumi:dev::scalekit-providers::pulumi:pulumi:Stack::scalekit-providers-dev",
  oldState: { type: "pulumi:pulumi:Stack" },
  newState: { type: "pulumi:pulumi:Stack" },
};

/** A warning as the dynamic resource's provider host writes it (no URN) or as the plugin does (with one). */
export function warning(message: string, urn?: string) {
  return urn
    ? { urn, message: `warning: ${message}\n`, severity: "warning" }
    : { message: `warning: [runtime] ${message}\n\n`, severity: "info#err" };
}

export function previewJson(steps: unknown[], diagnostics: unknown[] = [], config: Record<string, unknown> = {}) {
  return {
    config: { "scalekit:clientId": "skc_local_demo", "scalekit:clientSecret": "[secret]", ...config },
    steps: [STACK_STEP, ...steps],
    diagnostics,
    duration: 1,
    changeSummary: {},
  };
}
