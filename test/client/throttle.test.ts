import { RATE_LIMIT_MAX_WAIT_MS, RATE_LIMIT_MIN_WAIT_MS, rateLimitBackoff } from "../../src/client/retry";
import { RATE_WINDOW_GUARD_MS, Throttle } from "../../src/client/throttle";
import { FakeClock, FakeScalekit, makeClient, payload, reply } from "./fakes";

/** The most starts within any half-open window [t, t + windowMs). */
function maxInWindow(starts: number[], windowMs = 1000): number {
  const sorted = [...starts].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** A promise resolved from outside. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = () => new Promise((r) => setImmediate(r));

describe("Throttle", () => {
  test("never runs more than maxInFlight tasks at once, and runs them all", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 3, requestsPerSecond: 1000, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, deferred);
    const results = gates.map((gate, i) =>
      throttle.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
        return i;
      }),
    );
    await tick();
    expect(running).toBe(3);
    expect(throttle.stats().queued).toBe(7);
    for (const gate of gates) {
      gate.resolve();
      await tick();
    }
    expect(await Promise.all(results)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(throttle.stats()).toMatchObject({ maxInFlightObserved: 3, inFlight: 0, queued: 0, started: 10 });
  });

  test("starts tasks in arrival order", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 1, requestsPerSecond: 1000, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map((i) => throttle.run(async () => void order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test("never starts more than requestsPerSecond within any one-second window", async () => {
    const clock = new FakeClock();
    // As with a real clock, tasks that finish at once settle before a wait ends (the fake sleep jumps ahead).
    const sleep = async (ms: number) => {
      await new Promise((r) => setImmediate(r));
      await clock.sleep(ms);
    };
    const throttle = new Throttle({ maxInFlight: 100, requestsPerSecond: 5, now: clock.now, sleep, random: () => 0.5 });
    const starts: number[] = [];
    const t0 = clock.now();
    await Promise.all(Array.from({ length: 23 }, () => throttle.run(async () => void starts.push(clock.now()))));
    expect(starts).toHaveLength(23);
    expect(maxInWindow(starts)).toBe(5);
    // 23 starts at 5 per second need 4 full windows (each stretched by the jitter guard) after the first burst.
    expect(Math.max(...starts) - t0).toBe(4 * (1000 + RATE_WINDOW_GUARD_MS));
    expect(throttle.stats().maxStartedPerSecondObserved).toBe(5);
  });

  test("a rate below one per second spaces starts 1/rate seconds apart", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 4, requestsPerSecond: 0.5, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 3 }, () => throttle.run(async () => void starts.push(clock.now()))));
    expect(starts[1] - starts[0]).toBe(2000 + RATE_WINDOW_GUARD_MS);
    expect(starts[2] - starts[1]).toBe(2000 + RATE_WINDOW_GUARD_MS);
  });

  test("a request counts in the rate window until one window after it settles, not after it starts", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 4, requestsPerSecond: 1, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const t0 = clock.now();
    const starts: number[] = [];
    await Promise.all([
      throttle.run(async () => {
        starts.push(clock.now());
        await clock.sleep(3000); // a slow answer: the server may have counted it at any moment until now
      }),
      throttle.run(async () => void starts.push(clock.now())),
    ]);
    expect(starts).toEqual([t0, t0 + 3000 + 1000 + RATE_WINDOW_GUARD_MS]);
  });

  test("without a cap, only maxInFlight bounds the starts: no pace of its own", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 64, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const t0 = clock.now();
    const starts = await Promise.all(Array.from({ length: 50 }, () => throttle.run(async (at) => at - t0)));
    expect(starts.every((t) => t === 0)).toBe(true);
    expect(clock.sleeps).toEqual([]);
    expect(throttle.stats().maxStartedPerSecondObserved).toBe(50);
  });

  test("after a 429 every start waits for the hold, one probe goes first, and full pace returns once it is accepted", async () => {
    const clock = new FakeClock();
    const sleep = async (ms: number) => {
      await tick();
      await clock.sleep(ms);
    };
    const throttle = new Throttle({ maxInFlight: 10, now: clock.now, sleep, random: () => 0.5 });
    const t0 = clock.now();
    const refusedAt = await throttle.run(async (at) => at);
    expect(throttle.refused(refusedAt, undefined)).toBe(1500); // rateLimitBackoff(1): 1.5 × 1 s with random() = 0.5
    const probe = deferred();
    const starts: number[] = [];
    const first = throttle.run(async (at) => {
      starts.push(at - t0);
      await probe.promise;
      throttle.accepted(at);
    });
    const others = Array.from({ length: 5 }, () => throttle.run(async (at) => void starts.push(at - t0)));
    for (let i = 0; i < 5; i++) await tick();
    expect(starts).toEqual([1500]); // the probe alone; the others wait for its answer
    probe.resolve();
    await Promise.all([first, ...others]);
    expect(starts).toEqual([1500, 1500, 1500, 1500, 1500, 1500]);
    expect(throttle.stats()).toMatchObject({ refusals: 1, holds: 1 });
  });

  test("refusals in a row lengthen the hold; a 429 to a request that started before the hold says nothing new", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 10, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const before = clock.now();
    expect(throttle.refused(before, undefined)).toBe(1500);
    expect(throttle.refused(before, undefined)).toBe(1500); // started before the hold: same hold
    clock.t += 1500;
    expect(throttle.refused(clock.now(), undefined)).toBe(1950); // the probe refused: second in a row
    clock.t += 1950;
    throttle.accepted(clock.now());
    expect(throttle.refused(clock.now(), undefined)).toBe(1500); // accepted in between: the streak starts over
    expect(throttle.refused(clock.now(), 7000)).toBe(7000); // a longer Retry-After wins
    expect(throttle.stats()).toMatchObject({ refusals: 5, holds: 4 });
  });

  test("a 429 to a request that started before the hold, arriving after it ended, still holds the client for the shortest wait", () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 10, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    const slow = clock.now();
    clock.t += 10;
    expect(throttle.refused(clock.now(), 0)).toBe(1500); // Retry-After: 0 does not shorten the backoff
    clock.t += 5000; // the hold is over when the slow request's refusal arrives
    expect(throttle.refused(slow, 0)).toBe(RATE_LIMIT_MIN_WAIT_MS);
    expect(throttle.refused(slow, 2500)).toBe(2500);
  });

  test("a huge or far-future Retry-After holds the client for at most the backoff's ceiling", () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 10, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    expect(throttle.refused(clock.now(), 86_400_000)).toBe(RATE_LIMIT_MAX_WAIT_MS);
    expect(throttle.refused(clock.now(), 2 ** 40)).toBe(RATE_LIMIT_MAX_WAIT_MS);
  });

  test("a failing task releases its slot", async () => {
    const clock = new FakeClock();
    const throttle = new Throttle({ maxInFlight: 1, requestsPerSecond: 100, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
    await expect(throttle.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(throttle.run(async () => "next")).resolves.toBe("next");
    expect(throttle.stats().inFlight).toBe(0);
  });
});

describe("client throttling", () => {
  test("every request of the instance, token and list included, goes through the limits", async () => {
    const api = new FakeScalekit();
    const clock = new FakeClock();
    const client = makeClient(api, clock, { maxInFlight: 2, requestsPerSecond: 3 });
    const starts: number[] = [];
    const base = api.http.handler;
    api.http.handler = (req) => {
      starts.push(clock.now());
      return base(req);
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.createProvider(payload(`P ${i}`))));
    // 1 token request + 8 creates = 9 starts at 3 per second.
    expect(starts).toHaveLength(9);
    expect(maxInWindow(starts)).toBeLessThanOrEqual(3);
    const stats = client.stats();
    expect(stats.throttle.maxInFlightObserved).toBeLessThanOrEqual(2);
    expect(stats.throttle.maxStartedPerSecondObserved).toBe(3);
    expect(stats.requests).toMatchObject({ token: 1, create: 8 });
  });
  test("a 429 holds every request of the client for its Retry-After, not only the refused one", async () => {
    const api = new FakeScalekit().script("create", reply(429, {}, { "Retry-After": "3" }));
    const clock = new FakeClock();
    // As with a real clock, other requests get their turn while one waits (the fake sleep jumps ahead).
    clock.sleep = async (ms: number) => {
      await new Promise((r) => setImmediate(r));
      clock.t += ms;
    };
    const client = makeClient(api, clock, { maxInFlight: 1 });
    const t0 = clock.now();
    const starts: string[] = [];
    const base = api.http.handler;
    api.http.handler = (req) => {
      if (req.method === "POST" && req.path.endsWith("custom-providers"))
        starts.push(`${JSON.parse(req.body!).display_name} at ${clock.now() - t0}`);
      return base(req);
    };
    await Promise.all([client.createProvider(payload("First")), client.createProvider(payload("Second"))]);
    // Without the hold, "Second" would start at 0, right after the refused "First", and meet the limit too.
    expect(starts[0]).toBe("First at 0");
    expect(
      starts
        .slice(1)
        .map((s) => Number(s.split(" at ")[1]))
        .every((t) => t >= 3000),
    ).toBe(true);
  });
});

describe("rateLimitBackoff", () => {
  test("grows 1.3× per refusal in a row from 1 s, the upper half jitter, and reaches a whole minute", () => {
    expect([1, 2, 3].map((n) => rateLimitBackoff(n, () => 0))).toEqual([1000, 1300, 1691]);
    expect([1, 2, 3].map((n) => rateLimitBackoff(n, () => 0.999999))).toEqual([2000, 2600, 3380]);
    const ceilings = Array.from({ length: 40 }, (_, i) => rateLimitBackoff(i + 1, () => 0.999999));
    expect(ceilings.every((d, i) => i === 0 || d >= ceilings[i - 1])).toBe(true);
    expect(Math.max(...ceilings)).toBe(RATE_LIMIT_MAX_WAIT_MS);
    expect(rateLimitBackoff(1000, () => 0)).toBe(RATE_LIMIT_MAX_WAIT_MS / 2);
    // Minutes of refusals before the cap: the sum of the waits of 25 refusals in a row, at the least jitter.
    const total = Array.from({ length: 25 }, (_, i) => rateLimitBackoff(i + 1, () => 0)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(60_000);
  });
});
