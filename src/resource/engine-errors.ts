/**
 * How the provider's errors reach the Pulumi engine: the one place they pass through.
 *
 * Pulumi's dynamic-provider host answers the engine with an error's `message`, but for check, diff, read and
 * delete it first prints `${err}: ${err.stack}` on its stderr, which `pulumi` shows under Diagnostics: the
 * class name, the message, and a stack trace with the paths of the user's machine, before the message again
 * (cmd/dynamic-provider/index.js, every Pulumi version this package supports). An expected failure (every
 * error of this package's tree: settings, validation, API refusals, the resource's own) must reach the user as
 * its message alone. So such an error goes to the host as a `ReportedError`, which has no stack trace, and the
 * host's echo of it is not printed. Anything else (a bug) goes unchanged: its stack trace is what a report needs.
 */
import { NamedError } from "../named-error";
import { inertError } from "../text";
import { withPulumiAdvice } from "./advice";

/** An expected failure as the host receives it: its message, nothing else. */
class ReportedError extends Error {
  constructor(cause: NamedError) {
    super(cause.message, { cause });
    // The class that was thrown, for anything that names the error; never a stack trace.
    this.name = cause.name;
    this.stack = `${this.name}: ${this.message}`;
  }
}

/**
 * The error the host should receive for `err`: its message with the Pulumi advice (advice.ts), rendered inert
 * (inertError), and for an expected one, nothing else.
 */
function forEngine(err: unknown): unknown {
  inertError(withPulumiAdvice(err));
  if (!(err instanceof NamedError)) return err;
  const reported = new ReportedError(err);
  expectEcho(`${String(reported)}: ${reported.stack}`);
  return reported;
}

/** Runs `operation`, handing its failure to the host as forEngine makes it. */
export async function reportedToEngine<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    throw forEngine(err);
  }
}

/** Echoes expected but not yet printed, with their count: create and update answer without one, so few are kept. */
const pendingEchoes = new Map<string, number>();
const MAX_PENDING_ECHOES = 64;
let echoFilterInstalled = false;

/**
 * Drops the host's echo of a reported error from its stderr (one exact line per error reported), installed
 * once per process on the first reported error. Every other line is printed as before.
 */
function expectEcho(line: string): void {
  if (!echoFilterInstalled) {
    echoFilterInstalled = true;
    const print = console.error.bind(console);
    console.error = (...args: unknown[]) => {
      const line = args.length === 1 && typeof args[0] === "string" ? args[0] : undefined;
      const pending = line === undefined ? undefined : pendingEchoes.get(line);
      if (line === undefined || pending === undefined) return print(...args);
      if (pending > 1) pendingEchoes.set(line, pending - 1);
      else pendingEchoes.delete(line);
    };
  }
  pendingEchoes.set(line, (pendingEchoes.get(line) ?? 0) + 1);
  if (pendingEchoes.size > MAX_PENDING_ECHOES) pendingEchoes.delete(pendingEchoes.keys().next().value as string);
}
