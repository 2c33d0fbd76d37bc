/**
 * The attack: two providers with one display name in an environment are a conflict that export and
 * compare report (exit code 2, both identifiers named), never a silent overwrite or drop.
 */
import * as fs from "fs";
import * as path from "path";
import { compareDefinitions } from "../../src/cli/commands/compare";
import { exportDefinitions } from "../../src/cli/commands/export";
import { environmentCredentials } from "../../src/cli/credentials";
import { ExitError } from "../../src/cli/exit";
import { folderWith, hostileEnvironment, serverProvider, validDefinition, type HostileEnvironment } from "../helpers/hostile";

let env: HostileEnvironment;
beforeEach(async () => {
  env = await hostileEnvironment([
    serverProvider("TWIN:1", "Twin Provider", { description: "the first" }),
    serverProvider("TWIN:2", "Twin Provider", { description: "the second" }),
    serverProvider("SOLO:3", "Solo Provider"),
  ]);
});
afterEach(() => env.stop());

const credentials = () =>
  environmentCredentials({ label: "dup", environmentUrl: env.url, clientId: env.clientId, clientSecret: env.clientSecret });

async function failureOf(run: Promise<unknown>): Promise<ExitError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExitError);
  return error as ExitError;
}

test.each([false, true])("export (force %s) reports the conflict with both identifiers and writes nothing", async (force) => {
  const dir = folderWith({ "twin-provider.json": validDefinition("Twin Provider") });
  const before = fs.readFileSync(path.join(dir, "twin-provider.json"), "utf8");
  const error = await failureOf(exportDefinitions({ environment: credentials(), dir, force, tuning: { maxRetries: 0 } }));
  expect(error.exitCode).toBe(2);
  expect(error.message).toMatch(/more than one custom provider with the same display name:\n {2}"Twin Provider": TWIN:1, TWIN:2\n/);
  expect(error.message).toMatch(/Rename or delete the extra ones in the Scalekit Dashboard/);
  expect(fs.readdirSync(dir)).toEqual(["twin-provider.json"]);
  expect(fs.readFileSync(path.join(dir, "twin-provider.json"), "utf8")).toBe(before);
});

test("compare reports the conflict instead of dropping one of the two", async () => {
  const dir = folderWith({ "twin.json": validDefinition("Twin Provider") });
  const error = await failureOf(
    compareDefinitions({
      from: { kind: "folder", dir },
      to: { kind: "environment", environment: credentials() },
      tuning: { maxRetries: 0 },
    }),
  );
  expect(error.exitCode).toBe(2);
  expect(error.message).toMatch(/"Twin Provider": TWIN:1, TWIN:2/);
});
