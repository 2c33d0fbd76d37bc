/**
 * The committed SDKs (sdk/python, sdk/go, sdk/nodejs) are exactly what Pulumi's generators write from the plugin's
 * package schema: regenerated into a scratch folder from the schema the source renders now, compared file by file
 * with what git holds (or would commit) under sdk/. A change of the schema, its documentation or the package
 * version without `npm run sdk` fails here. In the real-CLI tier because it builds the generator with Go.
 */
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { filesUnder } from "../helpers/folder-files";
import { packageSchema, pluginVersion } from "../../src/plugin";

const ROOT = path.resolve(__dirname, "../..");
const LANGUAGES = ["python", "go", "nodejs"];

/** The files of sdk/ that git holds or would commit (its own .gitignore files leave out build output). */
function committedFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "--", ...LANGUAGES], {
    cwd: path.join(ROOT, "sdk"),
    encoding: "utf8",
  });
  return listed.split("\0").filter(Boolean);
}

let scratch: string;
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), "sdk-drift-"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

test("sdk/ is what `npm run sdk` generates from the schema: no file differs, none is missing, none is left over", () => {
  const schemaFile = path.join(scratch, "pulumi-package.json");
  fs.writeFileSync(schemaFile, JSON.stringify(packageSchema(pluginVersion())));
  const out = path.join(scratch, "sdk");
  const run = spawnSync(process.execPath, [path.join(ROOT, "scripts/sdk-gen.js"), schemaFile, out], { encoding: "utf8" });
  expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });

  const generated = filesUnder(out);
  const committed = committedFiles().sort();
  expect(generated).toContain("python/pulumi_scalekit/custom_provider.py");
  const differs = generated.filter(
    (file) =>
      committed.includes(file) &&
      (!fs.existsSync(path.join(ROOT, "sdk", file)) || !fs.readFileSync(path.join(out, file)).equals(fs.readFileSync(path.join(ROOT, "sdk", file)))),
  );
  expect({
    "differ (run `npm run sdk`)": differs,
    "generated but not in sdk/": generated.filter((file) => !committed.includes(file)),
    "in sdk/ but no longer generated": committed.filter((file) => !generated.includes(file)),
  }).toEqual({ "differ (run `npm run sdk`)": [], "generated but not in sdk/": [], "in sdk/ but no longer generated": [] });
});
