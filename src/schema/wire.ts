/**
 * The zod schema of the custom-provider payload: snake_case, exactly what Scalekit takes, every documented
 * rule enforced. It is the one source of truth: the types below come from it, and so does the structure
 * (structure.ts) that drives unknown-key detection, camelCase mapping and normalization.
 *
 * The schema is built once per naming so that messages can name other properties in the user's own terms
 * (set `proxyEnabled` to true, for Pulumi users; set `proxy_enabled` to true, in definition files); the keys it
 * validates are the wire keys in both. Both are built eagerly at load: no cache, no mutable state.
 *
 * Objects are strict, so the schema alone never accepts a typo; validate.ts replaces zod's `unrecognized_keys`
 * issues with its unknown-key pass, which names the closest known key in the user's naming.
 */
import { z } from "zod";
import { isRecord } from "./guards";
import { AUTH_TYPES, INPUT_TYPES, MUTATION_FIELD_KEYS, type MUTATION_OPERATIONS } from "./limits";
import { ref, type Naming } from "./naming";
import { DOCS, describeProperty, propertyDocs, RULES, type PropertyDoc } from "./docs";
import {
  authPatternCountProblems,
  crossFieldIssues,
  displayNameProblems,
  headerNameProblems,
  metadataIssues,
  type LocalIssue,
} from "./rules";
import { listOr } from "./wording";
import { plainUrlProblems, proxyUrlProblems } from "./urls";

/** Runs a refinement even when parsing already found problems, so that all problems show at once. */
const ALWAYS = { when: () => true } as const;

/** Schema params whose message for a missing property says what to add. */
function requiredParams(fix: string): { error: (issue: { input?: unknown }) => string | undefined } {
  return { error: (issue) => (issue.input === undefined ? `is required: ${fix}` : undefined) };
}

/** Adds each problem found by `check` on a value of the right type as an issue at the value's own path. */
function withProblems<T extends z.ZodType>(schema: T, check: (value: z.output<T>) => string[]): T {
  return schema.superRefine((value, ctx) => {
    for (const message of check(value)) ctx.addIssue({ code: "custom", message, input: value });
  });
}

/** Adds each issue found by `check` (on any input: it must be total) at its path below the value. */
function withIssuesAlways<T extends z.ZodType>(schema: T, check: (value: unknown) => LocalIssue[]): T {
  return schema.superRefine((value, ctx) => {
    for (const issue of check(value)) ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message, input: value });
  }, ALWAYS);
}

/** `schema` with its documentation: a description and an example (JSON Schema) and its entry in propertyDocs. */
function withDoc<T extends z.ZodType>(schema: T, entry: PropertyDoc): T {
  const described = schema.meta({ description: describeProperty(entry, "wire"), examples: [entry.example] });
  propertyDocs.add(described, entry);
  return described;
}

/** An object shape with every property documented by `docs` (one entry per property, checked by the type). */
function documented<S extends Record<string, z.ZodType>>(shape: S, docs: { readonly [K in keyof S]: PropertyDoc }): S {
  return Object.fromEntries(Object.entries(shape).map(([name, schema]) => [name, withDoc(schema, docs[name])])) as S;
}

/** Builds the payload schema whose messages are worded in `naming`. */
function buildProviderPayloadSchema(naming: Naming) {
  const key = (name: string) => ref([name], naming);
  const optionalString = z.optional(z.string());
  const optionalBoolean = z.optional(z.boolean());
  const plainUrl = z.optional(withProblems(z.string(), (url) => plainUrlProblems(url, key("proxy_url"))));

  const scope = z.strictObject(documented({
    scope: z
      .string(requiredParams("set it to the scope name the provider expects"))
      .min(1, "must not be empty: set it to the scope name the provider expects"),
    display_name: optionalString,
    description: optionalString,
    required: optionalBoolean,
  }, DOCS.scope));

  const field = z.strictObject(documented({
    field_name: z
      .string(requiredParams("name the field (its value is stored under this name)"))
      .min(1, "must not be empty: name the field (its value is stored under this name)"),
    label: z.string(requiredParams("add the label users see next to the input")),
    input_type: z.enum(INPUT_TYPES, requiredParams(`set it to ${listOr(INPUT_TYPES)}`)),
    hint: optionalString,
    required: optionalBoolean,
    is_path_param: optionalBoolean,
  }, DOCS.field));

  const oauthConfig = z.strictObject(documented({
    authorize_uri: plainUrl,
    token_uri: plainUrl,
    user_info_uri: plainUrl,
    available_scopes: z.optional(z.array(scope)),
    pkce_enabled: optionalBoolean,
    allow_use_scalekit_credentials: optionalBoolean,
    custom_scope_name: optionalString,
  }, DOCS.oauthConfig));

  const mutation = z.strictObject(documented({
    prefix: optionalString,
    suffix: optionalString,
    default: optionalString,
  } satisfies Record<(typeof MUTATION_OPERATIONS)[number], z.ZodOptional<z.ZodString>>, DOCS.mutation));

  const pattern = z.strictObject(documented({
    type: z.enum(AUTH_TYPES, requiredParams(`set it to ${listOr(AUTH_TYPES)}`)),
    display_name: optionalString,
    description: optionalString,
    is_mcp: optionalBoolean,
    fields: z.optional(z.array(field)),
    account_fields: z.optional(z.array(field)),
    oauth_config: z.optional(oauthConfig),
    auth_header_key_override: z.optional(withProblems(z.string(), headerNameProblems)),
    auth_field_mutations: z.optional(z.partialRecord(z.enum(MUTATION_FIELD_KEYS), mutation)),
  }, DOCS.pattern));

  const proxyOnly = RULES.proxyOnly;
  return z
    .strictObject(documented({
      display_name: withProblems(
        z.string(requiredParams(`name the provider with ${RULES.displayName}`)),
        displayNameProblems,
      ),
      description: optionalString,
      auth_patterns: withIssuesAlways(z.array(pattern, requiredParams("add exactly one auth pattern")), (patterns) =>
        Array.isArray(patterns) ? authPatternCountProblems(patterns.length).map((message) => ({ path: [], message })) : [],
      ),
      proxy_url: withProblems(
        z.string(requiredParams("set it to the upstream API's base URL, e.g. `https://api.example.com`")),
        proxyUrlProblems,
      ),
      proxy_enabled: z
        .boolean({ error: (issue) => (issue.input === undefined ? `is required and must be true: ${proxyOnly}` : undefined) })
        .refine((enabled) => enabled, `must be true: ${proxyOnly}; set ${key("proxy_enabled")} to true`),
      icon_src: plainUrl,
      metadata: z.optional(
        withIssuesAlways(z.record(z.string(), z.string()), (metadata) => (isRecord(metadata) ? metadataIssues(metadata) : [])),
      ),
    }, DOCS.payload))
    .superRefine((payload, ctx) => {
      for (const issue of crossFieldIssues(payload, naming)) {
        ctx.addIssue({
          code: "custom",
          path: [...issue.path],
          message: issue.message,
          input: payload,
          params: { dependsOn: issue.dependsOn },
        });
      }
    }, ALWAYS);
}

/** The payload schema with messages in each naming. */
const PAYLOAD_SCHEMAS: Readonly<Record<Naming, ReturnType<typeof buildProviderPayloadSchema>>> = Object.freeze({
  wire: buildProviderPayloadSchema("wire"),
  args: buildProviderPayloadSchema("args"),
});

/** The payload schema (wire naming in messages). Prefer validatePayload, which adds unknown-key suggestions. */
export const ProviderPayloadSchema = PAYLOAD_SCHEMAS.wire;

/** The payload schema whose messages name properties in `naming`; both validate the same wire keys. */
export function payloadSchemaFor(naming: Naming): typeof ProviderPayloadSchema {
  return PAYLOAD_SCHEMAS[naming];
}

/**
 * The payload's types are generated from this schema and docs.ts (payload-types.ts) so that they carry the
 * documentation and need nothing from zod; a type test checks them against `z.infer<typeof ProviderPayloadSchema>`.
 */
export type { ProviderPayload, AuthPattern, AuthField, OAuthConfig, OAuthScope, FieldMutation } from "./payload-types";
