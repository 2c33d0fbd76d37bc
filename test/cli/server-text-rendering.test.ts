/**
 * The attack: text from a server or a file is rendered inert wherever it is printed, and
 * over-long values are cut, so that one hostile value can neither drive the terminal nor flood the output.
 */
import { compareDefinitions } from "../../src/cli/commands/compare";
import { exportDefinitions } from "../../src/cli/commands/export";
import { environmentCredentials } from "../../src/cli/credentials";
import { formatCompare } from "../../src/cli/print/compare";
import { formatExport } from "../../src/cli/print/export";
import { styleFor } from "../../src/cli/io";
import { ScalekitClient, ValidationError } from "../../src/client";
import { examples } from "../helpers/examples";
import {
  folderWith,
  hasRawControl,
  hostileEnvironment,
  serverProvider,
  TERMINAL_ATTACK,
  type HostileEnvironment,
} from "../helpers/hostile";

const plain = { style: styleFor({ isTTY: false, write: () => undefined }, {}, false) };

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
