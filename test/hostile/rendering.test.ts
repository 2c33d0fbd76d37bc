/**
 * Issue 11, items 7 and 13: text from a server or a file is rendered inert wherever it is printed, and
 * over-long values are cut, so that one hostile value can neither drive the terminal nor flood the output.
 */
import { compareDefinitions } from "../../src/cli/commands/compare";
import { exportDefinitions } from "../../src/cli/commands/export";
import { environmentCredentials } from "../../src/cli/credentials";
import { formatCompare } from "../../src/cli/print/compare";
import { formatExport } from "../../src/cli/print/export";
import { styleFor } from "../../src/cli/io";
import { ScalekitClient, ValidationError } from "../../src/client";
import { formatIssues, MAX_REPORTED_ISSUES, validatePayload } from "../../src/schema";
import { inert, INERT_MAX_LENGTH, inertJson } from "../../src/text/inert";
import { examples } from "../helpers/examples";
import { folderWith, hasRawControl, hostileEnvironment, serverProvider, TERMINAL_ATTACK, type HostileEnvironment } from "./fixtures";

const plain = { style: styleFor({ isTTY: false, write: () => undefined }, {}, false) };

describe("inert", () => {
  test("escapes C0, DEL, C1 and bidi controls visibly and keeps everything else", () => {
    expect(inert("a\u001b[2Jb\u0000c\u007fd\u009be\u202ef\u2066g\u200eh\u200f")).toBe(
      "a\\u001b[2Jb\\u0000c\\u007fd\\u009be\\u202ef\\u2066g\\u200eh\\u200f",
    );
    expect(inert("tab\there\nline")).toBe("tab\\u0009here\\u000aline");
    expect(inert("Café 🚀 ok")).toBe("Café 🚀 ok");
    expect(hasRawControl(inert(TERMINAL_ATTACK))).toBe(false);
  });

  test("cuts an over-long value with a marker saying how much was left out", () => {
    expect(inert("x".repeat(100_000))).toBe(`${"x".repeat(INERT_MAX_LENGTH)}…[${100_000 - INERT_MAX_LENGTH} more characters]`);
    expect(inert("abcdef", 3)).toBe("abc…[3 more characters]");
    expect(inert("abc", 3)).toBe("abc");
    // Never inside a surrogate pair.
    expect(inert("ab🚀cd", 3)).toBe("ab…[4 more characters]");
  });
});

describe("against a hostile environment", () => {
  let env: HostileEnvironment;
  afterEach(async () => env?.stop());
  const credentials = () =>
    environmentCredentials({ label: "hostile", environmentUrl: env.url, clientId: env.clientId, clientSecret: env.clientSecret });

  test("export: display names full of escapes print inert; a 100k-character name pads no line", async () => {
    env = await hostileEnvironment([
      serverProvider("EVIL:1", `Evil${TERMINAL_ATTACK}`),
      serverProvider("LONG:2", "L".repeat(100_000)),
      serverProvider("OK:3", "Plain Provider"),
    ]);
    const dir = folderWith();
    const result = await exportDefinitions({ environment: credentials(), dir, tuning: { maxRetries: 0 } });
    const out = formatExport(result, plain);
    expect(hasRawControl(out)).toBe(false);
    expect(out.length).toBeLessThan(5000);
    for (const line of out.split("\n")) expect(line.length).toBeLessThan(600);
    expect(out).toMatch(/written +plain-provider\.json +Plain Provider/);
    expect(out).toContain("more characters]");
  });

  test("compare: names, paths and values from the server print inert and cut", async () => {
    env = await hostileEnvironment([
      serverProvider("ID:1", "Shared Provider", { description: `desc ${TERMINAL_ATTACK}` }),
      serverProvider("ONLY:1", `Only ${TERMINAL_ATTACK}${"n".repeat(100_000)}`),
    ]);
    const dir = folderWith({ "shared.json": JSON.stringify({ ...examples()["bearer-token"], display_name: "Shared Provider" }) });
    const result = await compareDefinitions({
      from: { kind: "folder", dir },
      to: { kind: "environment", environment: credentials() },
      tuning: { maxRetries: 0 },
    });
    const out = formatCompare(result, plain);
    expect(hasRawControl(out)).toBe(false);
    expect(out.length).toBeLessThan(5000);
    expect(out).toContain("\\u001b]0;pwned");
  });

  test("an identifier full of escapes is refused, and the refusal names it inert", async () => {
    env = await hostileEnvironment([serverProvider(`ID${TERMINAL_ATTACK}`, "Shared Provider")]);
    const error = await exportDefinitions({ environment: credentials(), dir: folderWith(), tuning: { maxRetries: 0 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(hasRawControl((error as Error).message)).toBe(false);
    expect((error as Error).message).toContain("ID\\u001b]0;pwned");
  });

  test("a server's error message reaches the error inert", async () => {
    env = await hostileEnvironment([], `bad ${TERMINAL_ATTACK} ${"m".repeat(10_000)}`);
    const client = new ScalekitClient({ environmentUrl: env.url, clientId: env.clientId, clientSecret: env.clientSecret, maxRetries: 0 });
    const error = await client.createProvider(examples()["bearer-token"] as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(hasRawControl(message)).toBe(false);
    expect(message).toContain("bad \\u001b]0;pwned");
    expect(message.length).toBeLessThan(2000);
  });
});

describe("validation messages stay bounded", () => {
  test("200,000 metadata keys: at most MAX_REPORTED_ISSUES issues, then how many more", () => {
    const metadata = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, ""]));
    const result = validatePayload({ ...examples()["bearer-token"], metadata });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = formatIssues(result.issues, "  ");
    expect(text.split("\n")).toHaveLength(MAX_REPORTED_ISSUES + 1);
    expect(text).toMatch(/\n {2}… and \d+ more issues: fix these first, then validate again$/);
    expect(text.length).toBeLessThan(20_000);
  });

  test("a metadata key and value full of escapes are shown inert in the property path and message", () => {
    const result = validatePayload({ ...examples()["bearer-token"], metadata: { [`k${TERMINAL_ATTACK}`]: "v".repeat(300) } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(hasRawControl(formatIssues(result.issues))).toBe(false);
  });
});

test("--json escapes DEL, C1 and bidi controls and still parses back to the same value", () => {
  const value = { displayName: TERMINAL_ATTACK, nested: [`\u007f\u202e`] };
  const text = inertJson(value);
  expect(hasRawControl(text.replace(/\n/g, ""))).toBe(false);
  expect(JSON.parse(text)).toEqual(value);
});
