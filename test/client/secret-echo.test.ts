/**
 * End to end: the client sends its secret form-encoded to `POST {env}/oauth/token`; a token
 * endpoint that quotes what it received (the body, or the value in whatever encoding) must not get the secret
 * printed in any form. A real HTTP server on 127.0.0.1 (test/helpers/loopback.ts) plays that endpoint; the client
 * uses its real fetch.
 */
import { AuthenticationError, ScalekitClient, ScalekitApiError } from "../../src/client";
import { startServer, type LoopbackServer } from "../helpers/loopback";

/** A secret with every character that form- or percent-encoding changes. */
const SECRET = "Sk+/= &%Zq8w3K1p0s9V==";
const CLIENT_ID = "skc_echo";

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");
const FORMS = {
  raw: SECRET,
  "form-encoded": new URLSearchParams({ s: SECRET }).toString().slice(2),
  "percent-encoded": encodeURIComponent(SECRET),
  "JSON-escaped": JSON.stringify(SECRET).slice(1, -1),
  base64: base64(SECRET),
  "base64 of clientId:secret": base64(`${CLIENT_ID}:${SECRET}`),
};

/** How the endpoint quotes the request: from the raw form body it received. */
const ECHOES: Array<[string, number, (body: string) => { contentType: string; text: string }]> = [
  ["the whole form body, in a 401 JSON error", 401, (body) => json({ error: "invalid_client", error_description: `rejected ${body}` })],
  [
    "the form-encoded value alone, in a 400",
    400,
    (body) => json({ error: "invalid_client", error_description: `bad secret '${valueOf(body)}'` }),
  ],
  ["the decoded value, JSON-escaped, in a 401", 401, (body) => json({ message: `secret ${decodedOf(body)} is wrong` })],
  ["the percent-encoded value, in a plain-text 401", 401, (body) => text(`secret ${encodeURIComponent(decodedOf(body))} refused`)],
  [
    "the value as Basic credentials, in a 400",
    400,
    (body) => json({ message: `expected Basic ${base64(`${CLIENT_ID}:${decodedOf(body)}`)}` }),
  ],
];

function json(value: unknown) {
  return { contentType: "application/json", text: JSON.stringify(value) };
}
function text(value: string) {
  return { contentType: "text/plain", text: value };
}
function valueOf(body: string): string {
  return /client_secret=([^&]*)/.exec(body)?.[1] ?? "";
}
function decodedOf(body: string): string {
  return new URLSearchParams(body).get("client_secret") ?? "";
}

let server: LoopbackServer;
let answer: (body: string) => { status: number; contentType: string; text: string };

beforeAll(async () => {
  server = await startServer((req, res) => {
    const a = answer(req.body);
    res.writeHead(a.status, { "content-type": a.contentType }).end(a.text);
  });
});
afterAll(() => server.close());

describe.each(ECHOES)("a token endpoint that quotes %s", (_, status, echo) => {
  test("the error says the credentials were refused, and holds the secret in no form", async () => {
    answer = (body) => ({ status, ...echo(body) });
    const client = new ScalekitClient({ environmentUrl: server.url, clientId: CLIENT_ID, clientSecret: SECRET, maxRetries: 0 });
    const error = await client.listProviders().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScalekitApiError);
    if (status === 401) expect(error).toBeInstanceOf(AuthenticationError);
    // The endpoint did receive the secret form-encoded, and did quote it.
    expect(server.requests.at(-1)?.body).toContain(`client_secret=${FORMS["form-encoded"]}`);
    const err = error as ScalekitApiError;
    const everything = [err.message, err.stack, String(err), JSON.stringify(err), err.serverMessage, JSON.stringify(err.violations)].join(
      "\n",
    );
    expect(everything).toContain("[REDACTED]");
    for (const [form, value] of Object.entries(FORMS)) expect({ form, found: everything.includes(value) }).toEqual({ form, found: false });
  });
});
