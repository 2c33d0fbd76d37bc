/**
 * What the README shows of the real Pulumi CLI: `npm run pulumi -- …` runs the provided CLI, and the preview
 * transcript (marked `<!-- output: preview-scope-removed -->`) is what `pulumi preview --diff` prints.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readDoc } from "../docs/markdown";
import { runCommand, scenarios } from "./harness";

const REPO_ROOT = path.resolve(__dirname, "../..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pinnedVersion } = require("../../scripts/pulumi-cli") as { pinnedVersion: () => string };
const { emulator, project } = scenarios();

/** `npm run --silent pulumi -- …` in this repository, with no other `pulumi` on PATH. */
function npmRunPulumi(args: string[]) {
  const PATH = (process.env.PATH ?? "")
    .split(path.delimiter)
    .filter((dir) => !fs.existsSync(path.join(dir, "pulumi")))
    .join(path.delimiter);
  return runCommand("npm", ["run", "--silent", "pulumi", "--", ...args], {
    cwd: REPO_ROOT,
    // A Pulumi home of the test's own: the user's ~/.pulumi is left alone.
    env: { ...process.env, PATH, PULUMI_HOME: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-home-")), PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
}

test("npm run pulumi -- version runs the provided CLI: the pinned version", async () => {
  const run = await npmRunPulumi(["version"]);
  expect(run.stderr).toBe("");
  expect(run.stdout).toBe(`v${pinnedVersion()}\n`);
  expect(run.code).toBe(0);
});

test("npm run pulumi passes Pulumi's refusal and exit status through", async () => {
  const run = await npmRunPulumi(["no-such-command"]);
  expect(run.output).toMatch(/unknown command "no-such-command" for "pulumi"/);
  expect(run.code).not.toBe(0);
});

test("the README's preview transcript is what preview --diff prints after the email scope is removed", async () => {
  const block = readDoc("README.md").fences.find((f) => f.output === "preview-scope-removed");
  expect(block).toBeDefined();
  const p = project();
  await p.initStack("local", emulator());
  await p.ok(["up", "--yes", "--stack", "local"]);
  const file = path.join(p.dir, "definitions", "asana-oauth.json");
  const asana = JSON.parse(fs.readFileSync(file, "utf8")) as {
    auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[];
  };
  const scopes = asana.auth_patterns[0].oauth_config;
  scopes.available_scopes = scopes.available_scopes.filter((s) => s.scope !== "email");
  p.writeDefinition("asana-oauth.json", asana);

  const preview = await p.pulumi(["preview", "--diff", "--stack", "local"]);
  expect(preview.code).toBe(0);
  const identifiers = (text: string) => text.replace(/\b([A-Z0-9]+):\d{5,}\b/g, "$1:N");
  const printed = identifiers(preview.output);
  // Each part of the transcript between cuts (`…`) is printed as shown, in this order.
  let from = 0;
  for (const part of identifiers(block!.lines.join("\n"))
    .split(/^…$/m)
    .map((s) => s.replace(/^\n|\n$/g, ""))) {
    const at = printed.indexOf(part, from);
    expect({ part, found: at >= 0 }).toEqual({ part, found: true });
    from = at + part.length;
  }
});
