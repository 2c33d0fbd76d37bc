/**
 * CustomProvider through Pulumi's own provider host, against the local emulator: what `pulumi preview`,
 * `up`, `refresh` and `destroy` do to a provider, call by call (see driver.ts).
 */
import { fromPayload } from "../../src/resource/custom-provider";
import { apiCalls, examples, Harness, registerInputs, startHarness } from "./harness";
import { EngineRefusal, HostError, Props, UNKNOWN } from "./driver";

const EXAMPLES = examples();
const asana = EXAMPLES["asana-oauth"] as { auth_patterns: { oauth_config: { available_scopes: { scope: string }[] } }[] };
const asanaWithoutEmail = JSON.parse(JSON.stringify(asana));
asanaWithoutEmail.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.filter(
  (s) => s.scope !== "email",
);

/** The payload with its auth pattern changed by `change`. */
function withPattern(payload: unknown, change: Record<string, unknown>): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(payload));
  copy.auth_patterns[0] = { ...copy.auth_patterns[0], ...change };
  return copy;
}

let inputs: Record<string, Props>;
let h: Harness;

beforeAll(() => {
  inputs = registerInputs({
    ...Object.fromEntries(Object.entries(EXAMPLES).map(([name, payload]) => [name, fromPayload(payload)])),
    "asana-without-email": fromPayload(asanaWithoutEmail),
    "attention-adopt": { ...fromPayload(EXAMPLES["attention-api-key"]), adopt: true },
    "typo-and-http": { ...fromPayload(EXAMPLES["bearer-token"]), proxyUrl: "http://api.example.com", proxyEnable: true },
    "unknown-description": { ...fromPayload(EXAMPLES["bearer-token"]), description: UNKNOWN },
    "bearer-renamed": { ...fromPayload(EXAMPLES["bearer-token"]), displayName: "Renamed Bearer Provider" },
    "bearer-as-api-key": fromPayload(withPattern(EXAMPLES["bearer-token"], { type: "API_KEY" })),
    "bearer-as-mcp": fromPayload(withPattern(EXAMPLES["bearer-token"], { is_mcp: true })),
    "bearer-as-api-key-adopt": { ...fromPayload(withPattern(EXAMPLES["bearer-token"], { type: "API_KEY" })), adopt: true },
  });
});

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe("pulumi up, preview and refresh", () => {
  test.each(Object.keys(EXAMPLES))("%s is created with exactly the documented payload and shows no change afterwards", async (name) => {
    const state = await h.engine.up(name, inputs[name]);

    const creates = apiCalls(h.emulator, "create");
    expect(creates).toHaveLength(1);
    expect(creates[0].body).toEqual(EXAMPLES[name]);
    expect(state.id).toBe(h.emulator.providers()[0].identifier);
    expect(state.outputs.identifier).toBe(state.id);
    expect(state.outputs.providerId).toBe(h.emulator.providers()[0].id);

    h.emulator.clearJournal();
    const preview = await h.engine.preview(name, inputs[name], state);
    expect(preview.diff).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(apiCalls(h.emulator)).toHaveLength(0);

    const refreshed = await h.engine.refresh(state);
    expect(refreshed?.id).toBe(state.id);
    expect(refreshed?.drifted).toBe(false);
    const afterRefresh = await h.engine.preview(name, inputs[name], refreshed);
    expect(afterRefresh.diff?.changes).toBe(false);
  });

  test("removing an OAuth scope is an in-place update that reaches Scalekit and warns about existing connections", async () => {
    const state = await h.engine.up("asana", inputs["asana-oauth"]);

    const preview = await h.engine.preview("asana", inputs["asana-without-email"], state);
    expect(preview.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(await h.engine.outputMatching(/My Asana.*OAuth scopes/)).toMatch(/My Asana.*OAuth scopes/);
    expect(await h.engine.outputMatching(/connected accounts\s+re-authorized/)).toMatch(/connected accounts\s+re-authorized/);

    const updated = await h.engine.up("asana", inputs["asana-without-email"], state);
    const updates = apiCalls(h.emulator, "update");
    expect(updates).toHaveLength(1);
    expect(updates[0].body).toEqual(asanaWithoutEmail);
    expect(updated.outputs.identifier).toBe(state.id);
    const stored = h.emulator.providers()[0].payload as typeof asana;
    expect(stored.auth_patterns[0].oauth_config.available_scopes.map((s) => s.scope)).toEqual(["profile"]);
    expect((await h.engine.preview("asana", inputs["asana-without-email"], updated)).diff?.changes).toBe(false);
  });

  test("drift made in the Dashboard is seen by refresh and undone by the next up", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    h.emulator.editProvider(state.id, { description: "edited in the Dashboard" });

    const refreshed = await h.engine.refresh(state);
    expect(refreshed!.drifted).toBe(true);
    expect(refreshed!.outputs.description).toBe("edited in the Dashboard");
    expect(refreshed!.inputs.description).toBe("edited in the Dashboard");

    const preview = await h.engine.preview("bearer", inputs["bearer-token"], refreshed);
    expect(preview.diff?.changes).toBe(true);
    await h.engine.up("bearer", inputs["bearer-token"], refreshed);
    expect(h.emulator.providers()[0].payload.description).toBe(EXAMPLES["bearer-token"].description);
  });

  test("a display-name change is an in-place update, never a replacement, and needs no warning", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    const preview = await h.engine.preview("bearer", inputs["bearer-renamed"], state);
    expect(preview.diff).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    expect(h.engine.output).not.toMatch(/CustomProvider "Renamed Bearer Provider"/);
    const updated = await h.engine.up("bearer", inputs["bearer-renamed"], state);
    expect(apiCalls(h.emulator, "delete")).toHaveLength(0);
    expect(h.emulator.providers().map((p) => p.payload.display_name)).toEqual(["Renamed Bearer Provider"]);
    expect(updated.id).toBe(state.id);
  });

  test("read with no prior outputs (inputs only) finds the provider by its id", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    const read = await h.engine.read(state.id, state.urn, {}, inputs["bearer-token"]);
    expect(read.id).toBe(state.id);
    expect(read.outputs.displayName).toBe(EXAMPLES["bearer-token"].display_name);
    expect(read.inputs?.proxyUrl).toBe(EXAMPLES["bearer-token"].proxy_url);
  });

  test("values unknown during preview pass Check", async () => {
    const checked = await h.engine.check(h.engine.urn("bearer"), {}, inputs["unknown-description"]);
    expect(checked.failures).toEqual([]);
  });
});

describe("auth type changes are replacements", () => {
  test.each([
    ["bearer-as-api-key", /authPatterns\[0\]\.type from BEARER to API_KEY/],
    ["bearer-as-mcp", /authPatterns\[0\]\.isMcp from false to true/],
  ])("%s: preview plans a delete-before-replace and warns of the new identifier and the lost connections", async (name, what) => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    const preview = await h.engine.preview("bearer", inputs[name], state);
    expect(preview.diff).toEqual({ changes: true, replaces: ["authPatterns"], deleteBeforeReplace: true });
    expect(await h.engine.outputMatching(what)).toMatch(what);
    expect(await h.engine.outputMatching(/will be replaced/)).toMatch(/will be replaced/);
    expect(await h.engine.outputMatching(/new identifier/)).toMatch(/new identifier/);
    expect(await h.engine.outputMatching(/connections and connected accounts that used the old one are lost/)).toMatch(
      /connections and connected accounts that used the old one are lost/,
    );
  });

  test("up deletes the provider, then creates it with the new auth type under a new identifier", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    h.emulator.clearJournal();
    const replaced = await h.engine.up("bearer", inputs["bearer-as-api-key"], state);
    expect(apiCalls(h.emulator).map((e) => e.kind)).toEqual(["delete", "create"]);
    expect(replaced.id).not.toBe(state.id);
    expect(h.emulator.providers().map((p) => [p.identifier, (p.payload.auth_patterns as { type: string }[])[0].type])).toEqual([
      [replaced.id, "API_KEY"],
    ]);
    expect((await h.engine.preview("bearer", inputs["bearer-as-api-key"], replaced)).diff?.changes).toBe(false);
  });

  test("with protect, the engine refuses the replacement and Scalekit is not called", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    h.emulator.clearJournal();
    const attempt = h.engine.up("bearer", inputs["bearer-as-api-key"], state, { protect: true });
    await expect(attempt).rejects.toThrow(EngineRefusal);
    await expect(attempt).rejects.toThrow(/marked for protection/);
    expect(apiCalls(h.emulator).filter((e) => e.kind !== "token")).toEqual([]);
    expect(h.emulator.providers().map((p) => p.identifier)).toEqual([state.id]);
  });

  test("a replacement of a provider still in use stops at the delete: nothing is created and nothing is lost", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    h.emulator.attachConnections(state.id, 1);
    await expect(h.engine.up("bearer", inputs["bearer-as-api-key"], state)).rejects.toThrow(/still used by connections/);
    expect(apiCalls(h.emulator, "create")).toHaveLength(1);
    expect(h.emulator.providers().map((p) => p.identifier)).toEqual([state.id]);
  });

  test("adopting a provider of another auth type fails before any write, naming both types and what to do", async () => {
    const existing = h.emulator.insertProvider(EXAMPLES["bearer-token"]);
    h.emulator.clearJournal();
    const attempt = h.engine.up("bearer", inputs["bearer-as-api-key-adopt"]);
    await expect(attempt).rejects.toThrow(HostError);
    await expect(attempt).rejects.toThrow(
      /cannot adopt .*My Bearer Token Provider.*authPatterns\[0\]\.type is BEARER there and API_KEY in the definition/,
    );
    await expect(attempt).rejects.toThrow(/delete the existing provider in the Scalekit Dashboard/);
    expect(apiCalls(h.emulator).filter((e) => !["token", "list"].includes(e.kind))).toEqual([]);
    expect(h.emulator.providers()).toEqual([
      expect.objectContaining({ identifier: existing.identifier, payload: EXAMPLES["bearer-token"] }),
    ]);
  });
});

describe("taking over existing providers", () => {
  test("a duplicate display name fails with the existing identifier and how to adopt, and creates nothing", async () => {
    const existing = h.emulator.insertProvider(EXAMPLES["freshdesk-basic"]);

    const attempt = h.engine.up("freshdesk", inputs["freshdesk-basic"]);
    await expect(attempt).rejects.toThrow(HostError);
    await expect(attempt).rejects.toThrow(existing.identifier);
    await expect(attempt).rejects.toThrow(/adopt: true/);
    expect(h.emulator.providers()).toHaveLength(1);
  });

  test("adopt takes over an existing provider and brings it to the definition", async () => {
    const existing = h.emulator.insertProvider({ ...EXAMPLES["attention-api-key"], description: "made by hand" });

    const state = await h.engine.up("attention", inputs["attention-adopt"]);
    expect(state.id).toBe(existing.identifier);
    expect(apiCalls(h.emulator, "create")).toHaveLength(0);
    expect(h.emulator.providers()).toHaveLength(1);
    expect(h.emulator.providers()[0].payload.description).toBe(EXAMPLES["attention-api-key"].description);
    expect((await h.engine.preview("attention", inputs["attention-adopt"], state)).diff?.changes).toBe(false);
  });

  test("adopting a provider that already matches writes nothing", async () => {
    h.emulator.insertProvider(EXAMPLES["attention-api-key"]);
    await h.engine.up("attention", inputs["attention-adopt"]);
    expect(apiCalls(h.emulator, "create")).toHaveLength(0);
    expect(apiCalls(h.emulator, "update")).toHaveLength(0);
  });
});

describe("failures", () => {
  test("a lost create response leaves exactly one provider", async () => {
    h.emulator.addFault({ kind: "create", action: { type: "drop-after-commit" } });
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    expect(h.emulator.providers()).toHaveLength(1);
    expect(state.id).toBe(h.emulator.providers()[0].identifier);
  });

  test("deleting a provider still in use fails with the Dashboard steps and loses nothing", async () => {
    const state = await h.engine.up("asana", inputs["asana-oauth"]);
    h.emulator.attachConnections(state.id, 2);

    const attempt = h.engine.destroy(state);
    await expect(attempt).rejects.toThrow(/connections and connected accounts in the Scalekit Dashboard/);
    await expect(attempt).rejects.toThrow(/pulumi destroy/);
    expect(h.emulator.providers()).toHaveLength(1);

    h.emulator.attachConnections(state.id, 0);
    await h.engine.destroy(state);
    expect(h.emulator.providers()).toHaveLength(0);
  });

  test("a provider deleted outside Pulumi is gone on refresh and its delete succeeds", async () => {
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    h.emulator.removeProvider(state.id);

    expect(await h.engine.refresh(state)).toBeUndefined();
    await expect(h.engine.destroy(state)).resolves.toBeUndefined();
  });

  test("bad input is rejected by Check, named in camelCase with the fix, and never reaches the API", async () => {
    const checked = await h.engine.check(h.engine.urn("bad"), {}, inputs["typo-and-http"]);
    const byProperty = Object.fromEntries(checked.failures.map((f) => [f.property, f.reason]));
    expect(byProperty.proxyEnable).toMatch(/did you mean `proxyEnabled`/);
    expect(byProperty.proxyUrl).toMatch(/https:\/\//);
    await expect(h.engine.up("bad", inputs["typo-and-http"])).rejects.toThrow(/proxyEnable/);
    expect(apiCalls(h.emulator)).toHaveLength(0);
  });
});

describe("credentials", () => {
  test("missing settings fail with both the config key and the environment variable", async () => {
    await h.engine.stop();
    h.engine = await (await import("./driver")).EngineDriver.start({ config: { "scalekit:environmentUrl": h.emulator.url } });
    const attempt = h.engine.check(h.engine.urn("bearer"), {}, inputs["bearer-token"]);
    await expect(attempt).rejects.toThrow(/scalekit:clientId.*SCALEKIT_CLIENT_ID/);
    await expect(attempt).rejects.toThrow(/scalekit:clientSecret.*SCALEKIT_CLIENT_SECRET/);
  });

  test("the SCALEKIT_* environment variables are the fallback for stack config", async () => {
    await h.engine.stop();
    const { EngineDriver } = await import("./driver");
    h.engine = await EngineDriver.start({
      env: {
        SCALEKIT_ENVIRONMENT_URL: h.emulator.url,
        SCALEKIT_CLIENT_ID: h.emulator.clientId,
        SCALEKIT_CLIENT_SECRET: h.emulator.clientSecret,
      },
    });
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    expect(state.id).toBe(h.emulator.providers()[0].identifier);
  });

  test("neither the client secret nor an access token appears in outputs, __provider or host output", async () => {
    const state = await h.engine.up("asana", inputs["asana-oauth"]);
    await h.engine.up("asana", inputs["asana-without-email"], state);
    h.emulator.attachConnections(state.id, 1);
    await expect(h.engine.destroy(state)).rejects.toThrow();

    const tokens = apiCalls(h.emulator)
      .map((e) => e.kind)
      .filter((k) => k === "token");
    expect(tokens.length).toBeGreaterThan(0);
    const everything = JSON.stringify(state) + h.engine.output + String(inputs["asana-oauth"].__provider);
    expect(everything).not.toContain(h.emulator.clientSecret);
    for (const token of h.emulator.issuedTokens()) {
      expect(everything).not.toContain(token);
    }
  });
});

describe("an identifier that changes on the server", () => {
  test("update takes the identifier Scalekit returns, and later calls use it", async () => {
    await h.close();
    h = await startHarness({ emulator: { renameChangesIdentifier: true } });
    const state = await h.engine.up("bearer", inputs["bearer-token"]);
    const updated = await h.engine.up("bearer", inputs["bearer-renamed"], state);
    const [stored] = h.emulator.providers();
    expect(stored.identifier).not.toBe(state.id);
    expect(updated.outputs.identifier).toBe(stored.identifier);

    const refreshed = await h.engine.refresh(updated);
    expect(refreshed?.id).toBe(stored.identifier);
    await h.engine.destroy(updated);
    expect(h.emulator.providers()).toHaveLength(0);
  });
});
