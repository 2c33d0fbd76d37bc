/**
 * The attack: a payload built to flood the output (200,000 metadata keys) or to drive the terminal (escapes in
 * a key): validation messages stay bounded and inert.
 */
import { formatIssues, MAX_REPORTED_ISSUES, validatePayload } from "../../src/schema";
import { examples } from "../helpers/examples";
import { hasRawControl, TERMINAL_ATTACK } from "../helpers/hostile";

describe("validation messages stay bounded", () => {
  test("200,000 metadata keys: at most MAX_REPORTED_ISSUES issues, then how many more", () => {
    const metadata = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, ""]));
    const result = validatePayload({ ...examples()["bearer-token"], metadata });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatIssues(result.issues, "  ");
    expect(text.split("\n")).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(text).toMatch(/\n {2}… and \d+ more issues: fix these first, then validate again$/);
    expect(text.length).toBeLessThan(20_000);
  });

  test("a metadata key and value full of escapes are shown inert in the property path and message", () => {
    const result = validatePayload({ ...examples()["bearer-token"], metadata: { [`k${TERMINAL_ATTACK}`]: "v".repeat(300) } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(hasRawControl(formatIssues(result.issues))).toBe(false);
  });
});
