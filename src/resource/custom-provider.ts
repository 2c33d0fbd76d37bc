import * as pulumi from "@pulumi/pulumi";
import { PayloadValidationError, ProviderArgsShape, validatePayload, wireToArgs } from "../schema";
import { providerStub } from "./provider-stub";

/**
 * One stub for every CustomProvider: Pulumi serializes a provider object once and reuses the text, and
 * identical `__provider` strings share one provider instance (one token, one listing) in the host.
 */
const PROVIDER = providerStub();

/** Every level of a value may be a `pulumi.Input`, as Pulumi users expect of resource args. */
type DeepInput<T> = T extends readonly (infer U)[]
  ? pulumi.Input<DeepInput<U>[]>
  : T extends object
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/**
 * The arguments of a `CustomProvider`: the payload of Scalekit's custom-providers API in camelCase
 * (derived from the payload schema), each property accepting `pulumi.Input`s. Keys of
 * `authFieldMutations` (`api_key`, `token`, …) and of `metadata` are data and are written as Scalekit
 * spells them.
 */
export type CustomProviderArgs = {
  // `as` keeps the mapping homomorphic, so optional payload properties stay optional.
  [K in keyof ProviderArgsShape as Exclude<K, "proxyEnabled">]: DeepInput<ProviderArgsShape[K]>;
} & {
  /** Must be true (tool calling only works through Scalekit's proxy). @default true */
  proxyEnabled?: pulumi.Input<boolean>;
  /**
   * Take over an existing provider with the same display name instead of failing, and bring it to this
   * definition. Pulumi's `import` option does not work for dynamic resources; this does. @default false
   */
  adopt?: pulumi.Input<boolean>;
};

/**
 * A Scalekit custom provider (a "connector" in Scalekit's docs), managed by Pulumi: `pulumi preview`
 * shows changes, `pulumi up` creates or updates it in place (it is never replaced, since connections refer
 * to it), `pulumi refresh` reads drift made in the Dashboard, and `pulumi destroy` deletes it.
 * Credentials come from stack config (`scalekit:environmentUrl`, `scalekit:clientId`,
 * `scalekit:clientSecret`) or the `SCALEKIT_*` environment variables, never from the resource.
 */
export class CustomProvider extends pulumi.dynamic.Resource {
  /** Scalekit's identifier of the provider (opaque, e.g. `MYASANA:48213`); also the resource ID. */
  declare readonly identifier: pulumi.Output<string>;
  /** The server's `id` of the provider. */
  declare readonly providerId: pulumi.Output<string>;
  declare readonly displayName: pulumi.Output<string>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly authPatterns: pulumi.Output<ProviderArgsShape["authPatterns"]>;
  declare readonly proxyUrl: pulumi.Output<string>;
  declare readonly proxyEnabled: pulumi.Output<boolean>;
  declare readonly iconSrc: pulumi.Output<string | undefined>;
  declare readonly metadata: pulumi.Output<Record<string, string> | undefined>;
  /** Server-only fields, as Scalekit returns them. */
  declare readonly categories: pulumi.Output<unknown[] | undefined>;
  declare readonly displayPriority: pulumi.Output<number | undefined>;
  declare readonly comingSoon: pulumi.Output<boolean | undefined>;
  declare readonly isCustom: pulumi.Output<boolean | undefined>;
  declare readonly isCustomMcp: pulumi.Output<boolean | undefined>;

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
      "scalekit",
      "CustomProvider",
    );
  }
}

/**
 * Turns a documented snake_case payload (as pasted from Scalekit's docs or read from a definition file)
 * into `CustomProvider` args.
 * @throws PayloadValidationError naming each failing property in the payload's own snake_case terms.
 */
export function fromPayload(json: unknown): CustomProviderArgs {
  const result = validatePayload(json, "wire");
  if (!result.ok) {
    throw new PayloadValidationError(result.issues);
  }
  return wireToArgs(json as Record<string, unknown>) as CustomProviderArgs;
}
