import {
  ListingTooLargeError,
  MAX_ANSWER_BYTES,
  MAX_LISTING_BYTES,
  MalformedListingError,
  UnexpectedResponseError,
  type MalformedProvider,
} from "../../src/client";
import { LISTING_MAX_AGE_MS, listAllPages, type ListPageResult } from "../../src/client/listing";
import { asanaPayload } from "../helpers/emulator";
import { FakeClock, FakeFetch, FakeScalekit, makeClient, payload, rejectionOf, reply } from "./fakes";

describe("pagination", () => {
  test("asks for custom providers, 1000 per page, and follows next_page_token until it is empty", async () => {
    const api = new FakeScalekit();
    api.pageSize = 2;
    for (let i = 0; i < 5; i++) api.add(`Provider ${i}`);
    const providers = await makeClient(api).listProviders();
    expect(providers.map((p) => p.display_name)).toEqual(["Provider 0", "Provider 1", "Provider 2", "Provider 3", "Provider 4"]);
    const lists = api.http.requests.filter((r) => r.path === "/api/v1/providers");
    expect(lists).toHaveLength(3);
    expect(lists.map((r) => r.query.get("page_token"))).toEqual([null, "2", "4"]);
    for (const r of lists) {
      expect(r.query.get("filter.provider_type")).toBe("CUSTOM");
      expect(r.query.get("page_size")).toBe("1000");
    }
  });

  test("pageSize sets page_size", async () => {
    const api = new FakeScalekit();
    await makeClient(api, new FakeClock(), { pageSize: 50 }).listProviders();
    expect(api.http.requests[1]?.query.get("page_size")).toBe("50");
  });

  test("a page token handed out twice stops the listing with an UnexpectedResponseError", async () => {
    const api = new FakeScalekit();
    const page = { providers: [{ identifier: "A:1", display_name: "A" }], next_page_token: "same" };
    api.script("list", reply(200, page)).script("list", reply(200, page)).script("list", reply(200, page));
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toMatch(/next_page_token.*never end/);
    expect(api.http.count("list")).toBe(2);
  });

  test("a provider seen on two pages is listed once", async () => {
    const api = new FakeScalekit()
      .script("list", reply(200, { providers: [{ identifier: "A:1", display_name: "A" }], next_page_token: "p2" }))
      .script(
        "list",
        reply(200, {
          providers: [
            { identifier: "A:1", display_name: "A" },
            { identifier: "B:2", display_name: "B" },
          ],
          next_page_token: "",
        }),
      );
    expect((await makeClient(api).listProviders()).map((p) => p.identifier)).toEqual(["A:1", "B:2"]);
  });

  test("tolerates a page without providers or tokens and keeps unknown fields", async () => {
    const api = new FakeScalekit()
      .script("list", reply(200, {}))
      .script("list", reply(200, { providers: [{ identifier: "X:1", display_name: "X", some_new_field: 7 }] }));
    const client = makeClient(api, new FakeClock(), { listingReuseMs: 0 });
    expect(await client.listProviders()).toEqual([]);
    expect(await client.listProviders()).toEqual([{ identifier: "X:1", display_name: "X", some_new_field: 7 }]);
  });

  test("a page whose own shape is wrong (providers not a list) is an UnexpectedResponseError naming the path", async () => {
    const api = new FakeScalekit().script("list", reply(200, { providers: { a: 1 } }));
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error.message).toContain("providers: invalid_type");
  });
});

describe("finding one provider", () => {
  test("findByIdentifier and findByDisplayName answer hits from the shared listing; each miss is confirmed by a new one", async () => {
    const api = new FakeScalekit();
    const a = api.add("Alpha");
    api.add("Beta");
    const client = makeClient(api);
    expect((await client.findByIdentifier(a.identifier))?.display_name).toBe("Alpha");
    expect((await client.findByDisplayName("Beta"))?.identifier).toBe(api.providers[1]?.identifier);
    expect(api.http.count("list")).toBe(1);
    expect(await client.findByIdentifier("NOPE:1")).toBeUndefined();
    expect(await client.findByDisplayName("beta")).toBeUndefined();
    expect(api.http.count("list")).toBe(3);
  });

  test("returned providers are copies: changing one does not change what others see", async () => {
    const api = new FakeScalekit();
    api.add("Alpha");
    const client = makeClient(api);
    const first = await client.findByDisplayName("Alpha");
    first!.display_name = "changed";
    expect((await client.findByDisplayName("Alpha"))?.display_name).toBe("Alpha");
  });
});

describe("listing sharing", () => {
  test("N concurrent reads cost one listing", async () => {
    const api = new FakeScalekit();
    for (let i = 0; i < 20; i++) api.add(`P ${i}`);
    const client = makeClient(api);
    const found = await Promise.all(api.providers.map((p) => client.findByIdentifier(p.identifier)));
    expect(found.every((p) => p !== undefined)).toBe(true);
    expect(api.http.count("list")).toBe(1);
    expect(client.stats().listings).toBe(1);
  });

  test("a finished listing answers hits while they come less than listingReuseMs apart, for at most LISTING_MAX_AGE_MS", async () => {
    const api = new FakeScalekit();
    const p = api.add("Kept");
    const clock = new FakeClock();
    const client = makeClient(api, clock, { listingReuseMs: 1000 });
    await client.findByIdentifier(p.identifier);
    // A slow burst of reads, as a refresh on a busy provider host: one listing.
    for (let i = 0; i < 5; i++) {
      clock.t += 999;
      expect(await client.findByIdentifier(p.identifier)).toBeDefined();
    }
    expect(api.http.count("list")).toBe(1);
    clock.t += 1000; // a pause: the burst is over
    await client.findByIdentifier(p.identifier);
    expect(api.http.count("list")).toBe(2);
    for (let waited = 0; waited < LISTING_MAX_AGE_MS; waited += 900) {
      clock.t += 900;
      await client.findByIdentifier(p.identifier);
    }
    expect(api.http.count("list")).toBe(3); // never older than LISTING_MAX_AGE_MS
  });

  test("listingReuseMs 0 disables reuse but keeps sharing the listing in flight", async () => {
    const api = new FakeScalekit();
    const p = api.add("Kept");
    const client = makeClient(api, new FakeClock(), { listingReuseMs: 0 });
    await Promise.all([client.findByIdentifier(p.identifier), client.findByIdentifier(p.identifier)]);
    await client.findByIdentifier(p.identifier);
    expect(api.http.count("list")).toBe(2);
  });

  test("listProviders always answers from a listing that started after the call", async () => {
    const api = new FakeScalekit();
    const client = makeClient(api);
    await client.listProviders();
    api.add("Made elsewhere");
    expect((await client.listProviders()).map((p) => p.display_name)).toEqual(["Made elsewhere"]);
    expect(api.http.count("list")).toBe(2);
  });

  test.each(["update", "delete"] as const)("a %s by this client invalidates the finished listing for later hits", async (write) => {
    const api = new FakeScalekit();
    const existing = api.add("Existing");
    const client = makeClient(api);
    await client.findByIdentifier(existing.identifier);
    if (write === "update") await client.updateProvider(existing.identifier, payload("Renamed"));
    if (write === "delete") await client.deleteProvider(existing.identifier);
    const found = await client.findByIdentifier(existing.identifier);
    expect(api.http.count("list")).toBe(2);
    expect(found?.display_name).toBe(write === "update" ? "Renamed" : undefined);
  });

  test("a provider created by another client just before the read is found, though the shared listing predates it", async () => {
    const api = new FakeScalekit();
    const known = api.add("Known");
    const clock = new FakeClock();
    const client = makeClient(api, clock, { listingReuseMs: 1000 });
    expect(await client.findByIdentifier(known.identifier)).toBeDefined();
    const other = makeClient(api, clock);
    const made = await other.createProvider(payload("Made by a teammate"));
    clock.t += 10; // well within the reuse window of the first listing
    expect((await client.findByIdentifier(made.identifier))?.display_name).toBe("Made by a teammate");
    expect((await client.findByDisplayName("Made by a teammate"))?.identifier).toBe(made.identifier);
    expect(await client.findByIdentifier(known.identifier)).toBeDefined();
    expect(client.stats().listings).toBe(2);
  });

  test("a miss is only decided on a listing that started after the question; a listing then in flight does not count", async () => {
    const api = new FakeScalekit();
    let release!: () => void;
    api.script("list", (_req, next) => {
      const answer = next(); // the server reads its state now, and answers later
      return new Promise((resolve) => (release = () => resolve(answer)));
    });
    const client = makeClient(api);
    await client.getToken();
    const early = client.listProviders();
    await new Promise((r) => setImmediate(r));
    api.add("Stored meanwhile");
    const asked = Promise.all([client.findByDisplayName("Stored meanwhile"), client.findByServerId(String(api.providers[0].id))]);
    release();
    expect(await early).toEqual([]);
    const [byName, byId] = await asked;
    expect(byName?.display_name).toBe("Stored meanwhile");
    expect(byId?.display_name).toBe("Stored meanwhile");
    expect(api.http.count("list")).toBe(2);
  });

  test("concurrent misses share one confirming listing: no listing per miss", async () => {
    const api = new FakeScalekit();
    const client = makeClient(api);
    const found = await Promise.all(Array.from({ length: 10 }, (_, i) => client.findByIdentifier(`GONE:${i}`)));
    expect(found.every((p) => p === undefined)).toBe(true);
    // The first question started the shared listing; the others came after its start, so they share a second.
    expect(api.http.count("list")).toBe(2);
  });

  test("fresh: true skips the shared listing even for a hit", async () => {
    const api = new FakeScalekit();
    const p = api.add("Kept");
    const client = makeClient(api);
    await client.findByIdentifier(p.identifier);
    api.providers[0].description = "edited in the Dashboard";
    expect((await client.findByIdentifier(p.identifier, { fresh: true }))?.description).toBe("edited in the Dashboard");
    expect(api.http.count("list")).toBe(2);
  });

  test("a failed listing is not kept: every sharer gets the error and the next read starts anew", async () => {
    const api = new FakeScalekit().script("list", reply(400, { code: 3, message: "bad filter" }));
    const client = makeClient(api);
    const results = await Promise.allSettled([client.findByIdentifier("A:1"), client.findByIdentifier("A:1")]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    await expect(client.listProviders()).resolves.toEqual([]);
    expect(api.http.count("list")).toBe(2);
  });
});

describe("a listing is bounded in total (MAX_LISTING_BYTES)", () => {
  /** A provider of about `bytes` bytes of JSON, unique by `n`. */
  const bigProvider = (n: number, bytes: number) => ({ identifier: `BIG:${n}`, display_name: `Big ${n}`, description: "x".repeat(bytes) });

  test("a server that keeps adding large providers is stopped at the bound with a ListingTooLargeError naming it and what to do", async () => {
    const pageBytes = 1024 * 1024;
    let served = 0;
    const http = new FakeFetch((req) => {
      if (req.path === "/oauth/token") return reply(200, { access_token: "tok_0123456789abcdefghij", expires_in: 3600 });
      served++;
      // Four providers of a quarter MiB per page, new ones on every page; it would end after 200 pages (200 MiB).
      const providers = Array.from({ length: 4 }, (_, i) => bigProvider(served * 4 + i, pageBytes / 4));
      return reply(200, { providers, next_page_token: served < 200 ? `page-${served + 1}` : "" });
    });
    const error = await rejectionOf(makeClient(http).listProviders());
    expect(error).toBeInstanceOf(ListingTooLargeError);
    expect((error as ListingTooLargeError).limit).toBe(MAX_LISTING_BYTES);
    expect(error.message).toContain("64 MiB");
    expect(error.message).toContain("MAX_LISTING_BYTES");
    expect(error.message).toMatch(/Check environmentUrl/);
    // Memory stays bounded: reading stopped at the first page past the bound.
    expect(served).toBe(Math.floor(MAX_LISTING_BYTES / pageBytes));
  });

  test("listAllPages holds at most the bound plus one page, for any bound", async () => {
    let pages = 0;
    const page = (): Promise<ListPageResult> => {
      pages++;
      return Promise.resolve({
        providers: [{ identifier: `P:${pages}`, display_name: `P ${pages}` }],
        malformed: [],
        nextPageToken: `t${pages}`,
        bytes: 1000,
      });
    };
    const error = await rejectionOf(
      listAllPages(page, { loop: (p) => new Error(p), environmentUrl: "https://acme.scalekit.test" }, 10_500),
    );
    expect(error).toBeInstanceOf(ListingTooLargeError);
    expect(pages).toBe(11);
  });

  test("the default bound is reasonable: above one answer's cap, far above a real environment, below what would strain a process", () => {
    expect(MAX_LISTING_BYTES).toBeGreaterThan(MAX_ANSWER_BYTES);
    expect(MAX_LISTING_BYTES).toBeLessThanOrEqual(256 * 1024 * 1024);
    // 10,000 providers the size of the documented Asana example fit well within it.
    expect(10_000 * Buffer.byteLength(JSON.stringify({ identifier: "MYASANA:12345", ...asanaPayload() }))).toBeLessThan(
      MAX_LISTING_BYTES / 2,
    );
  });
});

describe("malformed providers in a listing are named, never dropped", () => {
  const good = { identifier: "GOOD:1", display_name: "Good" };
  const malformedPage = {
    providers: [
      good,
      { identifier: "NONAME:2", proxy_url: "https://x.example" }, // no display name
      { display_name: "No Identifier" }, // no identifier
      { identifier: "TYPED:4", display_name: "Typed", proxy_enabled: "yes", auth_patterns: {} }, // wrong types
      42, // not an object
      { identifier: "..", display_name: "Dots" }, // an identifier outside the rule
      { identifier: "EMPTY:7", display_name: "" },
      { identifier: "", display_name: 5 }, // nothing identifies it but its position
    ],
  };

  test("listProviders fails with a MalformedListingError naming each by identifier, display name or position", async () => {
    const api = new FakeScalekit().script("list", reply(200, malformedPage));
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error).toBeInstanceOf(MalformedListingError);
    const malformed = (error as MalformedListingError).malformed;
    expect(malformed.map((m: MalformedProvider) => [m.position, m.identifier, m.displayName])).toEqual([
      [2, "NONAME:2", undefined],
      [3, undefined, "No Identifier"],
      [4, "TYPED:4", "Typed"],
      [5, undefined, undefined],
      [6, "..", "Dots"],
      [7, "EMPTY:7", undefined],
      [8, undefined, undefined],
    ]);
    expect(error.message).toContain('identifier "NONAME:2" (page 1, position 2): display_name is missing');
    expect(error.message).toContain('display name "No Identifier" (page 1, position 3): identifier is missing');
    expect(error.message).toMatch(
      /identifier "TYPED:4", display name "Typed" \(page 1, position 4\): auth_patterns has the wrong type or form, proxy_enabled has the wrong type or form/,
    );
    expect(error.message).toContain("the provider at page 1, position 5: not an object");
    expect(error.message).toContain('identifier "..", display name "Dots" (page 1, position 6): identifier is not one Scalekit issues');
    expect(error.message).toContain('identifier "EMPTY:7" (page 1, position 7): display_name is empty');
    expect(error.message).toContain("the provider at page 1, position 8: identifier is empty, display_name has the wrong type or form");
    expect(error.message).toMatch(/Fix or delete these in the Scalekit Dashboard/);
  });

  test("a malformed provider on a later page is named with that page", async () => {
    const api = new FakeScalekit()
      .script("list", reply(200, { providers: [good], next_page_token: "2" }))
      .script("list", reply(200, { providers: [{ identifier: "LATE:1" }] }));
    const error = await rejectionOf(makeClient(api).listProviders());
    expect(error.message).toContain('identifier "LATE:1" (page 2, position 1): display_name is missing');
  });

  test("a find that hits a well-formed provider answers; a miss cannot be decided and fails naming the malformed ones", async () => {
    const client = makeClient(
      new FakeScalekit().script("list", reply(200, malformedPage)).script("list", reply(200, malformedPage)),
      new FakeClock(),
      {
        listingReuseMs: 0,
      },
    );
    expect((await client.findByIdentifier("GOOD:1"))?.display_name).toBe("Good");
    const byIdentifier = await rejectionOf(client.findByIdentifier("NONAME:2"));
    expect(byIdentifier).toBeInstanceOf(MalformedListingError);
    expect(byIdentifier.message).toContain("so reading custom provider NONAME:2 gave no answer");
    expect(byIdentifier.message).toContain('identifier "NONAME:2" (page 1, position 2)');
  });

  test("adopt's lookup by display name fails the same way when the name is not among the well-formed providers", async () => {
    const client = makeClient(new FakeScalekit().script("list", reply(200, malformedPage)));
    const error = await rejectionOf(client.findByDisplayName("Typed"));
    expect(error).toBeInstanceOf(MalformedListingError);
    expect(error.message).toContain('looking for custom provider "Typed"');
  });
});
