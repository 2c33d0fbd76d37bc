/**
 * The live review through Pulumi's own provider host: each `pulumi preview` is a new host process (as the engine
 * starts one per run), which reads the environment once and warns, per resource, about what the saved state cannot
 * show. The plan Check and Diff answer is the same as without the review, and nothing is written.
 */
import { fromPayload } from "../../src/resource/custom-provider";
import { LIVE_REVIEW_BUDGET } from "../../src/resource/live-review";
import { apiCalls, examples, Harness, registerInputs, stackConfig, startHarness } from "./harness";
import { EngineDriver, Props, ResourceState } from "./driver";

const EXAMPLES = examples();
const asana = EXAMPLES["asana-oauth"] as { auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[] };

let inputs: Record<string, Props>;
let h: Harness;

/** Thirty new providers of distinct display names, for the shared walk. */
const MANY = Array.from({ length: 30 }, (_, i) => `many-${i}`);
const displayNameOf = (name: string) => `Many ${name.slice("many-".length)}`;

beforeAll(() => {
  inputs = registerInputs({
    asana: fromPayload(asana),
    "asana-described": { ...fromPayload(asana), description: "Planned description" },
    bearer: fromPayload(EXAMPLES["bearer-token"]),
    "bearer-as-api-key": fromPayload({ ...EXAMPLES["bearer-token"], auth_patterns: EXAMPLES["attention-api-key"].auth_patterns }),
    "bearer-adopt": { ...fromPayload(EXAMPLES["bearer-token"]), adopt: true },
    ...Object.fromEntries(MANY.map((name) => [name, { ...fromPayload(EXAMPLES["bearer-token"]), displayName: displayNameOf(name) }])),
  });
});

afterEach(async () => {
  await h.close();
});

/** A new `pulumi` run: a new provider host with the stack's config (plus `extra`), the journal cleared. */
async function newRun(extra: Record<string, string> = {}): Promise<EngineDriver> {
  h.engine = await EngineDriver.start(stackConfig(h.emulator, extra));
  h.emulator.clearJournal();
  return h.engine;
}

/** The live review's warnings the current host printed, once `count` of them are there (or after 5 s). */
async function reviewWarnings(count = 1): Promise<string[]> {
  const pattern = new RegExp(`(Live review, [^\\n]*\\n[^]*){${count}}`);
  const output = await h.engine.outputMatching(pattern);
  return output.split("\n").filter((line) => line.includes("Live review, "));
}

/** Asana in the state of a first run, then its OAuth scopes edited in the Dashboard (the `email` scope removed). */
async function asanaEditedInTheDashboard(): Promise<ResourceState> {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  h.emulator.editProvider(state.id, {
    auth_patterns: [
      {
        ...asana.auth_patterns[0],
        oauth_config: {
          ...asana.auth_patterns[0].oauth_config,
          available_scopes: asana.auth_patterns[0].oauth_config.available_scopes.filter((s) => s.scope !== "email"),
        },
      },
    ],
  });
  return state;
}

test("a Dashboard edit that up would overwrite: the preview names each field with its live and planned value, plan unchanged, no write", async () => {
  const state = await asanaEditedInTheDashboard();
  await newRun();

  const preview = await h.engine.preview("asana", inputs["asana-described"], state);

  expect(preview.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  const [warning, ...others] = await reviewWarnings();
  expect(others).toEqual([]);
  expect(warning).toContain(`Live review, Dashboard edit: CustomProvider "My Asana" (${state.id}) was changed in the Scalekit Dashboard`);
  expect(warning).toContain("`pulumi up` would overwrite it");
  expect(warning).toMatch(
    /authPatterns\[0\]\.oauthConfig\.availableScopes\[1\]: live absent, planned \{"description":"Access user email address",.*"scope":"email"\}/,
  );
  // The description differs from the state too, but only because the definition changed it: not a Dashboard edit.
  expect(warning).not.toContain("description: live");
  expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual(["token", "list"]);
});

test("a Dashboard edit that up does not touch (no change planned) or that the definition already carries: no warning", async () => {
  const state = await asanaEditedInTheDashboard();
  await newRun();
  const unchanged = await h.engine.preview("asana", inputs.asana, state);
  expect(unchanged.diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });

  // The definition now says what the Dashboard says (the scope removed), and changes the description too.
  const live = h.emulator.providers()[0].payload;
  const carried = registerInputs({ asana: { ...fromPayload(live), description: "Planned description" } }).asana;
  const changed = await h.engine.preview("asana", carried, state);
  expect(changed.diff?.changes).toBe(true);

  await h.engine.outputMatching(/Live review/, 1000);
  expect(h.engine.output).not.toContain("Live review");
  expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual(["token", "list"]);
});

test("a create whose display name is taken: one warning naming the holder and the adopt setting; none with adopt: true", async () => {
  h = await startHarness();
  const holder = h.emulator.insertProvider(EXAMPLES["bearer-token"]);
  await newRun();

  const preview = await h.engine.preview("bearer", inputs.bearer);
  expect(preview.failures).toEqual([]);
  const [warning] = await reviewWarnings();
  expect(warning).toContain(
    `Live review, name taken: CustomProvider "My Bearer Token Provider" (${holder.identifier}) already exists in the environment`,
  );
  expect(warning).toContain("`adopt: true`");
  expect(warning).toContain("pulumi config set scalekit:adopt true");

  await newRun();
  await h.engine.preview("bearer", inputs["bearer-adopt"]);
  await h.engine.outputMatching(/Live review/, 1000);
  expect(h.engine.output).not.toContain("Live review");
});

test("an auth-type change planned as a replacement: the engine's second Check of the new resource does not call the provider it replaces a taken name", async () => {
  h = await startHarness();
  const state = await h.engine.up("bearer", inputs.bearer);
  await newRun();

  const preview = await h.engine.preview("bearer", inputs["bearer-as-api-key"], state);

  expect(preview.diff).toEqual(expect.objectContaining({ changes: true, replaces: ["authPatterns"] }));
  expect(preview.failures).toEqual([]);
  expect(await h.engine.outputMatching(/will be replaced/)).toContain("will be replaced: Scalekit cannot change");
  await h.engine.outputMatching(/Live review/, 1000);
  expect(h.engine.output).not.toContain("Live review");
  expect(apiCalls(h.emulator).map((c) => c.kind)).toEqual(["token", "list"]);
});

test("a provider deleted in the Dashboard: the preview says it is gone and what up will do, for an unchanged and a changed definition", async () => {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  h.emulator.removeProvider(state.id);

  await newRun();
  expect((await h.engine.preview("asana", inputs.asana, state)).diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
  const [unchanged] = await reviewWarnings();
  expect(unchanged).toContain(`Live review, deleted: CustomProvider "My Asana" (${state.id}) no longer exists in the environment`);
  expect(unchanged).toContain("`pulumi up` changes nothing");
  expect(unchanged).toContain("pulumi refresh");

  await newRun();
  expect((await h.engine.preview("asana", inputs["asana-described"], state)).diff?.changes).toBe(true);
  const [changed] = await reviewWarnings();
  expect(changed).toContain("`pulumi up` would fail to update it: run `pulumi refresh` first");
});

test("every resource of a run shares one token and one listing walk, concurrent Checks and Diffs included", async () => {
  h = await startHarness({ emulator: { pageSizeCap: 10 } });
  const asanaState = await h.engine.up("asana", inputs.asana);
  for (let i = 0; i < 25; i++) h.emulator.insertProvider({ ...EXAMPLES["freshdesk-basic"], display_name: `Other ${i}` });
  await newRun();

  await Promise.all([
    h.engine.preview("asana", inputs["asana-described"], asanaState),
    ...MANY.map((name) => h.engine.preview(name, inputs[name])),
  ]);

  // 26 providers at 10 a page: one token, then 3 pages of one walk.
  expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual(["token", "list", "list", "list"]);
  expect(h.emulator.providers()).toHaveLength(26);
});

test("refresh (Read, then Diff against what it read) has the live values already: the review reads nothing and says nothing", async () => {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  h.emulator.editProvider(state.id, { description: "Edited in the Dashboard" });
  await newRun();

  const refreshed = await h.engine.refresh(state);

  expect(refreshed?.drifted).toBe(true);
  expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual(["token", "list"]);
  await h.engine.outputMatching(/Live review/, 1000);
  expect(h.engine.output).not.toContain("Live review");
});

test("scalekit:liveReview false: a preview makes no request and says nothing, whatever the environment holds", async () => {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  h.emulator.removeProvider(state.id);
  h.emulator.insertProvider(EXAMPLES["bearer-token"]);
  await newRun({ "scalekit:liveReview": "false" });

  await h.engine.preview("asana", inputs["asana-described"], state);
  await h.engine.preview("bearer", inputs.bearer);

  expect(apiCalls(h.emulator)).toEqual([]);
  await h.engine.outputMatching(/Live review/, 1000);
  expect(h.engine.output).not.toContain("Live review");
});

test("an unknown value of scalekit:liveReview is refused with its names, as every setting is", async () => {
  h = await startHarness();
  await newRun({ "scalekit:liveReview": "maybe" });
  await expect(h.engine.preview("bearer", inputs.bearer)).rejects.toThrow(
    /scalekit:liveReview \(or SCALEKIT_LIVE_REVIEW\) must be true or false, got "maybe"/,
  );
  expect(apiCalls(h.emulator)).toEqual([]);
});

test.each([
  [
    "a server answering 503",
    (harness: Harness) => harness.emulator.addFault({ kind: "token", count: 10, action: { type: "status", status: 503 } }),
    /HTTP 503/,
  ],
  ["wrong credentials (401)", undefined, /HTTP 401 UNAUTHENTICATED/],
  ["a refused connection", undefined, /could not connect|ECONNREFUSED|connection/i],
] as const)("%s: the preview goes on with exactly one warning for the run, in bounded time", async (what, fault, reason) => {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  fault?.(h);
  const extra: Record<string, string> =
    what === "wrong credentials (401)"
      ? { "scalekit:clientSecret": "sks_not_the_right_one_12345" }
      : what === "a refused connection"
        ? { "scalekit:environmentUrl": "http://127.0.0.1:9" }
        : {};
  await newRun(extra);

  const started = Date.now();
  const previews = await Promise.all([
    h.engine.preview("asana", inputs["asana-described"], state),
    ...MANY.slice(0, 5).map((name) => h.engine.preview(name, inputs[name])),
  ]);
  expect(Date.now() - started).toBeLessThan(LIVE_REVIEW_BUDGET.totalMs + 5000);

  expect(previews[0].diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  expect(previews.slice(1).map((p) => p.failures)).toEqual([[], [], [], [], []]);
  const warnings = await reviewWarnings();
  await h.engine.outputMatching(/Live review[^]*Live review/, 500);
  expect(h.engine.output.split("Live review, ")).toHaveLength(2);
  expect(warnings[0]).toMatch(/Live review, not reachable: the preview could not read the environment \(/);
  expect(warnings[0]).toMatch(reason);
  expect(warnings[0]).toContain("scalekit:liveReview false");
  expect(apiCalls(h.emulator).filter((e) => !["token", "list"].includes(e.kind))).toEqual([]);
});

test("hostile values in the listing are shown inert: a Dashboard edit carrying escape sequences and a newline", async () => {
  h = await startHarness();
  const state = await h.engine.up("asana", inputs.asana);
  h.emulator.editProvider(state.id, { description: "evil\u001b]0;pwned\u0007\nwarning: forged line\u202e" });
  await newRun();

  await h.engine.preview("asana", inputs["asana-described"], state);

  const [warning] = await reviewWarnings();
  expect(warning).toContain('description: live "evil\\u001b]0;pwned\\u0007\\nwarning: forged line\\u202e", planned "Planned description"');
  expect(h.engine.output).not.toContain("\u001b");
  expect(h.engine.output).not.toContain("\u202e");
  expect(h.engine.output).not.toMatch(/^warning: forged line/m);
});
