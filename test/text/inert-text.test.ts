/**
 * The one rendering every writer applies (inertText), and its form for errors handed to a
 * host that prints them (inertError).
 */
import fc from "fast-check";
import { inert, INERT_MAX_LENGTH, inertError, inertJson, inertText } from "../../src/text";
import { hasRawControl, TERMINAL_ATTACK } from "../helpers/hostile";

const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const RED = ["\u001b[31m", "\u001b[39m"];

describe("inert", () => {
  test("escapes C0, DEL, C1 and bidi controls as \\uXXXX, tab and newline included, and keeps everything else", () => {
    expect(inert("a\u001b[2Jb\u0000c\u007fd\u009be\u202ef\u2066g\u200eh\u200f")).toBe(
      "a\\u001b[2Jb\\u0000c\\u007fd\\u009be\\u202ef\\u2066g\\u200eh\\u200f",
    );
    expect(inert("tab\there\nline")).toBe("tab\\u0009here\\u000aline");
    expect(inert("Café ✓ 日本 😀 🚀 ok")).toBe("Café ✓ 日本 😀 🚀 ok");
    expect(hasRawControl(inert(TERMINAL_ATTACK))).toBe(false);
  });

  test("cuts an over-long value with a marker saying how much was left out, never inside a surrogate pair", () => {
    expect(inert("x".repeat(100_000))).toBe(`${"x".repeat(INERT_MAX_LENGTH)}…[${100_000 - INERT_MAX_LENGTH} more characters]`);
    expect(inert("x".repeat(100), 10)).toBe(`${"x".repeat(10)}…[90 more characters]`);
    expect(inert("abcdef", 3)).toBe("abc…[3 more characters]");
    expect(inert("abc", 3)).toBe("abc");
    expect(inert("ab🚀cd", 3)).toBe("ab…[4 more characters]");
  });
});

describe("inertJson", () => {
  test("--json escapes DEL, C1 and bidi controls and still parses back to the same value", () => {
    const value = { displayName: TERMINAL_ATTACK, nested: [`\u007f\u202e`] };
    const text = inertJson(value);
    expect(hasRawControl(text.replace(/\n/g, ""))).toBe(false);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe("inertText", () => {
  test("escapes every control and bidi character but the newline and the tab, and never cuts", () => {
    expect(inertText("a\u001b]0;t\u0007b\r\n\tc\u009b2J\u202ed")).toBe("a\\u001b]0;t\\u0007b\\u000d\n\tc\\u009b2J\\u202ed");
    expect(inertText("x".repeat(100_000))).toHaveLength(100_000);
  });

  test("lets through exactly the sequences it is told to keep, and no other escape", () => {
    expect(inertText("\u001b[31merror:\u001b[39m \u001b[2J\u001b[31", RED)).toBe("\u001b[31merror:\u001b[39m \\u001b[2J\\u001b[31");
  });

  test("any text comes out with no raw control but its newlines and tabs, and a second pass changes nothing", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const once = inertText(text);
        expect(once).not.toMatch(RAW_CONTROL);
        expect(once.split("\n")).toHaveLength(text.split("\n").length);
        expect(inertText(once)).toBe(once);
        // Text made inert where it was built is not escaped again where it is written.
        expect(inertText(inert(text, Infinity))).toBe(inert(text, Infinity));
      }),
    );
  });

  test("JSON from inertJson is left as it is, so it stays the same valid JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (value, text) => {
        const json = inertJson({ value, text });
        expect(inertText(json)).toBe(json);
        expect(JSON.parse(inertText(json))).toEqual(JSON.parse(json));
      }),
    );
  });
});

describe("inertError", () => {
  test("renders the message and the stack in place: same object, same class, same fields", () => {
    class SomeError extends Error {
      readonly field = "kept";
    }
    const err = new SomeError("bad \u001b]0;pwned\u0007 value\n  second line");
    expect(inertError(err)).toBe(err);
    expect(err).toBeInstanceOf(SomeError);
    expect(err.field).toBe("kept");
    expect(err.message).toBe("bad \\u001b]0;pwned\\u0007 value\n  second line");
    expect(err.stack).not.toMatch(RAW_CONTROL);
  });

  test("a clean message is unchanged, and what is not an Error is returned as it is", () => {
    const err = new Error("Scalekit refused the credentials:\n  check them");
    expect(inertError(err).message).toBe("Scalekit refused the credentials:\n  check them");
    expect(inertError("text")).toBe("text");
  });
});
