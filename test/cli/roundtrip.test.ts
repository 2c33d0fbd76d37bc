/**
 * Export, then deploy what was exported: through Pulumi's own provider host (test/engine), the exported
 * definitions with `adopt` take over Dev's providers without a single write, and compare finds nothing.
 * Runs the built package: `npm run build` first.
 */
import * as fs from "fs";
import * as path from "path";
import { compareDefinitions, compareExitCode } from "../../src/cli/commands/compare";
import { exportDefinitions } from "../../src/cli/commands/export";
import { runCli } from "../../src/cli/router";
import { fromPayload } from "../../src/resource/custom-provider";
import { EngineDriver } from "../engine/driver";
import { registerInputs, stackConfig } from "../engine/harness";
import { bearerPayload } from "../helpers/emulator";
import { apiRequests, captureIo, credentialsOf, envFor, examples, FAST, tempDir, useDevAndProd } from "./helpers";

const env = useDevAndProd();

test("export then pulumi up with adopt makes no change on the server, and compare says same (exit 0)", async () => {
  for (const payload of Object.values(examples())) env.dev().insertProvider(payload);
  // A provider as the Dashboard stores it: empty values filled in, then edited by hand.
  const { identifier } = env.dev().insertProvider(bearerPayload("Made In Dashboard"));
  env.dev().editProvider(identifier, { icon_src: "", metadata: {}, description: "edited by hand" });
  const before = env.dev().providers();

  const dir = path.join(tempDir(), "definitions");
  const exported = await exportDefinitions({ environment: credentialsOf(env.dev(), "dev"), dir, tuning: FAST });
  expect(exported.counts.written).toBe(7);

  const files = fs.readdirSync(dir).sort();
  const inputs = registerInputs(
    Object.fromEntries(
      files.map((f) => [
        path.basename(f, ".json"),
        { ...fromPayload(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8"))), adopt: true },
      ]),
    ),
  );
  const engine = await EngineDriver.start(stackConfig(env.dev()));
  try {
    env.dev().clearJournal();
    const states = [];
    for (const name of Object.keys(inputs)) states.push(await engine.up(name, inputs[name]));
    expect(apiRequests(env.dev(), "create")).toHaveLength(0);
    expect(apiRequests(env.dev(), "update")).toHaveLength(0);
    expect(apiRequests(env.dev(), "delete")).toHaveLength(0);
    expect(states.map((s) => s.id).sort()).toEqual(before.map((p) => p.identifier).sort());
    expect(env.dev().providers()).toEqual(before);
    // The next preview finds nothing to do either.
    for (const [i, name] of Object.keys(inputs).entries()) {
      expect((await engine.preview(name, inputs[name], states[i])).diff).toEqual({
        changes: false,
        replaces: [],
        deleteBeforeReplace: false,
      });
    }
  } finally {
    await engine.stop();
  }

  const result = await compareDefinitions({
    from: { kind: "folder", dir },
    to: { kind: "environment", environment: credentialsOf(env.dev(), "dev") },
    tuning: FAST,
  });
  expect(result.same).toBe(true);
  expect(compareExitCode(result)).toBe(0);
  const cli = captureIo({ env: envFor(env.dev()) });
  expect(await runCli(["compare", "--dir", dir], cli.io)).toBe(0);
});
