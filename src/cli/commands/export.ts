/**
 * `scalekit-providers export`: writes every custom provider of an environment into the definitions folder,
 * one file per provider, in the documented payload format (snake_case, as in Scalekit's docs), so that the
 * Pulumi program with `scalekit:adopt` takes them over without changing anything on the server. Each file points
 * editors at the package's JSON Schema; a file it replaces keeps the pointer it had.
 *
 * Safe by construction: a file that differs from the environment is left alone unless `force`, nothing is
 * ever deleted, and each file is written atomically.
 */
import * as path from "path";
import { normalizeForCompare, payloadPart, payloadsEqual } from "../../comparison";
import { formatIssues, validatePayload, type ProviderPayload } from "../../schema";
import type { EnvironmentCredentials } from "../credentials";
import { byDisplayName, listEnvironmentProviders, type ClientTuning } from "../environment";
import { EXIT, type ExitCode } from "../exit";
import { checkWritableFolder, planFiles, readFolder, renderDefinition, writeFileAtomic } from "../folder";
import { schemaReference } from "../schema-reference";
import { compareText } from "../../text";

export interface ExportOptions {
  environment: EnvironmentCredentials;
  /** The definitions folder, relative to `cwd`; created when missing. */
  dir: string;
  /** @default process.cwd() */
  cwd?: string;
  /** Overwrite files that differ from the environment. @default false */
  force?: boolean;
  tuning?: ClientTuning;
}

/**
 * - written: the file was created, or replaced with --force;
 * - unchanged: the file already holds this definition (compared normalized; it is not rewritten);
 * - skipped: the file differs from the environment (or cannot be read) and --force was not given;
 * - invalid: the environment returned a definition this package cannot validate; nothing written.
 */
export type ExportStatus = "written" | "unchanged" | "skipped" | "invalid";

export interface ExportedProvider {
  displayName: string;
  identifier: string;
  /** The file, relative to the folder. */
  file: string;
  status: ExportStatus;
  /** Why it was skipped, found invalid, or replaced; or why its file is not named after its display name. */
  reason?: string;
}

export interface ExportResult {
  environment: { label: string; environmentUrl: string };
  /** The folder, absolute. */
  dir: string;
  /** One entry per provider of the environment, by display name. */
  providers: ExportedProvider[];
  /** Definition files of the folder holding no provider of this environment: kept (export never deletes). */
  keptFiles: string[];
  counts: Record<ExportStatus, number>;
}

/**
 * Exports every custom provider of `environment` into the folder.
 * @throws ExitError (exit 2) when the folder cannot be written, the environment cannot be read, or two of its
 *   providers share a display name (nothing is written then)
 */
export async function exportDefinitions(options: ExportOptions): Promise<ExportResult> {
  const cwd = options.cwd ?? process.cwd();
  const dir = path.resolve(cwd, options.dir);
  checkWritableFolder(dir);
  const providers = [
    ...byDisplayName(options.environment, await listEnvironmentProviders(options.environment, options.tuning)).values(),
  ].sort((a, b) => compareText(a.display_name, b.display_name) || compareText(a.identifier, b.identifier));
  const entries = readFolder(dir);
  const placements = planFiles(
    providers.map((p) => ({ identifier: p.identifier, displayName: p.display_name })),
    entries,
  );
  const label = options.environment.label;
  const exported: ExportedProvider[] = [];
  for (const provider of providers) {
    const placement = placements.get(provider.identifier)!;
    const base = { displayName: provider.display_name, identifier: provider.identifier, file: placement.file };
    const definition = definitionFromServer(provider);
    if (!definition.ok) {
      exported.push({
        ...base,
        status: "invalid",
        reason: `${label} returned a definition that does not validate:\n${definition.problems}`,
      });
      continue;
    }
    const existing = placement.existing;
    let reason: string | undefined;
    if (existing) {
      const same = existing.data !== undefined && validatePayload(existing.data).ok && payloadsEqual(existing.data, definition.payload);
      if (same) {
        exported.push({ ...base, status: "unchanged" });
        continue;
      }
      const how = existing.problem
        ? `cannot be read (${existing.problem})`
        : validatePayload(existing.data).ok
          ? `differs from ${label}`
          : "is not a valid definition";
      if (!options.force) {
        exported.push({ ...base, status: "skipped", reason: `the file ${how}; use --force to overwrite it` });
        continue;
      }
      reason = `replaced: the file ${how} (--force)`;
    }
    const schema = existing?.schemaReference ?? schemaReference(dir, cwd);
    writeFileAtomic(path.join(dir, placement.file), renderDefinition(definition.payload, placement.file, schema));
    reason ??= placement.renamed;
    exported.push({ ...base, status: "written", ...(reason ? { reason } : {}) });
  }
  const names = new Set(providers.map((p) => p.display_name));
  const targets = new Set(exported.map((e) => e.file));
  const keptFiles = entries
    .filter((e) => !targets.has(e.file) && !(e.displayName !== undefined && names.has(e.displayName)))
    .map((e) => e.file);
  const counts: Record<ExportStatus, number> = { written: 0, unchanged: 0, skipped: 0, invalid: 0 };
  for (const e of exported) counts[e.status]++;
  return { environment: { label, environmentUrl: options.environment.environmentUrl }, dir, providers: exported, keptFiles, counts };
}

/** 0 when every provider is in the folder as the environment has it; 1 when some were skipped or invalid. */
export function exportExitCode(result: ExportResult): ExitCode {
  return result.counts.skipped + result.counts.invalid > 0 ? EXIT.DIFFERENT : EXIT.OK;
}

/**
 * The definition file content for a provider as the server returns it: the payload part only (server-only
 * fields such as `id`, `identifier`, `categories` removed), without the empty values a server fills in
 * (`icon_src: ""`, `metadata: {}`, `required: false`, `fields: []`, … which compare equal to absent), keys in
 * the documented order. Falls back to the payload part as returned should the trimmed form not validate.
 */
export function definitionFromServer(provider: unknown): { ok: true; payload: ProviderPayload } | { ok: false; problems: string } {
  const trimmed = payloadPart(normalizeForCompare(provider));
  const result = validatePayload(trimmed);
  if (result.ok) return { ok: true, payload: result.payload };
  const asReturned = validatePayload(payloadPart(provider));
  if (asReturned.ok) return { ok: true, payload: asReturned.payload };
  return { ok: false, problems: formatIssues(asReturned.issues, "  ") };
}
