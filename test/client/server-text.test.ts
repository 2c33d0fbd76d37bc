/**
 * The attack: text from a server (messages, error codes, field violations,
 * request ids, identifiers) reached the terminal raw: OSC title changes, screen clears, NUL, right-to-left
 * override. It is now rendered inert by the one shared helper, src/text/inert.ts, in every client error.
 */
import { ConflictError, ValidationError } from "../../src/client";
import { FakeClock, FakeScalekit, makeClient, payload, rejectionOf, reply } from "./fakes";

/** Raw control characters and bidi controls; newline excepted (the client's own messages use it). */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE = "\u001b]0;pwned\u0007\u001b[2J\u0000bad\u202egnp.exe\r\nforged line\u009b31m";

describe("client errors quote server text inert", () => {
  test("Scalekit's message, error code and field violations", async () => {
    const api = new FakeScalekit().script(
      "create",
      reply(400, {
        code: 3,
        message: HOSTILE,
        details: [
          {
            "@type": "x",
            error_code: `CODE${HOSTILE}`,
            validation_error_info: { field_violations: [{ field: `f${HOSTILE}`, description: HOSTILE }] },
          },
        ],
      }),
    );
    const error = await rejectionOf(makeClient(api, new FakeClock(), { maxRetries: 0 }).createProvider(payload("Victim")));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).not.toMatch(RAW);
    expect(error.message).toContain("\\u001b]0;pwned\\u0007\\u001b[2J\\u0000bad\\u202egnp.exe\\u000d\\u000aforged line\\u009b31m");
  });

  test("a non-JSON body, a request id, and a holder whose identifier is not one Scalekit issues (never quoted)", async () => {
    const api = new FakeScalekit();
    api.add("Taken");
    api.providers[0].identifier = `TAKEN${HOSTILE}`;
    api.script("create", reply(409, `conflict${HOSTILE}`, { "x-request-id": "req\u202eevil" }));
    const error = await rejectionOf(makeClient(api, new FakeClock(), { maxRetries: 0 }).createProvider(payload("Taken")));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).not.toMatch(RAW);
    expect(error.message).not.toContain("TAKEN");
    expect(error.message).toContain("request id req\\u202eevil");
  });

  test("an over-long server message is cut with a marker", async () => {
    const api = new FakeScalekit().script("list", reply(403, { code: 7, message: "y".repeat(50_000) }));
    const error = await rejectionOf(makeClient(api, new FakeClock(), { maxRetries: 0 }).listProviders());
    expect(error.message).toContain(`${"y".repeat(200)}…[49800 more characters]`);
    expect(error.message.length).toBeLessThan(1000);
  });
});
