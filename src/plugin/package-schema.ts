/**
 * The Pulumi package schema of the `scalekit` plugin: the `CustomProvider` resource and its types, rendered by the
 * schema part from the zod schema and its documentation, and the provider's configuration, from the client's
 * settings table (client/settings.ts: config keys, variables, defaults). `pulumi package get-schema` prints it,
 * Pulumi YAML checks programs against it, and SDKs for other languages are generated from it.
 */
import { CREDENTIALS, NAMED_OPTIONS, NUMERIC_SETTINGS, namedDefault, type NamedOption } from "../client";
import { DYNAMIC_RESOURCE_TYPE } from "../resource/native";
import { customProviderPackageSpec, type PulumiPropertySpec } from "../schema";

export const PACKAGE_NAME = "scalekit";
export const RESOURCE_TOKEN = `${PACKAGE_NAME}:index:CustomProvider`;
/** The package file that holds the schema (shipped in the package; written by `npm run build`). */
export const PACKAGE_SCHEMA_FILE = "schema/pulumi-package.json";

/**
 * How the SDKs generated from this schema (`npm run sdk`, into sdk/) name themselves in their languages. The Go
 * module path has no host: the repository has no public address yet, so a Go program reaches the module through a
 * `replace` directive (a path with a host would pretend it can be fetched). The npm name follows Pulumi's
 * `@<publisher>/<package>` convention, distinct from this package (`scalekit-providers`, the dynamic resource).
 */
export const SDK_NAMES = {
  python: "pulumi_scalekit",
  goModule: "scalekit-providers/sdk/go",
  nodejs: "@scalekit-providers/scalekit",
} as const;

/** The package's version, which the plugin reports as its own. */
export function pluginVersion(): string {
  // A static require, not a file read: the self-contained executable's bundle (scripts/plugin-executable.js)
  // carries package.json, which is not beside it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../package.json") as { version: string }).version;
}

/** What each setting does; where it comes from and its default are added from the settings table. */
const SETTING_PURPOSES: Readonly<Record<keyof typeof CREDENTIALS | NamedOption, string>> = {
  environmentUrl: "The Scalekit environment's URL, e.g. `https://acme.scalekit.com` (plain `http://` only to a loopback address).",
  clientId: "The client ID of an API client of that environment (Scalekit Dashboard, Settings, API credentials).",
  clientSecret: "The client secret of that API client. Set it with `pulumi config set --secret`; it is never stored in clear or shown.",
  timeoutMs: "Give up on one attempt of a request after this many seconds.",
  maxRetries: "Retries of a request after a transient failure, on top of the first attempt (0 disables retries).",
  maxInFlight: "Requests to Scalekit in flight at once.",
  requestsPerSecond: "Caps the requests started per second (off unless set; the provider follows Scalekit's 429s anyway).",
  rateLimitWaitMs: "How long, in total, to wait out Scalekit's rate limiting (429) before giving up, in seconds.",
};

/** The provider's settings as Pulumi config variables and provider inputs, by name (`clientSecret`). */
function settings(): Record<string, PulumiPropertySpec> {
  const credentials = Object.entries(CREDENTIALS).map(([name, setting]): [string, PulumiPropertySpec] => [
    name,
    {
      type: "string",
      description: `${SETTING_PURPOSES[name as keyof typeof CREDENTIALS]} Stack config \`${setting.configKey}\`, else the environment variable \`${setting.envVar}\`.`,
      ...(setting.secret ? { secret: true } : {}),
    },
  ]);
  const numeric = NAMED_OPTIONS.map((option): [string, PulumiPropertySpec] => {
    const setting = NUMERIC_SETTINGS[option];
    const fallback = namedDefault(option);
    return [
      setting.named.name,
      {
        type: setting.integer ? "integer" : "number",
        description:
          `${SETTING_PURPOSES[option]} Stack config \`${setting.named.configKey}\`, else the environment variable \`${setting.named.envVar}\`.` +
          (fallback === undefined ? "" : ` Default: ${fallback}.`),
      },
    ];
  });
  return Object.fromEntries([...credentials, ...numeric]);
}

/** The package schema, as GetSchema returns it. */
export function packageSchema(version: string): Record<string, unknown> {
  const { resource, types } = customProviderPackageSpec(PACKAGE_NAME);
  const config = settings();
  return {
    name: PACKAGE_NAME,
    displayName: "Scalekit",
    version,
    description: "Scalekit custom providers (connectors) declared as code: create, update, adopt, import and delete them with Pulumi.",
    keywords: ["pulumi", "scalekit", "category/utility", "kind/native"],
    license: "Apache-2.0",
    config: { variables: config },
    provider: {
      description:
        "The Scalekit environment the resources live in, and how to reach it. Unset settings fall back to the `SCALEKIT_*` environment variables.",
      inputProperties: config,
    },
    // The dynamic resource's type as an alias: every program on the plugin (YAML, generated SDKs) takes over a
    // stack's dynamic resources of the same names without a write (docs/migrate-to-plugin.md).
    // `supportPack`: each SDK carries the schema's version (the plugin version it asks the engine for) and is a
    // package of its own: a pyproject.toml, a go.mod, a package.json.
    meta: { supportPack: true },
    language: {
      python: { packageName: SDK_NAMES.python, pyproject: { enabled: true } },
      go: { importBasePath: `${SDK_NAMES.goModule}/${PACKAGE_NAME}` },
      nodejs: { packageName: SDK_NAMES.nodejs },
    },
    resources: { [RESOURCE_TOKEN]: { ...resource, aliases: [{ type: DYNAMIC_RESOURCE_TYPE }] } },
    types,
  };
}
