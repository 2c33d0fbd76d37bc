/** `compare`: Dev against Production, or the definitions folder against an environment. */
import * as fs from "fs";
import * as path from "path";
import { compareDefinitions, compareExitCode, CONNECTIONS_REMINDER, type CompareSide } from "../../src/cli/commands/compare";
import { exportDefinitions } from "../../src/cli/commands/export";
import { runCli } from "../../src/cli/router";
import { bearerPayload } from "../helpers/emulator";
import { ALIAS_BOMB } from "../helpers/hostile";
import { ANSI, captureIo, closedPort, copy, credentialsOf, envFor, examples, failureOf, FAST, tempDir, useDevAndProd } from "./helpers";

const EXAMPLES = examples();
const env = useDevAndProd();

const asana = EXAMPLES["asana-oauth"];
const asanaWithoutEmail = copy(asana);
asanaWithoutEmail.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.filter(
  (s: { scope: string }) => s.scope !== "email",
);

const dev = (): CompareSide => ({ kind: "environment", environment: credentialsOf(env.dev(), "dev") });
const prod = (): CompareSide => ({ kind: "environment", environment: credentialsOf(env.prod(), "prod") });

/** Dev has a new provider and Asana without the email scope; Production still has an old provider. */
function seedDrift() {
  for (const p of [bearerPayload("New Tool"), asanaWithoutEmail, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"]])
    env.dev().insertProvider(p);
  for (const p of [asana, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"], bearerPayload("Old Tool")]) env.prod().insertProvider(p);
}

describe("compare two environments", () => {
  test("finds the added, the removed and the changed provider (a scope removed), and exits 1", async () => {
    seedDrift();
    const result = await compareDefinitions({ from: dev(), to: prod(), tuning: FAST });

    expect(result.same).toBe(false);
    expect(compareExitCode(result)).toBe(1);
    expect(result.counts).toEqual({ same: 2, changed: 1, "only-from": 1, "only-to": 1 });
    const byName = Object.fromEntries(result.providers.map((p) => [p.displayName, p]));
    expect(byName["New Tool"]).toMatchObject({ status: "only-from", from: expect.stringMatching(/^NEWTOOL:/) });
    expect(byName["Old Tool"]).toMatchObject({ status: "only-to", to: expect.stringMatching(/^OLDTOOL:/) });
    expect(byName["My Asana"]).toMatchObject({
      status: "changed",
      scopes: { added: [], removed: ["email"] },
      touchesConnections: ["OAuth scopes"],
      changes: [
        {
          path: "auth_patterns[0].oauth_config.available_scopes[scope=email]",
          to: expect.objectContaining({ scope: "email", required: true }),
        },
      ],
    });
    expect(byName["My Asana"].changes[0]).not.toHaveProperty("from");
    expect(byName["My Bearer Token Provider"].status).toBe("same");
    expect(result.reminder).toBe(CONNECTIONS_REMINDER);
    expect(result.reminder).toMatch(/connected accounts do not pick up/);
  });

  test("identical environments are the same (exit 0), whatever the order they were created in", async () => {
    for (const p of Object.values(EXAMPLES)) env.dev().insertProvider(p);
    for (const p of Object.values(EXAMPLES).reverse()) env.prod().insertProvider(p);
    const result = await compareDefinitions({ from: dev(), to: prod(), tuning: FAST });
    expect(result.same).toBe(true);
    expect(compareExitCode(result)).toBe(0);
    expect(result.providers.every((p) => p.status === "same")).toBe(true);
    expect(result.reminder).toBeUndefined();
  });

  test("server-only fields and server defaults are not differences", async () => {
    env.dev().insertProvider(bearerPayload());
    const verbose = copy(bearerPayload()) as any;
    verbose.auth_patterns[0].fields[0].hint = "";
    verbose.auth_patterns[0].fields[0].required = false;
    verbose.auth_patterns[0].account_fields = [];
    env.prod().insertProvider(verbose);
    const result = await compareDefinitions({ from: dev(), to: prod(), tuning: FAST });
    expect(result.same).toBe(true);
  });

  test("only display_name, description, auth_patterns, proxy_url and proxy_enabled are compared", async () => {
    env.dev().insertProvider({ ...bearerPayload(), icon_src: "https://cdn.example.com/dev.png", metadata: { team: "dev" } });
    env.prod().insertProvider({ ...bearerPayload(), description: "Production text", metadata: { team: "prod" } });
    const result = await compareDefinitions({ from: dev(), to: prod(), tuning: FAST });
    expect(result.comparedFields).toEqual(["display_name", "description", "auth_patterns", "proxy_url", "proxy_enabled"]);
    expect(result.providers[0].changes).toEqual([{ path: "description", from: "Static bearer token", to: "Production text" }]);
    expect(result.providers[0].touchesConnections).toEqual([]);
  });

  test("a scope whose settings changed is shown by name, and a changed proxy URL is flagged for connections", async () => {
    const required = copy(asana);
    required.auth_patterns[0].oauth_config.available_scopes[1].required = false;
    required.proxy_url = "https://app.asana.com/api/2.0";
    env.dev().insertProvider(required);
    env.prod().insertProvider(asana);
    const [p] = (await compareDefinitions({ from: dev(), to: prod(), tuning: FAST })).providers;
    expect(p.changes).toEqual([
      { path: "auth_patterns[0].oauth_config.available_scopes[scope=email].required", to: true },
      { path: "proxy_url", from: "https://app.asana.com/api/2.0", to: "https://app.asana.com/api" },
    ]);
    expect(p.scopes).toEqual({ added: [], removed: [] });
    expect(p.touchesConnections).toEqual(["OAuth scopes", "proxy URL"]);
  });

  test("bad credentials on one side exit 2, naming that side", async () => {
    const to: CompareSide = { kind: "environment", environment: credentialsOf(env.prod(), "prod", "sks_not_the_prod_secret") };
    const err = await failureOf(compareDefinitions({ from: dev(), to, tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^prod \(http:\/\/127\.0\.0\.1:\d+\) refused the client credentials/);
    expect(err.message).not.toContain("sks_not_the_prod_secret");
  });

  test("an unreachable environment exits 2", async () => {
    const port = await closedPort();
    const down = {
      ...credentialsOf(env.prod(), "prod"),
      environmentUrl: `http://127.0.0.1:${port}`,
      clientSecret: env.prod().clientSecret,
    };
    const err = await failureOf(compareDefinitions({ from: dev(), to: { kind: "environment", environment: down }, tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^cannot reach prod \(http:\/\/127\.0\.0\.1:\d+\): Could not reach Scalekit/);
  });
});

test("an API client without agent_connectors:read exits 2 naming the permission and where to grant it", async () => {
  env.prod().addFault({ kind: "list", count: 5, action: { type: "status", status: 403 } });
  const err = await failureOf(compareDefinitions({ from: dev(), to: prod(), tuning: FAST }));
  expect(err.exitCode).toBe(2);
  expect(err.message).toMatch(/^prod \(http:\/\/127\.0\.0\.1:\d+\): these credentials may not read custom providers \(HTTP 403\)/);
  expect(err.message).toContain("the API client needs the permission agent_connectors:read");
  expect(err.message).toContain("Scalekit Dashboard (Developers → Settings → API Credentials)");
});

describe("malformed providers in an environment's listing", () => {
  test("a provider without a display name makes compare exit 2 naming it; it is not reported as the same", async () => {
    env.dev().insertProvider(bearerPayload("Shared"));
    env.prod().insertProvider(bearerPayload("Shared"));
    const listed = { identifier: "NONAME:1", proxy_url: "https://api.example.com", proxy_enabled: true };
    env
      .prod()
      .addFault({ kind: "list", count: 5, action: { type: "status", status: 200, body: { providers: [listed], next_page_token: "" } } });
    const err = await failureOf(compareDefinitions({ from: dev(), to: prod(), tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^prod \(http:\/\/127\.0\.0\.1:\d+\): /);
    expect(err.message).toContain('identifier "NONAME:1" (page 1, position 1): display_name is missing');
  });

  test("a provider with fields of the wrong type and no identifier is named by its display name", async () => {
    const listed = { display_name: "Broken One", auth_patterns: "OAUTH" };
    env.dev().addFault({ kind: "list", count: 5, action: { type: "status", status: 200, body: { providers: [listed] } } });
    const err = await failureOf(compareDefinitions({ from: dev(), to: prod(), tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain(
      'display name "Broken One" (page 1, position 1): identifier is missing, auth_patterns has the wrong type or form',
    );
  });
});

describe("compare the definitions folder with an environment", () => {
  test("an exported folder is the same as its environment (exit 0)", async () => {
    for (const p of Object.values(EXAMPLES)) env.dev().insertProvider(p);
    const dir = tempDir();
    await exportDefinitions({ environment: credentialsOf(env.dev(), "dev"), dir, tuning: FAST });
    const result = await compareDefinitions({ from: { kind: "folder", dir }, to: dev(), tuning: FAST });
    expect(result.same).toBe(true);
    expect(result.from).toMatchObject({ kind: "folder", location: dir, count: 6 });
    expect(result.providers.map((p) => p.from)).toContain("my-asana.json");
  });

  test("an empty folder is an empty side: every provider of the environment shows as only there", async () => {
    env.dev().insertProvider(asana);
    const result = await compareDefinitions({ from: { kind: "folder", dir: tempDir() }, to: dev(), tuning: FAST });
    expect(result.providers.map((p) => p.status)).toEqual(["only-to"]);
  });

  test("a file not yet deployed and a provider not in the folder both show", async () => {
    env.dev().insertProvider(bearerPayload("Only In Dev"));
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "asana.json"), JSON.stringify(asana));
    const result = await compareDefinitions({ from: { kind: "folder", dir }, to: dev(), tuning: FAST });
    expect(result.providers.map((p) => [p.displayName, p.status, p.from ?? p.to])).toEqual([
      ["My Asana", "only-from", "asana.json"],
      ["Only In Dev", "only-to", expect.stringMatching(/^ONLYINDEV:/)],
    ]);
  });

  test("an invalid definition file, a missing folder, or two files with one display name exit 2", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "a.json"), JSON.stringify({ ...asana, proxy_url: "http://plain" }));
    const invalid = await failureOf(compareDefinitions({ from: { kind: "folder", dir }, to: dev(), tuning: FAST }));
    expect(invalid.exitCode).toBe(2);
    expect(invalid.message).toMatch(/a\.json is not a valid provider definition:\n {2}proxy_url/);

    expect(
      (await failureOf(compareDefinitions({ from: { kind: "folder", dir: path.join(dir, "nope") }, to: dev(), tuning: FAST }))).message,
    ).toMatch(/does not exist/);

    const twice = tempDir();
    fs.writeFileSync(path.join(twice, "a.json"), JSON.stringify(asana));
    fs.writeFileSync(path.join(twice, "b.json"), JSON.stringify(asanaWithoutEmail));
    expect((await failureOf(compareDefinitions({ from: { kind: "folder", dir: twice }, to: dev(), tuning: FAST }))).message).toMatch(
      /both define display_name "My Asana"/,
    );
  });

  test("a YAML alias bomb in the folder exits 2 with a clear error naming the file, not the parser's bare message", async () => {
    env.dev().insertProvider(asana);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "asana.json"), JSON.stringify(asana));
    fs.writeFileSync(path.join(dir, "bomb.yaml"), ALIAS_BOMB);
    const err = await failureOf(compareDefinitions({ from: { kind: "folder", dir }, to: dev(), tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/bomb\.yaml is not valid YAML at line 2, column \d+: Excessive alias count .*: write the values out/);
  });
});

describe("compare through the CLI router", () => {
  test("--json prints the comparison as data and the exit code is 1 when they differ", async () => {
    seedDrift();
    const cap = captureIo({ env: { ...envFor(env.dev(), "FROM_"), ...envFor(env.prod(), "TO_") } });
    const code = await runCli(["compare", "--json", "--max-retries", "0"], cap.io);
    expect(code).toBe(1);
    const data = JSON.parse(cap.stdout());
    expect(data.same).toBe(false);
    expect(data.counts).toEqual({ same: 2, changed: 1, "only-from": 1, "only-to": 1 });
    expect(data.providers.find((p: { displayName: string }) => p.displayName === "My Asana").scopes.removed).toEqual(["email"]);
    expect(cap.stderr()).toBe("");
  });

  test("the human report marks each provider, calls out the removed scope and reminds about connections", async () => {
    seedDrift();
    const cap = captureIo({ env: { ...envFor(env.dev(), "FROM_"), ...envFor(env.prod(), "TO_") } });
    expect(await runCli(["compare"], cap.io)).toBe(1);
    const out = cap.stdout();
    expect(out).not.toMatch(ANSI);
    expect(out).toMatch(/^ {2}~ My Asana +changed$/m);
    expect(out).toMatch(new RegExp(`^  \\+ New Tool +only in 127\\.0\\.0\\.1:${env.dev().port} \\(NEWTOOL:\\d+\\)$`, "m"));
    expect(out).toMatch(new RegExp(`^  - Old Tool +only in 127\\.0\\.0\\.1:${env.prod().port} \\(OLDTOOL:\\d+\\)$`, "m"));
    expect(out).toMatch(/OAuth scopes removed: email/);
    expect(out).toMatch(/Note: Existing connections and connected accounts do not pick up/);
    expect(out).toMatch(/Different: 1 changed, 1 only in .*, 1 only in .*, 2 same\./);
  });

  test("--dir compares the folder with the unprefixed environment; the same exits 0", async () => {
    env.dev().insertProvider(asana);
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, "definitions"));
    fs.writeFileSync(path.join(cwd, "definitions", "asana.json"), JSON.stringify(asana));
    const cap = captureIo({ env: envFor(env.dev()), cwd });
    expect(await runCli(["compare", "--dir", "definitions"], cap.io)).toBe(0);
    expect(cap.stdout()).toMatch(/^Comparing folder definitions\/ with 127\.0\.0\.1:\d+ \(http:\/\/127\.0\.0\.1:\d+\)$/m);
    expect(cap.stdout()).toMatch(/Same: the provider matches on both sides\./);
    expect(cap.stdout()).not.toMatch(/Next:/);
  });

  test("--dir: providers only in the environment come with a next step, export them or delete them in the Dashboard", async () => {
    env.dev().insertProvider(asana);
    env.dev().insertProvider(bearerPayload("Only In Dev"));
    env.dev().insertProvider(bearerPayload("Also Only In Dev"));
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, "definitions"));
    fs.writeFileSync(path.join(cwd, "definitions", "asana.json"), JSON.stringify(asana));
    const cap = captureIo({ env: envFor(env.dev()), cwd });
    expect(await runCli(["compare", "--dir", "definitions"], cap.io)).toBe(1);
    expect(cap.stdout()).toMatch(
      /^Next: 2 providers are only in 127\.0\.0\.1:\d+: to keep them, write them into the folder with `npx scalekit-providers export --dir definitions` and the environment options of this comparison \(--stack, or --environment-url and --client-id\); otherwise delete them in the Scalekit Dashboard\.$/m,
    );
  });

  test("flags of the wrong group are refused with exit 2 and a hint", async () => {
    const both = captureIo({ env: envFor(env.dev()) });
    expect(await runCli(["compare", "--dir", "definitions", "--to-stack", "prod"], both.io)).toBe(2);
    expect(both.stderr()).toMatch(/--dir compares the folder with one environment.*--to-stack belong to comparing two environments/);
    const plain = captureIo({ env: envFor(env.dev()) });
    expect(await runCli(["compare", "--stack", "dev"], plain.io)).toBe(2);
    expect(plain.stderr()).toMatch(/--stack: comparing two environments takes prefixed flags.*add --dir definitions/);
    const stdin = captureIo();
    expect(await runCli(["compare", "--from-client-secret-stdin", "--to-client-secret-stdin"], stdin.io)).toBe(2);
    expect(stdin.stderr()).toMatch(/only one side can read its client secret from stdin/);
  });
});
