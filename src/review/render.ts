/**
 * A stack's review as Markdown: its summary line, then one block per provider, replacements and deletes set
 * apart with what they cost. Every value from the preview goes through markdown.ts (code spans, prose).
 */
import { arrayOf, prop } from "../schema";
import { ATTENTION_KINDS } from "./live-findings";
import { code, prose } from "./markdown";
import type { Operation } from "./providers";
import type { ReviewedProvider, StackReview } from "./stack-review";
import type { Warning } from "./warnings";

/** A piece of the review the cut keeps or leaves out whole; `provider` names the provider whose details it holds. */
export interface Block {
  readonly text: string;
  readonly provider?: string;
}

const PHRASES: Record<Operation, string> = {
  create: "to create",
  adopt: "to adopt",
  update: "to update",
  replace: "to replace",
  delete: "to delete",
  unchanged: "unchanged",
  other: "other",
};

/** `**Stack `dev`**: 1 to create, 2 unchanged. Nothing needs attention.` */
export function stackSummary(review: StackReview): string {
  const counts = (Object.keys(PHRASES) as Operation[])
    .filter((op) => review.counts[op] > 0)
    .map((op) => `${review.counts[op]} ${PHRASES[op]}`);
  const what = counts.length === 0 ? "no provider in this preview" : counts.join(", ");
  return `- **Stack ${code(review.stack)}**: ${what}. ${attentionText(review)}`;
}

function attentionText(review: StackReview): string {
  if (!review.attention) return "Nothing needs attention.";
  const count = (n: number, one: string, many: string) => (n === 0 ? [] : [`${n} ${n === 1 ? one : many}`]);
  const edits = review.providers.filter((p) => p.warnings.some((w) => w.kind !== undefined && ATTENTION_KINDS.includes(w.kind))).length;
  const errors = [...review.warnings, ...review.providers.flatMap((p) => p.warnings)].filter((w) => w.severity === "error").length;
  const items = [
    ...count(review.counts.replace, "replacement", "replacements"),
    ...count(review.counts.delete, "delete", "deletes"),
    // ATTENTION_KINDS are what `up` would overwrite: a Dashboard edit.
    ...count(edits, "Dashboard edit `pulumi up` would overwrite", "Dashboard edits `pulumi up` would overwrite"),
    ...count(errors, "error", "errors"),
  ];
  return `**Needs attention**: ${items.join(", ")}.`;
}

/** The details of a stack: its heading, then its providers (replacements and deletes first), then other warnings. */
export function stackDetails(review: StackReview): Block[] {
  const costly = review.providers.filter((p) => p.operation === "replace" || p.operation === "delete");
  const rest = review.providers.filter((p) => !costly.includes(p));
  const blocks: Block[] = [{ text: `### Stack ${code(review.stack)}` }];
  const section = (heading: string, providers: readonly ReviewedProvider[]) => {
    providers.forEach((p, i) => {
      blocks.push({ text: `${i === 0 ? `${heading}\n\n` : ""}${providerText(p)}`, provider: p.name });
    });
  };
  section("#### Replacements and deletes: what they cost", costly);
  section("#### Changes", rest);
  if (review.warnings.length > 0)
    blocks.push({ text: `#### Other warnings\n\n${review.warnings.map((w) => `- ${warningText(w)}`).join("\n")}` });
  if (review.providers.length === 0 && review.warnings.length === 0) blocks.push({ text: "No provider changes." });
  return blocks;
}

function providerText(p: ReviewedProvider): string {
  const names = [
    code(p.name),
    ...(p.displayName !== undefined ? [code(p.displayName)] : []),
    ...(p.identifier !== undefined ? [code(p.identifier)] : []),
  ];
  const lines = [`- **${p.operation}** ${names.join(" · ")}`];
  const item = (text: string) => lines.push(`  - ${text}`);
  const cost = costText(p);
  if (cost) item(cost);
  if (p.operation === "create" || p.operation === "adopt") item(definitionText(p.after));
  if (p.changes) {
    if (p.changes.scopes.added.length > 0) item(`OAuth scopes added: ${p.changes.scopes.added.map(code).join(", ")}`);
    if (p.changes.scopes.removed.length > 0) item(`OAuth scopes removed: ${p.changes.scopes.removed.map(code).join(", ")}`);
    for (const c of p.changes.properties) item(`${code(c.path)}: ${shownValue(c, "before")} → ${shownValue(c, "after")}`);
    if (p.changes.touches.length > 0) item(`Existing connections do not pick up: ${p.changes.touches.join(", ")}`);
    if (
      p.changes.properties.length === 0 &&
      p.changes.scopes.added.length + p.changes.scopes.removed.length === 0 &&
      p.reasons.length > 0
    ) {
      item(`Pulumi names as changed: ${p.reasons.map(code).join(", ")}`);
    }
  }
  for (const w of p.warnings) item(warningText(w));
  return lines.join("\n");
}

function shownValue(change: { before?: unknown; after?: unknown }, side: "before" | "after"): string {
  return side in change ? code(change[side]) : "(absent)";
}

function costText(p: ReviewedProvider): string | undefined {
  const was = p.identifier !== undefined ? ` (${code(p.identifier)} is gone)` : "";
  if (p.operation === "replace") {
    const why = (p.changes?.identity ?? []).map((c) => `${code(c.property)} (${code(c.before)} → ${code(c.after)})`);
    return (
      `**Cost**: ${why.length > 0 ? `Scalekit cannot change ${why.join(" and ")} in place, so ` : ""}\`pulumi up\` deletes it, then creates it ` +
      `again with a new identifier${was}: the connections and connected accounts that used it are lost and must be re-created in the ` +
      "Scalekit Dashboard. (While any exist, Scalekit refuses the delete and `up` stops there; Pulumi refuses to replace a protected provider.)"
    );
  }
  if (p.operation === "delete") {
    return (
      `**Cost**: \`pulumi up\` deletes it from the environment${was}, with the connections and connected accounts that used it. ` +
      "(While any exist, Scalekit refuses the delete and `up` stops there; Pulumi refuses to delete a protected provider.)"
    );
  }
  if (p.operation === "adopt")
    return "Takes over the existing provider of this display name and brings it to this definition: same identifier, connections kept.";
  return undefined;
}

/** What a created provider is: its auth types, MCP or not, scopes, proxy URL. */
function definitionText(payload: Record<string, unknown> | undefined): string {
  const patterns = arrayOf(prop(payload, "auth_patterns"));
  const types = patterns.map((pattern) => prop(pattern, "type"));
  const mcp = patterns.some((pattern) => prop(pattern, "is_mcp") === true);
  const scopes = patterns.flatMap((pattern) =>
    arrayOf(prop(prop(pattern, "oauth_config"), "available_scopes")).map((s) => prop(s, "scope")),
  );
  const parts = [
    `auth ${types.length > 0 ? types.map(code).join(", ") : "(none)"}${mcp ? " (MCP server)" : ""}`,
    ...(scopes.length > 0 ? [`OAuth scopes ${scopes.map(code).join(", ")}`] : []),
    `proxy URL ${prop(payload, "proxy_url") === undefined ? "(none)" : code(prop(payload, "proxy_url"))}`,
  ];
  return parts.join("; ");
}

/** A warning as the provider (or Pulumi) wrote it; one the live review marks for attention says so first. */
function warningText(w: Warning): string {
  const attention = w.kind !== undefined && ATTENTION_KINDS.includes(w.kind);
  const label = attention ? "needs attention" : w.severity;
  return `${w.severity === "error" ? "❌" : "⚠️"} **${label}**: ${prose(w.text)}`;
}
