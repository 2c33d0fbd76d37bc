/**
 * The resource's state, in Pulumi's terms: what `CustomProvider` stores as outputs and inputs, and how
 * both are turned back into a wire payload for comparison. The camelCase/snake_case mapping itself is the
 * schema's (`argsToWire` / `wireToArgs`); this module only decides which keys are the resource's own.
 */
import { argsToWire, payloadPart, wireToArgs } from "../schema";
import type { ServerProvider } from "../client";

/** Inputs of `CustomProvider` that are not part of the Scalekit payload. */
const RESOURCE_ONLY_INPUTS: readonly string[] = ["adopt", "__provider"];

/** Outputs that name the provider on the server rather than describe it. */
const IDENTITY_OUTPUTS: readonly string[] = ["identifier", "providerId"];

export type Props = Record<string, unknown>;

/**
 * The outputs stored for a provider: `identifier` (also the resource ID), the server's `id` as
 * `providerId`, and every other field as the server returned it, in camelCase.
 */
export function outputsFromServer(provider: ServerProvider): Props {
  const { id, identifier, ...rest } = provider as Props;
  return { ...wireToArgs(rest), identifier, providerId: id };
}

/**
 * The inputs that reproduce the server's current state: what `read` returns so that `pulumi refresh`
 * records drift as a change of inputs, not as a bogus diff. Only payload properties: server-only fields
 * are not inputs.
 */
export function inputsFromServer(provider: ServerProvider): Props {
  return wireToArgs(payloadPart(provider)) as Props;
}

/** The payload part of a set of inputs or outputs, still in camelCase. */
export function payloadArgs(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([k]) => !RESOURCE_ONLY_INPUTS.includes(k) && !IDENTITY_OUTPUTS.includes(k)));
}

/** Outputs (or inputs) as a wire-shaped object, for normalization and comparison. */
export function wireFromProps(props: Props): Props {
  return argsToWire(payloadArgs(props));
}

/**
 * The identifier to address the provider with: the one Scalekit returned last (in the outputs), which
 * may differ from the resource ID after an update, else the resource ID.
 */
export function currentIdentifier(id: string, props: Props): string {
  return typeof props.identifier === "string" && props.identifier ? props.identifier : id;
}
