/**
 * The attack: a server that pages forever, handing out a new next_page_token with every page but no
 * new provider (or none at all), used to keep a command busy until the 10,000-page guard. The listing now
 * ends at the first page that adds nothing, with a clear error.
 */
import { UnexpectedResponseError } from "../../src/client";
import { FakeFetch, makeClient, rejectionOf, reply, type RecordedRequest } from "./fakes";

const TOKEN = { access_token: "tok_paging_test_0123456789abcdef", token_type: "Bearer", expires_in: 3600 };

function pagingForever(page: (n: number) => unknown[]): FakeFetch {
  return new FakeFetch((req: RecordedRequest) => {
    if (req.path === "/oauth/token") return reply(200, TOKEN);
    const n = Number(req.query.get("page_token") || "0");
    return reply(200, { providers: page(n), next_page_token: String(n + 1) });
  });
}

const lists = (api: FakeFetch) => api.requests.filter((r) => r.path === "/api/v1/providers").length;

test("pages that repeat the same providers under new tokens stop at the first page adding nothing", async () => {
  const api = pagingForever(() => [
    { identifier: "SAME:1", display_name: "Same" },
    { identifier: "SAME:2", display_name: "Same Too" },
  ]);
  const error = await rejectionOf(makeClient(api).listProviders());
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error.message).toMatch(/page 2 added no provider that earlier pages had not listed, yet handed out another next_page_token/);
  expect(lists(api)).toBe(2);
});

test("empty pages with new tokens stop at once", async () => {
  const api = pagingForever(() => []);
  const error = await rejectionOf(makeClient(api).listProviders());
  expect(error.message).toMatch(/page 1 added no provider .* making no progress; it was stopped/);
  expect(lists(api)).toBe(1);
});

test("pages that each add a provider are followed, and the last page may add none", async () => {
  const api = new FakeFetch((req) => {
    if (req.path === "/oauth/token") return reply(200, TOKEN);
    const n = Number(req.query.get("page_token") || "0");
    if (n === 3) return reply(200, { providers: [{ identifier: "P:2", display_name: "P2" }], next_page_token: "" });
    return reply(200, {
      providers: [
        { identifier: `P:${n}`, display_name: `P${n}` },
        { identifier: "P:0", display_name: "P0" },
      ],
      next_page_token: String(n + 1),
    });
  });
  expect((await makeClient(api).listProviders()).map((p) => p.identifier)).toEqual(["P:0", "P:1", "P:2"]);
  expect(lists(api)).toBe(4);
});
