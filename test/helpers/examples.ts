/**
 * Where the tests find Scalekit's documented example payloads: `../shared/examples` beside the repository
 * when it is there (the source the project was given), otherwise the unchanged copies in `definitions/`
 * (a test in test/program checks that they are identical whenever both exist). So a plain clone of the
 * repository runs every test too.
 */
import * as fs from "fs";
import * as path from "path";
import { payloadOfDocument } from "../../src/schema/definition-document";

const REPO_ROOT = path.resolve(__dirname, "../..");

/** The shared examples folder, or undefined in a clone that does not have it beside it. */
export const SHARED_EXAMPLES_DIR: string | undefined = [path.resolve(REPO_ROOT, "../shared/examples")].find((dir) => fs.existsSync(dir));

/** The six documented examples, by file name: shared/examples when present, else definitions/. */
export const EXAMPLE_FILES = [
  "asana-oauth.json",
  "attention-api-key.json",
  "bearer-token.json",
  "freshdesk-basic.json",
  "github-mcp-oauth.json",
  "public-docs-mcp-no-auth.json",
];

export const EXAMPLES_DIR = SHARED_EXAMPLES_DIR ?? path.join(REPO_ROOT, "definitions");

/**
 * Every documented example, parsed, by file name without extension.
 * @throws Error when an example is missing: the tests must not pass vacuously.
 */
export function examples(): Record<string, Record<string, unknown>> {
  const files = SHARED_EXAMPLES_DIR
    ? fs
        .readdirSync(SHARED_EXAMPLES_DIR)
        .filter((f) => f.endsWith(".json"))
        .sort()
    : EXAMPLE_FILES;
  if (files.length === 0) {
    throw new Error(`no *.json example in ${EXAMPLES_DIR}`);
  }
  // definitions/ files carry a `$schema` for editors: the payload is the rest.
  const read = (f: string) => payloadOfDocument(JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, f), "utf8"))) as Record<string, unknown>;
  return Object.fromEntries(files.map((f) => [path.basename(f, ".json"), read(f)]));
}
