/**
 * The local main job (`npm run local`): runs this Pulumi project against the embedded emulator, with no
 * Scalekit account. It starts the emulator (printing its URL and demo credentials), then runs the real
 * `pulumi preview` and `pulumi up` on a `local` stack kept in a file backend under `.pulumi-local/`, and
 * prints what was created. It needs the Pulumi CLI, as every Pulumi program does; without it, it says so
 * and exits non-zero: nothing pretends that Pulumi ran.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator } from "../emulator";
import { bannerLines } from "../emulator/command";

const PROJECT_DIR = path.resolve(__dirname, "../..");
const STATE_DIR = path.join(PROJECT_DIR, ".pulumi-local");
const STACK = "local";

/** What to tell the user when the Pulumi CLI is not on PATH; undefined when it is. */
export function pulumiCliMissing(): string | undefined {
  const probe = spawnSync("pulumi", ["version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    return [
      "The Pulumi CLI is not installed (no `pulumi` on PATH), so nothing was previewed or deployed.",
      "This command runs the real `pulumi preview` and `pulumi up`. Install the CLI (v3.146 or later), then run it again:",
      "  curl -fsSL https://get.pulumi.com | sh      (or: brew install pulumi/tap/pulumi)",
      "  see https://www.pulumi.com/docs/iac/download-install/",
      "Without the CLI you can still run the emulator (`npm run emulator`) and the tests (`npm test`).",
    ].join("\n");
  }
  return undefined;
}

async function main(): Promise<number> {
  // The emulator keeps its providers beside the local stack's state, so that a second run finds what
  // the first one created, as a real environment would.
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const stateFile = path.join(STATE_DIR, "emulator-state.json");
  const emulator = await startEmulator({ port: 0, stateFile });
  try {
    console.log(bannerLines(emulator, "demo", stateFile).slice(0, 4).join("\n"));
    const missing = pulumiCliMissing();
    if (missing) {
      console.error(missing);
      return 1;
    }
    const envVars = {
      PULUMI_BACKEND_URL: `file://${STATE_DIR}`,
      // The local stack's only secret is the emulator's public demo secret; a fixed passphrase is enough.
      PULUMI_CONFIG_PASSPHRASE: "scalekit-providers-local",
    };
    const stack = await LocalWorkspace.createOrSelectStack({ stackName: STACK, workDir: PROJECT_DIR }, { envVars });
    await stack.setAllConfig({
      "scalekit:environmentUrl": { value: emulator.url },
      "scalekit:clientId": { value: emulator.clientId },
      "scalekit:clientSecret": { value: emulator.clientSecret, secret: true },
    });
    const onOutput = (out: string) => process.stdout.write(out);
    console.log(`\n$ pulumi preview --diff --stack ${STACK}`);
    await stack.preview({ onOutput, diff: true });
    console.log(`\n$ pulumi up --stack ${STACK} --yes`);
    const result = await stack.up({ onOutput });
    console.log("\nProviders in the emulator:");
    for (const p of emulator.providers()) {
      console.log(`  ${p.identifier.padEnd(32)} ${String(p.payload.display_name)}`);
    }
    console.log(`\nStack output "identifiers": ${JSON.stringify(result.outputs.identifiers?.value ?? {}, null, 2)}`);
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
