/**
 * Shared set-up of the engine-path tests: a local emulator, `CustomProvider` registrations produced by
 * the built package, and Pulumi's provider host configured with stack config pointing at the emulator.
 */
import { startEmulator, RunningEmulator, EmulatorOptions } from "../../src/emulator";
import { register, Registration } from "../helpers/registrations";
import { EngineDriver, Props, StartOptions } from "./driver";

/** The documented example payloads, by file name without extension (see test/helpers/examples.ts). */
export { examples } from "../helpers/examples";

/** Stack config the engine would send for a stack whose environment is `emulator`. */
export function stackConfig(emulator: RunningEmulator, extra: Record<string, string> = {}): StartOptions {
  return {
    config: {
      "scalekit:environmentUrl": emulator.url,
      "scalekit:clientId": emulator.clientId,
      "scalekit:clientSecret": emulator.clientSecret,
      ...extra,
    },
    secretKeys: ["scalekit:clientSecret"],
  };
}

/**
 * The inputs the engine receives for CustomProviders declared with these args (by logical name),
 * `__provider` included: registered by the built package in one child process.
 */
export function registerInputs(resources: Record<string, unknown>): Record<string, Props> {
  const registrations = register({ resources: Object.entries(resources).map(([name, args]) => ({ name, args })) });
  return Object.fromEntries(registrations.map((r: Registration) => [r.name, r.inputs]));
}

export interface Harness {
  emulator: RunningEmulator;
  /** The current provider host. A test may replace it (e.g. to restart with other config); close() stops every one. */
  engine: EngineDriver;
  /** Every provider host this harness has held, oldest first. */
  readonly engines: readonly EngineDriver[];
  /**
   * Stops every provider host and the emulator, then runs the secrets guard over everything they showed:
   * it throws when a client secret or an access token appears (see assertNoSecrets).
   */
  close(): Promise<void>;
}

/**
 * Starts an emulator and a provider host configured with stack config pointing at it. Every engine test
 * that closes its harness is checked by the secrets guard.
 */
export async function startHarness(
  opts: { emulator?: EmulatorOptions; config?: Record<string, string>; start?: Partial<StartOptions> } = {},
): Promise<Harness> {
  const emulator = await startEmulator({ port: 0, ...opts.emulator });
  const engines: EngineDriver[] = [];
  try {
    engines.push(await EngineDriver.start({ ...stackConfig(emulator, opts.config), ...opts.start }));
  } catch (err) {
    await emulator.stop();
    throw err;
  }
  const harness: Harness = {
    emulator,
    get engine() {
      return engines[engines.length - 1];
    },
    set engine(next: EngineDriver) {
      if (!engines.includes(next)) {
        engines.push(next);
      }
    },
    engines,
    async close() {
      for (const engine of engines) {
        await engine.stop();
      }
      await emulator.stop();
      assertNoSecrets(engineEvidence(engines), secretsInPlay(emulator, engines));
    },
  };
  return harness;
}

/** Where a secret could show, by name: everything each host printed and every RPC it answered. */
export function engineEvidence(engines: readonly EngineDriver[]): Record<string, string> {
  const evidence: Record<string, string> = {};
  engines.forEach((engine, i) => {
    evidence[`host ${i + 1} output`] = engine.output;
    evidence[`host ${i + 1} requests, results and errors`] = engine.transcript.join("\n");
  });
  return evidence;
}

/** The strings that must never show: every client secret in play and every access token the emulator issued. */
export function secretsInPlay(emulator: RunningEmulator, engines: readonly EngineDriver[] = []): { label: string; value: string }[] {
  return [
    { label: "the emulator's client secret", value: emulator.clientSecret },
    ...engines.flatMap((e) => e.secretValues.map((value) => ({ label: "a client secret given to the provider host", value }))),
    ...emulator.issuedTokens().map((value) => ({ label: "an access token issued by the emulator", value })),
  ];
}

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * The secrets guard: throws when any of `secrets` occurs in any of `evidence`. The error names the secret
 * by kind and the place, with a little context in which the secret itself is masked, so that the failure
 * report does not leak it once more.
 */
export function assertNoSecrets(evidence: Record<string, string>, secrets: { label: string; value: string }[]): void {
  const searched = secrets.filter((s) => s.value.length >= MIN_SECRET_LENGTH);
  const mask = (text: string) => searched.reduce((t, s) => t.split(s.value).join("[SECRET]"), text);
  const leaks: string[] = [];
  for (const [where, text] of Object.entries(evidence)) {
    for (const { label, value } of searched) {
      const at = text.indexOf(value);
      if (at >= 0) {
        const context = mask(text.slice(Math.max(0, at - 120), at + value.length + 60));
        leaks.push(`${label} appears in ${where}: …${context}…`);
      }
    }
  }
  if (leaks.length > 0) {
    throw new Error(`secrets guard: ${leaks.length} leak(s) found:\n${leaks.join("\n")}`);
  }
}

/** Journal entries of the API kinds (not the control plane), for asserting what reached "Scalekit". */
export function apiCalls(emulator: RunningEmulator, kind?: string) {
  return emulator.journal().filter((e) => e.kind !== "control" && (kind === undefined || e.kind === kind));
}
