/** How `compare` reports: one block per provider (marker, name, status, field changes, scopes), then a verdict. */
import type { CompareResult, ProviderComparison, ProviderStatus } from "../commands/compare";
import type { Style } from "../io";
import { scopeChangeLines } from "../../comparison";
import { inert, shownUrl } from "../../text";
import { COMMAND, displayPath, plural, shortValue, shown } from "./format";
import type { PrintOptions } from "./export";

/** The human-readable report, ending with a newline. */
export function formatCompare(result: CompareResult, { style, cwd }: PrintOptions): string {
  const from = result.from.label;
  const to = result.to.label;
  const describe = (s: CompareResult["from"]) => {
    if (s.kind === "environment") return `${style.bold(s.label)} (${shownUrl(s.location)})`;
    const shown = displayPath(s.location, cwd);
    return shown === s.label ? `folder ${style.bold(`${s.label}/`)}` : `${style.bold(s.label)} (folder ${shown}/)`;
  };
  const lines = [
    `Comparing ${describe(result.from)} with ${describe(result.to)}`,
    style.dim(`Fields compared: ${result.comparedFields.join(", ")}. Changes read as applying ${from} to ${to}.`),
    "",
  ];
  if (result.providers.length === 0) lines.push("  Neither side has custom providers.");
  // Names are cut before the column width is taken: one huge name must not pad every line.
  const width = Math.max(0, ...result.providers.map((p) => shown(p.displayName).length));
  for (const p of result.providers) lines.push(...formatProvider(p, width, from, to, style));
  lines.push("");
  const c = result.counts;
  if (result.same) {
    lines.push(
      style.green(
        `Same: ${result.providers.length === 1 ? "the provider matches" : `all ${result.providers.length} providers match`} on both sides.`,
      ),
    );
  } else {
    const parts = [
      ...(c.changed > 0 ? [`${c.changed} changed`] : []),
      ...(c["only-from"] > 0 ? [`${c["only-from"]} only in ${from}`] : []),
      ...(c["only-to"] > 0 ? [`${c["only-to"]} only in ${to}`] : []),
      `${c.same} same`,
    ];
    lines.push(style.yellow(`Different: ${parts.join(", ")}.`));
  }
  if (result.reminder) lines.push(`${style.yellow("Note:")} ${result.reminder}`);
  const next = onlyInEnvironmentStep(result, cwd);
  if (next) lines.push(`${style.bold("Next:")} ${next}`);
  return `${lines.join("\n")}\n`;
}

/**
 * What to do with providers that are in the environment but not in the folder compared with it: export
 * them into the folder, or delete them in the Dashboard. Undefined when there are none (or no folder).
 */
function onlyInEnvironmentStep(result: CompareResult, cwd?: string): string | undefined {
  const [folder, environment, status] =
    result.from.kind === "folder" ? [result.from, result.to, "only-to" as const] : [result.to, result.from, "only-from" as const];
  const count = result.counts[status];
  if (folder.kind !== "folder" || environment.kind !== "environment" || count === 0) return undefined;
  const them = count === 1 ? "it" : "them";
  return (
    `${plural(count, "provider")} ${count === 1 ? "is" : "are"} only in ${environment.label}: to keep ${them}, write ${them} into the folder with ` +
    `\`${COMMAND} export --dir ${displayPath(folder.location, cwd)}\` and the environment options of this comparison ` +
    `(--stack, or --environment-url and --client-id); otherwise delete ${them} in the Scalekit Dashboard.`
  );
}

const MARKER: Record<ProviderStatus, string> = { same: "=", changed: "~", "only-from": "+", "only-to": "-" };

function formatProvider(p: ProviderComparison, width: number, from: string, to: string, style: Style): string[] {
  const colour: Record<ProviderStatus, (s: string) => string> = {
    same: style.dim,
    changed: style.yellow,
    "only-from": style.green,
    "only-to": style.red,
  };
  const status: Record<ProviderStatus, string> = {
    same: "same",
    changed: "changed",
    "only-from": `only in ${from} (${shown(p.from ?? "")})`,
    "only-to": `only in ${to} (${shown(p.to ?? "")})`,
  };
  const lines = [`  ${colour[p.status](MARKER[p.status])} ${shown(p.displayName).padEnd(width)}  ${colour[p.status](status[p.status])}`];
  const labelWidth = Math.max(from.length, to.length) + 1;
  for (const change of p.changes) {
    lines.push(`      ${inert(change.path)}`);
    lines.push(`        ${`${from}:`.padEnd(labelWidth)} ${shortValue(change.from, 120)}`);
    lines.push(`        ${`${to}:`.padEnd(labelWidth)} ${shortValue(change.to, 120)}`);
  }
  for (const line of scopeChangeLines(p.scopes, { from, to }, shown)) lines.push(`      ${style.bold(line.heading)} ${line.text}`);
  if (p.touchesConnections.length > 0)
    lines.push(`      ${style.yellow(`Existing connections do not pick up: ${p.touchesConnections.join(", ")}`)}`);
  return lines;
}
