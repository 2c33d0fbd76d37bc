/**
 * Where a definition file written by `new` or `export` points editors for the JSON Schema the package ships
 * (`$schema` in JSON, yaml-language-server's comment in YAML): a path relative to the file, so that it works on
 * every machine and in every checkout of the project.
 */
import * as fs from "fs";
import * as path from "path";
import { JSON_SCHEMA_FILE } from "../schema";

/** This package's folder (dist/cli or src/cli → the root). */
const PACKAGE_ROOT = path.resolve(__dirname, "../..");

/**
 * The reference from `folder` (where the file goes) to the JSON Schema of the package as the project `cwd` has it:
 * - installed in the project (`<cwd>/node_modules/scalekit-providers`, by npm, pnpm, yarn or a link): that copy,
 *   `../node_modules/scalekit-providers/schema/definition.schema.json` from `definitions/`;
 * - run inside the package itself (this repository): its own schema, `../schema/definition.schema.json`;
 * - otherwise (run with npx before the package is installed): where installing it puts the schema.
 * Never an absolute path, nor one into npx's cache: the file is committed and read on other machines.
 */
export function schemaReference(folder: string, cwd: string, packageRoot = PACKAGE_ROOT): string {
  const installed = path.join(cwd, "node_modules", packageName(packageRoot));
  const root = fs.existsSync(installed) || !isWithin(packageRoot, cwd) ? installed : packageRoot;
  const relative = path.relative(folder, path.join(root, JSON_SCHEMA_FILE)).split(path.sep).join("/");
  return relative.startsWith("../") ? relative : `./${relative}`;
}

/** Whether `candidate` is `folder` or inside it. */
function isWithin(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return !relative.startsWith("..") && !path.isAbsolute(relative);
}

function packageName(packageRoot: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")) as { name: string }).name;
}
