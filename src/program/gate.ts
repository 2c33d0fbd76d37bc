/**
 * The promotion gate: a stack that opts in (Production, typically) refuses to deploy a definition unless
 * the same definition is live in the Dev environment, so that everything reaching Production was deployed to
 * Dev first ("Dev is the source of truth"). Off unless the stack config sets `scalekit:promotionGate`.
 *
 * What "the same" means, and how a difference reads, is the promotion comparison it shares with
 * `scalekit-providers compare` (src/comparison/): the provider with the same display name, compared on
 * PROMOTED_FIELDS after the normalization the resource's diff uses, OAuth scopes matched by name.
 *
 * This module has no Pulumi import, so the gate is testable as plain functions. declare.ts wires it to
 * Pulumi's config, preview flag and log.
 */
import {
  CREDENTIALS,
  ConfigurationError,
  ScalekitClient,
  NUMERIC_SETTINGS,
  ScalekitError,
  TimeoutError,
  lookupSetting,
  readNamedSettings,
  sourceName,
  type ClientOptions,
} from "../client";
import {
  byDisplayName,
  changedPaths,
  DuplicateDisplayNameError,
  promotionDifference,
  scopeChangeLines,
  type FieldChange,
} from "../comparison";
import type { Definition } from "./definitions";
import { COMMAND } from "./report";
import { NamedError } from "../named-error";
import { shownUrl } from "../text";

/** The stack config keys and variable of the gate. */
export const GATE_CONFIG = {
  settings: "scalekit:promotionGate",
  secret: "scalekit:promotionGateClientSecret",
  secretEnv: "SCALEKIT_PROMOTION_GATE_CLIENT_SECRET",
} as const;

/** The Dev environment the gate compares with. The secret is not enumerable (never serialized or logged). */
export interface PromotionGateSettings {
  readonly environmentUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Name of the Dev stack, for the advice in messages. @default "dev" */
  readonly stack: string;
}

/** The gate refused the deployment (or could not check it); `unpromoted` lists the definitions at fault. */
export class PromotionGateError extends NamedError {
  constructor(
    message: string,
    readonly unpromoted: readonly Unpromoted[],
  ) {
    super(message);
  }
}

const SETTING_KEYS = ["environmentUrl", "clientId", "stack"];

/** The stack's client settings the gate's calls to Dev use too (not its pace: Dev's limits are Dev's own). */
const GATE_LIMITS = ["timeoutMs", "maxRetries"] as const;

/**
 * Reads the gate's settings: `scalekit:promotionGate` ({ environmentUrl, clientId, stack? } as an object or
 * its JSON text), the Dev client secret from `scalekit:promotionGateClientSecret` or the variable
 * SCALEKIT_PROMOTION_GATE_CLIENT_SECRET. Undefined when the gate is off (the key is not set).
 * @throws ConfigurationError for a malformed value, a missing field or secret, or a gate pointing at
 *   the stack's own environment (it would compare the stack with itself and always pass).
 */
export function readPromotionGateSettings(
  config: (key: string) => unknown,
  env: Record<string, string | undefined>,
): PromotionGateSettings | undefined {
  let raw = config(GATE_CONFIG.settings);
  if (raw === undefined || raw === null || raw === "") return undefined;
  const example = `pulumi config set --path '${GATE_CONFIG.settings}.environmentUrl' https://acme-dev.scalekit.dev; pulumi config set --path '${GATE_CONFIG.settings}.clientId' <Dev client id>`;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw new ConfigurationError(
        `${GATE_CONFIG.settings} must be an object with environmentUrl and clientId of the Dev environment, e.g. ${example}`,
      );
    }
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigurationError(
      `${GATE_CONFIG.settings} must be an object with environmentUrl and clientId of the Dev environment, e.g. ${example}`,
    );
  }
  const value = raw as Record<string, unknown>;
  const unknown = Object.keys(value).filter((k) => !SETTING_KEYS.includes(k));
  if (unknown.length > 0) {
    throw new ConfigurationError(`${GATE_CONFIG.settings} has unknown keys ${unknown.join(", ")}: it takes ${SETTING_KEYS.join(", ")}`);
  }
  const text = (key: string) => (typeof value[key] === "string" && value[key].trim() !== "" ? value[key].trim() : undefined);
  const missing = ["environmentUrl", "clientId"].filter((k) => text(k) === undefined);
  if (missing.length > 0) {
    throw new ConfigurationError(
      `${GATE_CONFIG.settings} needs ${missing.join(" and ")} of the Dev environment (strings), e.g. ${example}`,
    );
  }
  if (value.stack !== undefined && text("stack") === undefined)
    throw new ConfigurationError(`${GATE_CONFIG.settings}.stack must be the Dev stack's name`);
  const secret = lookupSetting({ configKey: GATE_CONFIG.secret, envVar: GATE_CONFIG.secretEnv }, config, env);
  if (!secret) {
    throw new ConfigurationError(
      `the promotion gate needs the Dev environment's client secret: pulumi config set --secret ${GATE_CONFIG.secret} <Dev client secret>, ` +
        `or the variable ${GATE_CONFIG.secretEnv}`,
    );
  }
  const environmentUrl = text("environmentUrl")!;
  const own = lookupSetting(CREDENTIALS.environmentUrl, config, env);
  if (own !== undefined && sameUrl(own, environmentUrl)) {
    throw new ConfigurationError(
      `${GATE_CONFIG.settings}.environmentUrl is this stack's own environment (${shownUrl(environmentUrl)}): the gate would compare the stack with itself. ` +
        "Set it to the Dev environment's URL, on the Production stack only.",
    );
  }
  const settings = { environmentUrl, clientId: text("clientId")!, stack: text("stack") ?? "dev" };
  Object.defineProperty(settings, "clientSecret", { value: secret, enumerable: false });
  return settings as PromotionGateSettings;
}

/** A definition of the folder that is not live in Dev as written. */
export interface Unpromoted {
  /** The definition file. */
  file: string;
  displayName: string;
  /** `missing`: Dev has no provider with this display name; `different`: it has another definition. */
  reason: "missing" | "different";
  /** For `different`: what deploying the file onto Dev's definition would change (`from` the file, `to` Dev). */
  changes: FieldChange[];
  /** For `different`: OAuth scopes the file adds to, or removes from, Dev's definition. */
  scopes: { added: string[]; removed: string[] };
}

/**
 * The definitions that are not live in Dev as written, in file order; empty when every one is.
 * @throws the client's errors (ScalekitError) when Dev cannot be read; DuplicateDisplayNameError when two
 *   providers of Dev share a display name (which one a definition matches cannot be told)
 */
export async function findUnpromoted(
  definitions: readonly Definition[],
  settings: PromotionGateSettings,
  tuning: Partial<ClientOptions> = {},
): Promise<Unpromoted[]> {
  const client = new ScalekitClient({
    ...tuning,
    environmentUrl: settings.environmentUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
  });
  // A listed provider always has a display name: the client refuses a listing holding one without.
  const live = byDisplayName(await client.listProviders(), `Dev (stack ${settings.stack}, ${shownUrl(settings.environmentUrl)})`);
  const unpromoted: Unpromoted[] = [];
  for (const definition of definitions) {
    const displayName = definition.payload.display_name;
    const inDev = live.get(displayName);
    if (!inDev) {
      unpromoted.push({ file: definition.file, displayName, reason: "missing", changes: [], scopes: { added: [], removed: [] } });
      continue;
    }
    const difference = promotionDifference(inDev, definition.payload);
    if (difference) unpromoted.push({ file: definition.file, displayName, reason: "different", ...difference });
  }
  return unpromoted;
}

/** What the gate needs from the Pulumi program: config, environment, stack, preview flag, a warning sink. */
export interface GateContext {
  config: (key: string) => unknown;
  env: Record<string, string | undefined>;
  /** This stack's name, for messages. */
  stack: string;
  /** The definitions folder as configured, for the advice to run `compare`. */
  definitionsDir: string;
  /** `pulumi preview` (or the preview part of `pulumi up`): warn instead of refusing. */
  dryRun: boolean;
  warn(message: string): void;
  /** Client options for tests (fetch, retries). */
  tuning?: Partial<ClientOptions>;
}

/**
 * Runs the gate when the stack enables it. During a preview a refusal is a warning (so pull-request
 * previews of Production still run before Dev is deployed); during an update it is an error, and so is
 * being unable to read Dev (the gate fails closed).
 * @returns "off" when not enabled, "passed" when every definition is live in Dev, "warned" in a preview that
 *   an update would refuse
 * @throws ConfigurationError for unusable settings (preview and update alike) and for a
 *   stack's client limit out of range, as the provider would; PromotionGateError when an update would deploy a
 *   definition not live in Dev, Dev cannot be read, or two Dev providers share a display name
 */
export async function runPromotionGate(definitions: readonly Definition[], ctx: GateContext): Promise<"off" | "passed" | "warned"> {
  const settings = readPromotionGateSettings(ctx.config, ctx.env);
  if (!settings) return "off";
  // The stack's own client limits apply to Dev as well, read and refused as the provider does.
  const limits = readNamedSettings(ctx.config, ctx.env, GATE_LIMITS);
  let message: string;
  let unpromoted: Unpromoted[] = [];
  try {
    unpromoted = await findUnpromoted(definitions, settings, { ...limits, ...ctx.tuning });
    if (unpromoted.length === 0) return "passed";
    message = refusal(unpromoted, settings, ctx);
  } catch (err) {
    if (err instanceof ConfigurationError) throw new ConfigurationError(`${GATE_CONFIG.settings}: ${err.message}`, err.option);
    if (err instanceof DuplicateDisplayNameError) {
      message = `The promotion gate of stack ${ctx.stack} cannot tell which Dev provider a definition is: ${err.message}`;
    } else if (err instanceof ScalekitError) {
      message =
        `The promotion gate of stack ${ctx.stack} cannot read the Dev environment ${shownUrl(settings.environmentUrl)}, so it cannot tell whether ` +
        `these definitions were deployed there first: ${err.message}\nCheck ${GATE_CONFIG.settings} and the Dev client secret ` +
        `(${GATE_CONFIG.secret} or ${GATE_CONFIG.secretEnv}).` +
        // The gate's calls to Dev take the stack's own timeout (GATE_LIMITS).
        (err instanceof TimeoutError ? ` Raise the timeout with ${sourceName(NUMERIC_SETTINGS.timeoutMs.named)}.` : "");
    } else throw err;
  }
  if (ctx.dryRun) {
    ctx.warn(`${message}\n(This is a preview, so it goes on: \`pulumi up\` on stack ${ctx.stack} will stop here until this is resolved.)`);
    return "warned";
  }
  throw new PromotionGateError(message, unpromoted);
}

/** The refusal: which definitions, how each differs, and how to promote them. */
function refusal(unpromoted: readonly Unpromoted[], settings: PromotionGateSettings, ctx: GateContext): string {
  const lines = unpromoted.map((u) => {
    if (u.reason === "missing") return `  ${u.file} ("${u.displayName}"): not in Dev`;
    const scopes = scopeChangeLines(u.scopes, { from: u.file, to: "Dev" }).map((line) => `; ${line.heading} ${line.text}`);
    return `  ${u.file} ("${u.displayName}"): differs from Dev in ${changedPaths(u.changes, 4)}${scopes.join("")}`;
  });
  const count = unpromoted.length === 1 ? "1 definition is" : `${unpromoted.length} definitions are`;
  const verb = ctx.dryRun ? "will refuse to deploy" : "refused to deploy";
  return [
    `The promotion gate of stack ${ctx.stack} ${verb}: ${count} not live in the Dev environment (stack ${settings.stack}, ${shownUrl(settings.environmentUrl)}) as written:`,
    ...lines,
    `Promote through Dev: deploy these definitions there first (\`pulumi up --stack ${settings.stack}\`), check them, then run \`pulumi up --stack ${ctx.stack}\` again.`,
    `To see every difference: ${COMMAND} compare --dir ${ctx.definitionsDir} --stack ${settings.stack}`,
  ].join("\n");
}

function sameUrl(a: string, b: string): boolean {
  const canonical = (u: string) => {
    try {
      const url = new URL(u.trim());
      return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "").toLowerCase();
    } catch {
      return u.trim().replace(/\/+$/, "").toLowerCase();
    }
  };
  return canonical(a) === canonical(b);
}
