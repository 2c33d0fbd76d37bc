import * as pulumi from "@pulumi/pulumi";
import { PayloadValidationError, payloadOfDocument, validatePayload, wireToArgs } from "../schema";
import type { CustomProviderArgs, CustomProviderOutputs } from "./args";
import { providerStub } from "./provider-stub";
import { DYNAMIC_MODULE, DYNAMIC_TYPE_NAME } from "./resource-type";

export type { CustomProviderArgs, CustomProviderOutputs } from "./args";

/**
 * One stub for every CustomProvider: Pulumi serializes a provider object once and reuses the text, and
 * identical `__provider` strings share one provider instance (one token, one listing) in the host.
 */
const PROVIDER = providerStub();

/**
 * A Scalekit custom provider (a "connector" in Scalekit's docs), managed by Pulumi: `pulumi preview`
 * shows changes, `pulumi up` creates or updates it in place (connections refer to it; only a change of an
 * auth pattern's `type` or `isMcp`, which Scalekit cannot make in place, replaces it, with a warning),
 * `pulumi refresh` reads drift made in the Dashboard, and `pulumi destroy` deletes it.
 * Credentials come from stack config (`scalekit:environmentUrl`, `scalekit:clientId`,
 * `scalekit:clientSecret`) or the `SCALEKIT_*` environment variables, never from the resource.
 */
export class CustomProvider extends pulumi.dynamic.Resource {
  /** Scalekit's identifier of the provider (opaque, e.g. `MYASANA:48213`); also the resource ID. */
  declare readonly identifier: pulumi.Output<CustomProviderOutputs["identifier"]>;
  /** The server's `id` of the provider. */
  declare readonly providerId: pulumi.Output<CustomProviderOutputs["providerId"]>;
  declare readonly displayName: pulumi.Output<CustomProviderOutputs["displayName"]>;
  declare readonly description: pulumi.Output<CustomProviderOutputs["description"]>;
  declare readonly authPatterns: pulumi.Output<CustomProviderOutputs["authPatterns"]>;
  declare readonly proxyUrl: pulumi.Output<CustomProviderOutputs["proxyUrl"]>;
  declare readonly proxyEnabled: pulumi.Output<CustomProviderOutputs["proxyEnabled"]>;
  declare readonly iconSrc: pulumi.Output<CustomProviderOutputs["iconSrc"]>;
  declare readonly metadata: pulumi.Output<CustomProviderOutputs["metadata"]>;
  /** Server-only fields, as Scalekit returns them. */
  declare readonly categories: pulumi.Output<CustomProviderOutputs["categories"]>;
  declare readonly displayPriority: pulumi.Output<CustomProviderOutputs["displayPriority"]>;
  declare readonly comingSoon: pulumi.Output<CustomProviderOutputs["comingSoon"]>;
  declare readonly isCustom: pulumi.Output<CustomProviderOutputs["isCustom"]>;
  declare readonly isCustomMcp: pulumi.Output<CustomProviderOutputs["isCustomMcp"]>;

  constructor(name: string, args: CustomProviderArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      PROVIDER,
      name,
      {
        ...args,
        proxyEnabled: args.proxyEnabled ?? true,
        identifier: undefined,
        providerId: undefined,
        categories: undefined,
        displayPriority: undefined,
        comingSoon: undefined,
        isCustom: undefined,
        isCustomMcp: undefined,
      },
      opts,
      DYNAMIC_MODULE,
      DYNAMIC_TYPE_NAME,
    );
  }
}

/**
 * Turns a documented snake_case payload (as pasted from Scalekit's docs or read from a definition file)
 * into `CustomProvider` args. A top-level `$schema` (a definition file's pointer for editors) is set aside.
 * @throws PayloadValidationError naming each failing property in the payload's own snake_case terms.
 */
export function fromPayload(json: unknown): CustomProviderArgs {
  const result = validatePayload(payloadOfDocument(json), "wire");
  if (!result.ok) {
    throw new PayloadValidationError(result.issues);
  }
  return wireToArgs(result.payload);
}
