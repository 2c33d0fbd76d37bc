/**
 * The resource's state, in Pulumi's terms: what `CustomProvider` stores as outputs and inputs, and how
 * both are turned back into a wire payload for comparison. The camelCase/snake_case mapping itself is the
 * schema's (`argsToWire` / `wireToArgs`); this module only decides which keys are the resource's own.
 */
import { argsToWire, payloadPart, wireToArgs } from "../schema";
import type { ServerProvider } from "../client";

/** Inputs of `CustomProvider` that are not part of the Scalekit payload. */
export const RESOURCE_ONLY_INPUTS = ["adopt", "__provider"] as const;

/** Outputs that name the provider on the server rather than describe it. */
export const IDENTITY_OUTPUTS = ["identifier", "providerId"] as const;

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
 * records drift as a change of inputs, not as a bogus diff. Keeps the resource's own `adopt`.
 */
export function inputsFromServer(provider: ServerProvider, previous: Props): Props {
    const inputs = wireToArgs(payloadPart(provider)) as Props;
    if (previous.adopt !== undefined) {
        inputs.adopt = previous.adopt;
    }
    return inputs;
}

/** The payload part of a set of inputs or outputs, still in camelCase. */
export function payloadArgs(props: Props): Props {
    const args: Props = {};
    for (const [k, v] of Object.entries(props)) {
        if (!(RESOURCE_ONLY_INPUTS as readonly string[]).includes(k) && !(IDENTITY_OUTPUTS as readonly string[]).includes(k)) {
            args[k] = v;
        }
    }
    return args;
}

/** Outputs (or inputs) as a wire-shaped object, for normalization and comparison. */
export function wireFromProps(props: Props): Props {
    return argsToWire(payloadArgs(props)) as Props;
}
