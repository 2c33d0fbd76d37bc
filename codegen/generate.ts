/**
 * Writes what is generated from the payload schema and its documentation (src/schema/wire.ts, docs.ts):
 *   ts-node codegen/generate.ts schema   the JSON Schema for definition files and the Pulumi package schema of
 *                                        the `scalekit` plugin (build time; not committed)
 *   ts-node codegen/generate.ts types    the TypeScript types with their doc comments (committed; a test
 *                                        fails when they differ from what this would write)
 */
import * as fs from "fs";
import * as path from "path";
import { definitionJsonSchema, JSON_SCHEMA_FILE } from "../src/schema/json-schema";
import { PACKAGE_SCHEMA_FILE, packageSchema, pluginVersion } from "../src/plugin/package-schema";
import { generatedTypeFiles } from "./types";

const ROOT = path.resolve(__dirname, "..");

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
  fs.writeFileSync(path.join(ROOT, file), text);
}

const what = process.argv[2];
if (what === "schema") {
  write(JSON_SCHEMA_FILE, `${JSON.stringify(definitionJsonSchema(), null, 2)}\n`);
  write(PACKAGE_SCHEMA_FILE, `${JSON.stringify(packageSchema(pluginVersion()), null, 2)}\n`);
} else if (what === "types") {
  for (const [file, text] of Object.entries(generatedTypeFiles())) write(file, text);
} else {
  process.stderr.write("usage: ts-node codegen/generate.ts schema|types\n");
  process.exitCode = 2;
}
