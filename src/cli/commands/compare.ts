/**
 * `scalekit-providers compare`: what differs between two sides, each an environment or the definitions
 * folder, provider by provider (matched by display name), on the promoted fields and after the same
 * normalization as the resource's diff. Direction: the changes are what applying `from` onto `to` would do
 * (promoting Dev to Production: from = Dev, to = Production; deploying the folder: from = folder).
 */
import * as fs from "fs";
import * as path from "path";
import { PROMOTED_FIELDS, promotionDifference, touchesConnections, type ConnectionChange, type FieldChange } from "../../comparison";
import { DefinitionError, loadDefinitions, type Definition } from "../../program";
import type { EnvironmentCredentials } from "../credentials";
import { byDisplayName, listEnvironmentProviders, type ClientTuning } from "../environment";
import { EXIT, failure, type ExitCode } from "../exit";
import { readFolder } from "../folder";
import { compareText } from "../../text";

export type CompareSide = { kind: "environment"; environment: EnvironmentCredentials } | { kind: "folder"; dir: string };

export interface CompareOptions {
  from: CompareSide;
  to: CompareSide;
  /** Folders are resolved against it. @default process.cwd() */
  cwd?: string;
  tuning?: ClientTuning;
}

export interface SideSummary {
  /** How the output names the side: stack name, URL host, or the folder as given. */
  label: string;
  kind: "environment" | "folder";
  /** The environment URL, or the folder's absolute path. */
  location: string;
  /** Providers on this side. */
  count: number;
}

/** `only-from`: applying `from` onto `to` would create it; `only-to`: `from` does not have it. */
export type ProviderStatus = "same" | "changed" | "only-from" | "only-to";

export interface ProviderComparison {
  displayName: string;
  status: ProviderStatus;
  /** Where it is on each side: the identifier (environment) or the file name (folder). */
  from?: string;
  to?: string;
  changes: FieldChange[];
  /** OAuth scopes that applying `from` onto `to` would add and remove. */
  scopes: { added: string[]; removed: string[] };
  /** Changes existing connections do not pick up (see CONNECTIONS_REMINDER). */
  touchesConnections: ConnectionChange[];
}

export interface CompareResult {
  /** True when no provider differs or exists on one side only. */
  same: boolean;
  from: SideSummary;
  to: SideSummary;
  comparedFields: readonly string[];
  /** Every provider of either side, by display name. */
  providers: ProviderComparison[];
  counts: Record<ProviderStatus, number>;
  /** Present when a change touches OAuth scopes, auth fields or the proxy URL. */
  reminder?: string;
}

export const CONNECTIONS_REMINDER =
  "Existing connections and connected accounts do not pick up changed OAuth scopes, auth fields or proxy URL: " +
  "after deploying, they may need to be re-created, and connected accounts re-authorized, in the Scalekit Dashboard.";

/** One side's providers by display name, with where each one is. */
interface LoadedSide {
  summary: SideSummary;
  byName: Map<string, { where: string; payload: unknown }>;
}

/**
 * Compares the two sides.
 * @throws ExitError (exit 2) when a side cannot be read: bad credentials, unreachable environment, missing
 *   folder, invalid definition file, two files or two providers with the same display name (an empty folder
 *   is an empty side)
 */
export async function compareDefinitions(options: CompareOptions): Promise<CompareResult> {
  const cwd = options.cwd ?? process.cwd();
  const [from, to] = await Promise.all([loadSide(options.from, cwd, options.tuning), loadSide(options.to, cwd, options.tuning)]);
  if (from.summary.label === to.summary.label) {
    from.summary.label += " (from)";
    to.summary.label += " (to)";
  }
  const names = [...new Set([...from.byName.keys(), ...to.byName.keys()])].sort(compareText);
  const providers = names.map((displayName) => compareOne(displayName, from.byName.get(displayName), to.byName.get(displayName)));
  const counts: Record<ProviderStatus, number> = { same: 0, changed: 0, "only-from": 0, "only-to": 0 };
  for (const p of providers) counts[p.status]++;
  const touching = providers.some((p) => p.touchesConnections.length > 0);
  return {
    same: providers.every((p) => p.status === "same"),
    from: from.summary,
    to: to.summary,
    comparedFields: PROMOTED_FIELDS,
    providers,
    counts,
    ...(touching ? { reminder: CONNECTIONS_REMINDER } : {}),
  };
}

/** 0 when the sides are the same, 1 when they differ. */
export function compareExitCode(result: CompareResult): ExitCode {
  return result.same ? EXIT.OK : EXIT.DIFFERENT;
}

function compareOne(
  displayName: string,
  from?: { where: string; payload: unknown },
  to?: { where: string; payload: unknown },
): ProviderComparison {
  const none = { changes: [], scopes: { added: [], removed: [] }, touchesConnections: [] };
  if (!to) return { displayName, status: "only-from", from: from!.where, ...none };
  if (!from) return { displayName, status: "only-to", to: to.where, ...none };
  const difference = promotionDifference(to.payload, from.payload);
  if (!difference) return { displayName, status: "same", from: from.where, to: to.where, ...none };
  const touching = touchesConnections(to.payload, from.payload);
  return { displayName, status: "changed", from: from.where, to: to.where, ...difference, touchesConnections: touching };
}

async function loadSide(side: CompareSide, cwd: string, tuning?: ClientTuning): Promise<LoadedSide> {
  const byName = new Map<string, { where: string; payload: unknown }>();
  if (side.kind === "environment") {
    const providers = byDisplayName(side.environment, await listEnvironmentProviders(side.environment, tuning));
    for (const [name, p] of providers) byName.set(name, { where: p.identifier, payload: p });
    return {
      summary: { label: side.environment.label, kind: "environment", location: side.environment.environmentUrl, count: byName.size },
      byName,
    };
  }
  const dir = path.resolve(cwd, side.dir);
  // An existing folder without definitions is an empty side here (the program refuses it, rightly: it
  // would delete every provider; a comparison only reports that).
  const empty = fs.existsSync(dir) && fs.statSync(dir).isDirectory() && readFolder(dir).length === 0;
  let definitions: Definition[] = [];
  try {
    if (!empty) definitions = loadDefinitions(dir);
  } catch (err) {
    if (err instanceof DefinitionError) throw failure(err.message);
    throw err;
  }
  for (const d of definitions) byName.set(d.payload.display_name, { where: d.file, payload: d.payload });
  return { summary: { label: side.dir, kind: "folder", location: dir, count: byName.size }, byName };
}
