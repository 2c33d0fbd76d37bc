/**
 * The Node version the package requires (package.json `engines.node`) is the one the documented CI recipe sets
 * up: a recipe on an older Node would install a package that refuses to run there.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { parse as parseYaml } from "yaml";
import { DOC_FILES, readDoc, REPO_ROOT } from "../docs/markdown";

/** Every `node-version` that an `actions/setup-node` step of a YAML example in the README or docs/ sets up. */
function documentedCiNodeVersions(): { file: string; version: string }[] {
  const found: { file: string; version: string }[] = [];
  for (const file of DOC_FILES) {
    for (const fence of readDoc(file).fences.filter((f) => f.lang === "yaml" || f.lang === "yml")) {
      const block = fence.lines.join("\n");
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
