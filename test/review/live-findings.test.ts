import { liveFindingKind, liveFindingMessage, LiveFinding, warningOf } from "../../src/review";

const FINDINGS: LiveFinding[] = [
  {
    kind: "dashboard-edit",
    displayName: "GitHub",
    identifier: "cp_1",
    fields: [{ path: "authPatterns[0].oauthConfig.scopes", live: ["repo", "user"], planned: ["repo"] }],
  },
  { kind: "name-taken", displayName: "GitHub", identifier: "cp_2", adoptSetting: "`adopt: true`" },
  { kind: "gone", displayName: "GitHub", identifier: "cp_3", next: "`pulumi up` will fail: run `pulumi refresh` first." },
  { kind: "unreachable", reason: "connection refused", disableSetting: "`scalekit:liveReview false`" },
];

test.each(FINDINGS)("a $kind finding reads back as its kind", (finding) => {
  expect(liveFindingKind(liveFindingMessage(finding))).toBe(finding.kind);
});

test("a Dashboard edit names each field with its live and planned value, on one line", () => {
  const message = liveFindingMessage(FINDINGS[0]);
  expect(message).toContain('authPatterns[0].oauthConfig.scopes: live ["repo","user"], planned ["repo"]');
  expect(message).not.toContain("\n");
});

test("a hostile display name is shown inert and cannot forge another kind", () => {
  const message = liveFindingMessage({ kind: "gone", displayName: "x\u001b]0;t\u0007", identifier: "cp_4", next: "" });
  expect(message).toContain("\\u001b");
  expect(liveFindingKind('CustomProvider "a" was changed in the Scalekit Dashboard since the last refresh')).toBeUndefined();
});

test("a finding reads back from a diagnostic of `pulumi preview --json`: the plugin's and the dynamic resource's", () => {
  const message = liveFindingMessage(FINDINGS[2]);
  expect(warningOf({ severity: "warning", message: `warning: ${message}\n` })?.kind).toBe("gone");
  expect(warningOf({ severity: "info#err", message: `warning: [runtime] ${message}\n\n` })?.kind).toBe("gone");
  expect(liveFindingKind(`error: [runtime] ${message}`)).toBeUndefined();
  expect(warningOf({ severity: "info#err", message: `warning: [runtime] CustomProvider "x" ${message}` })?.kind).toBeUndefined();
});
