/**
 * The generated Python SDK as its users get it: `pip install` of sdk/python into a fresh virtual environment beside
 * `pulumi` from PyPI, `import pulumi_scalekit`, and a type checker from PyPI (mypy: one wheel to install, no
 * Node.js download as pyright's PyPI wrapper needs) that accepts a correct program and rejects a misspelt argument.
 * The environment is made once per SDK and requirements (test/sdk/python-venv.ts); warm, this file takes seconds.
 */
import * as fs from "fs";
import * as path from "path";
import { pluginVersion } from "../../src/plugin";
import { check, pythonVenv, REQUIREMENTS, run } from "./python-venv";

const PROGRAMS = path.join(__dirname, "python");
let python: string;
let venv: string;

beforeAll(() => {
  venv = pythonVenv();
  python = path.join(venv, "bin", "python");
}, 10 * 60 * 1000);

/** mypy on one program, with its cache in the environment: its exit status and what it printed. */
const mypy = (program: string) => run(python, ["-m", "mypy", "--cache-dir", path.join(venv, ".mypy-cache"), program], PROGRAMS);

test("`pip install` of sdk/python works beside pulumi from PyPI: `import pulumi_scalekit` gives the resource, its enums and the plugin version", () => {
  const printed = check(python, [
    "-c",
    [
      "import json, os, sys, importlib.metadata, pulumi_scalekit as s",
      "print(json.dumps({'file': os.path.relpath(s.__file__, sys.prefix), 'pulumi': importlib.metadata.version('pulumi'),",
      "  'version': s._utilities.get_version(), 'resource': s.CustomProvider.__name__, 'apiKey': s.AuthType.API_KEY.value}))",
    ].join("\n"),
  ]);
  expect(JSON.parse(printed)).toEqual({
    file: expect.stringMatching(/^lib\/python3\.\d+\/site-packages\/pulumi_scalekit\/__init__\.py$/),
    pulumi: /^pulumi==(.+)$/m.exec(fs.readFileSync(REQUIREMENTS, "utf8"))?.[1],
    version: pluginVersion(),
    resource: "CustomProvider",
    apiKey: "API_KEY",
  });
});

test("mypy accepts a correct program using the SDK", () => {
  expect(mypy("good.py")).toEqual({ status: 0, output: expect.stringContaining("Success: no issues found") });
});

test("mypy rejects a misspelt argument (display_nme), naming it and the right spelling", () => {
  const { status, output } = mypy("misspelt.py");
  expect(status).toBe(1);
  expect(output).toContain('Unexpected keyword argument "display_nme"');
  expect(output).toContain('did you mean "display_name"');
});
