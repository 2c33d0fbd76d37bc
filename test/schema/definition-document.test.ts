/** A definition document's `$schema` (for editors) is set aside before validation and never reaches Scalekit. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadDefinition } from "../../src/program/definitions";
import { fromPayload } from "../../src/resource/custom-provider";
import { payloadOfDocument, validatePayload } from "../../src/schema";
import { examples } from "../helpers/examples";

const payload = examples()["bearer-token"];
const document = { $schema: "../node_modules/scalekit-providers/schema/definition.schema.json", ...payload };

test("payloadOfDocument drops the top-level $schema only, and leaves anything else as it is", () => {
  expect(payloadOfDocument(document)).toEqual(payload);
  expect(payloadOfDocument(payload)).toBe(payload);
  expect(payloadOfDocument(["x"])).toEqual(["x"]);
  const nested = { ...payload, auth_patterns: [{ ...(payload.auth_patterns as object[])[0], $schema: "x" }] };
  expect(validatePayload(payloadOfDocument(nested)).ok).toBe(false);
});

test("the payload itself does not take $schema (Scalekit would not)", () => {
  expect(validatePayload(document).ok).toBe(false);
});

test("fromPayload accepts a definition document and its args hold no $schema", () => {
  expect(fromPayload(document)).toEqual(fromPayload(payload));
  expect(Object.keys(fromPayload(document))).not.toContain("$schema");
});

test.each([
  ["json", JSON.stringify(document, null, 2)],
  // JSON is YAML too; the comment is how the YAML language server finds the schema.
  ["yaml", `# yaml-language-server: $schema=../schema/definition.schema.json\n${JSON.stringify(document, null, 2)}\n`],
])("a .%s definition file with $schema loads as the bare payload", (extension, text) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-document-"));
  const file = path.join(dir, `bearer.${extension}`);
  fs.writeFileSync(file, text);
  try {
    expect(loadDefinition(file)).toEqual(payload);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
