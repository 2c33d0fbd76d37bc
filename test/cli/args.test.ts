/** The one parser of numeric flag values (src/cli/args.ts), used by every command and by SCALEKIT_EMULATOR_PORT. */
import { InvalidArgumentError } from "commander";
import { numberArg, rateArg } from "../../src/cli/args";

describe("numberArg", () => {
  test.each([
    ["0", 0],
    ["20", 20],
    [" 7 ", 7],
  ])("an integer flag takes %j as %d", (value, expected) => {
    expect(numberArg("--max-retries", 0, 20, true)(value)).toBe(expected);
  });

  test.each([
    ["2.5", 2.5],
    ["30", 30],
    ["0.5", 0.5],
    [".5", 0.5],
    ["5.", 5],
  ])("a number flag takes %j as %d", (value, expected) => {
    expect(numberArg("--timeout-seconds", 0, 600)(value)).toBe(expected);
  });

  const notIntegers = ["", " ", "many", "-1", "+5", "1e1", "0x10", "21", "2.5", "Infinity", "NaN", "1 2"];
  test.each(notIntegers)("an integer flag from 0 to 20 refuses %j, naming the flag and the range", (value) => {
    const parse = numberArg("--max-retries", 0, 20, true);
    expect(() => parse(value)).toThrow(InvalidArgumentError);
    expect(() => parse(value)).toThrow(`--max-retries must be an integer from 0 to 20, got "${value}"`);
  });

  test.each(["0.5", "601", "1e2", "0x10", "-1", "Infinity", ".", "1.2.3"])("a number flag from 1 to 600 refuses %j", (value) => {
    expect(() => numberArg("--timeout-seconds", 1, 600)(value)).toThrow(`--timeout-seconds must be a number from 1 to 600, got "${value}"`);
  });
});

describe("rateArg", () => {
  test("takes <requests>/<seconds>", () => {
    expect(rateArg("--rate-limit")("600/60")).toEqual({ requests: 600, windowSeconds: 60 });
    expect(rateArg("--rate-limit")(" 30 / 4 ")).toEqual({ requests: 30, windowSeconds: 4 });
  });

  test.each(["600", "0/60", "600/0", "600/86401", "a/b", "-1/60"])("refuses %j", (value) => {
    expect(() => rateArg("--rate-limit")(value)).toThrow(
      `--rate-limit must be <requests>/<seconds> with both at least 1 (e.g. 600/60), got "${value}"`,
    );
  });
});
