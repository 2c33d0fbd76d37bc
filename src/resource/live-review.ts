/**
 * The live review: while Pulumi plans (Check and Diff), compare the plan with the environment as it is now and
 * warn about what the saved state cannot show: a Dashboard edit that `up` would overwrite, a create whose display
 * name is taken, a provider deleted outside Pulumi. It never changes the plan and never writes.
 *
 * Cost: the environment is read once per configured provider (one token, one listing walk), shared by every
 * resource; concurrent callers share the walk in flight. The engine configures the provider once per run and host
 * process (the dynamic-provider host and the plugin alike), so that is once per run and connection settings.
 * Pulumi tells a provider nothing about preview versus apply in Check and Diff, so the review runs in both of `up`'s
 * passes (each its own process): its warnings show in the preview part and again in the update part. Within a
 * process, a provider this process has written since is left out: the walk no longer describes it. A process that
 * has read a provider (`refresh`, whose Diff compares the state with what it just read; `up --refresh`; an import)
 * has the live values already: the review stays silent there and reads nothing.
 */
import { ScalekitClient, type ListedProvider } from "../client";
import { diffPayloads, type PayloadChange } from "../comparison";
import { liveFindingMessage, type LiveFieldChange, type LiveFinding } from "../review";
import { UNKNOWN_VALUE } from "./pulumi-sentinels";
import { LIVE_REVIEW_SETTING, type ConnectionSettings } from "./settings";
import { currentIdentifier, payloadArgs, wireFromProps, type Props } from "./state";

/**
 * What the review may cost a preview when the environment answers badly. The review only advises, so a preview
 * must not stall on it: each attempt gets 10 s, one retry, and a rate limit (429) is waited out for 10 s at most
 * (not the 5 minutes a write may wait); the whole read, token and every page, gets 20 s. Past that, the preview
 * goes on with one `unreachable` warning.
 */
export const LIVE_REVIEW_BUDGET = { attemptMs: 10_000, maxRetries: 1, retryMaxDelayMs: 2_000, rateLimitWaitMs: 10_000, totalMs: 20_000 };

/** The plan Diff answered for a resource, as the review reads it. */
export interface PlannedChange {
  readonly changes?: boolean;
  readonly replaces?: readonly string[];
}

/** The environment as one read found it, shared by every resource of the run. */
interface EnvironmentRead {
  readonly providers: Promise<readonly ListedProvider[] | { readonly failure: string }>;
  unreachableWarned: boolean;
  /** Identifiers and display names this process has written since the read: the read no longer describes them. */
  readonly written: Set<string>;
}

/** The adopt setting that resolves a taken display name, in both of its spellings. */
const ADOPT_SETTING =
  "`adopt: true` on this resource (for this repository's definitions program: `pulumi config set scalekit:adopt true`), " +
  "then `pulumi up` takes the existing provider over and brings it to the definition; or choose another displayName";

const DISABLE_SETTING = `\`${LIVE_REVIEW_SETTING.configKey} false\` (or ${LIVE_REVIEW_SETTING.envVar}=false)`;

export class LiveReview {
  private read?: EnvironmentRead;
  private refreshed = false;
  /**
   * Identifiers of providers this run plans to replace. For a replacement the engine checks the new resource again
   * as a create (no olds), after Diff: its display name is taken by the very provider the replacement deletes first.
   */
  private readonly replacing = new Set<string>();

  /**
   * @param settings where to read; the review's client gets LIVE_REVIEW_BUDGET's limits within them.
   * @param enabled the `scalekit:liveReview` switch: off, nothing is read and nothing is said.
   */
  constructor(
    private readonly settings: ConnectionSettings,
    private readonly enabled: boolean,
    private readonly warn: (message: string) => void,
  ) {}

  /** Check of a new resource: warns when its display name is taken and `adopt` is not set. Never throws. */
  async ofCreate(inputs: Props): Promise<void> {
    const displayName = inputs.displayName;
    if (!this.enabled || this.refreshed || inputs.adopt === true || typeof displayName !== "string" || displayName === UNKNOWN_VALUE)
      return;
    const providers = await this.providers();
    if (!providers || this.read?.written.has(displayName)) return;
    const holder = providers.find((p) => p.display_name === displayName);
    if (holder && !this.replacing.has(holder.identifier))
      this.say({ kind: "name-taken", displayName, identifier: holder.identifier, adoptSetting: ADOPT_SETTING });
  }

  /**
   * Diff of a resource in the state: warns when the provider is gone, or when `plan` would overwrite a Dashboard
   * edit (a live value that differs from the state's and from the definition's). Never throws.
   * @param olds the state's outputs; @param news the checked inputs.
   */
  async ofExisting(id: string, olds: Props, news: Props, plan: PlannedChange): Promise<void> {
    if (!this.enabled || this.refreshed) return;
    const identifier = currentIdentifier(id, olds);
    if (plan.replaces && plan.replaces.length > 0) this.replacing.add(identifier);
    const providers = await this.providers();
    if (!providers || this.read?.written.has(identifier)) return;
    const providerId = typeof olds.providerId === "string" ? olds.providerId : undefined;
    const live =
      providers.find((p) => p.identifier === identifier) ?? providers.find((p) => providerId !== undefined && p.id === providerId);
    const displayName = [news.displayName, olds.displayName].find((n): n is string => typeof n === "string" && n !== UNKNOWN_VALUE) ?? "";
    if (!live) {
      this.say({ kind: "gone", displayName, identifier, next: whatUpDoesWhenGone(plan) });
      return;
    }
    if (plan.changes !== true) return;
    const fields = overwrittenEdits(wireFromProps(olds), live, wireFromProps(news));
    if (fields.length > 0) this.say({ kind: "dashboard-edit", displayName, identifier: live.identifier, fields });
  }

  /** A read of a provider (refresh, import) is starting: this run sees the live values in the state itself. */
  refreshing(): void {
    this.refreshed = true;
  }

  /** A write is starting on these providers (identifiers, display names): the read no longer describes them. */
  wrote(...names: unknown[]): void {
    for (const name of names) if (typeof name === "string" && name !== "") this.read?.written.add(name);
  }

  private say(finding: LiveFinding): void {
    this.warn(liveFindingMessage(finding));
  }

  /** The environment's providers, read once per connection; undefined (after one warning per run) when unreachable. */
  private async providers(): Promise<readonly ListedProvider[] | undefined> {
    const read = this.environmentRead();
    const result = await read.providers;
    if (!("failure" in result)) return result;
    if (!read.unreachableWarned) {
      read.unreachableWarned = true;
      this.say({ kind: "unreachable", reason: result.failure, disableSetting: DISABLE_SETTING });
    }
    return undefined;
  }

  private environmentRead(): EnvironmentRead {
    this.read ??= { providers: readEnvironment(this.settings), unreachableWarned: false, written: new Set() };
    return this.read;
  }
}

/** One token and one listing walk with the review's own client (LIVE_REVIEW_BUDGET), within the total budget. */
async function readEnvironment(settings: ConnectionSettings): Promise<readonly ListedProvider[] | { failure: string }> {
  const b = LIVE_REVIEW_BUDGET;
  let timer: NodeJS.Timeout | undefined;
  try {
    const client = new ScalekitClient({
      ...settings,
      timeoutMs: Math.min(settings.timeoutMs ?? b.attemptMs, b.attemptMs),
      maxRetries: Math.min(settings.maxRetries ?? b.maxRetries, b.maxRetries),
      rateLimitWaitMs: Math.min(settings.rateLimitWaitMs ?? b.rateLimitWaitMs, b.rateLimitWaitMs),
      retryMaxDelayMs: b.retryMaxDelayMs,
    });
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no complete answer within ${b.totalMs / 1000} s`)), b.totalMs);
      timer.unref();
    });
    return await Promise.race([client.listProviders(), deadline]);
  } catch (err) {
    return { failure: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** What `pulumi up` does with a provider in the state that no longer exists, by the plan Diff answered. */
function whatUpDoesWhenGone(plan: PlannedChange): string {
  if (plan.replaces && plan.replaces.length > 0)
    return "`pulumi up` replaces it anyway: its delete finds it gone, which counts as deleted, and the create makes it again with a new identifier.";
  if (plan.changes === true)
    return "`pulumi up` would fail to update it: run `pulumi refresh` first, which drops it from the state, then `pulumi up` creates it again.";
  return "`pulumi up` changes nothing, and the stack keeps tracking a provider that does not exist: run `pulumi refresh`, which drops it from the state, then `pulumi up` creates it again.";
}

/**
 * The fields `up` would overwrite: live differs from the state (edited since the last refresh) and from the
 * definition. Compared with the schema's diff (normalized, leaf by leaf), paths as the program spells them; a
 * value the preview does not know yet is left out.
 */
export function overwrittenEdits(state: unknown, live: unknown, planned: unknown): LiveFieldChange[] {
  const edited = diffPayloads(state, live, "args").map((c) => c.path);
  const within = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`);
  return diffPayloads(live, planned, "args")
    .filter((c: PayloadChange) => c.after !== UNKNOWN_VALUE && edited.some((path) => within(path, c.path) || within(c.path, path)))
    .map((c) => ({ path: c.path, live: c.before, planned: c.after }));
}

/** Whether Check's `olds` are those of a new resource (no inputs yet). */
export function isNewResource(olds: Props): boolean {
  return Object.keys(payloadArgs(olds)).length === 0;
}
