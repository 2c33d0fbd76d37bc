/**
 * Values from an untrusted preview JSON in the review's Markdown: they show as written and do nothing else (no
 * forged comment, no broken list or table, no mention, no terminal escape), and no secret ever shows.
 */
import { code, parsePreview, prose, reviewPreviews } from "../../src/review";
import { FAKE_SECRET, hasRawControl, TERMINAL_ATTACK } from "../helpers/hostile";
import { changeStep, createStep, inputs, previewJson, PROVIDER_TYPES, warning } from "./previews";

/** The text of a Markdown line outside its code spans (a span: a run of N backticks to the next run of exactly N). */
function outsideCode(line: string): string {
  return line.replace(/(`+)([^]*?[^`])\1(?!`)/g, "");
}

test("a code span holds any value whole: backticks inside get a longer fence, one at either end a space", () => {
  expect(code("plain")).toBe("`plain`");
  expect(code("a`b")).toBe("``a`b``");
  expect(code("``x")).toBe("``` ``x ```");
  expect(code({ a: 1 })).toBe('`{"a":1}`');
  expect(code("line\nbreak")).toBe("`line\\u000abreak`");
  expect(hasRawControl(code(TERMINAL_ATTACK))).toBe(false);
});

test("prose shows a message as written: no HTML, no emphasis or link, no mention or issue link, its lines on one Markdown line", () => {
  const shown = prose("<!-- hide --> *bold* [link](https://x) | cell @octocat #12 `code` a\u000bb\n  second line\n");
  // A control character, shown escaped by inert as `\u000b`, keeps its backslash through Markdown: `\\u000b`.
  expect(shown).toBe(
    String.raw`&lt;!-- hide --&gt; \*bold\* \[link\](https://x) \| cell @&#8203;octocat #&#8203;12 \`code\` a\\u000bb<br>second line`,
  );
  expect(hasRawControl(prose(TERMINAL_ATTACK))).toBe(false);
});

describe("a hostile preview cannot break or forge the comment", () => {
  const HOSTILE = "x | y ` <!-- z @octocat #1 **b** ``` \u001b]0;t\u0007";
  const news = inputs("bearer-token", (p) => {
    p.display_name = HOSTILE;
    p.description = HOSTILE;
  });
  const json = previewJson(
    [createStep(`n${HOSTILE}`, news), changeStep("update", "old", inputs("bearer-token"), news)],
    [warning(`CustomProvider "${HOSTILE}": ${HOSTILE}`), warning(`${HOSTILE} -->`)],
  );
  const { markdown } = reviewPreviews([parsePreview(json, "dev", "p.json")], { providerTypes: PROVIDER_TYPES });

  test("every line is the review's own structure; what came from the JSON is inside code spans or escaped prose", () => {
    const lines = markdown.split("\n");
    for (const line of lines.slice(1)) {
      expect(line).toMatch(/^$|^<!-- scalekit-providers-review: dev -->$|^#{2,4} |^- |^ {2}- |^> /);
      const outside = outsideCode(line);
      expect(outside).not.toMatch(/<!--|-->|@[A-Za-z]|#\d|\*\*b\*\*|```|(^|[^\\])\|/);
    }
    expect(lines[0]).toBe("<!-- scalekit-providers-review: dev -->");
    expect(markdown).toContain("`x | y ` <!-- z @octocat #1 **b** ``` \\u001b]0;t\\u0007`");
  });

  test("the output holds no raw control or bidi character", () => {
    expect(hasRawControl(markdown.replace(/\n/g, ""))).toBe(false);
  });
});

describe("no secret from the JSON is ever shown", () => {
  const TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzY2FsZWtpdCJ9.c2lnbmF0dXJlMDAwMA";
  const withSecret = { ...inputs("bearer-token", (p) => (p.description = `leaked ${FAKE_SECRET}`)), clientSecret: FAKE_SECRET };
  const json = previewJson(
    [
      changeStep("update", "bearer", inputs("bearer-token"), withSecret),
      createStep("asana", {
        ...inputs("asana-oauth"),
        // Pulumi's secret envelope: its value is never shown, even in clear.
        proxyUrl: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "https://secret.example.com" },
      }),
    ],
    [warning(`token request with client_secret=${encodeURIComponent(FAKE_SECRET)} failed; Authorization: Bearer ${TOKEN}`)],
    { "scalekit:clientSecret": FAKE_SECRET, "scalekit:promotionGateClientSecret": `${FAKE_SECRET}-dev` },
  );
  const { markdown } = reviewPreviews([parsePreview(json, "dev", "p.json")], { providerTypes: PROVIDER_TYPES });

  test("a client secret in clear in the config, the inputs or a warning, in any encoding, and a bearer token", () => {
    expect(markdown).not.toContain(FAKE_SECRET);
    expect(markdown).not.toContain(encodeURIComponent(FAKE_SECRET));
    expect(markdown).not.toContain(TOKEN);
    expect(markdown).toContain("leaked [REDACTED]");
  });

  test("a value in Pulumi's secret envelope shows as [secret]", () => {
    expect(markdown).not.toContain("secret.example.com");
    expect(markdown).toContain("proxy URL `[secret]`");
  });
});
