/**
 * The Node version the package requires (package.json `engines.node`) is the one the documented CI recipe sets
 * up: a recipe on an older Node would install a package that refuses to run there.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { parse as parseYaml } from "yaml";

const REPO_ROOT = path.resolve(__dirname, "../..");

/** Every `node-version` that an `actions/setup-node` step of a YAML example in the README or docs/ sets up. */
function documentedCiNodeVersions(): { file: string; version: string }[] {
  const docs = path.join(REPO_ROOT, "docs");
  const files = [
    "README.md",
    ...(fs.existsSync(docs) ? fs.readdirSync(docs, { recursive: true, encoding: "utf8" }) : [])
      .filter((f) => f.endsWith(".md"))
      .map((f) => path.join("docs", f)),
  ];
  const found: { file: string; version: string }[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    for (const [, block] of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      if (!block.includes("actions/setup-node")) continue;
      const workflow = parseYaml(block) as { jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> };
      for (const job of Object.values(workflow.jobs ?? {})) {
        for (const step of job.steps ?? []) {
          if (step.uses?.startsWith("actions/setup-node@")) found.push({ file, version: String(step.with?.["node-version"]) });
        }
      }
    }
  }
  return found;
}

test("the CI recipe sets up the Node version package.json's engines requires, at its lowest major", () => {
  const { engines } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { node: string } };
  const required = semver.minVersion(engines.node)!;
  const versions = documentedCiNodeVersions();
  expect(versions.length).toBeGreaterThan(0);
  for (const { file, version } of versions) {
    const setUp = semver.coerce(version);
    const agrees = setUp !== null && semver.satisfies(setUp, engines.node) && setUp.major === required.major;
    expect({ file, version, agrees }).toEqual({ file, version, agrees: true });
  }
});
