/**
 * The attack: `__proto__` as a key of a control-plane patch or an API payload: refused with the path, and
 * nothing stored through it (the schema's refusal: test/schema/reserved-keys.test.ts).
 */
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { call, token } from "../helpers/emulator";
import { validDefinition } from "../helpers/hostile";

describe("the emulator", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0 });
  });
  afterAll(() => emu.stop());
  beforeEach(() => emu.reset());

  test("a control-plane patch cannot store a provider without a display name through __proto__", async () => {
    const created = emu.insertProvider(JSON.parse(validDefinition("Patched Provider")));
    const patch = '{"__proto__": {"display_name": "Ghost"}, "display_name": null}';
    const answer = await call(emu, "PATCH", `/_emulator/providers/${encodeURIComponent(created.identifier)}`, {
      rawBody: patch,
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/__proto__/);
    expect(emu.providers().map((p) => p.payload.display_name)).toEqual(["Patched Provider"]);
  });

  test("a patch removing the display name is refused: the stored provider keeps it", async () => {
    const created = emu.insertProvider(JSON.parse(validDefinition("Kept Provider")));
    expect(() => emu.editProvider(created.identifier, { display_name: null })).toThrow(/display_name/);
    expect(emu.providers().map((p) => p.payload.display_name)).toEqual(["Kept Provider"]);
  });

  test("an API create with a __proto__ metadata key is refused with the path", async () => {
    const rawBody = JSON.stringify({ ...JSON.parse(validDefinition()), metadata: JSON.parse('{"__proto__": "value"}') });
    const answer = await call(emu, "POST", "/api/v1/custom-providers", {
      rawBody,
      token: await token(emu),
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("reserved in JavaScript");
    expect(emu.providers()).toEqual([]);
  });
});
