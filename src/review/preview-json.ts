/**
 * The part of `pulumi preview --json` the review reads, as a zod schema: parsed once at the edge, so the rest of
 * the review works on checked data. The JSON is untrusted (in CI it comes from a pull request's run), so every
 * list is bounded and the error names the property path. Keys it does not read are dropped, not refused: a newer
 * Pulumi may add some. Checked against the real output of Pulumi v3.274.1 (test/pulumi/review.e2e.ts).
 */
import { z } from "zod";
import { PreviewInputError } from "./errors";

/**
 * The largest preview JSON read, in bytes (64 MiB). A preview holds each provider's state twice and its new
 * inputs, each with the serialized provider code (`__provider`, about 5 KB): about 20 KB per provider, so 64 MiB
 * is over 3,000 providers.
 */
export const PREVIEW_MAX_BYTES = 64 * 1024 * 1024;

/** The most steps and diagnostics a preview may hold: far above any real stack of providers. */
const MAX_ITEMS = 100_000;

/** Inputs or outputs: any JSON object (checked property by property by the schema part when compared). */
const Properties = z.record(z.string(), z.unknown());

const ResourceState = z.object({
  type: z.string().optional(),
  id: z.string().optional(),
  inputs: Properties.optional(),
  outputs: Properties.optional(),
});

const Step = z.object({
  op: z.string(),
  urn: z.string(),
  oldState: ResourceState.nullish(),
  newState: ResourceState.nullish(),
  diffReasons: z.array(z.string()).max(MAX_ITEMS).nullish(),
  replaceReasons: z.array(z.string()).max(MAX_ITEMS).nullish(),
});

const Diagnostic = z.object({
  urn: z.string().nullish(),
  message: z.string(),
  severity: z.string().nullish(),
});

const Preview = z.object({
  config: z.record(z.string(), z.unknown()).nullish(),
  steps: z.array(Step).max(MAX_ITEMS).nullish(),
  diagnostics: z.array(Diagnostic).max(MAX_ITEMS).nullish(),
});

export type PreviewStep = z.infer<typeof Step>;
export type PreviewDiagnostic = z.infer<typeof Diagnostic>;

/** One stack's preview, as the review reads it. */
export interface Preview {
  /** The stack's name, as given to `review`. */
  readonly stack: string;
  readonly config: Record<string, unknown>;
  readonly steps: readonly PreviewStep[];
  readonly diagnostics: readonly PreviewDiagnostic[];
}

/**
 * A stack's name as `review` accepts it: Pulumi's (`dev`, `acme/scalekit/prod`). Nothing else, since the name is
 * written into the review's marker comment and its Markdown.
 */
const STACK_NAME = /^[A-Za-z0-9_][A-Za-z0-9_./-]{0,199}$/;

/** Whether `name` can name a stack in a review. */
export function isStackName(name: string): boolean {
  return STACK_NAME.test(name);
}

/** How many problems of a wrong shape an error lists. */
const SHOWN_ISSUES = 5;

/**
 * The preview of `stack` from `data` (parsed JSON).
 * @param source how the error names it: `preview-dev.json (stack dev)`
 * @throws PreviewInputError for a stack name other than Pulumi's, or naming each property of the wrong shape (the first few) and the fix
 */
export function parsePreview(data: unknown, stack: string, source: string): Preview {
  if (!isStackName(stack)) {
    throw new PreviewInputError(
      source,
      "has no usable stack name: name it with letters, digits, `_`, `.`, `-` and `/` (`dev=preview-dev.json`).",
    );
  }
  const parsed = Preview.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const listed = issues
      .slice(0, SHOWN_ISSUES)
      .map((issue) => `${issue.path.length === 0 ? "(the whole file)" : pathText(issue.path)}: ${issue.message}`);
    const more = issues.length > SHOWN_ISSUES ? `; and ${issues.length - SHOWN_ISSUES} more` : "";
    throw new PreviewInputError(
      source,
      `is not the JSON of \`pulumi preview --json\`: ${listed.join("; ")}${more}. Give the file \`pulumi preview --json --stack <stack> > file.json\` writes.`,
    );
  }
  const { config, steps, diagnostics } = parsed.data;
  return { stack, config: config ?? {}, steps: steps ?? [], diagnostics: diagnostics ?? [] };
}

/** `steps[3].oldState.inputs`. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}
