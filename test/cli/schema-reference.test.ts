/** Where `new` and `export` point a definition file for the JSON Schema: relative, and to a schema that is there. */
import * as fs from "fs";
import * as path from "path";
import { schemaReference } from "../../src/cli/schema-reference";
import { REPO_ROOT, tempDir } from "./helpers";

/** A project folder holding a package.json named `name`, standing for a package's own checkout. */
function packageCheckout(name = "scalekit-providers"): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name }));
  return dir;
}

test("in this repository, definitions/ points at ../schema/definition.schema.json, as its own files do", () => {
  const definitions = path.join(REPO_ROOT, "definitions");
  const reference = schemaReference(definitions, REPO_ROOT);
  expect(reference).toBe("../schema/definition.schema.json");
  const shipped = JSON.parse(fs.readFileSync(path.join(definitions, "asana-oauth.json"), "utf8"));
  expect(reference).toBe(shipped.$schema);
  // `npm run build` writes the schema there.
  expect(fs.existsSync(path.resolve(definitions, reference))).toBe(true);
});

test("in a project that installed the package, the installed copy, relative to the file's folder", () => {
  const project = tempDir();
  const installed = path.join(project, "node_modules", "scalekit-providers", "schema");
  fs.mkdirSync(installed, { recursive: true });
  fs.writeFileSync(path.join(installed, "definition.schema.json"), "{}");
  const elsewhere = packageCheckout();
  for (const [folder, expected] of [
    ["definitions", "../node_modules/scalekit-providers/schema/definition.schema.json"],
    ["infra/scalekit/definitions", "../../../node_modules/scalekit-providers/schema/definition.schema.json"],
    [".", "./node_modules/scalekit-providers/schema/definition.schema.json"],
  ]) {
    const reference = schemaReference(path.join(project, folder), project, elsewhere);
    expect({ folder, reference }).toEqual({ folder, reference: expected });
    expect(fs.existsSync(path.resolve(project, folder, reference))).toBe(true);
  }
});

test("run from outside the project (npx before an install), where installing the package puts the schema", () => {
  const project = tempDir();
  const reference = schemaReference(path.join(project, "definitions"), project, packageCheckout());
  expect(reference).toBe("../node_modules/scalekit-providers/schema/definition.schema.json");
});

test("run inside the package's own checkout, from a subfolder, its own schema", () => {
  const checkout = packageCheckout();
  const sub = path.join(checkout, "examples");
  expect(schemaReference(path.join(sub, "definitions"), sub, checkout)).toBe("../../schema/definition.schema.json");
});
