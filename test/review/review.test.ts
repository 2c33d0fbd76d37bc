/**
 * The review of previews (src/review): operations, property changes, warnings placed with their provider, what
 * needs attention, and the cut under GitHub's comment limit. Inputs are built in code (test/review/previews.ts);
 * the real `pulumi preview --json` is reviewed in test/pulumi/review.e2e.ts.
 */
import { COMMENT_MAX_CHARACTERS, liveFindingMessage, parsePreview, reviewPreviews, type Review } from "../../src/review";
import { changeStep, createStep, deleteStep, inputs, PLUGIN_TYPE, previewJson, PROVIDER_TYPES, warning } from "./previews";

function review(json: unknown, options: { maxCharacters?: number; stack?: string } = {}): Review {
  return reviewPreviews([parsePreview(json, options.stack ?? "dev", "preview.json")], {
    providerTypes: PROVIDER_TYPES,
    ...(options.maxCharacters !== undefined ? { maxCharacters: options.maxCharacters } : {}),
  });
}

const ASANA = inputs("asana-oauth");
const BEARER = inputs("bearer-token");

test("creates and in-place updates need no attention; a replacement, a delete and a Dashboard edit `up` would overwrite each do", () => {
  const quiet = review(
    previewJson([
      createStep("bearer", BEARER),
      changeStep(
        "update",
        "asana",
        ASANA,
        inputs("asana-oauth", (p) => (p.description = "New")),
      ),
    ]),
  );
  expect(quiet.attention).toBe(false);
  expect(quiet.markdown).toContain("- **Stack `dev`**: 1 to create, 1 to update. Nothing needs attention.");

  const replaced = review(
    previewJson([
      changeStep(
        "replace",
        "bearer",
        BEARER,
        inputs("bearer-token", (p) => (p.auth_patterns[0].type = "API_KEY")),
      ),
    ]),
  );
  expect(replaced.attention).toBe(true);
  expect(replaced.markdown).toContain("**Needs attention**: 1 replacement.");

  const deleted = review(previewJson([deleteStep("bearer", BEARER)]));
  expect(deleted.attention).toBe(true);
  expect(deleted.markdown).toContain("- **Stack `dev`**: 1 to delete. **Needs attention**: 1 delete.");

  const edit = liveFindingMessage({
    kind: "dashboard-edit",
    displayName: "My Asana",
    identifier: "ASANA:17919",
    fields: [{ path: "proxyUrl", live: "https://edited.example.com", planned: "https://app.asana.com/api" }],
  });
  const edited = review(previewJson([changeStep("same", "asana", ASANA, ASANA)], [warning(edit)]));
  expect(edited.attention).toBe(true);
  expect(edited.markdown).toContain("- **Stack `dev`**: 1 unchanged. **Needs attention**: 1 Dashboard edit `pulumi up` would overwrite.");
  // An unchanged provider is shown only for its warning, which is marked as needing attention.
  expect(edited.markdown).toMatch(
    /- \*\*unchanged\*\* `asana` · `My Asana` · `ASANA:17919`\n {2}- ⚠️ \*\*needs attention\*\*: Live review, Dashboard edit: /,
  );

  const taken = liveFindingMessage({
    kind: "name-taken",
    displayName: "My Bearer Token Provider",
    identifier: "B:1",
    adoptSetting: "`scalekit:adopt`",
  });
  expect(review(previewJson([createStep("bearer", BEARER)], [warning(taken)])).attention).toBe(false);
});

test("an error in the preview needs attention and is shown", () => {
  const failed = review(
    previewJson(
      [],
      [
        {
          message: "error: 1 of 3 definition files are invalid:\n✗ definitions/a.json\n    proxy_url: must start with https://\n",
          severity: "error",
        },
      ],
    ),
  );
  expect(failed.attention).toBe(true);
  expect(failed.markdown).toContain(
    "#### Other warnings\n\n- ❌ **error**: 1 of 3 definition files are invalid:<br>✗ definitions/a.json<br>proxy\\_url: must start with https://",
  );
  expect(failed.markdown).toContain("- **Stack `dev`**: no provider in this preview. **Needs attention**: 1 error.");
});

test("an update shows scopes added and removed by name, and each changed property with its value before and after, as the schema's comparison finds them", () => {
  const news = inputs("asana-oauth", (p) => {
    const scopes = p.auth_patterns[0].oauth_config.available_scopes;
    p.auth_patterns[0].oauth_config.available_scopes = [
      ...scopes.filter((s: { scope: string }) => s.scope !== "email"),
      { scope: "projects:write" },
    ];
    p.auth_patterns[0].oauth_config.token_uri = "https://app.asana.com/-/oauth_token_v2";
    p.proxy_url = "https://app.asana.com/api/2.0";
    p.metadata = { team: "growth" };
    // Empty values a server drops are no change (the schema's normalization).
    p.auth_patterns[0].fields = [];
  });
  const text = review(previewJson([changeStep("update", "asana", ASANA, news)])).markdown;
  expect(text).toContain("- OAuth scopes added: `projects:write`");
  expect(text).toContain("- OAuth scopes removed: `email`");
  expect(text).toContain(
    "- `auth_patterns[0].oauth_config.token_uri`: `https://app.asana.com/-/oauth_token` → `https://app.asana.com/-/oauth_token_v2`",
  );
  expect(text).toContain("- `proxy_url`: `https://app.asana.com/api` → `https://app.asana.com/api/2.0`");
  expect(text).toContain('- `metadata`: (absent) → `{"team":"growth"}`');
  expect(text).toContain("- Existing connections do not pick up: OAuth scopes, auth fields, proxy URL");
  expect(text).not.toContain("fields[");
  expect(text).not.toMatch(/available_scopes\[(scope=)?\w+\]`: /);
});

test("an MCP flag change is a replacement whose cost names the flag and the identifier that goes", () => {
  const news = inputs("github-mcp-oauth", (p) => (p.auth_patterns[0].is_mcp = false));
  const text = review(
    previewJson([changeStep("replace", "github", inputs("github-mcp-oauth"), news, { identifier: "GITHUBMCP:41676" })]),
  ).markdown;
  expect(text).toContain("Scalekit cannot change `authPatterns[0].isMcp` (`true` → `false`) in place");
  expect(text).toContain("new identifier (`GITHUBMCP:41676` is gone)");
  expect(text).toContain("- `auth_patterns[0].is_mcp`: `true` → (absent)");
});

test("a create with adopt: true is an adopt, for the dynamic resource and the plugin's resource alike; other types are left out", () => {
  const text = review(
    previewJson([
      createStep("dyn", { ...BEARER, adopt: true }),
      createStep("plug", { ...inputs("freshdesk-basic"), adopt: true }, { type: PLUGIN_TYPE }),
      createStep("bucket", { name: "x" }, { type: "aws:s3:Bucket" }),
    ]),
  ).markdown;
  expect(text).toContain("- **Stack `dev`**: 2 to adopt. Nothing needs attention.");
  expect(text).toContain("- **adopt** `dyn` · `My Bearer Token Provider`");
  expect(text).toContain("- **adopt** `plug` · `My Freshdesk`");
  expect(text).not.toContain("bucket");
});

test("warnings are placed with their provider: by URN when Pulumi gives one, else by the display name they quote; others are listed apart", () => {
  const asanaStep = changeStep(
    "update",
    "asana",
    ASANA,
    inputs("asana-oauth", (p) => (p.description = "New")),
    { type: PLUGIN_TYPE },
  );
  const bearerStep = changeStep(
    "update",
    "bearer",
    BEARER,
    inputs("bearer-token", (p) => (p.description = "New")),
  );
  const text = review(
    previewJson(
      [asanaStep, bearerStep],
      [
        warning("about asana, by URN", asanaStep.urn),
        warning('CustomProvider "My Bearer Token Provider" (BEARER:17919): this change touches auth fields.'),
        warning("the program's own warning"),
        { message: "Previewing update (dev)", severity: "info" },
      ],
    ),
  ).markdown;
  const asanaPart = text.slice(text.indexOf("`asana`"), text.indexOf("`bearer`"));
  expect(asanaPart).toContain("⚠️ **warning**: about asana, by URN");
  expect(text.slice(text.indexOf("`bearer`"))).toMatch(
    /`bearer`[^]*⚠️ \*\*warning\*\*: CustomProvider "My Bearer Token Provider" \(BEARER:17919\): this change touches auth fields\.[^]*#### Other warnings\n\n- ⚠️ \*\*warning\*\*: the program's own warning$/m,
  );
  expect(text).not.toContain("Previewing");
});

test("several stacks: every summary first, in the order given, then each stack's details; one marker names them", () => {
  const result = reviewPreviews(
    [
      parsePreview(previewJson([createStep("bearer", BEARER)]), "dev", "dev.json"),
      parsePreview(previewJson([deleteStep("bearer", BEARER)]), "prod", "prod.json"),
    ],
    { providerTypes: PROVIDER_TYPES },
  );
  const lines = result.markdown.split("\n");
  expect(lines[0]).toBe("<!-- scalekit-providers-review: dev, prod -->");
  const devSummary = lines.indexOf("- **Stack `dev`**: 1 to create. Nothing needs attention.");
  const prodSummary = lines.indexOf("- **Stack `prod`**: 1 to delete. **Needs attention**: 1 delete.");
  expect(devSummary).toBeGreaterThan(0);
  expect(prodSummary).toBe(devSummary + 1);
  expect(lines.indexOf("### Stack `dev`")).toBeGreaterThan(prodSummary);
  expect(lines.indexOf("### Stack `prod`")).toBeGreaterThan(lines.indexOf("### Stack `dev`"));
  expect(result.attention).toBe(true);
});

describe("the cut", () => {
  const many = previewJson(
    Array.from({ length: 200 }, (_, i) =>
      createStep(
        `p${i}`,
        inputs("asana-oauth", (p) => {
          p.display_name = `Provider ${i}`;
          p.auth_patterns[0].oauth_config.available_scopes = Array.from({ length: 30 }, (_, s) => ({
            scope: `scope.with.a.long.name.${i}.${s}`,
          }));
        }),
      ),
    ),
  );

  test("a review over the limit keeps the summary, whole providers in order, and ends with a marker saying how many were left out and how to see them", () => {
    const cut = review(many);
    expect(cut.markdown.length).toBeLessThanOrEqual(COMMENT_MAX_CHARACTERS);
    expect(cut.markdown.length).toBeGreaterThan(COMMENT_MAX_CHARACTERS - 2000);
    expect(cut.markdown).toContain("- **Stack `dev`**: 200 to create. Nothing needs attention.");
    const shown = [...cut.markdown.matchAll(/^- \*\*create\*\* `p(\d+)`/gm)].map((m) => Number(m[1]));
    expect(shown).toEqual(Array.from({ length: shown.length }, (_, i) => i));
    expect(cut.leftOut).toBe(200 - shown.length);
    expect(cut.markdown.trimEnd().split("\n").pop()).toBe(
      `> ✂️ **Cut here**: the details of ${cut.leftOut} providers left out, to keep this comment under 65,536 characters. To see everything: \`pulumi preview --diff --stack dev\`, or \`npx scalekit-providers review --max-characters 0\` on the same preview JSON.`,
    );
    // The last provider shown is whole: its block ends with its proxy URL.
    expect(cut.markdown).toContain(
      `- **create** \`p${shown.length - 1}\` · \`Provider ${shown.length - 1}\`\n  - auth \`OAUTH\`; OAuth scopes`,
    );
  });

  test("no limit (0) keeps everything; a small limit is honoured exactly, down to the summary's size", () => {
    const whole = review(many, { maxCharacters: 0 });
    expect(whole.leftOut).toBe(0);
    expect(whole.markdown.match(/^- \*\*create\*\*/gm)).toHaveLength(200);
    expect(whole.markdown).not.toContain("Cut here");
    for (const max of [5000, 600, 300, 50]) {
      const small = review(many, { maxCharacters: max });
      expect(small.markdown.length).toBeLessThanOrEqual(max);
    }
    expect(review(many, { maxCharacters: 600 }).markdown).toContain("200 to create");
  });
});
