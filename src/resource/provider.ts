/**
 * The dynamic provider behind `CustomProvider`: Pulumi's provider host loads it through the stub in
 * `__provider` (see provider-stub.ts) and calls the methods below, once per resource and operation.
 * One instance serves every resource of a host process, so they share one client: one token, one
 * listing in flight, one throttle.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ConflictError, InUseError, NotFoundError, ScalekitClient, ServerProvider } from "../client";
import { authIdentityChanges, payloadsEqual, touchesConnections } from "../comparison";
import {
  findUnknownPaths,
  PayloadValidationError,
  ProviderPayload,
  validateArgs,
  MAX_REPORTED_ISSUES,
  renderGoProperty,
  renderProperty,
} from "../schema";
import { inert, inertText } from "../text";
import { reportedToEngine } from "./engine-errors";
import { UNKNOWN_VALUE } from "./pulumi-sentinels";
import { AdoptionAuthTypeError, ProviderExistsError, ProviderGoneError, ProviderInUseError } from "./errors";
import { isNewResource, LiveReview } from "./live-review";
import { ConnectionSettings, readLiveReview, readSettings } from "./settings";
import { currentIdentifier, inputsFromServer, outputsFromServer, payloadArgs, Props, wireFromProps } from "./state";

/** A Check failure, with its property as the Python and Go SDKs spell it when it is one of the payload's. */
export interface SpelledCheckFailure extends pulumi.dynamic.CheckFailure {
  /** The property in the wire naming (snake_case), as the Python SDK spells it. */
  readonly wireProperty?: string;
  /** The property as the Go SDK spells it (exported fields). */
  readonly goProperty?: string;
}

/**
 * Builds the provider; the stub calls this once per host process and `__provider` string. Every method's
 * failure reaches the engine through engine-errors.ts: rendered inert, and an expected one as its message alone.
 */
export function createResourceProvider(): pulumi.dynamic.ResourceProvider {
  const provider = new ScalekitResourceProvider();
  return {
    configure: (req: pulumi.dynamic.ConfigureRequest) => reportedToEngine(() => provider.configure(req)),
    check: (olds: Props, news: Props) => reportedToEngine(() => provider.check(olds, news)),
    diff: (id: string, olds: Props, news: Props) => reportedToEngine(() => provider.diff(id, olds, news)),
    create: (inputs: Props) => reportedToEngine(() => provider.create(inputs)),
    read: (id: string, props?: Props) => reportedToEngine(() => provider.read(id, props)),
    update: (id: string, olds: Props, news: Props) => reportedToEngine(() => provider.update(id, olds, news)),
    delete: (id: string, props: Props) => reportedToEngine(() => provider.delete(id, props)),
  };
}

/**
 * A warning in Pulumi's log, loaded when first needed: the dynamic-provider host has loaded it already, and the
 * native plugin, which passes its own sink, does not pay for loading the Pulumi SDK (pulumi-sentinels.ts).
 */
function pulumiWarning(message: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  void (require("@pulumi/pulumi/log") as typeof import("@pulumi/pulumi/log")).warn(message);
}

/** Where warnings go: Pulumi's log, which the provider host prints and `pulumi` shows in its Diagnostics. */
export type WarningSink = (message: string) => void;

export class ScalekitResourceProvider implements pulumi.dynamic.ResourceProvider {
  private settings?: ConnectionSettings;
  private settingsError?: Error;
  private apiClient?: ScalekitClient;
  private liveReview?: LiveReview;

  constructor(private readonly warn: WarningSink = (m) => pulumiWarning(inertText(m))) {}

  /**
   * Reads the connection settings from the stack config, falling back to the environment.
   * @throws ConfigurationError naming the config key and the variable of each missing or invalid setting.
   */
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    try {
      const config = (key: string) => req.config.get(key);
      this.settings = readSettings(config, process.env);
      this.liveReview = new LiveReview(this.settings, readLiveReview(config, process.env), this.warn);
    } catch (err) {
      this.settingsError = err as Error;
      throw err;
    }
  }

  /**
   * Validates the inputs with the payload schema, without calling the API. Failures name the property
   * in camelCase and the fix. Values unknown during preview are let through. `proxyEnabled` defaults to true.
   * For a new resource whose inputs pass, the live review warns when its display name is taken.
   */
  async check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> {
    const { inputs, failures } = await this.checkInEverySpelling(olds, news);
    return { inputs, failures: failures.map(({ property, reason }) => ({ property, reason })) };
  }

  /**
   * `check`, each failure about a payload property also naming it as the Python and Go SDKs spell it: the plugin
   * gives those spellings to the programs written in them.
   */
  async checkInEverySpelling(olds: Props, news: Props): Promise<{ inputs: Props; failures: SpelledCheckFailure[] }> {
    const inputs: Props = { ...news, proxyEnabled: news.proxyEnabled ?? true };
    const failures: SpelledCheckFailure[] = [];
    if (inputs.adopt !== undefined && inputs.adopt !== UNKNOWN_VALUE && typeof inputs.adopt !== "boolean") {
      failures.push({
        property: "adopt",
        reason: "must be true or false: true takes over an existing provider with the same displayName",
        goProperty: "Adopt",
      });
    }
    const result = validateArgs(payloadArgs(inputs), { unknownSentinel: UNKNOWN_VALUE });
    if (!result.ok) {
      failures.push(
        ...result.issues.slice(0, MAX_REPORTED_ISSUES).map((i) => ({
          property: i.property,
          reason: i.message,
          wireProperty: renderProperty(i.path, "wire"),
          goProperty: renderGoProperty(i.path),
        })),
      );
      const more = result.issues.length - MAX_REPORTED_ISSUES;
      if (more > 0) failures.push({ property: "", reason: `… and ${more} more issues: fix these first, then run again` });
    }
    if (failures.length === 0 && isNewResource(olds)) await this.liveReview?.ofCreate(inputs);
    return { inputs, failures };
  }

  /**
   * Compares the desired definition with the last known server state (the outputs), after normalizing
   * what the server adds; the plan never depends on the environment. The live review (live-review.ts) then reads
   * the environment, once per run, to warn about a Dashboard edit the plan would overwrite or a provider that is
   * gone. A change is an in-place update, a display-name change
   * included, except a change of an auth pattern's `type` or `isMcp`, which Scalekit cannot make in place:
   * that is a replacement, deleting first (the new provider takes the same display name), and it warns
   * that the provider gets a new identifier and that its connections must be re-created. Pulumi refuses
   * the replacement of a protected resource. Also warns when a change does not reach existing connections.
   */
  async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
    const plan = this.plan(id, olds, news);
    await this.liveReview?.ofExisting(id, olds, news, plan);
    return plan;
  }

  private plan(id: string, olds: Props, news: Props): pulumi.dynamic.DiffResult {
    const desired = wireFromProps(news);
    const current = wireFromProps(olds);
    const identityChanges = authIdentityChanges(current, desired).filter((c) => c.after !== UNKNOWN_VALUE);
    if (identityChanges.length > 0) {
      const what = identityChanges.map((c) => `${c.property} from ${inert(c.before)} to ${inert(c.after)}`).join(" and ");
      this.warn(
        `CustomProvider "${inert(String(desired.display_name))}" (${inert(currentIdentifier(id, olds))}) will be replaced: Scalekit cannot change ` +
          `${what} in place, so it is deleted, then created again. The new provider gets a new identifier, and the ` +
          `connections and connected accounts that used the old one are lost: re-create them in the Scalekit Dashboard. ` +
          `A protected provider (scalekit:protect, Production) is not replaced: Pulumi refuses.`,
      );
      // The engine knows top-level properties; the warning names the exact path.
      return { changes: true, replaces: ["authPatterns"], deleteBeforeReplace: true };
    }
    if (findUnknownPaths(desired, UNKNOWN_VALUE).length > 0) {
      return { changes: true, replaces: [], deleteBeforeReplace: false };
    }
    const changes = !payloadsEqual(current, desired);
    if (changes) {
      const touched = touchesConnections(current, desired);
      if (touched.length > 0) {
        this.warn(
          `CustomProvider "${inert(String(desired.display_name))}" (${inert(currentIdentifier(id, olds))}): this change touches ${touched.join(", ")}. ` +
            `Existing connections do not pick it up: they may need to be re-created, and connected accounts ` +
            `re-authorized, in the Scalekit Dashboard.`,
        );
      }
    }
    return { changes, replaces: [], deleteBeforeReplace: false };
  }

  /**
   * Creates the provider with exactly the declared payload. A provider with the same display name is an
   * error naming it, unless `adopt` is true: then it is taken over and brought to the definition (no
   * write when it already matches; an AdoptionAuthTypeError, before any write, when its auth type differs). The client guarantees that a create whose response was lost is not
   * repeated into a duplicate.
   * @throws ProviderExistsError, AdoptionAuthTypeError, PayloadValidationError, or the client's errors.
   */
  async create(inputs: Props): Promise<pulumi.dynamic.CreateResult> {
    const payload = toPayload(inputs);
    const client = this.client();
    this.liveReview?.wrote(payload.display_name);
    const adopt = inputs.adopt === true;
    const existing = adopt ? await client.findByDisplayName(payload.display_name) : undefined;
    const provider = existing ? await this.bringTo(existing, payload) : await this.createOrAdopt(payload, adopt);
    this.liveReview?.wrote(provider.identifier);
    return { id: provider.identifier, outs: outputsFromServer(provider, inputs) };
  }

  /**
   * Returns the provider's current state and the inputs that reproduce it, found by identifier (or by
   * the server id if the identifier changed); a blank id when it was deleted outside Pulumi. Works with
   * the stored outputs or, when there are none, the inputs alone.
   */
  async read(id: string, props: Props = {}): Promise<pulumi.dynamic.ReadResult> {
    const identifier = currentIdentifier(id, props);
    const providerId = typeof props.providerId === "string" ? props.providerId : undefined;
    this.liveReview?.refreshing();
    // A hit comes from the shared listing; "gone" only from a listing that started after this read (the
    // client's rule), so a provider made by another client a moment ago is never dropped from the state.
    const client = this.client();
    const found = identifier
      ? await client.findByIdentifier(identifier, { providerId })
      : providerId
        ? await client.findByServerId(providerId)
        : undefined;
    if (!found) {
      return { id: "", props: {} };
    }
    return { id: found.identifier, props: outputsFromServer(found, props), inputs: inputsFromServer(found, props) };
  }

  /**
   * Replaces the provider's definition (full PUT by identifier) and returns the full new state,
   * including the identifier the server now reports, which later calls use.
   * @throws ProviderGoneError when the provider was deleted outside Pulumi.
   */
  async update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> {
    const identifier = currentIdentifier(id, olds);
    this.liveReview?.wrote(identifier, id, news.displayName);
    try {
      const updated = await this.client().updateProvider(identifier, toPayload(news));
      return { outs: outputsFromServer(updated, news) };
    } catch (err) {
      if (err instanceof NotFoundError) {
        throw new ProviderGoneError(identifier);
      }
      throw err;
    }
  }

  /**
   * Deletes the provider by identifier. Already gone counts as deleted.
   * @throws ProviderInUseError while connections or connected accounts use it; nothing is lost.
   */
  async delete(id: string, props: Props): Promise<void> {
    const identifier = currentIdentifier(id, props);
    this.liveReview?.wrote(identifier, id, props.displayName);
    try {
      await this.client().deleteProvider(identifier, {
        displayName: typeof props.displayName === "string" ? props.displayName : undefined,
      });
    } catch (err) {
      if (err instanceof NotFoundError) {
        return;
      }
      if (err instanceof InUseError) {
        throw new ProviderInUseError(identifier, err.serverMessage ?? err.message);
      }
      throw err;
    }
  }

  /**
   * Creates the provider; on a 409 (the name is taken) adopts the holder when `adopt` is set, which covers
   * a provider made between the adoption lookup and the create, and otherwise names it in the error.
   */
  private async createOrAdopt(payload: ProviderPayload, adopt: boolean): Promise<ServerProvider> {
    try {
      return await this.client().createProvider(payload);
    } catch (err) {
      if (!(err instanceof ConflictError)) {
        throw err;
      }
      const holder = adopt ? await this.client().findByDisplayName(payload.display_name, { fresh: true }) : undefined;
      if (holder) {
        return this.bringTo(holder, payload);
      }
      throw new ProviderExistsError(payload.display_name, err.existingIdentifier);
    }
  }

  /**
   * Updates an existing provider to `payload`, unless it already matches.
   * @throws AdoptionAuthTypeError, before any write, when its auth type or MCP flag differs from the payload's.
   */
  private async bringTo(existing: ServerProvider, payload: ProviderPayload): Promise<ServerProvider> {
    const identityChanges = authIdentityChanges(existing, payload);
    if (identityChanges.length > 0) throw new AdoptionAuthTypeError(payload.display_name, existing.identifier, identityChanges);
    return payloadsEqual(existing, payload) ? existing : this.client().updateProvider(existing.identifier, payload);
  }

  private client(): ScalekitClient {
    if (!this.apiClient) {
      if (!this.settings) {
        throw this.settingsError ?? new Error("the Scalekit provider was used before Pulumi configured it");
      }
      this.apiClient = new ScalekitClient(this.settings);
    }
    return this.apiClient;
  }
}

/**
 * The wire payload of a set of checked inputs.
 * @throws PayloadValidationError if they do not validate (check normally stops them first).
 */
function toPayload(inputs: Props): ProviderPayload {
  const result = validateArgs(payloadArgs(inputs));
  if (!result.ok || !result.payload) {
    throw new PayloadValidationError(result.ok ? [] : result.issues);
  }
  return result.payload;
}
