/** The examples and notes printed after the generated --help text of each command. */

export const HELP_FOOTER = `
Exit codes: 0 done (compare: same), 1 compare: different / export: some files differ, 2 error.
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
