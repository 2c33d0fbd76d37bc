/**
 * The Pulumi advice the resource adds to the client's errors (src/resource/advice.ts): the client's own messages
 * hold none (test/client/errors.test.ts), and what a stack's user must do reaches the engine with them
 * (test/engine/faults.test.ts and secrets.test.ts check it through the provider host).
 */
import {
  AuthenticationError,
  ConnectionError,
  InvalidIdentifierError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  type ScalekitError,
} from "../../src/client";
import { createApiError } from "../../src/client/error-factory";
import { pulumiAdvice, withPulumiAdvice } from "../../src/resource/advice";

const call = { operation: "list" as const };
const api = { ...call, status: 429, violations: [] };

test.each<[string, ScalekitError, string]>([
  ["a timeout", new TimeoutError("slow.", { ...call, timeoutMs: 1 }), "scalekit:timeoutSeconds (or SCALEKIT_TIMEOUT_SECONDS)"],
  ["a rate limit", new RateLimitError("limited.", api), "scalekit:rateLimitWaitSeconds (or SCALEKIT_RATE_LIMIT_WAIT_SECONDS)"],
  [
    "a host that does not resolve",
    new ConnectionError("unknown host.", { ...call, errno: "ENOTFOUND" }),
    "`pulumi config set scalekit:environmentUrl https://…`",
  ],
  [
    "refused credentials",
    new AuthenticationError("refused.", { ...api, status: 401 }),
    "scalekit:clientId and scalekit:clientSecret (`pulumi config set --secret scalekit:clientSecret`), or the environment variables SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET",
  ],
  ["an identifier Scalekit never issues", new InvalidIdentifierError("bad id.", { operation: "delete" }), "`pulumi refresh`"],
])("%s: the stack's setting or command is added after the client's message, on the same error", (_, error, advice) => {
  const [messageBefore, stackBefore] = [error.message, error.stack];
  expect(withPulumiAdvice(error)).toBe(error);
  expect(error.message.startsWith(`${messageBefore} `)).toBe(true);
  expect(error.message).toContain(advice);
  expect(error.stack?.split("\n")[0]).toBe(`${error.name}: ${error.message}`);
  expect(stackBefore?.split("\n").slice(1)).toEqual(error.stack?.split("\n").slice(1));
  // Added once, however many times the error passes through.
  expect(withPulumiAdvice(error).message.split(advice)).toHaveLength(2);
});

test("errors whose message already says all there is to do, and what is not an error, are left as they are", () => {
  const refusedConnection = new ConnectionError("refused.", { ...call, errno: "ECONNREFUSED" });
  const notFound = createApiError(
    { operation: "delete", environmentUrl: "https://acme.scalekit.test", secrets: [] },
    { status: 404, body: "" },
  );
  expect(notFound).toBeInstanceOf(NotFoundError);
  for (const error of [refusedConnection, notFound, new Error("a bug")]) {
    const message = error.message;
    expect(pulumiAdvice(error)).toBeUndefined();
    expect(withPulumiAdvice(error).message).toBe(message);
  }
  expect(withPulumiAdvice("text")).toBe("text");
});
