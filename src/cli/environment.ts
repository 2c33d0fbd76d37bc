/**
 * Reading an environment's custom providers for a command: builds the client from resolved credentials and
 * turns every client failure into an exit-2 error that says which environment failed and where its
 * credentials came from (never the secret: the client redacts it, and only source names are added here).
 */
import {
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  CREDENTIALS,
  NUMERIC_SETTINGS,
  PERMISSIONS_PLACE,
  PermissionError,
  REQUIRED_PERMISSION,
  ScalekitClient,
  ScalekitError,
  TimeoutError,
  type ClientOptions,
  type ListedProvider,
} from "../client";
import { byDisplayName as matchByDisplayName, DuplicateDisplayNameError } from "../comparison";
import type { EnvironmentCredentials } from "./credentials";
import { inert, shownUrl } from "../text";
import { failure } from "./exit";

/** Client options a command may set besides the credentials: timeouts, retries, an injected fetch for tests. */
export type ClientTuning = Omit<ClientOptions, "environmentUrl" | "clientId" | "clientSecret">;

/**
 * Every custom provider of the environment.
 * @throws ExitError (exit 2) for bad credentials, a refused permission, an unreachable or unusable
 *   environment URL, a timeout, a listing holding malformed providers (named in the message), or any other
 *   client error.
 */
export async function listEnvironmentProviders(environment: EnvironmentCredentials, tuning: ClientTuning = {}): Promise<ListedProvider[]> {
  try {
    const client = new ScalekitClient({
      ...tuning,
      environmentUrl: environment.environmentUrl,
      clientId: environment.clientId,
      clientSecret: environment.clientSecret,
    });
    return await client.listProviders();
  } catch (err) {
    throw environmentFailure(environment, err);
  }
}

/** The exit-2 error for a failure reading `environment`; rethrows what is not a client error. */
export function environmentFailure(environment: EnvironmentCredentials, err: unknown): Error {
  if (!(err instanceof ScalekitError)) return err as Error;
  const where = `${environment.label} (${shownUrl(environment.environmentUrl)})`;
  const { sources } = environment;
  if (err instanceof AuthenticationError) {
    return failure(
      `${where} refused the client credentials (client id from ${sources.clientId}, client secret from ${sources.clientSecret}). ` +
        `Check that both are the API credentials of this environment: Dev and Production each have their own, in the Scalekit Dashboard.` +
        (err.serverMessage ? `\n  Scalekit said: ${inert(err.serverMessage)}` : ""),
    );
  }
  if (err instanceof PermissionError) {
    return failure(
      `${where}: these credentials may not read custom providers (HTTP 403): the API client needs the permission ${REQUIRED_PERMISSION.list}. ` +
        `Grant it in ${PERMISSIONS_PLACE}, then run again.${err.serverMessage ? `\n  Scalekit said: ${inert(err.serverMessage)}` : ""}`,
    );
  }
  if (err instanceof ConfigurationError) {
    return failure(`${environment.label}: ${err.message} (the environment URL came from ${sources.environmentUrl})`);
  }
  if (err instanceof TimeoutError) {
    return failure(
      `cannot reach ${where}: ${err.message} With this command, raise it with ${NUMERIC_SETTINGS.timeoutMs.named.flag.name}. ` +
        `(The URL came from ${sources.environmentUrl}.)`,
    );
  }
  if (err instanceof ConnectionError) {
    return failure(
      `cannot reach ${where}: ${err.message}${wrongHostAdvice(err, sources.environmentUrl)} (the URL came from ${sources.environmentUrl})`,
    );
  }
  return failure(`${where}: ${err.message}`);
}

/** For a host that does not resolve, read from a stack file: how to set the right URL there (or by variable). */
function wrongHostAdvice(err: ConnectionError, source: string): string {
  if (err.errno !== "ENOTFOUND" && err.errno !== "EAI_AGAIN") return "";
  if (!/\.ya?ml$/.test(source)) return "";
  const { configKey, envVar } = CREDENTIALS.environmentUrl;
  return ` Set it in ${source} with \`pulumi config set ${configKey} https://…\` or ${envVar}.`;
}

/**
 * The providers of `environment` by display name, matched by the one rule of the comparison.
 * @throws ExitError (exit 2) when two providers share a display name, naming both identifiers: matching
 *   by name would silently keep one of them, so nothing is produced until one is renamed.
 */
export function byDisplayName(environment: EnvironmentCredentials, providers: readonly ListedProvider[]): Map<string, ListedProvider> {
  try {
    return matchByDisplayName(providers, `${environment.label} (${shownUrl(environment.environmentUrl)})`);
  } catch (err) {
    if (err instanceof DuplicateDisplayNameError) throw failure(err.message);
    throw err;
  }
}
