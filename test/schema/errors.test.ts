/** How issues print, the typed error that carries them, and the structure they are rendered with. */
import { z } from "zod";
import { formatIssues, PayloadValidationError, PAYLOAD_STRUCTURE, validatePayload } from "../../src/schema";
import { describeStructure } from "../../src/schema/structure";
import { apiKeyPayload, mutate } from "./fixtures";

const invalid = mutate(apiKeyPayload, (p) => {
  p.proxyEnable = true;
  p.display_name = "";
});
const result = validatePayload(invalid);
const issues = result.ok ? [] : result.issues;

test("formatIssues prints one `property: message` line per issue, with an optional prefix", () => {
  expect(formatIssues(issues, "  ")).toBe(
    [
      "  proxyEnable: unknown property; did you mean `proxy_enabled`?",
      "  display_name: must not be empty: name the provider with 1 to 200 ASCII letters, digits and spaces",
    ].join("\n"),
  );
});

test("PayloadValidationError is an Error whose message is formatIssues of its issues", () => {
  const error = new PayloadValidationError(issues);
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe("PayloadValidationError");
  expect(error.message).toBe(formatIssues(issues));
  expect(error.issues).toBe(issues);
});

test("characters are counted as code points, not UTF-16 units", () => {
  expect(validatePayload(mutate(apiKeyPayload, (p) => (p.metadata = { abc: "😀".repeat(256) }))).ok).toBe(true);
  expect(validatePayload(mutate(apiKeyPayload, (p) => (p.metadata = { abc: "😀".repeat(257) }))).ok).toBe(false);
});

describe("the structure derived from the zod schema", () => {
  test("knows each property in both namings", () => {
    expect(PAYLOAD_STRUCTURE.kind === "object" && PAYLOAD_STRUCTURE.properties.map((p) => [p.wire, p.args, p.optional])).toEqual([
      ["display_name", "displayName", false],
      ["description", "description", true],
      ["auth_patterns", "authPatterns", false],
      ["proxy_url", "proxyUrl", false],
      ["proxy_enabled", "proxyEnabled", false],
      ["icon_src", "iconSrc", true],
      ["metadata", "metadata", true],
    ]);
  });

  test("refuses a zod type it cannot describe, so a schema change cannot slip past it", () => {
    expect(() => describeStructure(z.strictObject({ n: z.number() }))).toThrow('describeStructure: unsupported zod type "number"');
  });
});
