/**
 * Identifiers become paths (`/api/v1/custom-providers/<identifier>`), and they come from the stack's state and
 * from server answers. Percent-encoding leaves `.` and `..` alone and URL resolution removes them, so a
 * delete of `..` would reach `DELETE /api/v1/`: an identifier outside Scalekit's rule never becomes a path,
 * and no write is sent anywhere but one provider's own path.
 */
import {
  IDENTIFIER_MAX_LENGTH,
  InvalidIdentifierError,
  UnexpectedResponseError,
  isProviderIdentifier,
  providerPath,
} from "../../src/client";
import { isProviderUrl } from "../../src/client/identifier";
import { resolveOptions } from "../../src/client/options";
import { Requester } from "../../src/client/request";
import { Throttle } from "../../src/client/throttle";
import { ENV, FakeScalekit, makeClient, payload, rejectionOf, reply } from "./fakes";

/** Dot segments, separators, encodings and characters outside the rule, as a hostile server or state could hold them. */
const HOSTILE_IDENTIFIERS: Array<[string, string]> = [
  ["dot", "."],
  ["dot-dot", ".."],
  ["encoded dot-dot", "%2e%2e"],
  ["upper-case encoded dot-dot", "%2E%2E"],
  ["dot-dot behind a valid prefix", "A:1/../.."],
  ["slash", "a/b"],
  ["backslash", "a\\b"],
  ["encoded slash", "a%2Fb"],
  ["query", "?x"],
  ["fragment", "#x"],
  ["empty", ""],
  ["space", "A 1"],
  ["very long", "A".repeat(IDENTIFIER_MAX_LENGTH + 1)],
  ["unicode", "ÄPFEL:1"],
  ["full-width dots", "\uff0e\uff0e"],
  ["escape sequence", "\u001b]0;owned\u0007"],
];

describe("an identifier outside Scalekit's rule never becomes a path", () => {
  test.each(HOSTILE_IDENTIFIERS)(
    "update (PUT) of the %s identifier: nothing is sent, the error names the provider",
    async (_label, identifier) => {
      const api = new FakeScalekit();
      const error = await rejectionOf(makeClient(api).updateProvider(identifier, payload("Victim Provider")));
      expect(error).toBeInstanceOf(InvalidIdentifierError);
      expect(error.message).toContain('Custom provider "Victim Provider"');
      expect(error.message).toContain("nothing was sent");
      expect(error.message).not.toMatch(/[\u0000-\u001f]/);
      expect((error as InvalidIdentifierError).operation).toBe("update");
      expect(api.http.requests).toEqual([]);
    },
  );

  test.each(HOSTILE_IDENTIFIERS)(
    "delete (DELETE) of the %s identifier: nothing is sent, the error names the provider",
    async (_label, identifier) => {
      const api = new FakeScalekit();
      const client = makeClient(api);
      const named = await rejectionOf(client.deleteProvider(identifier, { displayName: "Victim Provider" }));
      expect(named).toBeInstanceOf(InvalidIdentifierError);
      expect(named.message).toContain('Custom provider "Victim Provider"');
      // Without a display name, the provider is named by its identifier, rendered inert and cut.
      const unnamed = await rejectionOf(client.deleteProvider(identifier));
      expect(unnamed).toBeInstanceOf(InvalidIdentifierError);
      expect(unnamed.message).toMatch(/^The custom provider with identifier "/);
      expect(unnamed.message).not.toMatch(/[\u0000-\u001f]/);
      expect(unnamed.message.length).toBeLessThan(1000);
      expect(api.http.requests).toEqual([]);
    },
  );

  test("a valid identifier of the contract's style still goes to its own path", async () => {
    const api = new FakeScalekit();
    const p = api.add("Plain");
    const longest = `${"A".repeat(IDENTIFIER_MAX_LENGTH - 2)}:1`;
    api.providers.push({ identifier: longest, display_name: "Longest" });
    const client = makeClient(api);
    await client.updateProvider(p.identifier, payload("Plain"));
    await client.deleteProvider(longest);
    const writes = api.http.requests.filter((r) => r.method === "PUT" || r.method === "DELETE").map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual([`PUT /api/v1/custom-providers/PLAIN%3A1001`, `DELETE /api/v1/custom-providers/${"A".repeat(253)}%3A1`]);
  });
});

describe("identifiers from server answers", () => {
  test("a create answered with an identifier outside the rule fails naming the provider; the identifier is not kept", async () => {
    const api = new FakeScalekit().script("create", reply(201, { provider: { identifier: "..", display_name: "Made" } }));
    const error = await rejectionOf(makeClient(api).createProvider(payload("Made")));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain('creating custom provider "Made"');
    expect(error.message).toContain("identifier");
  });

  test("an update answered with an identifier outside the rule fails: later calls never get it", async () => {
    const api = new FakeScalekit().script("update", reply(200, { provider: { identifier: "../../oauth", display_name: "A" } }));
    const p = api.add("A");
    const error = await rejectionOf(makeClient(api).updateProvider(p.identifier, payload("A")));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("provider.identifier");
  });
});

describe("the one place that builds a provider path, and the check of the URL before a write", () => {
  test("providerPath encodes a valid identifier as one segment and refuses every other", () => {
    expect(providerPath("GOOGLEWORKSPACE:12345")).toBe("/api/v1/custom-providers/GOOGLEWORKSPACE%3A12345");
    for (const [, identifier] of HOSTILE_IDENTIFIERS) expect(() => providerPath(identifier)).toThrow(InvalidIdentifierError);
  });

  test("isProviderUrl accepts exactly the environment's path, the collection and one identifier segment", () => {
    const base = "https://acme.scalekit.test/tenant";
    expect(isProviderUrl(`${base}/api/v1/custom-providers/A%3A1`, base)).toBe(true);
    expect(isProviderUrl(`${ENV}/api/v1/custom-providers/A_B-C`, ENV)).toBe(true);
    for (const url of [
      `${base}/api/v1/custom-providers/..`, // resolves to /tenant/api/v1/
      `${base}/api/v1/custom-providers/%2e%2e`,
      `${base}/api/v1/custom-providers/.`,
      `${base}/api/v1/custom-providers/`,
      `${base}/api/v1/custom-providers/a/b`,
      `${base}/api/v1/custom-providers/a%2Fb`,
      `${base}/api/v1/custom-providers/a\\b`,
      `${base}/api/v1/custom-providers/A?x`,
      `${base}/api/v1/custom-providers/A#x`,
      `${base}/api/v1/custom-providers/%E0%A4%A`, // a malformed escape
      `${ENV}/api/v1/custom-providers/A`, // another environment path
      "https://acme.scalekit.test/other/api/v1/custom-providers/A",
    ]) {
      expect({ url, ok: isProviderUrl(url, base) }).toEqual({ url, ok: false });
    }
  });

  test("every identifier the rule accepts gives a path that passes the check", () => {
    const accepted = ["A", "a:b", "_", "-", "::", "X".repeat(IDENTIFIER_MAX_LENGTH), "GOOGLE_WORKSPACE:12-345"];
    for (const identifier of accepted) {
      expect(isProviderIdentifier(identifier)).toBe(true);
      expect(isProviderUrl(`${ENV}${providerPath(identifier)}`, ENV)).toBe(true);
    }
  });
});

describe("the request layer's own check (defence in depth behind providerPath)", () => {
  test.each([
    ["PUT", "update", "/api/v1/custom-providers/.."],
    ["DELETE", "delete", "/api/v1/custom-providers/%2e%2e"],
    ["DELETE", "delete", "/api/v1/custom-providers/A/../../providers"],
    ["DELETE", "delete", "/api/v1/custom-providers"],
    ["PUT", "update", "/api/v1/custom-providers/A?page_token=x"],
  ] as const)("a %s built with the path %s is refused before anything is sent", async (method, operation, path) => {
    const sent: string[] = [];
    const options = resolveOptions({
      environmentUrl: ENV,
      clientId: "skc_unit_test",
      clientSecret: "sk-secret-Zq8w3K1p0s9VbY7c",
      fetch: async (url) => {
        sent.push(url);
        throw new Error("nothing may be sent");
      },
    });
    const throttle = new Throttle({ maxInFlight: 1, now: Date.now, sleep: async () => undefined, random: () => 0.5 });
    const requester = new Requester(options, throttle, { get: async () => "token", invalidate: () => undefined, secrets: () => [] });
    const error = await rejectionOf(
      requester.send({
        operation,
        method,
        path,
        authenticated: true,
        identifier: "A",
        displayName: "Victim",
        parse: () => ({ ok: true, value: 1 }),
      }),
    );
    expect(error).toBeInstanceOf(InvalidIdentifierError);
    expect(error.message).toContain('Custom provider "Victim"');
    expect(sent).toEqual([]);
  });
});
