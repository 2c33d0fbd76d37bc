import { inspect } from "util";
import {
  CLIENT_DEFAULTS,
  ConfigurationError,
  CredentialsInUrlError,
  ScalekitClient,
  isLoopbackHost,
  type ClientOptions,
} from "../../src/client";
import { CLIENT_ID, SECRET } from "./fakes";

const base: ClientOptions = { environmentUrl: "https://acme.scalekit.dev", clientId: CLIENT_ID, clientSecret: SECRET };
const build = (overrides: Partial<ClientOptions> | Record<string, unknown>) => () => new ScalekitClient({ ...base, ...overrides });

function configError(overrides: Partial<ClientOptions> | Record<string, unknown>): ConfigurationError {
  try {
    build(overrides)();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).not.toContain(SECRET);
    return error as ConfigurationError;
  }
  throw new Error("expected a ConfigurationError");
}

describe("environmentUrl", () => {
  test("strips trailing slashes and keeps a path prefix", () => {
    expect(new ScalekitClient({ ...base, environmentUrl: "https://acme.scalekit.dev/" }).environmentUrl).toBe("https://acme.scalekit.dev");
    expect(new ScalekitClient({ ...base, environmentUrl: "https://gw.example.com/scalekit//" }).environmentUrl).toBe(
      "https://gw.example.com/scalekit",
    );
  });

  test("refuses plain http:// to a remote host because the secret would travel in clear text", () => {
    const error = configError({ environmentUrl: "http://acme.scalekit.dev" });
    expect(error.option).toBe("environmentUrl");
    expect(error.message).toMatch(/plain http:\/\/.*clear text.*https:\/\//);
  });

  test.each(["http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:3000", "http://[::1]:9000", "http://api.localhost"])(
    "allows plain http to loopback %s",
    (url) => {
      expect(() => build({ environmentUrl: url })()).not.toThrow();
    },
  );

  test.each(["http://10.0.0.1", "http://128.0.0.1", "http://localhost.example.com", "http://127.0.0.1.nip.io", "http://[::2]"])(
    "refuses plain http to %s",
    (url) => {
      configError({ environmentUrl: url });
    },
  );

  test.each([
    ["parses", "https://deploy:Hunter2-Pa55+word@acme.scalekit.dev"],
    ["parses, user name only", "https://Hunter2-Pa55+word@acme.scalekit.dev"],
    ["does not parse", "https://deploy:Hunter2-Pa55+word@acme scalekit.dev"],
    ["does not parse, a slash in the password", "https://deploy:Hunter2/Pa55+word@acme.scalekit.dev"],
  ])("a URL with credentials that %s is refused without showing the password", (_, url) => {
    const error = configError({ environmentUrl: url });
    expect(error.message).not.toMatch(/Hunter2|Pa55/);
    expect(error.message).not.toContain("deploy:");
    expect(error.option).toBe("environmentUrl");
  });

  test("credentials in the URL: a typed error that says where they go instead", () => {
    const error = configError({ environmentUrl: "https://deploy:Hunter2-Pa55word@acme.scalekit.dev" });
    expect(error).toBeInstanceOf(CredentialsInUrlError);
    expect(error.message).toMatch(/must not carry credentials/);
    expect(error.message).toContain("e.g. https://acme.scalekit.dev/");
    expect(error.message).toMatch(/scalekit:clientId and scalekit:clientSecret.*SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET/);
  });

  test.each([
    ["", /missing/],
    ["acme.scalekit.dev", /not an absolute URL/],
    ["ftp://acme.scalekit.dev", /https:\/\//],
    ["https://user:pw@acme.scalekit.dev", /credentials/],
    ["https://acme.scalekit.dev/?x=1", /query/],
  ])("refuses %j", (url, message) => {
    expect(configError({ environmentUrl: url }).message).toMatch(message);
  });

  test("isLoopbackHost", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("[::1]")).toBe(true);
    expect(isLoopbackHost("LOCALHOST")).toBe(true);
    expect(isLoopbackHost("127.0.0.256")).toBe(false);
    expect(isLoopbackHost("example.com")).toBe(false);
  });
});

describe("credentials and numbers", () => {
  test("a missing client id or secret names the config key and the variable", () => {
    expect(configError({ clientId: "" }).message).toMatch(/scalekit:clientId.*SCALEKIT_CLIENT_ID/);
    expect(configError({ clientSecret: undefined }).message).toMatch(/scalekit:clientSecret.*SCALEKIT_CLIENT_SECRET/);
  });

  test.each([
    ["timeoutMs", 0],
    ["timeoutMs", -1],
    ["maxRetries", 1.5],
    ["maxRetries", -1],
    ["maxRetries", 21],
    ["maxInFlight", 0],
    ["maxInFlight", 2.5],
    ["requestsPerSecond", 0],
    ["requestsPerSecond", Infinity],
    ["listingReuseMs", 1001],
    ["listingReuseMs", -1],
    ["pageSize", 0],
    ["pageSize", 1001],
    ["retryBaseDelayMs", "500"],
  ])("refuses %s = %p, naming the option", (name, value) => {
    const error = configError({ [name]: value });
    expect(error.option).toBe(name);
    expect(error.message).toContain(name);
  });

  test("retryMaxDelayMs must not be below retryBaseDelayMs", () => {
    expect(configError({ retryBaseDelayMs: 1000, retryMaxDelayMs: 10 }).option).toBe("retryMaxDelayMs");
  });

  test("injected functions must be functions", () => {
    expect(configError({ fetch: "node-fetch" }).option).toBe("fetch");
    expect(configError({ sleep: 5 }).option).toBe("sleep");
  });

  test("documented defaults", () => {
    expect(CLIENT_DEFAULTS).toEqual({
      timeoutMs: 30000,
      maxRetries: 4,
      retryBaseDelayMs: 500,
      retryMaxDelayMs: 20000,
      maxInFlight: 16,
      rateLimitWaitMs: 300000,
      listingReuseMs: 1000,
      pageSize: 1000,
    });
  });
});

describe("the client object", () => {
  test("is cheap to build: no request, no timer", () => {
    const fetch = jest.fn();
    new ScalekitClient({ ...base, fetch });
    expect(fetch).not.toHaveBeenCalled();
  });

  test("never shows the secret through JSON.stringify or util.inspect", () => {
    const client = new ScalekitClient(base);
    expect(JSON.stringify(client)).not.toContain(SECRET);
    expect(inspect(client, { depth: 10 })).not.toContain(SECRET);
    expect(JSON.stringify(client)).toContain(CLIENT_ID);
  });
});
