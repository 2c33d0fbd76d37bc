/**
 * `npm run build` leaves the command runnable through the link npm makes for it (`npx scalekit-providers`,
 * node_modules/.bin): npm sets the execute bit only when it makes the link, so every build must set it again.
 * The build runs in a copy of the project, so this checkout's dist/ (which other tests run) is never rebuilt
 * under them.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** What `npm run build` reads. */
const BUILD_INPUTS = ["package.json", "tsconfig.json", "tsconfig.build.json", "src", "codegen", "scripts"];

let project: string;

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-build-"));
  for (const entry of BUILD_INPUTS) fs.cpSync(path.join(REPO_ROOT, entry), path.join(project, entry), { recursive: true });
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
});

afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

test("after npm run build, the command's link runs it (dist/cli/main.js is executable)", () => {
  // The link as npm makes it for a command (relative, to package.json's "bin" file), made before the build.
  const { bin } = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")) as { bin: Record<string, string> };
  const link = path.join(project, "links", "scalekit-providers");
  fs.mkdirSync(path.dirname(link));
  fs.symlinkSync(path.join("..", bin["scalekit-providers"]), link);
  // The Node running the tests comes first on PATH, for npm and for the command's `#!/usr/bin/env node`.
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}` };

  const build = spawnSync("npm", ["run", "build", "--silent"], { cwd: project, env, encoding: "utf8", timeout: 240_000 });
  expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 0, stderr: expect.any(String) });

  expect(fs.statSync(path.join(project, "dist/cli/main.js")).mode & 0o111).not.toBe(0);
  const run = spawnSync(link, ["--help"], { cwd: project, env, encoding: "utf8", timeout: 30_000 });
  expect(run.error).toBeUndefined();
  expect(run.status).toBe(0);
  expect(run.stdout).toMatch(/^Usage: scalekit-providers /);
}, 300_000);

test("the tarball npm pack writes into the project is ignored by git", () => {
  const { name, version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { name: string; version: string };
  const check = spawnSync("git", ["check-ignore", "--quiet", `${name}-${version}.tgz`], { cwd: REPO_ROOT });
  expect(check.status).toBe(0);
});
