/**
 * The Node version the package requires (package.json `engines.node`) is the one the documented CI recipe and the
 * repository's own workflows set up: a recipe on an older Node would install a package that refuses to run there.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { parse as parseYaml } from "yaml";
import { DOC_FILES, readDoc, REPO_ROOT } from "../docs/markdown";

const WORKFLOWS_DIR = ".github/workflows";

/**
 * Every `node-version` that an `actions/setup-node` step sets up: in a YAML example of the README or docs/, and in
 * a workflow of the repository.
 */
function documentedCiNodeVersions(): { file: string; version: string }[] {
  const documented = DOC_FILES.flatMap((file) =>
    readDoc(file)
      .fences.filter((f) => f.lang === "yaml" || f.lang === "yml")
      .map((fence) => ({ file, text: fence.lines.join("\n") })),
  );
  const workflows = fs
    .readdirSync(path.join(REPO_ROOT, WORKFLOWS_DIR))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ file: `${WORKFLOWS_DIR}/${name}`, text: fs.readFileSync(path.join(REPO_ROOT, WORKFLOWS_DIR, name), "utf8") }));
  const found: { file: string; version: string }[] = [];
  for (const { file, text } of [...documented, ...workflows]) {
    if (!text.includes("actions/setup-node")) continue;
    const workflow = parseYaml(text) as { jobs?: Record<string, { steps?: { uses?: string; with?: Record<string, unknown> }[] }> };
    for (const job of Object.values(workflow.jobs ?? {})) {
      for (const step of job.steps ?? []) {
        if (step.uses?.startsWith("actions/setup-node@")) found.push({ file, version: String(step.with?.["node-version"]) });
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
  expect(versions.map((v) => v.file)).toContain(`${WORKFLOWS_DIR}/review.yml`);
  for (const { file, version } of versions) {
    const setUp = semver.coerce(version);
    const agrees = setUp !== null && semver.satisfies(setUp, engines.node) && setUp.major === required.major;
    expect({ file, version, agrees }).toEqual({ file, version, agrees: true });
  }
});
