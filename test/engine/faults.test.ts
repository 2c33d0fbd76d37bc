/**
 * Faults through the engine path: Pulumi's provider host, driven over gRPC as the engine drives it, against
 * the emulator's fault injection. For each of create, read (refresh), update and delete, and each fault
 * (429 with and without Retry-After, which hold the client without using up retries, 500/502/503/504, a reset connection, an answer slower than the client's
 * timeout, an answer lost after the server stored the write): the operation succeeds after retries or fails
 * with a clear message, and the emulator then holds exactly the providers it should.
 *
 * One provider host serves each group of cases (as one `pulumi up` would), with a short timeout and few
 * retries (stack config scalekit:timeoutSeconds and scalekit:maxRetries) so that the file runs in about a
 * minute; the emulator is reset before every case. Every case uses its own display name, so that a late
 * request of one case cannot pass unnoticed in another. The secrets guard of harness.ts checks every host.
 */
import { fromPayload } from "../../src/resource/custom-provider";
import type { FaultAction, JournalEntry, RequestKind } from "../../src/emulator";
import { HostError, Props, ResourceState } from "./driver";
import { apiCalls, examples, Harness, registerInputs, startHarness } from "./harness";

/** scalekit:timeoutSeconds of the host: an answer slower than this is abandoned and retried. */
const TIMEOUT_SECONDS = 0.5;
/** Latency of the "slow answer" fault: above the timeout, so that every such attempt times out. */
const SLOW_MS = 700;
/** scalekit:maxRetries of the host that meets transient faults: up to three attempts. */
const MAX_RETRIES = 2;
/** scalekit:maxRetries of the host that meets persistent faults: two attempts, then the error. */
const PERSISTENT_MAX_RETRIES = 1;
const ATTEMPTS = PERSISTENT_MAX_RETRIES + 1;
/**
 * scalekit:rateLimitWaitSeconds of every host: how long a call may be refused with 429 before it fails (retries are
 * not used up by these waits). Above the two shortest waits after a 429 (1 s, then 1.3 s, each up to twice that with
 * jitter), so that two refusals in a row never end a call.
 */
const RATE_LIMIT_WAIT_SECONDS = 3;

type Op = "create" | "read" | "update" | "delete";
const OPS: Op[] = ["create", "read", "update", "delete"];

/** The API request each operation makes, as the emulator's journal names it (read is a listing). */
const KIND_OF: Record<Op, RequestKind> = { create: "create", read: "list", update: "update", delete: "delete" };

/** How the client's error message names each operation. */
const CALL_OF: Record<Op, (name: string) => RegExp> = {
  create: (name) => new RegExp(`creating custom provider "${name}"`),
  read: () => /listing the custom providers of http:\/\/127\.0\.0\.1/,
  update: () => /updating custom provider [A-Z0-9]+:\d+/,
  delete: () => /deleting custom provider [A-Z0-9]+:\d+/,
};

interface Fault {
  label: string;
  action: FaultAction;
  /** How many attempts it hits in the "transient" table: at most MAX_RETRIES, so a later attempt gets through. */
  transientCount: number;
  /** The message of an operation that it hits on every attempt. */
  persistentMessage: (op: Op, name: string) => RegExp;
}

const status = (code: number, retryAfter?: string): FaultAction => ({
  type: "status",
  status: code,
  ...(retryAfter === undefined ? {} : { retryAfter }),
});
const afterAttempts = `after ${ATTEMPTS} attempts`;
const serverFailed = (code: number) => (op: Op, name: string) =>
  new RegExp(`Scalekit failed while ${CALL_OF[op](name).source}.*\\(HTTP ${code} [A-Z_]+, ${afterAttempts}\\).*usually temporary`);
const connectionReset = (op: Op, name: string) =>
  new RegExp(`Could not reach Scalekit while ${CALL_OF[op](name).source}.*reset.*${afterAttempts}`);

const FAULTS: Fault[] = [
  {
    label: "429 with Retry-After",
    action: status(429, "1"),
    transientCount: 1,
    persistentMessage: (op, name) =>
      new RegExp(`Scalekit rate limited the client while ${CALL_OF[op](name).source}.*refused for \\d+ s.*scalekit:rateLimitWaitSeconds`),
  },
  {
    label: "429 without Retry-After",
    action: status(429),
    transientCount: 2,
    persistentMessage: (op, name) =>
      new RegExp(`Scalekit rate limited the client while ${CALL_OF[op](name).source}.*refused for \\d+ s.*scalekit:rateLimitWaitSeconds`),
  },
  ...[500, 502, 503, 504].map((code) => ({
    label: String(code),
    action: status(code),
    transientCount: 1,
    persistentMessage: serverFailed(code),
  })),
  { label: "reset connection", action: { type: "reset" }, transientCount: 2, persistentMessage: connectionReset },
  {
    label: "answer slower than the timeout",
    action: { type: "latency", ms: SLOW_MS },
    transientCount: 1,
    persistentMessage: (op, name) =>
      new RegExp(
        `Scalekit did not answer within ${TIMEOUT_SECONDS * 1000} ms while ${CALL_OF[op](name).source}.*, ${afterAttempts}.*scalekit:timeoutSeconds`,
      ),
  },
  {
    label: "answer lost after the server stored the write",
    action: { type: "drop-after-commit" },
    transientCount: 1,
    persistentMessage: connectionReset,
  },
];

/** A display name of one case: Scalekit takes letters, digits and spaces only. */
function displayNameOf(caseName: string): string {
  return caseName.replace(/[^A-Za-z0-9]+/g, " ").trim();
}

const transientCases = OPS.flatMap((op) => FAULTS.map((fault) => ({ op, fault, name: `transient ${op} ${fault.label}` })));
/** 502 and 504 fail the way 500 and 503 do (one ServerError path); the transient table covers each of them. */
const persistentFaults = FAULTS.filter((f) => f.label !== "502" && f.label !== "504");
const persistentCases = OPS.flatMap((op) => persistentFaults.map((fault) => ({ op, fault, name: `persistent ${op} ${fault.label}` })));
const badRequestCases = OPS.map((op) => ({ op, name: `bad request ${op}` }));
const expiredTokenCases = OPS.map((op) => ({ op, name: `expired token ${op}` }));
const PARALLEL = 6;
const parallelNames = Array.from({ length: PARALLEL }, (_, i) => `parallel refresh ${i + 1}`);

const base = examples()["bearer-token"];
let inputs: Record<string, Props>;
let h: Harness;

beforeAll(() => {
  const cases = [...transientCases, ...persistentCases, ...badRequestCases, ...expiredTokenCases];
  const args: Record<string, unknown> = {};
  for (const name of cases.map((c) => c.name).concat(parallelNames)) {
    args[name] = fromPayload({ ...base, display_name: displayNameOf(name) });
  }
  for (const { name } of cases.filter((c) => c.op === "update")) {
    args[`${name} updated`] = fromPayload({
      ...base,
      display_name: displayNameOf(name),
      description: `${String(base.description)} (updated)`,
    });
  }
  inputs = registerInputs(args);
});

/**
 * Gives the enclosing describe block its own emulator and provider host (stack config pointing at it,
 * `maxRetries` and a timeout), reset before each case; `h` is that harness while its tests run.
 */
function useHarness(maxRetries: number, timeoutSeconds = TIMEOUT_SECONDS): void {
  let own: Harness | undefined;
  beforeAll(async () => {
    own = await startHarness({
      config: {
        // Each case counts the requests of one operation; the preview's live review has its own tests (live-review.test.ts).
        "scalekit:liveReview": "false",
        "scalekit:timeoutSeconds": String(timeoutSeconds),
        "scalekit:maxRetries": String(maxRetries),
        "scalekit:rateLimitWaitSeconds": String(RATE_LIMIT_WAIT_SECONDS),
      },
    });
    // A refresh of a provider that does not exist: the host obtains its token before the first case.
    const warmUp = inputs[transientCases[0].name];
    expect(await own.engine.refresh({ urn: own.engine.urn("warm-up"), id: "WARMUP:1", inputs: warmUp, outputs: warmUp })).toBeUndefined();
  });
  afterAll(async () => {
    await own?.close();
  });
  beforeEach(() => {
    h = own!;
    h.emulator.reset();
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The state an operation starts from: nothing for create, a provider made through the host otherwise. */
async function arrange(op: Op, name: string): Promise<ResourceState | undefined> {
  return op === "create" ? undefined : h.engine.up(name, inputs[name]);
}

/** The operation, as the engine runs it for one resource. */
async function act(op: Op, name: string, state: ResourceState | undefined): Promise<ResourceState | undefined> {
  switch (op) {
    case "create":
      return h.engine.up(name, inputs[name]);
    case "read":
      return h.engine.refresh(state!);
    case "update":
      return h.engine.up(name, inputs[`${name} updated`], state);
    case "delete":
      await h.engine.destroy(state!);
      return undefined;
  }
}

/** Asserts what the emulator holds after a successful operation, and what the engine got back. */
function expectSucceeded(op: Op, name: string, before: ResourceState | undefined, after: ResourceState | undefined): void {
  const stored = h.emulator.providers();
  const displayName = displayNameOf(name);
  switch (op) {
    case "create":
      expect(stored.map((p) => p.payload.display_name)).toEqual([displayName]);
      expect(after?.id).toBe(stored[0].identifier);
      expect(after?.outputs.providerId).toBe(stored[0].id);
      return;
    case "read":
      expect(stored.map((p) => p.identifier)).toEqual([before!.id]);
      expect(after?.id).toBe(before!.id);
      expect(after?.outputs.displayName).toBe(displayName);
      return;
    case "update":
      expect(stored.map((p) => p.identifier)).toEqual([before!.id]);
      expect(stored[0].payload.description).toMatch(/\(updated\)$/);
      expect(after?.outputs.description).toMatch(/\(updated\)$/);
      return;
    case "delete":
      expect(stored).toEqual([]);
      return;
  }
}

/** Waits until requests the client gave up on, still held by a latency fault, have reached the store. */
async function settle(fault: FaultAction): Promise<void> {
  if (fault.type !== "latency") {
    return;
  }
  const held = apiCalls(h.emulator).filter((e) => e.fault === `latency:${fault.ms}`);
  const lastReleased = Math.max(0, ...held.map((e) => e.receivedAt + fault.ms));
  await sleep(Math.max(0, lastReleased + 150 - Date.now()));
}

/** Journal entries of one kind, in arrival order. */
function calls(kind: RequestKind): JournalEntry[] {
  return apiCalls(h.emulator, kind);
}

describe("transient faults: the operation succeeds after retries and the emulator holds exactly what it should", () => {
  useHarness(MAX_RETRIES);
  test.each(transientCases.map((c) => [c.op, c.fault.label, c] as const))("%s: %s", async (_op, _label, { op, fault, name }) => {
    const before = await arrange(op, name);
    h.emulator.clearJournal();
    h.emulator.addFault({ kind: KIND_OF[op], count: fault.transientCount, action: fault.action });

    const after = await act(op, name, before);
    await settle(fault.action);

    expectSucceeded(op, name, before, after);
    const attempts = calls(KIND_OF[op]);
    expect(attempts.slice(0, fault.transientCount).every((a) => a.fault !== undefined)).toBe(true);
    if (op === "create" && fault.action.type === "drop-after-commit") {
      // The create was stored: the client finds it by display name instead of sending it again.
      expect(attempts).toHaveLength(1);
    } else if (op === "create" && fault.action.type === "latency") {
      // The late attempt is stored either before the client looks (found: no second attempt) or after
      // the second attempt was stored (refused as a duplicate name): one provider either way.
      expect(attempts.length).toBeLessThanOrEqual(2);
    } else {
      expect(attempts.length).toBeGreaterThanOrEqual(fault.transientCount + 1);
    }
    if (fault.action.type === "status" && fault.action.retryAfter !== undefined) {
      // Retry-After: 1 is honoured: the next attempt waits at least one second.
      expect(attempts[1].receivedAt - attempts[0].receivedAt).toBeGreaterThanOrEqual(990);
    }
  });
});

describe("persistent faults: the operation fails with a message naming the call, the fault and what to do, or succeeds when the server did store the write", () => {
  useHarness(PERSISTENT_MAX_RETRIES);
  /**
   * A create whose answers were all lost or late still succeeds: the first attempt was stored, and the
   * client finds it by display name instead of creating it again. Every other operation fails.
   */
  const succeeds = (op: Op, fault: FaultAction) => op === "create" && (fault.type === "latency" || fault.type === "drop-after-commit");
  /** Whether the server applied the write although every answer was lost or late. */
  const applied = (fault: FaultAction) => fault.type === "latency" || fault.type === "drop-after-commit";

  test.each(persistentCases.map((c) => [c.op, c.fault.label, c] as const))("%s: %s", async (_op, _label, { op, fault, name }) => {
    const before = await arrange(op, name);
    h.emulator.clearJournal();
    // A short Retry-After keeps the case fast; the wait itself is asserted in the transient table.
    const action = fault.action.type === "status" && fault.action.retryAfter !== undefined ? status(429, "0.2") : fault.action;
    h.emulator.addFault({ kind: KIND_OF[op], count: 100, action });

    const result = await act(op, name, before).then(
      (after) => ({ after }),
      (error: unknown) => ({ error }),
    );
    await settle(action);
    h.emulator.clearFaults();

    const stored = h.emulator.providers();
    if (succeeds(op, action)) {
      expect(result).not.toHaveProperty("error");
      expectSucceeded(op, name, before, (result as { after: ResourceState }).after);
      return;
    }
    expect(result).toHaveProperty("error");
    const error = (result as { error: unknown }).error;
    expect(error).toBeInstanceOf(HostError);
    expect((error as Error).message).toMatch(fault.persistentMessage(op, displayNameOf(name)));
    if (action.type === "status" && action.status === 429) {
      // Waits for the rate limit use up no retry: with a short Retry-After, more attempts than retries
      // allow; without one, the backoff (which remembers earlier refusals of this host) sets the count.
      expect(calls(KIND_OF[op]).length).toBeGreaterThan(action.retryAfter === undefined ? 1 : ATTEMPTS);
    } else {
      expect(calls(KIND_OF[op])).toHaveLength(ATTEMPTS);
    }
    switch (op) {
      case "create":
        expect(stored).toEqual([]);
        break;
      case "read":
        expect(stored.map((p) => p.identifier)).toEqual([before!.id]);
        break;
      case "update":
        expect(stored.map((p) => p.identifier)).toEqual([before!.id]);
        expect(stored[0].payload.description).toBe(applied(action) ? `${String(base.description)} (updated)` : base.description);
        break;
      case "delete":
        expect(stored.map((p) => p.identifier)).toEqual(applied(action) ? [] : [before!.id]);
        break;
    }
  });
});

/** Timeout of the hosts whose cases count requests exactly: no fault there is slow, and a busy machine must not add a retry. */
const RELAXED_TIMEOUT_SECONDS = 10;

describe("a 400 is final", () => {
  useHarness(MAX_RETRIES, RELAXED_TIMEOUT_SECONDS);
  test.each(badRequestCases.map((c) => [c.op, c] as const))(
    "%s: exactly one request reaches the emulator and the error names the violation",
    async (_op, { op, name }) => {
      const before = await arrange(op, name);
      h.emulator.clearJournal();
      const body = {
        code: 3,
        message: "invalid argument",
        details: [
          {
            "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo",
            error_code: "INVALID_ARGUMENT",
            validation_error_info: { field_violations: [{ field: "display_name", description: "rejected by the server" }] },
          },
        ],
      };
      h.emulator.addFault({ kind: KIND_OF[op], count: 100, action: { type: "status", status: 400, body } });

      const attempt = act(op, name, before);
      await expect(attempt).rejects.toThrow(
        new RegExp(`Scalekit refused ${CALL_OF[op](displayNameOf(name)).source}.*HTTP 400 INVALID_ARGUMENT`),
      );
      await expect(attempt).rejects.toThrow(/display_name: rejected by the server/);
      expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual([KIND_OF[op]]);
      expect(h.emulator.providers()).toHaveLength(op === "create" ? 0 : 1);
    },
  );
});

describe("an access token that expires mid-run", () => {
  useHarness(MAX_RETRIES, RELAXED_TIMEOUT_SECONDS);
  test.each(expiredTokenCases.map((c) => [c.op, c] as const))(
    "%s: is renewed with exactly one token request and the operation succeeds",
    async (_op, { op, name }) => {
      const before = await arrange(op, name);
      h.emulator.clearJournal();
      h.emulator.expireTokens();

      const after = await act(op, name, before);

      expectSucceeded(op, name, before, after);
      const journal = apiCalls(h.emulator).map((e) => `${e.kind} ${e.status}`);
      const ok = op === "create" ? 201 : 200;
      expect(journal).toEqual([`${KIND_OF[op]} 401`, "token 200", `${KIND_OF[op]} ${ok}`]);
    },
  );

  test("many operations in flight share the one renewal", async () => {
    const states = await Promise.all(parallelNames.map((name) => h.engine.up(name, inputs[name])));
    h.emulator.clearJournal();
    h.emulator.expireTokens();

    const refreshed = await Promise.all(states.map((s) => h.engine.refresh(s)));

    expect(refreshed.map((s) => s?.id)).toEqual(states.map((s) => s.id));
    expect(calls("token")).toHaveLength(1);
    expect(calls("list").filter((e) => e.status === 200).length).toBeGreaterThanOrEqual(1);
  });
});
