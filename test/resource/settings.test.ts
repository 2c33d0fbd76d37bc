import { ConfigurationError } from "../../src/client";
import { readSettings } from "../../src/resource/settings";

const config = (values: Record<string, string>) => (key: string) => values[key];
const complete = {
  "scalekit:environmentUrl": "https://acme.scalekit.dev",
  "scalekit:clientId": "skc_config",
  "scalekit:clientSecret": "secret-from-config",
};

describe("readSettings", () => {
  test("stack config wins over the environment", () => {
    const settings = readSettings(config(complete), { SCALEKIT_CLIENT_ID: "skc_env" });
    expect(settings).toMatchObject({
      environmentUrl: "https://acme.scalekit.dev",
      clientId: "skc_config",
      clientSecret: "secret-from-config",
    });
  });

  test("the SCALEKIT_* variables fill what stack config leaves out", () => {
    const settings = readSettings(config({}), {
      SCALEKIT_ENVIRONMENT_URL: "https://env.scalekit.dev",
      SCALEKIT_CLIENT_ID: "skc_env",
      SCALEKIT_CLIENT_SECRET: "secret-from-env",
      SCALEKIT_TIMEOUT_SECONDS: "2.5",
      SCALEKIT_RATE_LIMIT_WAIT_SECONDS: "90",
    });
    expect(settings).toEqual({
      environmentUrl: "https://env.scalekit.dev",
      clientId: "skc_env",
      clientSecret: "secret-from-env",
      timeoutMs: 2500,
      maxInFlight: undefined,
      requestsPerSecond: undefined,
      maxRetries: undefined,
      rateLimitWaitMs: 90_000,
    });
  });

  test("a blank stack config value counts as not set: its variable is read, as the promotion gate reads its secret", () => {
    const settings = readSettings(config({ ...complete, "scalekit:clientId": "   " }), { SCALEKIT_CLIENT_ID: " skc_env " });
    expect(settings.clientId).toBe("skc_env");
  });

  test("each missing setting is named by its config key, how to set it, and its variable", () => {
    const attempt = () => readSettings(config({ "scalekit:environmentUrl": "https://acme.scalekit.dev" }), {});
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(
      /scalekit:clientId \(set it with `pulumi config set scalekit:clientId <value>`\) or the environment variable SCALEKIT_CLIENT_ID/,
    );
    expect(attempt).toThrow(
      /scalekit:clientSecret \(set it with `pulumi config set --secret scalekit:clientSecret`\) or the environment variable SCALEKIT_CLIENT_SECRET/,
    );
    expect(attempt).not.toThrow(/scalekit:environmentUrl/);
  });

  test.each([
    ["scalekit:maxInFlight", "0"],
    ["scalekit:maxInFlight", "2.5"],
    ["scalekit:maxRetries", "21"],
    ["scalekit:requestsPerSecond", "-1"],
    ["scalekit:timeoutSeconds", "soon"],
    ["scalekit:rateLimitWaitSeconds", "-1"],
  ])("%s = %s is refused with the key, its variable and what it accepts", (key, value) => {
    expect(() => readSettings(config({ ...complete, [key]: value }), {})).toThrow(
      new RegExp(`${key} \\(or SCALEKIT_[A-Z_]+\\) must be .*got "${value}"`),
    );
  });

  test("a settings error never contains the client secret", () => {
    try {
      readSettings(config({ ...complete, "scalekit:maxRetries": "many" }), {});
      throw new Error("expected a ConfigurationError");
    } catch (err) {
      expect((err as Error).message).not.toContain("secret-from-config");
    }
  });
  test("a plain http:// environment URL to a remote host is refused with the key, the reason and https://; loopback http is accepted", () => {
    const attempt = () => readSettings(config({ ...complete, "scalekit:environmentUrl": "http://scalekit.example.com" }), {});
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/scalekit:environmentUrl \(or SCALEKIT_ENVIRONMENT_URL\).*plain http:\/\/.*clear text.*Use https:\/\//);
    expect(readSettings(config({ ...complete, "scalekit:environmentUrl": "http://127.0.0.1:8787" }), {}).environmentUrl).toBe(
      "http://127.0.0.1:8787",
    );
  });
});

describe("an environment URL with credentials", () => {
  const env = { SCALEKIT_CLIENT_ID: "skc_env", SCALEKIT_CLIENT_SECRET: "secret-from-env" };
  test.each([
    ["parses", "https://deploy:Hunter2-Pa55word@acme.scalekit.dev"],
    ["does not parse", "https://deploy:Hunter2-Pa55word@acme scalekit.dev"],
  ])("SCALEKIT_ENVIRONMENT_URL that %s is refused, and the password appears nowhere in the error", (_, url) => {
    const error = (() => {
      try {
        return readSettings(config({}), { ...env, SCALEKIT_ENVIRONMENT_URL: url });
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    const { message, stack } = error as Error;
    expect(`${message}\n${stack}`).not.toMatch(/Hunter2|Pa55word|deploy:/);
    expect(message).toMatch(/^scalekit:environmentUrl \(or SCALEKIT_ENVIRONMENT_URL\): environmentUrl /);
    if (!url.includes(" ")) {
      // Where the credentials go instead, in a stack: the client names the settings, the resource the command.
      expect(message).toMatch(/give the API credentials as scalekit:clientId and scalekit:clientSecret .*SCALEKIT_CLIENT_SECRET/);
      expect(message).toMatch(/\(`pulumi config set --secret scalekit:clientSecret`\)$/);
    }
  });
});
