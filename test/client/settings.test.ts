/**
 * The client settings table: one set of names, defaults, bounds and units, read by the client options, the
 * provider's stack settings, the promotion gate and the CLI flags, which all refuse a value with the same words
 * (the gate's and the flags' own tests: test/program/gate.test.ts, test/cli/router.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import {
  CLIENT_DEFAULTS,
  CREDENTIALS,
  ConfigurationError,
  FLAGGED_OPTIONS,
  NAMED_OPTIONS,
  NUMERIC_SETTINGS,
  ScalekitClient,
  namedDefault,
  parseNamedValue,
  readNamedSettings,
} from "../../src/client";
import { isPlaceholderEnvironmentUrl, PLACEHOLDER_ENVIRONMENT_URLS } from "../../src/client/settings";
import { readSettings } from "../../src/resource/settings";
import { CLIENT_ID, SECRET } from "./fakes";

const credentials = { environmentUrl: "https://acme.scalekit.dev", clientId: CLIENT_ID, clientSecret: SECRET };
const stack = { "scalekit:environmentUrl": credentials.environmentUrl, "scalekit:clientId": CLIENT_ID, "scalekit:clientSecret": SECRET };

function thrown(attempt: () => unknown): Error {
  try {
    attempt();
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected an error");
}

describe("the table", () => {
  test("each named setting has the config key scalekit:<name> and the variable SCALEKIT_<NAME>", () => {
    for (const setting of Object.values(NUMERIC_SETTINGS)) {
      if (!("named" in setting)) continue;
      const { name, configKey, envVar } = setting.named;
      expect(configKey).toBe(`scalekit:${name}`);
      expect(envVar).toBe(`SCALEKIT_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`);
    }
  });

  test("a setting given in seconds is an option in milliseconds, its default too", () => {
    const config: Record<string, string> = { "scalekit:timeoutSeconds": "2.5", "scalekit:maxRetries": "3" };
    expect(readNamedSettings((key) => config[key], { SCALEKIT_RATE_LIMIT_WAIT_SECONDS: "90" })).toEqual({
      timeoutMs: 2500,
      maxRetries: 3,
      rateLimitWaitMs: 90_000,
    });
    expect(namedDefault("timeoutMs")).toBe(CLIENT_DEFAULTS.timeoutMs / 1000);
    expect(namedDefault("requestsPerSecond")).toBeUndefined();
  });

  test("the placeholder environment URLs are the ones the stack files and the README ship, and only those", () => {
    const root = path.resolve(__dirname, "../..");
    const shipped = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"].map(
      (file) => /^\s*scalekit:environmentUrl:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(root, file), "utf8"))?.[1],
    );
    expect(shipped).toEqual(PLACEHOLDER_ENVIRONMENT_URLS);
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const documented = [...readme.matchAll(/config set scalekit:environmentUrl (https:\/\/\S+)/g)].map((m) => m[1]);
    expect(documented.length).toBeGreaterThan(0);
    for (const url of documented) expect({ url, placeholder: isPlaceholderEnvironmentUrl(url) }).toEqual({ url, placeholder: true });
  });

  test("README's configuration table names each setting's key, variable and default as the table does", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const row = (configKey: string, envVar: string, rest: string) =>
      new RegExp(`^\\| \`${escape(configKey)}\`[^|]* \\| \`${envVar}\` \\| ${rest}$`, "m");
    for (const setting of Object.values(CREDENTIALS)) {
      expect(readme).toMatch(row(setting.configKey, setting.envVar, `.* \\| required \\|`));
    }
    for (const option of NAMED_OPTIONS) {
      const { configKey, envVar } = NUMERIC_SETTINGS[option].named;
      expect(readme).toMatch(row(configKey, envVar, `.* \\| ${namedDefault(option) ?? "none"} \\|`));
    }
  });

  test("the CLI's flags are the table's: --timeout-seconds and --max-retries", () => {
    expect(FLAGGED_OPTIONS.map((o) => NUMERIC_SETTINGS[o].named.flag.name)).toEqual(["--timeout-seconds", "--max-retries"]);
  });
});

describe("one refusal, worded the same wherever the value comes from", () => {
  test.each([
    ["maxRetries", 21, "21", "an integer from 0 to 20"],
    ["maxRetries", 1.5, "1.5", "an integer from 0 to 20"],
    ["maxInFlight", 0, "0", "an integer, at least 1"],
    ["requestsPerSecond", 0, "0", "a number above 0"],
    ["rateLimitWaitMs", -1000, "-1", "a number of seconds, 0 or more"],
    ["timeoutMs", 0, "0", "a number of seconds above 0"],
  ] as const)("%s: %p as an option, %j by name", (option, asOption, asText, accepts) => {
    const named = NUMERIC_SETTINGS[option].named;
    const optionError = thrown(() => new ScalekitClient({ ...credentials, [option]: asOption }));
    expect(optionError).toBeInstanceOf(ConfigurationError);
    expect(optionError.message).toBe(`${option} must be ${accepts.replace("of seconds", "of milliseconds")}, got ${asOption}`);

    const stackError = thrown(() => readSettings((key) => ({ ...stack, [named.configKey]: asText })[key], {}));
    expect(stackError).toBeInstanceOf(ConfigurationError);
    expect(stackError.message).toBe(`${named.configKey} (or ${named.envVar}) must be ${accepts}, got "${asText}"`);

    expect(parseNamedValue(option, asText, "--flag")).toEqual({ problem: `--flag must be ${accepts}, got "${asText}"` });
  });

  test("a per-call override is checked like the client option", async () => {
    const client = new ScalekitClient(credentials);
    const refused = client.deleteProvider("A:1", { maxRetries: 21 });
    await expect(refused).rejects.toThrow(new ConfigurationError("maxRetries must be an integer from 0 to 20, got 21"));
  });
});
