/**
 * `scalekit-providers review` on what the real `pulumi preview --json` writes (Pulumi v3.274.1, this repository's
 * program and the plugin's YAML program, against the emulator): no hand-written sample. Each scenario runs as few
 * `pulumi` commands as it can: one program holds every provider it needs.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runCli } from "../../src/cli/router";
import { RESOURCE_TOKEN } from "../../src/plugin";
import { COMMENT_MAX_CHARACTERS } from "../../src/review";
import { wireToArgs } from "../../src/schema";
import { captureIo } from "../cli/helpers";
import { DOC_FILES, readDoc } from "../docs/markdown";
import { example, newBackend, Project, REPO_ROOT, RunningEmulator, scenarios } from "./harness";

const ASANA = "asana-oauth.json";
const BEARER = "bearer-token.json";
const FRESHDESK = "freshdesk-basic.json";

const { emulator: current, project, track } = scenarios();
let emulator: RunningEmulator;
beforeEach(() => {
  emulator = current();
});

/** `pulumi preview --json` of `stack`, written to a file in the project, then `scalekit-providers review` run on it. */
async function previewAndReview(p: Project, stack: string, options: { flags?: string[]; previewFails?: boolean } = {}) {
  const preview = await p.pulumi(["preview", "--json", "--stack", stack]);
  expect(preview.code === 0).toBe(!options.previewFails);
  const file = `preview-${stack}.json`;
  fs.writeFileSync(path.join(p.dir, file), preview.stdout);
  const cap = captureIo({ cwd: p.dir });
  const code = await runCli(["review", `${stack}=${file}`, ...(options.flags ?? [])], cap.io);
  expect(cap.stderr()).toBe("");
  return { code, markdown: cap.stdout(), preview: preview.stdout, file };
}

/** The lines of the review about one provider: from its bullet to the next provider's or heading. */
function providerPart(markdown: string, name: string): string {
  const start = markdown.search(new RegExp(`^- \\*\\*\\w+\\*\\* \`${name}\``, "m"));
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = markdown.slice(start + 1);
  const end = rest.search(/^(- \*\*|#)/m);
  return end < 0 ? markdown.slice(start) : markdown.slice(start, start + 1 + end);
}

function noSecretIn(text: string): void {
  for (const secret of [emulator.clientSecret, ...emulator.issuedTokens()]) expect(text).not.toContain(secret);
}

test("a new stack reviews as creates with nothing needing attention (exit 0); after up, a scope removal, an auth-type change and a delete review as an update naming the removed scope, a replacement and a delete set apart with their cost (exit 1); a failed preview reviews as its error (exit 1)", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER), [FRESHDESK]: example(FRESHDESK) });
  await p.initStack("dev", emulator);

  const created = await previewAndReview(p, "dev");
  expect(created.code).toBe(0);
  expect(created.markdown).toMatch(/^<!-- scalekit-providers-review: dev -->\n/);
  expect(created.markdown).toContain("- **Stack `dev`**: 3 to create. Nothing needs attention.");
  expect(providerPart(created.markdown, "asana-oauth")).toContain(
    "auth `OAUTH`; OAuth scopes `profile`, `email`; proxy URL `https://app.asana.com/api`",
  );
  expect(providerPart(created.markdown, "bearer-token")).toMatch(/^- \*\*create\*\* `bearer-token` · `My Bearer Token Provider`/);
  expect(created.markdown).not.toMatch(/Cost|Cut here/);

  await p.ok(["up", "--yes", "--stack", "dev"]);
  const ids = Object.fromEntries(emulator.providers().map((s) => [s.payload.display_name, s.identifier]));
  const asana = example(ASANA) as { auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[] };
  asana.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.filter(
    (s) => s.scope !== "email",
  );
  p.writeDefinition(ASANA, asana);
  const bearer = example(BEARER) as { auth_patterns: Record<string, unknown>[] };
  bearer.auth_patterns[0] = {
    ...bearer.auth_patterns[0],
    type: "API_KEY",
    fields: [{ field_name: "api_key", label: "API Key", input_type: "password", required: true }],
  };
  p.writeDefinition(BEARER, bearer);
  p.removeDefinition(FRESHDESK);
  emulator.clearJournal();

  const changed = await previewAndReview(p, "dev");
  expect(changed.code).toBe(1);
  expect(changed.markdown).toContain(
    "- **Stack `dev`**: 1 to update, 1 to replace, 1 to delete. **Needs attention**: 1 replacement, 1 delete.",
  );
  // Replacements and deletes come first, under their own heading; then the other changes.
  const costly = changed.markdown.indexOf("#### Replacements and deletes: what they cost");
  const others = changed.markdown.indexOf("#### Changes");
  expect(costly).toBeGreaterThan(0);
  expect(others).toBeGreaterThan(costly);

  const replaced = providerPart(changed.markdown, "bearer-token");
  expect(changed.markdown.indexOf(replaced)).toBeGreaterThan(costly);
  expect(replaced).toContain(`- **replace** \`bearer-token\` · \`My Bearer Token Provider\` · \`${ids["My Bearer Token Provider"]}\``);
  expect(replaced).toContain("Scalekit cannot change `authPatterns[0].type` (`BEARER` → `API_KEY`) in place");
  expect(replaced).toContain(`new identifier (\`${ids["My Bearer Token Provider"]}\` is gone)`);
  expect(replaced).toContain("the connections and connected accounts that used it are lost");
  expect(replaced).toContain("- `auth_patterns[0].type`: `BEARER` → `API_KEY`");
  expect(replaced).toContain("- `auth_patterns[0].fields[0].field_name`: `token` → `api_key`");
  // The provider's own warning, placed under its provider (the dynamic resource's carry no URN).
  expect(replaced).toMatch(/⚠️ \*\*warning\*\*: CustomProvider "My Bearer Token Provider" .* will be replaced/);

  const deleted = providerPart(changed.markdown, "freshdesk-basic");
  expect(changed.markdown.indexOf(deleted)).toBeLessThan(others);
  expect(deleted).toContain(`- **delete** \`freshdesk-basic\` · \`My Freshdesk\` · \`${ids["My Freshdesk"]}\``);
  expect(deleted).toContain("**Cost**: `pulumi up` deletes it from the environment");

  const updated = providerPart(changed.markdown, "asana-oauth");
  expect(changed.markdown.indexOf(updated)).toBeGreaterThan(others);
  expect(updated).toContain("- OAuth scopes removed: `email`");
  expect(updated).not.toContain("OAuth scopes added");
  expect(updated).toContain("- Existing connections do not pick up: OAuth scopes");
  expect(updated).toMatch(/⚠️ \*\*warning\*\*: CustomProvider "My Asana" .*this change touches OAuth scopes/);
  expect(updated).not.toContain("Cost");

  // The preview made no write, and the review shows no secret (Pulumi's JSON holds the stack's secret as [secret]).
  expect(emulator.journal().filter((e) => ["create", "update", "delete"].includes(e.kind))).toHaveLength(0);
  expect(changed.preview).toContain('"scalekit:clientSecret": "[secret]"');
  noSecretIn(created.markdown + changed.markdown);

  // A definition that does not validate fails the preview; its JSON still holds the error, which the review shows.
  p.writeDefinition(BEARER, { ...example(BEARER), proxy_url: "http://insecure.example.com" });
  const failed = await previewAndReview(p, "dev", { previewFails: true });
  expect(failed.code).toBe(1);
  expect(failed.markdown).toContain("- **Stack `dev`**: no provider in this preview. **Needs attention**: 1 error.");
  expect(failed.markdown).toMatch(
    /- ❌ \*\*error\*\*: 1 of 2 definition files are invalid: .*<br>✗ definitions\/bearer-token\.json<br>proxy\\_url: must start with https:\/\//,
  );

  // The sample the docs show is this review (identifiers set aside).
  const sample = DOC_FILES.flatMap((file) => readDoc(file).fences).find((fence) => fence.output === "review-pull-request");
  expect(sample).toBeDefined();
  const identifiers = (text: string) => text.replace(/\b([A-Z0-9]+):\d{5,}\b/g, "$1:N");
  expect(identifiers(sample!.lines.join("\n"))).toBe(identifiers(changed.markdown.trimEnd()));
});

/** A YAML program of the plugin's `scalekit:index:CustomProvider` resources, in a folder and backend of its own. */
function yamlProject(resources: Record<string, unknown>): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-review-yaml-"));
  const program = {
    name: "scalekit-review",
    runtime: "yaml",
    plugins: { providers: [{ name: "scalekit", path: path.join(REPO_ROOT, "bin") }] },
    resources: Object.fromEntries(Object.entries(resources).map(([name, properties]) => [name, { type: RESOURCE_TOKEN, properties }])),
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), stringify(program));
  return track(Project.at(dir, newBackend()));
}

test("a large change set through the plugin (60 providers, 40 long scopes each) is cut under GitHub's comment limit: the summary first, whole providers, a marker saying how many were left out and how to see them all; adopt: true reviews as adopt", async () => {
  const base = wireToArgs(example(ASANA)) as { displayName: string; authPatterns: { oauthConfig: { availableScopes: unknown[] } }[] };
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 60; i++) {
    const provider = structuredClone(base);
    provider.displayName = `Workspace Connector ${i}`;
    provider.authPatterns[0].oauthConfig.availableScopes = Array.from({ length: 40 }, (_, s) => ({
      scope: `https://www.example.com/auth/workspace.connector.${i}.resource.scope.number.${s}`,
      displayName: `Scope ${s}`,
    }));
    resources[`connector${i}`] = i % 2 === 0 ? provider : { ...provider, adopt: true };
  }
  const p = yamlProject(resources);
  await p.initStack("dev", emulator);

  const cut = await previewAndReview(p, "dev");
  expect(cut.code).toBe(0);
  expect(cut.markdown.length).toBeLessThanOrEqual(COMMENT_MAX_CHARACTERS);
  expect(cut.markdown).toContain("- **Stack `dev`**: 30 to create, 30 to adopt. Nothing needs attention.");
  const shown = cut.markdown.match(/^- \*\*(create|adopt)\*\* `connector\d+`/gm) ?? [];
  const marker =
    /^> ✂️ \*\*Cut here\*\*: the details of (\d+) providers left out, to keep this comment under 65,536 characters\. To see everything: `pulumi preview --diff --stack dev`, or `npx scalekit-providers review --max-characters 0` on the same preview JSON\.$/m.exec(
      cut.markdown,
    );
  expect(marker).not.toBeNull();
  expect(shown.length).toBeGreaterThan(0);
  expect(shown.length + Number(marker![1])).toBe(60);
  // Nothing after the marker, and no provider shown in part.
  expect(cut.markdown.trimEnd().endsWith(marker![0])).toBe(true);
  const lastShown = providerPart(cut.markdown, shown[shown.length - 1].replace(/^.*`(connector\d+)`$/, "$1"));
  expect(lastShown).toContain("proxy URL `https://app.asana.com/api`");
  expect(providerPart(cut.markdown, "connector1")).toContain("Takes over the existing provider of this display name");

  const cap = captureIo({ cwd: p.dir });
  expect(await runCli(["review", `dev=${cut.file}`, "--max-characters", "0"], cap.io)).toBe(0);
  expect(cap.stdout().length).toBeGreaterThan(COMMENT_MAX_CHARACTERS);
  expect(cap.stdout().match(/^- \*\*(create|adopt)\*\* `connector\d+`/gm)).toHaveLength(60);
  expect(cap.stdout()).not.toContain("Cut here");
  noSecretIn(cut.markdown + cap.stdout());
});

test("the live review in the preview: a Dashboard edit the planned update would overwrite needs attention (exit 1), and a display name already taken shows under its create, each placed with its provider", async () => {
  const p = project({ [ASANA]: example(ASANA), [BEARER]: example(BEARER) });
  await p.initStack("dev", emulator);
  await p.ok(["up", "--yes", "--stack", "dev"]);
  const asanaId = emulator.providers().find((s) => s.payload.display_name === "My Asana")!.identifier;
  emulator.editProvider(asanaId, { proxy_url: "https://edited-in-the-dashboard.example.com/api" });
  // The definition changes too, so `up` would update the provider and overwrite the Dashboard edit.
  p.writeDefinition(ASANA, { ...example(ASANA), description: "Asana, described anew" });
  const taken = emulator.insertProvider(example(FRESHDESK));
  p.writeDefinition(FRESHDESK, example(FRESHDESK));
  emulator.clearJournal();

  const reviewed = await previewAndReview(p, "dev");
  expect(reviewed.code).toBe(1);
  expect(reviewed.markdown).toContain(
    "- **Stack `dev`**: 1 to create, 1 to update. **Needs attention**: 1 Dashboard edit `pulumi up` would overwrite.",
  );
  const edited = providerPart(reviewed.markdown, "asana-oauth");
  expect(edited).toContain(`- **update** \`asana-oauth\` · \`My Asana\` · \`${asanaId}\``);
  expect(edited).toContain(
    "- `description`: `Connect to Asana. Manage tasks, projects, teams, and workflow automation` → `Asana, described anew`",
  );
  expect(edited).toMatch(
    /⚠️ \*\*needs attention\*\*: Live review, Dashboard edit: CustomProvider "My Asana" .*https:\/\/edited-in-the-dashboard\.example\.com\/api/,
  );
  const collision = providerPart(reviewed.markdown, "freshdesk-basic");
  expect(collision).toContain("- **create** `freshdesk-basic` · `My Freshdesk`");
  expect(collision).toMatch(
    new RegExp(`⚠️ \\*\\*warning\\*\\*: Live review, name taken: CustomProvider "My Freshdesk" \\(${taken.identifier}\\)`),
  );
  expect(collision).toContain("adopt");
  // The unchanged provider without a finding is not listed; the preview wrote nothing.
  expect(reviewed.markdown).not.toContain("`bearer-token`");
  expect(emulator.journal().filter((e) => ["create", "update", "delete"].includes(e.kind))).toHaveLength(0);
  noSecretIn(reviewed.markdown);
});
