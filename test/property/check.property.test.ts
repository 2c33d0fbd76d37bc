/**
 * `check` against bad input, by property: thousands of mutated and generated `CustomProvider` inputs
 * (wrong types, missing keys, huge and unicode strings, unknown auth types, broken placeholders, nulls,
 * unknown values, typos of keys). `check` never throws; it either answers failures that each name a real
 * property, or accepts inputs whose payload the emulator also accepts (201, never 400). Check itself sends
 * nothing, and inputs it refuses never reach the API. The thousands run in process; a sample of 100 runs
 * through Pulumi's own provider host over gRPC and must be answered exactly as in process.
 */
import fc from "fast-check";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { fromPayload } from "../../src/resource/custom-provider";
import { ScalekitResourceProvider } from "../../src/resource/provider";
import { payloadArgs, type Props } from "../../src/resource/state";
import { PayloadValidationError, validateArgs } from "../../src/schema";
import * as pulumi from "@pulumi/pulumi";
import { HostError } from "../engine/driver";
import { examples, registerInputs, startHarness, type Harness } from "../engine/harness";
import { anyArgs, refersToRealLocation } from "./mutations";

/** Inputs fed to the in-process `check`. */
const IN_PROCESS_RUNS = 4000;
/** Inputs fed through the provider host (each a gRPC round trip, accepted ones created and deleted). */
const HOST_RUNS = 100;
/** Client limits for these tests: the default 20 requests/s would make the accepted creates crawl. */
/**
 * The client's pace for thousands of inputs, with the live review off: its one read per run is what Check adds for
 * a new resource, and its own tests count it (test/engine/live-review.test.ts); here Check's validation sends nothing.
 */
const FAST_CLIENT = { "scalekit:requestsPerSecond": "5000", "scalekit:maxInFlight": "16", "scalekit:liveReview": "false" };

/** API requests (control plane excluded) the emulator has received since it started. */
function apiRequests(emu: RunningEmulator): number {
  return Object.entries(emu.stats().requestsByKind)
    .filter(([kind]) => kind !== "control")
    .reduce((sum, [, n]) => sum + n, 0);
}

function containsUnknown(value: unknown): boolean {
  if (value === pulumi.runtime.unknownValue) return true;
  return value !== null && typeof value === "object" && Object.values(value).some(containsUnknown);
}

/** Each failure names a real property on one line and gives a reason. */
function expectWellFormedFailures(failures: readonly pulumi.dynamic.CheckFailure[], inputs: Props): void {
  expect(failures.length).toBeGreaterThan(0);
  for (const failure of failures) {
    expect(failure.property).toMatch(/^[^\n]+$/);
    expect(failure.reason).toMatch(/^[^\n]+$/);
    expect({ property: failure.property, real: refersToRealLocation(failure.property, inputs) }).toEqual({
      property: failure.property,
      real: true,
    });
  }
}

/** The create requests and statuses the emulator journaled (since its journal was last cleared). */
function createStatuses(emu: RunningEmulator): number[] {
  return emu
    .journal()
    .filter((entry) => entry.kind === "create")
    .map((entry) => entry.status);
}

function badRequests(emu: RunningEmulator): number {
  return emu.journal().filter((entry) => entry.status === 400).length;
}

function sortFailures(failures: readonly pulumi.dynamic.CheckFailure[]): string[] {
  return failures.map((f) => `${f.property}\u0000${f.reason}`).sort();
}

/** How many inputs took each branch, so that a run that never reaches a branch fails instead of passing. */
interface Tally {
  refused: number;
  accepted: number;
  unknown: number;
}

function expectBothBranches(tally: Tally, runs: number): void {
  expect(tally.refused + tally.accepted + tally.unknown).toBeGreaterThanOrEqual(runs);
  expect(tally.refused).toBeGreaterThan(runs * 0.2);
  expect(tally.accepted).toBeGreaterThan(runs * 0.1);
}

describe("check in process", () => {
  let emu: RunningEmulator;
  let provider: ScalekitResourceProvider;

  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
    provider = new ScalekitResourceProvider(() => undefined);
    const config: Record<string, string> = {
      "scalekit:environmentUrl": emu.url,
      "scalekit:clientId": emu.clientId,
      "scalekit:clientSecret": emu.clientSecret,
      ...FAST_CLIENT,
    };
    await provider.configure({ config: { get: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
  });

  afterAll(async () => {
    await emu.stop();
  });

  test(`${IN_PROCESS_RUNS} mutated and generated inputs: check never throws, sends nothing, names real properties, and what it accepts the API accepts`, async () => {
    const tally: Tally = { refused: 0, accepted: 0, unknown: 0 };
    await fc.assert(
      fc.asyncProperty(anyArgs(), async (news) => {
        const sentBefore = apiRequests(emu);
        const result = await provider.check({}, news);
        expect(apiRequests(emu)).toBe(sentBefore);
        const inputs = result.inputs as Props;

        if ((result.failures ?? []).length > 0) {
          tally.refused++;
          expectWellFormedFailures(result.failures!, inputs);
          // Even if the engine called create anyway, an invalid payload would not be sent.
          if (!validateArgs(payloadArgs(inputs)).ok) {
            await expect(provider.create(inputs)).rejects.toBeInstanceOf(PayloadValidationError);
            expect(apiRequests(emu)).toBe(sentBefore);
          }
          return;
        }
        if (containsUnknown(inputs)) {
          tally.unknown++; // valid so far; nothing can be sent until the values are known
          return;
        }
        tally.accepted++;
        emu.clearJournal();
        const created = await provider.create(inputs);
        expect(createStatuses(emu)).toEqual([201]);
        expect(badRequests(emu)).toBe(0);
        await provider.delete(created.id, created.outs);
        expect(emu.providers()).toEqual([]);
      }),
      { numRuns: IN_PROCESS_RUNS },
    );
    expectBothBranches(tally, IN_PROCESS_RUNS);
    // About 10 s alone on 2 cores; the margin is for a machine busy with the other suites.
  }, 300_000);

  test("objects of arbitrary JSON-like junk, at any depth, are answered with well-formed failures, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(fc.object({ maxDepth: 4 }), async (news) => {
        const result = await provider.check({}, news);
        if ((result.failures ?? []).length > 0) expectWellFormedFailures(result.failures!, result.inputs as Props);
      }),
      { numRuns: 500 },
    );
  });
});

describe("check through Pulumi's provider host", () => {
  let h: Harness;
  let providerCode: string;
  const inProcess = new ScalekitResourceProvider(() => undefined);

  beforeAll(async () => {
    const registered = registerInputs({ probe: fromPayload(examples()["bearer-token"]) });
    providerCode = String(registered.probe.__provider);
    h = await startHarness({ config: FAST_CLIENT });
  });

  afterAll(async () => {
    await h?.close();
  });

  /** What survives the trip to the host: JSON values only (the gRPC Struct has nothing else). */
  const jsonArgs = anyArgs()
    .filter((args) => {
      try {
        JSON.stringify(args);
        return true;
      } catch {
        return false;
      }
    })
    .map((args) => JSON.parse(JSON.stringify(args)) as Props);

  test(`${HOST_RUNS} inputs through the host: the same answer as in process; refused inputs send nothing, accepted ones are created`, async () => {
    const tally: Tally = { refused: 0, accepted: 0, unknown: 0 };
    await fc.assert(
      fc.asyncProperty(jsonArgs, async (args) => {
        const news = { ...args, __provider: providerCode };
        const sentBefore = apiRequests(h.emulator);
        const viaHost = await h.engine.check(h.engine.urn("probe"), {}, news);
        const local = await inProcess.check({}, structuredClone(args));
        // The gRPC Struct does not keep key order, so failures may come in another order.
        expect(sortFailures(viaHost.failures)).toEqual(sortFailures(local.failures ?? []));
        const { __provider, ...hostInputs } = viaHost.inputs;
        expect(__provider).toBe(providerCode);
        expect(hostInputs).toEqual(local.inputs);
        expect(apiRequests(h.emulator)).toBe(sentBefore);

        if (viaHost.failures.length > 0) {
          tally.refused++;
          expectWellFormedFailures(viaHost.failures, hostInputs);
          await expect(h.engine.up("probe", news)).rejects.toThrow(HostError);
          expect(apiRequests(h.emulator)).toBe(sentBefore);
          return;
        }
        if (containsUnknown(hostInputs)) {
          tally.unknown++;
          return;
        }
        tally.accepted++;
        h.emulator.clearJournal();
        const state = await h.engine.up("probe", news);
        expect(createStatuses(h.emulator)).toEqual([201]);
        expect(badRequests(h.emulator)).toBe(0);
        await h.engine.destroy(state);
        expect(h.emulator.providers()).toEqual([]);
      }),
      { numRuns: HOST_RUNS },
    );
    expectBothBranches(tally, HOST_RUNS);
  });
});
