/**
 * The Pulumi advice on the client's errors, added here once. The client says what Scalekit answered and what
 * it means (its messages name its own options and the Dashboard); in a stack, acting on it means a stack
 * config key, `pulumi config set` or `pulumi refresh`, which only the resource may say (a CLI user cannot
 * follow them). Both faces of the resource pass their errors through here: the dynamic provider's host
 * (engine-errors.ts) and the native plugin (src/plugin).
 */
import {
  AuthenticationError,
  ConnectionError,
  CREDENTIALS,
  InvalidIdentifierError,
  NUMERIC_SETTINGS,
  RateLimitError,
  TimeoutError,
  sourceName,
} from "../client";

const { environmentUrl, clientId, clientSecret } = CREDENTIALS;

/** The DNS failures: the host of the environment URL is unknown (the URL is likely wrong, or a placeholder). */
const DNS_ERRNOS = ["ENOTFOUND", "EAI_AGAIN"];

/** What a stack's user does about `err`, or undefined when the client's message says all there is to do. */
export function pulumiAdvice(err: unknown): string | undefined {
  if (err instanceof TimeoutError) return `In a stack, raise the timeout with ${sourceName(NUMERIC_SETTINGS.timeoutMs.named)}.`;
  if (err instanceof RateLimitError)
    return `In a stack, let the client wait longer with ${sourceName(NUMERIC_SETTINGS.rateLimitWaitMs.named)}.`;
  if (err instanceof ConnectionError && err.errno !== undefined && DNS_ERRNOS.includes(err.errno))
    return `The stack's environment URL is ${sourceName(environmentUrl)}: set it with \`pulumi config set ${environmentUrl.configKey} https://…\`.`;
  if (err instanceof AuthenticationError)
    return (
      `Give them to the stack as ${clientId.configKey} and ${clientSecret.configKey} (\`pulumi config set --secret ${clientSecret.configKey}\`), ` +
      `or the environment variables ${clientId.envVar} and ${clientSecret.envVar}.`
    );
  if (err instanceof InvalidIdentifierError) return "Then run `pulumi refresh`.";
  return undefined;
}

/** `err` with its Pulumi advice appended to its message (and its stack's first line), in place; same object. */
export function withPulumiAdvice<T>(err: T): T {
  const advice = pulumiAdvice(err);
  if (advice === undefined || !(err instanceof Error) || err.message.endsWith(advice)) return err;
  const before = err.message;
  err.message = `${before} ${advice}`;
  if (err.stack?.includes(before)) err.stack = err.stack.replace(before, err.message);
  return err;
}
