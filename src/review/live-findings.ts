/**
 * What the live review finds while `pulumi preview` runs, and how each finding reads as a warning. The
 * warning is the only channel from the provider to `pulumi preview --json` (its diagnostics), so the same
 * module writes the message (the provider) and reads its kind back (the `review` command): one home.
 */
import { inert } from "../text";

/**
 * Marks a warning as the live review's, so `review` can tell it from the provider's other warnings. The kind's
 * label follows it, before anything that came from the server, so a display name cannot forge a kind.
 */
export const LIVE_REVIEW_PREFIX = "Live review, ";

/** One field whose live value (edited in the Dashboard since the last refresh) differs from the state. */
export interface LiveFieldChange {
  /** The property path as the program spells it, e.g. `authPatterns[0].oauthConfig.scopes`. */
  readonly path: string;
  readonly live: unknown;
  readonly planned: unknown;
}

export type LiveFinding =
  | {
      readonly kind: "dashboard-edit";
      readonly displayName: string;
      readonly identifier: string;
      readonly fields: readonly LiveFieldChange[];
    }
  | { readonly kind: "name-taken"; readonly displayName: string; readonly identifier: string; readonly adoptSetting: string }
  | { readonly kind: "gone"; readonly displayName: string; readonly identifier: string; readonly next: string }
  | { readonly kind: "unreachable"; readonly reason: string; readonly disableSetting: string };

export type LiveFindingKind = LiveFinding["kind"];

/** The label each kind's message carries right after the prefix: what `liveFindingKind` reads. */
const LABELS: Record<LiveFindingKind, string> = {
  "dashboard-edit": "Dashboard edit",
  "name-taken": "name taken",
  gone: "deleted",
  unreachable: "not reachable",
};

/** What each kind says after the provider's name. */
const PHRASES: Record<LiveFindingKind, string> = {
  "dashboard-edit": "was changed in the Scalekit Dashboard since the last refresh",
  "name-taken": "already exists in the environment",
  gone: "no longer exists in the environment",
  unreachable: "could not read the environment",
};

/** The kinds that `pulumi up` would turn into a loss the reviewer must see: a Dashboard edit overwritten. */
export const ATTENTION_KINDS: readonly LiveFindingKind[] = ["dashboard-edit"];

/** A value on one line, as JSON (a string in quotes, a list in brackets), made inert; `absent` when there is none. */
function shown(value: unknown): string {
  return value === undefined ? "absent" : inert(JSON.stringify(value) ?? "null");
}

function named(displayName: string, identifier: string): string {
  return `CustomProvider "${inert(displayName)}"${identifier ? ` (${inert(identifier)})` : ""}`;
}

/** The warning for a finding: the prefix, the provider, the kind's phrase, then the facts and the next step. */
export function liveFindingMessage(finding: LiveFinding): string {
  const phrase = PHRASES[finding.kind];
  const start = `${LIVE_REVIEW_PREFIX}${LABELS[finding.kind]}: `;
  switch (finding.kind) {
    case "dashboard-edit": {
      const fields = finding.fields.map((f) => `${inert(f.path)}: live ${shown(f.live)}, planned ${shown(f.planned)}`).join("; ");
      return (
        `${start}${named(finding.displayName, finding.identifier)} ${phrase}; \`pulumi up\` would overwrite it. ` +
        `${fields}. To keep the live values, copy them into the definition (or run \`pulumi refresh\` to see them in the state) before \`pulumi up\`.`
      );
    }
    case "name-taken":
      return (
        `${start}${named(finding.displayName, finding.identifier)} ${phrase}: \`pulumi up\` would fail to create it. ` +
        `To take the existing provider over instead, set ${finding.adoptSetting}.`
      );
    case "gone":
      return `${start}${named(finding.displayName, finding.identifier)} ${phrase} (deleted in the Dashboard?). ${finding.next}`;
    case "unreachable":
      return (
        `${start}the preview ${phrase} (${inert(finding.reason)}), so it compares the definitions with the saved state only. ` +
        `To preview without network, set ${finding.disableSetting}.`
      );
  }
}

/**
 * The kind of a live-review warning, or undefined for any other message. Takes the message as the provider wrote it;
 * a diagnostic of `pulumi preview --json` goes through the review's `warningOf` (warnings.ts), which drops the
 * labels Pulumi puts before it.
 */
export function liveFindingKind(message: string): LiveFindingKind | undefined {
  if (!message.startsWith(LIVE_REVIEW_PREFIX)) return undefined;
  const rest = message.slice(LIVE_REVIEW_PREFIX.length);
  return (Object.keys(LABELS) as LiveFindingKind[]).find((kind) => rest.startsWith(`${LABELS[kind]}: `));
}
