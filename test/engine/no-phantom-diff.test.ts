/**
 * No phantom diff: `pulumi preview --diff` shows a change by comparing the stored inputs with the program's (the
 * host passes no detailed diff), so after create, refresh, adoption or an export, the stored inputs must be the
 * ones the program writes. For every documented example (every auth type), through Pulumi's own provider host:
 * an unchanged definition shows no change, and a one-field change shows exactly that field.
 */
import { definitionFromServer } from "../../src/cli/commands/export";
import { ScalekitClient } from "../../src/client";
import { startEmulator } from "../../src/emulator";
import { fromPayload } from "../../src/resource/custom-provider";
import { Props, ResourceState } from "./driver";
import { apiCalls, examples, Harness, registerInputs, startHarness } from "./harness";

const EXAMPLES = examples();
const NAMES = Object.keys(EXAMPLES);

/** The property paths where two sets of inputs differ: what Pulumi's display lists for an update. */
function differingPaths(a: unknown, b: unknown, at = ""): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    return [...new Set([...Object.keys(a), ...Object.keys(b)])].flatMap((key) => differingPaths(a[key], b[key], at ? `${at}.${key}` : key));
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => differingPaths(a[i], b[i], `${at}[${i}]`)).flat();
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [at];
}

/** The inputs with the first auth pattern's display name changed: one field, one level down. */
function withPatternName(inputs: Props): Props {
  const copy = JSON.parse(JSON.stringify(inputs)) as { authPatterns: Record<string, unknown>[] };
  copy.authPatterns[0].displayName = "Renamed way to connect";
  return copy;
}

let inputs: Record<string, Props>;
/** Each example as `export` writes it from a provider made in the Dashboard. */
let exported: Record<string, unknown>;
let h: Harness;

beforeAll(async () => {
  const dashboard = await startEmulator({ port: 0 });
  try {
    for (const name of NAMES) dashboard.insertProvider(EXAMPLES[name]);
    const { url: environmentUrl, clientId, clientSecret } = dashboard;
    const listed = await new ScalekitClient({ environmentUrl, clientId, clientSecret }).listProviders();
    exported = Object.fromEntries(
      NAMES.map((name) => {
        const definition = definitionFromServer(listed.find((p) => p.display_name === (EXAMPLES[name] as Props).display_name));
        if (!definition.ok) throw new Error(`export of ${name} failed: ${definition.problems}`);
        return [name, definition.payload];
      }),
    );
  } finally {
    await dashboard.stop();
  }
  inputs = registerInputs({
    ...Object.fromEntries(NAMES.map((name) => [name, fromPayload(EXAMPLES[name])])),
    ...Object.fromEntries(NAMES.map((name) => [`${name}-adopted`, { ...fromPayload(EXAMPLES[name]), adopt: true }])),
    ...Object.fromEntries(NAMES.map((name) => [`${name}-exported`, { ...fromPayload(exported[name]), adopt: true }])),
  });
});

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

/**
 * From `state` on, the program declaring `declared`: a preview shows no change and the stored inputs are the
 * program's; a refresh keeps them so; then a one-field change is an update whose display shows that field alone.
 */
async function expectNoPhantomDiff(name: string, declared: Props, state: ResourceState): Promise<void> {
  const unchanged = await h.engine.preview(name, declared, state);
  expect(unchanged.diff?.changes).toBe(false);

  const refreshed = await h.engine.refresh(state);
  expect(refreshed?.drifted).toBe(false);
  expect(refreshed!.inputs).toEqual(unchanged.inputs);
  expect((await h.engine.preview(name, declared, refreshed)).diff?.changes).toBe(false);

  const changed = await h.engine.preview(name, withPatternName(declared), refreshed);
  expect(changed.diff?.changes).toBe(true);
  expect(differingPaths(refreshed!.inputs, changed.inputs)).toEqual(["authPatterns[0].displayName"]);
  const updated = await h.engine.up(name, withPatternName(declared), refreshed);
  expect(differingPaths((await h.engine.refresh(updated))!.inputs, changed.inputs)).toEqual([]);
}

test.each(NAMES)("%s: after create and refresh, no change shows; a one-field change shows that field alone", async (name) => {
  await expectNoPhantomDiff(name, inputs[name], await h.engine.up(name, inputs[name]));
});

test.each(NAMES)("%s: adopted, no change shows; after refresh a one-field change shows that field alone", async (name) => {
  h.emulator.insertProvider(EXAMPLES[name]);
  const adopted = await h.engine.up(name, inputs[`${name}-adopted`]);
  expect(apiCalls(h.emulator, "create")).toHaveLength(0);
  await expectNoPhantomDiff(name, inputs[`${name}-adopted`], adopted);
});

test.each(NAMES)("%s: exported, then adopted from the export, no change shows; a one-field change shows that field alone", async (name) => {
  h.emulator.insertProvider(EXAMPLES[name]);
  const adopted = await h.engine.up(name, inputs[`${name}-exported`]);
  expect([...apiCalls(h.emulator, "create"), ...apiCalls(h.emulator, "update")]).toHaveLength(0);
  await expectNoPhantomDiff(name, inputs[`${name}-exported`], adopted);
});

test("drift made in the Dashboard shows after refresh as that field alone", async () => {
  const state = await h.engine.up("asana-oauth", inputs["asana-oauth"]);
  h.emulator.editProvider(state.id, { description: "Edited in the Dashboard" });
  const refreshed = await h.engine.refresh(state);
  expect(refreshed?.drifted).toBe(true);
  const preview = await h.engine.preview("asana-oauth", inputs["asana-oauth"], refreshed);
  expect(preview.diff?.changes).toBe(true);
  expect(differingPaths(refreshed!.inputs, preview.inputs)).toEqual(["description"]);
});
