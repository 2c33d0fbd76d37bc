/** Server-side validation: the schema's own rules, answered as the documented 400 with field violations. */
import * as fs from "node:fs";
import * as path from "node:path";
import { payloadOfDocument } from "../../src/schema";
import { asanaPayload, call, token, useEmulator } from "../helpers/emulator";

const REPO = path.resolve(__dirname, "../..");
/** The documented examples: the shared folder when present, and the repository's definitions. */
const EXAMPLE_DIRS = [path.resolve(REPO, "../shared/examples"), path.join(REPO, "definitions")].filter((d) => fs.existsSync(d));
const EXAMPLES = EXAMPLE_DIRS.flatMap((dir) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    // A definition file's `$schema` (for editors) is the file's own, not the payload's.
    .map((f) => [path.join(path.basename(dir), f), payloadOfDocument(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))] as const),
);

describe("server-side validation", () => {
  const emu = useEmulator();
  let t: string;
  beforeEach(async () => {
    t = await token(emu());
  });
  const create = (body: unknown) => call(emu(), "POST", "/api/v1/custom-providers", { body, token: t });
  const violations = (answer: Awaited<ReturnType<typeof call>>) =>
    answer.body.details[0].validation_error_info.field_violations as { field: string; description: string }[];

  test("there are documented examples to check", () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(6);
  });

  test.each(EXAMPLES)("the documented example %s is accepted unchanged", async (_name, payload) => {
    const answer = await create(payload);
    expect(answer.status).toBe(201);
    expect(emu().providers()[0].payload).toEqual(payload);
  });

  test("a bad payload answers 400 INVALID_ARGUMENT with one field violation per problem, in snake_case", async () => {
    const answer = await create({ ...asanaPayload(), proxy_url: "http://app.asana.com/api", proxy_enabled: false });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      code: 3,
      message: expect.stringContaining("proxy_url"),
      details: [{ "@type": "type.googleapis.com/scalekit.v1.errdetails.ErrorInfo", error_code: "INVALID_ARGUMENT" }],
    });
    const fields = violations(answer).map((v) => v.field);
    expect(fields).toEqual(expect.arrayContaining(["proxy_url", "proxy_enabled"]));
    for (const v of violations(answer)) expect(v.description.length).toBeGreaterThan(0);
    expect(emu().providers()).toEqual([]);
  });

  test("an unknown key is refused and named, never dropped", async () => {
    const { proxy_enabled: _drop, ...rest } = asanaPayload();
    const answer = await create({ ...rest, proxy_enable: true });
    expect(answer.status).toBe(400);
    expect(violations(answer).map((v) => v.field)).toContain("proxy_enable");
    expect(JSON.stringify(violations(answer))).toContain("proxy_enabled");
  });

  test("a display name with characters other than letters, digits and spaces is refused", async () => {
    const answer = await create(asanaPayload("My-Asana!"));
    expect(answer.status).toBe(400);
    expect(violations(answer).map((v) => v.field)).toContain("display_name");
  });

  test("more than one auth pattern is refused (Scalekit's current limit)", async () => {
    const p = asanaPayload();
    const answer = await create({ ...p, auth_patterns: [...(p.auth_patterns as unknown[]), ...(p.auth_patterns as unknown[])] });
    expect(answer.status).toBe(400);
    expect(violations(answer)[0].field).toMatch(/^auth_patterns/);
  });

  test("an update is validated like a create, and a refused update changes nothing", async () => {
    const created = (await create(asanaPayload())).body.provider;
    const answer = await call(emu(), "PUT", `/api/v1/custom-providers/${encodeURIComponent(created.identifier)}`, {
      body: { ...asanaPayload(), auth_patterns: [] },
      token: t,
    });
    expect(answer.status).toBe(400);
    expect(emu().providers()[0].payload).toEqual(asanaPayload());
  });

  test("server-only fields sent back in a payload are refused (send the payload, not the returned provider)", async () => {
    const answer = await create({ ...asanaPayload(), id: "prv_1", identifier: "X:1" });
    expect(answer.status).toBe(400);
  });
});
