/** The examples and notes printed after the generated --help text of each command. */

export const HELP_FOOTER = `
Exit codes: 0 done (compare: same; validate: valid; review: nothing needs attention), 1 compare: different /
export: some files differ / validate: invalid / new: the file exists / review: something needs attention,
2 error (bad flags, missing answers, credentials, network, a file that cannot be read).
Credentials, for each value: a flag, then SCALEKIT_ENVIRONMENT_URL / SCALEKIT_CLIENT_ID / SCALEKIT_CLIENT_SECRET,
then (URL and client id only) the Pulumi stack file named by --stack.`;

export const EXPORT_HELP = `
Examples:
  export SCALEKIT_CLIENT_SECRET="$(pulumi config get scalekit:clientSecret --stack dev)"
  scalekit-providers export --stack dev
  scalekit-providers export --environment-url https://acme-dev.scalekit.dev --client-id skc_123 --dir definitions --json

Files are named after the display name (My Asana -> my-asana.json); a file already holding a provider (same
display_name) keeps its name. Deploy them with \`pulumi config set scalekit:adopt true\` and \`pulumi up\`: no change.`;

export const COMPARE_HELP = `
Examples:
  # Dev against Production (secrets from SCALEKIT_FROM_CLIENT_SECRET and SCALEKIT_TO_CLIENT_SECRET)
  scalekit-providers compare --from-stack dev --to-stack prod
  # the definitions folder against an environment
  scalekit-providers compare --dir definitions --stack prod --json

Each side of two environments also reads SCALEKIT_FROM_ENVIRONMENT_URL, SCALEKIT_FROM_CLIENT_ID,
SCALEKIT_FROM_CLIENT_SECRET (and SCALEKIT_TO_…). Providers are matched by display name.`;

export const VALIDATE_HELP = `
Examples:
  scalekit-providers validate                        # the definitions folder
  scalekit-providers validate definitions/my-asana.json other-folder
  scalekit-providers validate --json                 # {valid, files[], problems[{file, property, message, fix}], counts}

The same checks and messages as \`pulumi preview\`, plus the folder rules (a folder with no definition file, two
files with one display name or one logical name). A folder is checked as a whole, a file alone.`;

export const NEW_HELP = `
Examples:
  scalekit-providers new                             # on a terminal: answer the questions
  scalekit-providers new --name "My Linear" --auth oauth --proxy-url https://api.linear.app \\
    --authorize-uri https://linear.app/oauth/authorize --token-uri https://api.linear.app/oauth/token --scopes read,write
  scalekit-providers new --name "My Klaviyo" --auth api-key --proxy-url https://a.klaviyo.com/api \\
    --header Authorization --prefix "Klaviyo-API-Key " --format yaml
  scalekit-providers new --name "Docs MCP" --upstream mcp --auth none --proxy-url https://mcp.example.com
  scalekit-providers new --name "My Jira" --auth basic --proxy-url "https://{{domain}}/rest/api/3"

Without a terminal, --name, --auth and --proxy-url are required (and --authorize-uri and --token-uri for OAuth
to a REST API). The file is named after the display name (My Linear -> definitions/my-linear.json) and
validated as \`pulumi preview\` validates it before it is written. Exit code 0 written, 1 the file (or a
definition of the same display name) exists, 2 missing or wrong flags.`;

export const REVIEW_HELP = `
Examples:
  pulumi preview --json --stack dev > preview-dev.json
  scalekit-providers review dev=preview-dev.json
  pulumi preview --json --stack prod | scalekit-providers review prod=-
  scalekit-providers review dev=preview-dev.json prod=preview-prod.json --max-characters 0

Per stack a summary line, then per provider what \`pulumi up\` would do (create, adopt, update, replace, delete),
what changes property by property, what replacements and deletes cost, and the provider's warnings (the live
review's included). Never a secret. Exit code 0 nothing needs attention, 1 something does (a replacement, a
delete, a Dashboard edit \`up\` would overwrite, an error in the preview), 2 error (a file that is not a preview).`;
