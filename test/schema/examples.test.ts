/** Every documented example (../shared/examples, see test/helpers/examples.ts) validates unchanged, in both namings, and maps losslessly. */
import { argsToWire, validateArgs, validatePayload, wireToArgs } from "../../src/schema";
import { EXAMPLE_FILES } from "../helpers/examples";
import { loadExamples } from "./fixtures";

const examples = loadExamples().map((example) => [example.file, example.payload] as const);

test("the examples folder holds the documented examples", () => {
  expect(examples.map(([file]) => file)).toEqual(expect.arrayContaining(EXAMPLE_FILES));
});

describe.each(examples)("%s", (_file, payload) => {
  test("passes validatePayload unchanged, returning an equal payload", () => {
    expect(validatePayload(payload)).toEqual({ ok: true, payload });
  });

  test("passes validateArgs as camelCase args, returning the documented payload", () => {
    expect(validateArgs(wireToArgs(payload))).toEqual({ ok: true, payload });
  });

  test("round-trips losslessly through args, key order included", () => {
    expect(JSON.stringify(argsToWire(wireToArgs(payload)))).toBe(JSON.stringify(payload));
  });
});
