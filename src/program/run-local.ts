/**
 * The local main job (`npm run local`): runs this Pulumi project against the embedded emulator, with no
 * Scalekit account: starts the emulator, then `pulumi preview` and `pulumi up` on a `local` stack kept in a
 * file backend under `.pulumi-local/`, and prints what was created. It needs the Pulumi CLI, as every
 * Pulumi program does; without it, it says so and exits non-zero.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const STACK = "local";

/** Exit code and message when the Pulumi CLI is not on PATH. */
export function pulumiCliMissing(): string | undefined {
    const probe = spawnSync("pulumi", ["version"], { encoding: "utf8" });
    if (probe.error || probe.status !== 0) {
        return [
            "The Pulumi CLI is not installed (no `pulumi` on PATH), so nothing was previewed or deployed.",
            "This command runs the real `pulumi preview` and `pulumi up`. Install the CLI, then run it again:",
            "  curl -fsSL https://get.pulumi.com | sh      (or: brew install pulumi/tap/pulumi)",
            "  see https://www.pulumi.com/docs/iac/download-install/",
            "Without the CLI you can still run the emulator (`npm run emulator`) and the tests (`npm test`).",
        ].join("\n");
    }
    return undefined;
}

async function main(): Promise<number> {
    const missing = pulumiCliMissing();
    if (missing) {
        console.error(missing);
        return 1;
    }
    // The emulator keeps its providers beside the local stack's state, so that a second run finds what
    // the first one created, as a real environment would.
    const stateDir = path.join(PROJECT_DIR, ".pulumi-local");
    const emulator = await startEmulator({ port: 0, stateFile: path.join(stateDir, "emulator-state.json") });
    try {
        console.log(`Scalekit emulator listening on ${emulator.url}`);
        const envVars = {
            PULUMI_BACKEND_URL: `file://${stateDir}`,
            // The local stack's secrets are the emulator's demo credentials; a fixed passphrase is enough.
            PULUMI_CONFIG_PASSPHRASE: "scalekit-providers-local",
        };
        const stack = await LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: PROJECT_DIR }, { envVars });
        await stack.setAllConfig({
            "scalekit:environmentUrl": { value: emulator.url },
            "scalekit:clientId": { value: emulator.clientId },
            "scalekit:clientSecret": { value: emulator.clientSecret, secret: true },
        });
        const onOutput = (out: string) => process.stdout.write(out);
        console.log(`\n$ pulumi preview --stack ${STACK}`);
        await stack.preview({ onOutput, diff: true });
        console.log(`\n$ pulumi up --stack ${STACK} --yes`);
        const result = await stack.up({ onOutput });
        console.log("\nCreated in the emulator:");
        for (const p of emulator.providers()) {
            console.log(`  ${p.identifier.padEnd(28)} ${String(p.payload.display_name)}`);
        }
        console.log(`\nStack outputs: ${JSON.stringify(result.outputs.identifiers?.value ?? {}, null, 2)}`);
        return 0;
    } finally {
        await emulator.stop();
    }
}

if (require.main === module) {
    main().then(
        (code) => process.exit(code),
        (err: Error) => {
            console.error(`local run failed: ${err.message}`);
            process.exit(1);
        },
    );
}
