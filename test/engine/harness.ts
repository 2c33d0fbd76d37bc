/**
 * Shared set-up of the engine-path tests: a local emulator, `CustomProvider` registrations produced by
 * the built package, and Pulumi's provider host configured with stack config pointing at the emulator.
 */
import * as fs from "fs";
import * as path from "path";
import { startEmulator, RunningEmulator, EmulatorOptions } from "../../src/emulator";
import { register, Registration } from "../helpers/registrations";
import { EngineDriver, Props, StartOptions } from "./driver";

export const EXAMPLES_DIR = path.resolve(__dirname, "../../../shared/examples");

/** The documented example payloads, by file name without extension. */
export function examples(): Record<string, Record<string, unknown>> {
    if (!fs.existsSync(EXAMPLES_DIR)) {
        throw new Error(`the shared examples folder ${EXAMPLES_DIR} is missing`);
    }
    return Object.fromEntries(
        fs
            .readdirSync(EXAMPLES_DIR)
            .filter((f) => f.endsWith(".json"))
            .sort()
            .map((f) => [path.basename(f, ".json"), JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, f), "utf8"))]),
    );
}

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
    engine: EngineDriver;
    close(): Promise<void>;
}

/** Starts an emulator and a provider host configured with stack config pointing at it. */
export async function startHarness(opts: { emulator?: EmulatorOptions; config?: Record<string, string>; start?: Partial<StartOptions> } = {}): Promise<Harness> {
    const emulator = await startEmulator({ port: 0, ...opts.emulator });
    const engine = await EngineDriver.start({ ...stackConfig(emulator, opts.config), ...opts.start });
    const harness: Harness = {
        emulator,
        engine,
        async close() {
            await harness.engine.stop();
            await emulator.stop();
        },
    };
    return harness;
}

/** Journal entries of the API kinds (not the control plane), for asserting what reached "Scalekit". */
export function apiCalls(emulator: RunningEmulator, kind?: string) {
    return emulator.journal().filter((e) => e.kind !== "control" && (kind === undefined || e.kind === kind));
}
