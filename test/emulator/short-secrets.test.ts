/**
 * The attack: with client secret `1` every API path was redacted before routing (404); with `https`
 * every create was refused; redaction mangled messages (`meta.[REDACTED]`). Now routing reads the path as
 * sent and redaction applies only to what is journaled, logged or answered; secrets shorter than
 * MIN_SECRET_LENGTH are refused by the emulator (the client's redaction of them: test/client/redaction.test.ts).
 */
import { MIN_SECRET_LENGTH } from "../../src/client";
import { startEmulator } from "../../src/emulator";
import { runCli } from "../../src/cli/router";
import { bearerPayload, call, token } from "../helpers/emulator";
import { captureIo } from "../cli/helpers";

test("the floor is 16 characters", () => {
  expect(MIN_SECRET_LENGTH).toBe(16);
});

test.each(["1", "https", "meta", "a".repeat(MIN_SECRET_LENGTH - 1)])(
  "the emulator refuses to start with the client secret %j",
  async (secret) => {
    await expect(startEmulator({ clientSecret: secret })).rejects.toThrow(
      `the client secret (--client-secret or SCALEKIT_EMULATOR_CLIENT_SECRET) is ${secret.length} characters long; it must have at least ${MIN_SECRET_LENGTH}`,
    );
  },
);

test("the emulator command says so and does not start", async () => {
  const cap = captureIo({ env: { SCALEKIT_EMULATOR_CLIENT_SECRET: "https" }, untilStopped: () => new Promise(() => undefined) });
  expect(await runCli(["emulator", "--port", "0"], cap.io)).toBe(2);
  expect(cap.stderr()).toMatch(/is 5 characters long; it must have at least 16, like a real Scalekit client secret/);
  expect(cap.stdout() + cap.stderr()).not.toContain("listening");
});

test("routing does not depend on redaction: a secret that is part of every API path still routes, and is redacted where it is shown", async () => {
  const secret = "custom-providers"; // 16 characters, in every create, update and delete path
  const lines: string[] = [];
  const emu = await startEmulator({ clientSecret: secret, logger: (l) => lines.push(l) });
  try {
    const t = await token(emu);
    const created = await call(emu, "POST", "/api/v1/custom-providers", { body: bearerPayload("Routed"), token: t });
    expect(created.status).toBe(201);
    const identifier = created.body.provider.identifier as string;
    const path = `/api/v1/custom-providers/${encodeURIComponent(identifier)}`;
    expect((await call(emu, "PUT", path, { body: bearerPayload("Routed Again"), token: t })).status).toBe(200);
    expect((await call(emu, "GET", "/api/v1/providers?filter.provider_type=CUSTOM", { token: t })).body.providers).toHaveLength(1);
    expect((await call(emu, "DELETE", path, { token: t })).status).toBe(200);
    const missing = await call(emu, "DELETE", path, { token: t });
    expect(missing.status).toBe(404);
    expect(missing.text).not.toContain(secret);
    expect(emu.journal().map((e) => [e.kind, e.path])).toEqual([
      ["token", "/oauth/token"],
      ["create", "[REDACTED]"],
      ["update", "[REDACTED]"],
      ["list", "/api/v1/providers"],
      ["delete", "[REDACTED]"],
      ["delete", "[REDACTED]"],
    ]);
    expect(lines.join("\n")).not.toContain(secret);
  } finally {
    await emu.stop();
  }
});

test("a payload that happens to hold a short common word is stored: only a real-length secret is refused in payloads", async () => {
  const secret = "sks_routing_floor_secret_9a7";
  const emu = await startEmulator({ clientSecret: secret });
  try {
    const t = await token(emu);
    expect(
      (await call(emu, "POST", "/api/v1/custom-providers", { body: { ...bearerPayload("Plain"), description: "https meta 1" }, token: t }))
        .status,
    ).toBe(201);
    expect(
      (await call(emu, "POST", "/api/v1/custom-providers", { body: { ...bearerPayload("Leaky"), description: `key ${secret}` }, token: t }))
        .status,
    ).toBe(400);
  } finally {
    await emu.stop();
  }
});
