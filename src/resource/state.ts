/**
 * The resource's state, in Pulumi's terms: what `CustomProvider` stores as outputs and inputs, and how
 * both are turned back into a wire payload for comparison. The camelCase/snake_case mapping itself is the
 * schema's (`argsToWire` / `wireToArgs`); this module only decides which keys are the resource's own.
 */
import { payloadPart, shapedLike } from "../comparison";
import { argsToWire, PAYLOAD_STRUCTURE, wireToArgs } from "../schema";
import type { ServerProvider } from "../client";

/** Inputs of `CustomProvider` that are not part of the Scalekit payload. */
const RESOURCE_ONLY_INPUTS: readonly string[] = ["adopt", "__provider"];

/** Outputs that name the provider on the server rather than describe it. */
const IDENTITY_OUTPUTS: readonly string[] = ["identifier", "providerId"];

export type Props = Record<string, unknown>;

/** The payload's top-level properties, in camelCase. */
const PAYLOAD_OUTPUTS: readonly string[] = PAYLOAD_STRUCTURE.kind === "object" ? PAYLOAD_STRUCTURE.properties.map((p) => p.args) : [];

/**
 * The outputs stored for a provider: `identifier` (also the resource ID), the server's `id` as `providerId`, the
 * server-only fields as the server returned them, and the definition as the server holds it, written the way
 * `written` (the inputs of create or update, or the outputs a read starts from) writes it: a property the server
 * holds empty (`accountFields: []`, `required: false`) is left out when the program leaves it out. `adopt` is
 * kept from `written`, so that a read can return the inputs the program declared.
 */
export function outputsFromServer(provider: ServerProvider, written: Props): Props {
  const { id, identifier, ...rest } = provider as Props;
  const serverOnly = Object.fromEntries(Object.entries(wireToArgs(rest)).filter(([key]) => !PAYLOAD_OUTPUTS.includes(key)));
  return { ...serverOnly, ...inputsFromServer(provider, written), identifier, providerId: id };
}

/**
 * The inputs that reproduce the server's current state, in the shape of `written` (see outputsFromServer): what
 * `read` returns, so that after `pulumi refresh` the engine, which shows a change by comparing the stored inputs
 * with the program's, shows only what really differs. Payload properties and `adopt`: server-only fields are not
 * inputs.
 */
export function inputsFromServer(provider: ServerProvider, written: Props): Props {
  const inputs = wireToArgs(shapedLike(payloadPart(provider), wireFromProps(written))) as Props;
  return written.adopt === true ? { ...inputs, adopt: true } : inputs;
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
