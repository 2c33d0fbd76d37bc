/** Create, list, update and delete of custom providers, as the contract describes them. */
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { asanaPayload, bearerPayload, call, createProvider, providerPath, token, useEmulator } from "../helpers/emulator";

const LIST = "/api/v1/providers?filter.provider_type=CUSTOM";

describe("custom providers", () => {
  const emu = useEmulator();
  let t: string;
  beforeEach(async () => {
    t = await token(emu());
  });

  describe("create", () => {
    test("answers 201 {provider} with id, an opaque identifier in the contract's style and the server-only fields", async () => {
      const answer = await call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t });
      expect(answer.status).toBe(201);
      const p = answer.body.provider;
      expect(p.identifier).toMatch(/^MYASANA:\d{5}$/);
      expect(p.id).toMatch(/^prv_\d+$/);
      expect(p).toMatchObject({
        display_name: "My Asana",
        proxy_url: "https://app.asana.com/api",
        proxy_enabled: true,
        icon_src: "",
        metadata: {},
        categories: [],
        display_priority: 0,
        coming_soon: false,
        is_custom: true,
        is_custom_mcp: false,
      });
      expect(emu().providers()).toEqual([
        expect.objectContaining({ identifier: p.identifier, id: p.id, payload: asanaPayload(), connections: 0 }),
      ]);
    });

    test("identifiers and ids are unique, even for display names with the same letters", async () => {
      const a = await createProvider(emu(), t, asanaPayload("My Asana"));
      const b = await createProvider(emu(), t, asanaPayload("MyAsana"));
      expect(a.identifier).not.toBe(b.identifier);
      expect(a.id).not.toBe(b.id);
      expect(b.identifier).toMatch(/^MYASANA:/);
    });

    test("is_custom_mcp is true for an MCP pattern", async () => {
      const payload = {
        display_name: "Github MCP",
        description: "Connect to Github MCP",
        auth_patterns: [
          {
            type: "OAUTH",
            display_name: "OAuth 2.1/DCR",
            description: "DCR",
            fields: [],
            is_mcp: true,
            oauth_config: { pkce_enabled: true },
          },
        ],
        proxy_url: "https://api.githubcopilot.com/mcp/",
        proxy_enabled: true,
      };
      expect((await createProvider(emu(), t, payload)).is_custom_mcp).toBe(true);
    });

    test("a second provider with the same display name answers 409 ALREADY_EXISTS and stores nothing", async () => {
      await createProvider(emu(), t, asanaPayload());
      const answer = await call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload(), token: t });
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        code: 6,
        message: expect.stringContaining("My Asana"),
        details: [{ error_code: "ALREADY_EXISTS" }],
      });
      expect(emu().providers()).toHaveLength(1);
    });

    test("display names are compared case-sensitively by default", async () => {
      await createProvider(emu(), t, asanaPayload("My Asana"));
      expect((await call(emu(), "POST", "/api/v1/custom-providers", { body: asanaPayload("my asana"), token: t })).status).toBe(201);
    });
  });

  describe("server defaults and key order", () => {
    test("returned auth patterns carry server defaults where they were absent", async () => {
      const p = await createProvider(emu(), t, bearerPayload());
      expect(p.auth_patterns[0]).toMatchObject({ is_mcp: false, account_fields: [] });
      expect(p.auth_patterns[0].fields[0]).toMatchObject({ hint: "", required: false });
      // the stored payload is what was sent, without defaults
      expect(emu().providers()[0].payload).toEqual(bearerPayload());
    });

    test("object keys come back in another order than sent, so clients must normalize", async () => {
      const sent = bearerPayload();
      const p = await createProvider(emu(), t, sent);
      const sentKeys = Object.keys(sent);
      expect(Object.keys(p).filter((k) => sentKeys.includes(k))).not.toEqual(sentKeys);
      const sentPatternKeys = Object.keys((sent.auth_patterns as object[])[0]);
      expect(Object.keys(p.auth_patterns[0]).filter((k) => sentPatternKeys.includes(k))).not.toEqual(sentPatternKeys);
    });
  });

  describe("list", () => {
    test("an empty environment lists no providers with empty page tokens and total_size 0", async () => {
      const answer = await call(emu(), "GET", `${LIST}&page_size=1000`, { token: t });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ providers: [], next_page_token: "", prev_page_token: "", total_size: 0 });
    });

    test("filter.provider_type as Scalekit's: omitted or DEFAULT lists built-in providers only, CUSTOM the custom ones, ALL both; anything else is 400", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      const ids = async (query: string) =>
        ((await call(emu(), "GET", `/api/v1/providers?page_size=100${query}`, { token: t })).body.providers as any[]).map((p) => [
          p.identifier,
          p.is_custom,
        ]);
      const builtIns = await ids("");
      expect(builtIns.length).toBeGreaterThan(0);
      expect(builtIns.every(([, custom]) => custom === false)).toBe(true);
      expect(await ids("&filter.provider_type=DEFAULT")).toEqual(builtIns);
      expect(await ids("&filter.provider_type=CUSTOM")).toEqual([[created.identifier, true]]);
      expect(await ids("&filter.provider_type=ALL")).toEqual([...builtIns, [created.identifier, true]]);
      expect((await call(emu(), "GET", "/api/v1/providers?filter.provider_type=custom", { token: t })).status).toBe(400);
    });

    test("without page_size a page holds 10 providers", async () => {
      for (let i = 0; i < 12; i++) await createProvider(emu(), t, asanaPayload(`Paged ${i}`));
      const first = await call(emu(), "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: t });
      expect(first.body.providers).toHaveLength(10);
      expect(first.body.total_size).toBe(12);
      expect(first.body.next_page_token).not.toBe("");
    });

    test("an identifier filter outside ^[a-zA-Z0-9_:-]*$ or longer than 255 characters answers 400 INVALID_ARGUMENT naming the field", async () => {
      for (const bad of ["A B", "A/1", "A%3F1", "X".repeat(256)]) {
        const answer = await call(emu(), "GET", `${LIST}&identifier=${encodeURIComponent(bad)}`, { token: t });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({
          code: 3,
          details: [{ validation_error_info: { field_violations: [{ field: "identifier" }] } }],
        });
      }
      expect((await call(emu(), "GET", `${LIST}&identifier=${"X".repeat(255)}`, { token: t })).status).toBe(200);
    });

    test("the identifier filter returns only that provider", async () => {
      const a = await createProvider(emu(), t, asanaPayload("First One"));
      await createProvider(emu(), t, asanaPayload("Second One"));
      const answer = await call(emu(), "GET", `${LIST}&page_size=100&identifier=${encodeURIComponent(a.identifier)}`, { token: t });
      expect(answer.body.providers.map((p: any) => p.identifier)).toEqual([a.identifier]);
      expect(answer.body.total_size).toBe(1);
      const none = await call(emu(), "GET", `${LIST}&identifier=NOPE:1`, { token: t });
      expect(none.body).toMatchObject({ providers: [], total_size: 0 });
    });

    test("a bad page_size answers 400", async () => {
      expect((await call(emu(), "GET", `${LIST}&page_size=-1`, { token: t })).status).toBe(400);
      expect((await call(emu(), "GET", `${LIST}&page_size=abc`, { token: t })).status).toBe(400);
    });

    test("a made-up page_token answers 400", async () => {
      const answer = await call(emu(), "GET", `${LIST}&page_token=garbage`, { token: t });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toContain("page_token");
    });
  });

  describe("update", () => {
    test("a full PUT replaces the payload and answers {provider} with the same identifier", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      const next = { ...asanaPayload(), description: "changed", metadata: { team: "platform" } };
      const answer = await call(emu(), "PUT", providerPath(created.identifier), { body: next, token: t });
      expect(answer.status).toBe(200);
      expect(answer.body.provider).toMatchObject({
        identifier: created.identifier,
        id: created.id,
        description: "changed",
        metadata: { team: "platform" },
      });
      expect(emu().providers()[0].payload).toEqual(next);
    });

    test("a PUT without metadata clears it (full replacement)", async () => {
      const created = await createProvider(emu(), t, { ...asanaPayload(), metadata: { team: "platform" } });
      const answer = await call(emu(), "PUT", providerPath(created.identifier), { body: asanaPayload(), token: t });
      expect(answer.body.provider.metadata).toEqual({});
    });

    test("a rename keeps the identifier by default", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      const answer = await call(emu(), "PUT", providerPath(created.identifier), { body: asanaPayload("Renamed Asana"), token: t });
      expect(answer.body.provider).toMatchObject({ identifier: created.identifier, display_name: "Renamed Asana" });
    });

    test("an unknown identifier answers 404 NOT_FOUND", async () => {
      const answer = await call(emu(), "PUT", providerPath("NOPE:12345"), { body: asanaPayload(), token: t });
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ code: 5, message: expect.stringContaining("NOPE:12345") });
    });

    test("renaming onto another provider's display name answers 409", async () => {
      await createProvider(emu(), t, asanaPayload("Taken Name"));
      const b = await createProvider(emu(), t, asanaPayload("Other Name"));
      const answer = await call(emu(), "PUT", providerPath(b.identifier), { body: asanaPayload("Taken Name"), token: t });
      expect(answer.status).toBe(409);
      expect(
        emu()
          .providers()
          .map((p) => p.payload.display_name),
      ).toEqual(["Taken Name", "Other Name"]);
    });

    test("an identifier sent unencoded with its colon is still found", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      const answer = await call(emu(), "PUT", `/api/v1/custom-providers/${created.identifier}`, { body: asanaPayload(), token: t });
      expect(answer.status).toBe(200);
    });
  });

  describe("delete", () => {
    test("answers 200 {} and the provider is gone; a second delete answers 404", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      const answer = await call(emu(), "DELETE", providerPath(created.identifier), { token: t });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({});
      expect(emu().providers()).toEqual([]);
      expect((await call(emu(), "DELETE", providerPath(created.identifier), { token: t })).status).toBe(404);
    });

    test("is refused as Scalekit documents it (400 INVALID_ARGUMENT, PROVIDER_HAS_EXISTING_CONNECTIONS) while connections use the provider, and allowed once they are removed", async () => {
      const created = await createProvider(emu(), t, asanaPayload());
      emu().attachConnections(created.identifier, 2);
      const refused = await call(emu(), "DELETE", providerPath(created.identifier), { token: t });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 3,
        message: expect.stringMatching(/has 2 existing connections/),
        details: [{ error_code: "PROVIDER_HAS_EXISTING_CONNECTIONS" }],
      });
      expect(emu().providers()).toHaveLength(1);
      emu().attachConnections(created.identifier, 0);
      expect((await call(emu(), "DELETE", providerPath(created.identifier), { token: t })).status).toBe(200);
    });

    test("attachConnections on an unknown identifier throws 404", () => {
      expect(() => emu().attachConnections("NOPE:1")).toThrow(/not found/);
    });
  });
});

describe("pagination", () => {
  const emu = useEmulator({ pageSizeCap: 3 });

  test("pageSizeCap forces several pages; following next_page_token visits every provider once, in creation order", async () => {
    const t = await token(emu());
    const names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"];
    for (const name of names) await createProvider(emu(), t, bearerPayload(name));
    const seen: string[] = [];
    const pages: number[] = [];
    let pageToken = "";
    const prevTokens: string[] = [];
    do {
      const qs = `${LIST}&page_size=1000${pageToken ? `&page_token=${encodeURIComponent(pageToken)}` : ""}`;
      const answer = await call(emu(), "GET", qs, { token: t });
      expect(answer.status).toBe(200);
      expect(answer.body.total_size).toBe(7);
      pages.push(answer.body.providers.length);
      seen.push(...answer.body.providers.map((p: any) => p.display_name));
      prevTokens.push(answer.body.prev_page_token);
      pageToken = answer.body.next_page_token;
    } while (pageToken !== "");
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual(names);
    expect(prevTokens[0]).toBe("");
    expect(prevTokens[1]).not.toBe("");
  });

  test("a page token is tied to its filters", async () => {
    const t = await token(emu());
    for (const name of ["One", "Two", "Three", "Four"]) await createProvider(emu(), t, bearerPayload(name));
    const first = await call(emu(), "GET", `${LIST}&page_size=2`, { token: t });
    const next = first.body.next_page_token as string;
    const answer = await call(emu(), "GET", `/api/v1/providers?filter.provider_type=ALL&page_token=${encodeURIComponent(next)}`, {
      token: t,
    });
    expect(answer.status).toBe(400);
  });

  test("page_size smaller than the cap wins", async () => {
    const t = await token(emu());
    for (const name of ["One", "Two", "Three"]) await createProvider(emu(), t, bearerPayload(name));
    const answer = await call(emu(), "GET", `${LIST}&page_size=2`, { token: t });
    expect(answer.body.providers).toHaveLength(2);
    expect(answer.body.next_page_token).not.toBe("");
  });
});

describe("options", () => {
  let emu: RunningEmulator;
  afterEach(async () => {
    await emu.stop();
  });

  test("inUseStatus changes the status of a refused delete, with FAILED_PRECONDITION beside 409", async () => {
    emu = await startEmulator({ inUseStatus: 409 });
    const t = await token(emu);
    const p = await createProvider(emu, t, asanaPayload());
    emu.attachConnections(p.identifier);
    const answer = await call(emu, "DELETE", providerPath(p.identifier), { token: t });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      code: 9,
      message: expect.stringContaining("1 connection;"),
      details: [{ error_code: "CONNECTOR_IN_USE" }],
    });
  });

  test("renameChangesIdentifier gives a renamed provider a new identifier that later calls must use", async () => {
    emu = await startEmulator({ renameChangesIdentifier: true });
    const t = await token(emu);
    const p = await createProvider(emu, t, asanaPayload());
    const answer = await call(emu, "PUT", providerPath(p.identifier), { body: asanaPayload("Team Asana"), token: t });
    const renamed = answer.body.provider;
    expect(renamed.identifier).toMatch(/^TEAMASANA:\d+$/);
    expect(renamed.id).toBe(p.id);
    expect((await call(emu, "PUT", providerPath(p.identifier), { body: asanaPayload("Team Asana"), token: t })).status).toBe(404);
    expect((await call(emu, "DELETE", providerPath(renamed.identifier), { token: t })).status).toBe(200);
  });

  test("caseInsensitiveNames makes names differing only in case collide", async () => {
    emu = await startEmulator({ caseInsensitiveNames: true });
    const t = await token(emu);
    await createProvider(emu, t, asanaPayload("My Asana"));
    expect((await call(emu, "POST", "/api/v1/custom-providers", { body: asanaPayload("MY ASANA"), token: t })).status).toBe(409);
  });

  test("fillServerDefaults: false returns the payload as sent, keys in order, plus server fields", async () => {
    emu = await startEmulator({ fillServerDefaults: false });
    const t = await token(emu);
    const p = await createProvider(emu, t, bearerPayload());
    expect(p.auth_patterns).toEqual(bearerPayload().auth_patterns);
    expect(Object.keys(p).slice(0, 2)).toEqual(["id", "identifier"]);
    expect(Object.keys(p).slice(2, 7)).toEqual(Object.keys(bearerPayload()));
    expect(p).toMatchObject({ icon_src: "", metadata: {}, is_custom: true });
  });

  test("out-of-range options fail the start with a RangeError naming the option", async () => {
    await expect(startEmulator({ pageSizeCap: 0 })).rejects.toThrow(/pageSizeCap/);
    await expect(startEmulator({ inUseStatus: 418 as never })).rejects.toThrow(/inUseStatus/);
    await expect(startEmulator({ tokenTtlSeconds: 0 })).rejects.toThrow(/tokenTtlSeconds/);
    emu = await startEmulator();
  });
});
