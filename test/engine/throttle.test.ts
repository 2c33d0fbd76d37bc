/**
 * Pacing and load through the engine path: CustomProviders created in parallel through ONE provider host
 * (one client: one token, one throttle), as `pulumi up` of a large stack would, against an emulator with no
 * limit and one that answers 429 RATE_LIMITED without Retry-After, as Scalekit documents it. Every create
 * completes, none is duplicated, and what the emulator observed never exceeds the client's limits
 * (scalekit:maxInFlight, and scalekit:requestsPerSecond when set).
 */
import { fromPayload } from "../../src/resource/custom-provider";
import type { JournalEntry } from "../../src/emulator";
import { CLIENT_DEFAULTS as DEFAULTS } from "../../src/client";
import { Props } from "./driver";
import { apiCalls, examples, Harness, registerInputs, startHarness } from "./harness";

const N = 200;
const names = Array.from({ length: N }, (_, i) => `load-${String(i + 1).padStart(3, "0")}`);
const displayNameOf = (name: string) => `Load Test ${name.slice(5)}`;

let inputs: Record<string, Props>;
let h: Harness | undefined;

beforeAll(() => {
  const base = examples()["attention-api-key"];
  inputs = registerInputs(Object.fromEntries(names.map((name) => [name, fromPayload({ ...base, display_name: displayNameOf(name) })])));
});

afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The most requests that arrived within any window of `windowMs` (half-open), from the emulator's journal. */
function maxInWindow(entries: JournalEntry[], windowMs: number): number {
  const times = entries.map((e) => e.receivedAt).sort((a, b) => a - b);
  let max = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= windowMs) first++;
    max = Math.max(max, last - first + 1);
  }
  return max;
}

/**
 * `pulumi up` of the first `count` load-test resources at once, through the harness's one host; checks
 * that each was created exactly once and returns the run time.
 */
async function upAll(harness: Harness, count: number): Promise<number> {
  const chosen = names.slice(0, count);
  const started = Date.now();
  const states = await Promise.all(chosen.map((name) => harness.engine.up(name, inputs[name])));
  const ms = Date.now() - started;

  const stored = harness.emulator.providers();
  expect(stored).toHaveLength(count);
  expect(new Set(stored.map((p) => p.payload.display_name))).toEqual(new Set(chosen.map(displayNameOf)));
  expect(new Set(states.map((s) => s.id))).toEqual(new Set(stored.map((p) => p.identifier)));
  expect(apiCalls(harness.emulator, "create").filter((e) => e.status === 201)).toHaveLength(count);
  return ms;
}

/** What the emulator saw: requests by kind and status, the peak in flight and the peak per second. */
function observed(harness: Harness) {
  const calls = apiCalls(harness.emulator);
  const byKindAndStatus: Record<string, number> = {};
  for (const e of calls) byKindAndStatus[`${e.kind} ${e.status}`] = (byKindAndStatus[`${e.kind} ${e.status}`] ?? 0) + 1;
  return {
    byKindAndStatus,
    refused: calls.filter((e) => e.status === 429).length,
    peakInFlight: harness.emulator.stats().maxConcurrentRequests,
    peakPerSecond: maxInWindow(calls, 1000),
  };
}

test(`${N} creates in parallel with the default settings against an emulator with no limit: only maxInFlight bounds the requests, and all complete once each`, async () => {
  h = await startHarness();

  const ms = await upAll(h, N);

  const seen = observed(h);
  console.log(`default settings, no server limit, ${N} creates: ${ms} ms, ${JSON.stringify(seen)}`);
  expect(seen.peakInFlight).toBeLessThanOrEqual(DEFAULTS.maxInFlight);
  expect(seen.refused).toBe(0);
  // The creates share one token; the live review (Check of each new resource) adds its own token and one listing for all.
  expect(seen.byKindAndStatus).toEqual({ "token 200": 2, "list 200": 1, "create 201": N });
});

test("against an emulator allowing 40 requests per 2-second window with no Retry-After, the 429s hold the whole client: all complete once each, with few refusals", async () => {
  const count = 100;
  h = await startHarness({ emulator: { rateLimit: { requests: 40, windowSeconds: 2 } } });

  const ms = await upAll(h, count);

  const seen = observed(h);
  console.log(`server limit 40 per 2 s, ${count} creates: ${ms} ms, ${JSON.stringify(seen)}`);
  expect(seen.refused).toBeGreaterThan(0);
  // One hold for the whole client and a single probe at its end: refusals do not pile up per request.
  expect(seen.refused).toBeLessThan(count / 2);
  expect(seen.peakInFlight).toBeLessThanOrEqual(DEFAULTS.maxInFlight);
  expect(seen.byKindAndStatus["create 201"]).toBe(count);
});

test("the limits set in stack config (scalekit:maxInFlight, scalekit:requestsPerSecond) are the ones kept", async () => {
  const count = 60;
  const maxInFlight = 3;
  const requestsPerSecond = 12;
  // Slow answers, so that the in-flight limit is the one that binds: unbounded, about 5 would be in flight.
  h = await startHarness({
    emulator: { latencyMs: 400 },
    config: { "scalekit:maxInFlight": String(maxInFlight), "scalekit:requestsPerSecond": String(requestsPerSecond) },
  });

  const ms = await upAll(h, count);

  const seen = observed(h);
  console.log(
    `maxInFlight ${maxInFlight}, requestsPerSecond ${requestsPerSecond}, 400 ms answers, ${count} creates: ${ms} ms, ${JSON.stringify(seen)}`,
  );
  expect(seen.peakInFlight).toBe(maxInFlight);
  expect(seen.peakPerSecond).toBeLessThanOrEqual(requestsPerSecond);
});
