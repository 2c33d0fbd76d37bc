/** `export`: one definition file per provider of an environment, safe to re-run, never destructive. */
import * as fs from "fs";
import * as path from "path";
import { parse, stringify } from "yaml";
import { exportDefinitions, exportExitCode } from "../../src/cli/commands/export";
import { serverFieldsSchema } from "../../src/client/responses";
import { runCli } from "../../src/cli/router";
import { loadDefinition, loadDefinitions } from "../../src/program/definitions";
import { validatePayload } from "../../src/schema";
import { bearerPayload } from "../helpers/emulator";
import { ALIAS_BOMB } from "../helpers/hostile";
import {
  apiRequests,
  captureIo,
  closedPort,
  copy,
  credentialsOf,
  envFor,
  examples,
  failureOf,
  FAST,
  readDefinitions,
  tempDir,
  useDevAndProd,
} from "./helpers";

const EXAMPLES = examples();
const env = useDevAndProd();
/** Where a file in <project>/definitions points for the JSON Schema, the package not being this project. */
const INSTALLED_SCHEMA = "../node_modules/scalekit-providers/schema/definition.schema.json";

function seedExamples() {
  for (const payload of Object.values(EXAMPLES)) env.dev().insertProvider(payload);
}

function run(dir: string, extra: { force?: boolean } = {}) {
  return exportDefinitions({ environment: credentialsOf(env.dev(), "dev"), dir, tuning: FAST, ...extra });
}

describe("export", () => {
  test("writes one file per provider, named after its display name, in the documented payload format", async () => {
    seedExamples();
    const dir = path.join(tempDir(), "definitions");
    const result = await run(dir);

    expect(result.counts).toEqual({ written: 6, unchanged: 0, skipped: 0, invalid: 0 });
    expect(exportExitCode(result)).toBe(0);
    const files = readDefinitions(dir);
    expect(Object.keys(files)).toEqual([
      "github-mcp.json",
      "my-asana.json",
      "my-attention.json",
      "my-bearer-token-provider.json",
      "my-freshdesk.json",
      "public-docs-mcp.json",
    ]);
    for (const [file, payload] of Object.entries(files)) {
      expect({ file, ok: validatePayload(payload).ok }).toEqual({ file, ok: true });
      for (const field of Object.keys(serverFieldsSchema.shape)) expect(payload).not.toHaveProperty(field);
    }
    const byName = Object.fromEntries(Object.values(EXAMPLES).map((e) => [e.display_name, e]));
    for (const p of result.providers) expect(p).toMatchObject({ status: "written", identifier: expect.any(String) });
    // Exactly the documented example, keys in the documented order, minus empty values the user may omit.
    expect(JSON.stringify(files["my-bearer-token-provider.json"])).toBe(JSON.stringify(byName["My Bearer Token Provider"]));
    expect(JSON.stringify(files["my-freshdesk.json"])).toBe(JSON.stringify(byName["My Freshdesk"]));
    expect(fs.readFileSync(path.join(dir, "my-asana.json"), "utf8")).toMatch(
      /^\{\n {2}"\$schema": "[^"]+",\n {2}"display_name": "My Asana",\n[\s\S]*\n\}\n$/,
    );
  });

  test("every file it writes points editors at the package's JSON Schema with `$schema`, and validates", async () => {
    seedExamples();
    const project = tempDir();
    await exportDefinitions({ environment: credentialsOf(env.dev(), "dev"), dir: "definitions", cwd: project, tuning: FAST });
    const dir = path.join(project, "definitions");
    for (const file of fs.readdirSync(dir)) {
      const document = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
      expect({ file, first: Object.keys(document)[0], schema: document.$schema }).toEqual({
        file,
        first: "$schema",
        schema: INSTALLED_SCHEMA,
      });
    }
    const cap = captureIo({ cwd: project });
    expect(await runCli(["validate"], cap.io)).toBe(0);
  });

  test("--force keeps the `$schema` of the file it replaces: the JSON key and the YAML comment", async () => {
    env.dev().insertProvider(EXAMPLES["asana-oauth"]);
    env.dev().insertProvider(bearerPayload());
    const dir = tempDir();
    const asana = { $schema: "../../shared/definition.schema.json", ...copy(EXAMPLES["asana-oauth"]), description: "edited locally" };
    fs.writeFileSync(path.join(dir, "asana.json"), JSON.stringify(asana, null, 2));
    const bearer = { ...copy(bearerPayload()), description: "edited locally" };
    fs.writeFileSync(
      path.join(dir, "bearer.yaml"),
      `# yaml-language-server: $schema=../../shared/definition.schema.json\n${stringify(bearer)}`,
    );

    const result = await run(dir, { force: true });
    expect(result.counts.written).toBe(2);
    const replaced = JSON.parse(fs.readFileSync(path.join(dir, "asana.json"), "utf8"));
    expect(replaced.$schema).toBe("../../shared/definition.schema.json");
    expect(replaced.description).toBe(EXAMPLES["asana-oauth"].description);
    const yaml = fs.readFileSync(path.join(dir, "bearer.yaml"), "utf8");
    expect(yaml.split("\n")[0]).toBe("# yaml-language-server: $schema=../../shared/definition.schema.json");
    expect(parse(yaml)).toEqual(bearerPayload());
  });

  test("--force gives a replaced file without `$schema` the package's: a YAML file gets the comment", async () => {
    env.dev().insertProvider(bearerPayload());
    const project = tempDir();
    const dir = path.join(project, "definitions");
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "bearer.yaml"), stringify({ ...copy(bearerPayload()), description: "edited locally" }));
    await exportDefinitions({ environment: credentialsOf(env.dev(), "dev"), dir: "definitions", cwd: project, force: true, tuning: FAST });
    const yaml = fs.readFileSync(path.join(dir, "bearer.yaml"), "utf8");
    expect(yaml.split("\n")[0]).toBe(`# yaml-language-server: $schema=${INSTALLED_SCHEMA}`);
    expect(loadDefinition(path.join(dir, "bearer.yaml"))).toEqual(bearerPayload());
  });

  test("server-filled empty values are left out of the file", async () => {
    const { identifier } = env.dev().insertProvider(bearerPayload("Plain Bearer"));
    env.dev().editProvider(identifier, { icon_src: "", metadata: {} });
    const dir = tempDir();
    await run(dir);
    const file = readDefinitions(dir)["plain-bearer.json"];
    expect(file).toEqual(bearerPayload("Plain Bearer"));
    expect(file).not.toHaveProperty("icon_src");
    expect(file).not.toHaveProperty("metadata");
    expect(file.auth_patterns[0]).not.toHaveProperty("account_fields");
    expect(file.auth_patterns[0].fields[0]).not.toHaveProperty("hint");
  });

  test("running it again changes nothing: every file is unchanged and not rewritten", async () => {
    seedExamples();
    const dir = tempDir();
    await run(dir);
    const before = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]));
    const again = await run(dir);
    expect(again.counts).toEqual({ written: 0, unchanged: 6, skipped: 0, invalid: 0 });
    expect(Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).mtimeMs]))).toEqual(before);
  });

  test("a file that differs is skipped and left byte for byte (exit code 1) until --force overwrites it", async () => {
    env.dev().insertProvider(EXAMPLES["asana-oauth"]);
    const dir = tempDir();
    const edited = copy(EXAMPLES["asana-oauth"]);
    edited.description = "edited locally";
    const text = `${JSON.stringify(edited, null, 4)}\n`;
    fs.writeFileSync(path.join(dir, "asana.json"), text);

    const skipped = await run(dir);
    expect(skipped.providers).toEqual([
      expect.objectContaining({ file: "asana.json", status: "skipped", reason: expect.stringMatching(/differs from dev; use --force/) }),
    ]);
    expect(exportExitCode(skipped)).toBe(1);
    expect(fs.readFileSync(path.join(dir, "asana.json"), "utf8")).toBe(text);
    expect(fs.readdirSync(dir)).toEqual(["asana.json"]);

    const forced = await run(dir, { force: true });
    expect(forced.providers).toEqual([
      expect.objectContaining({ file: "asana.json", status: "written", reason: expect.stringMatching(/replaced/) }),
    ]);
    expect(readDefinitions(dir)["asana.json"].description).toBe(EXAMPLES["asana-oauth"].description);
  });

  test("a file holding the same definition in other words (YAML, defaults written out) is unchanged", async () => {
    env.dev().insertProvider(bearerPayload());
    const dir = tempDir();
    const verbose = copy(bearerPayload()) as any;
    verbose.auth_patterns[0].fields[0].hint = "";
    verbose.auth_patterns[0].fields[0].required = false;
    verbose.auth_patterns[0].account_fields = [];
    verbose.icon_src = "";
    verbose.metadata = {};
    const yaml = stringify(verbose);
    fs.writeFileSync(path.join(dir, "bearer.yaml"), yaml);
    const result = await run(dir);
    expect(result.providers).toEqual([expect.objectContaining({ file: "bearer.yaml", status: "unchanged" })]);
    expect(fs.readFileSync(path.join(dir, "bearer.yaml"), "utf8")).toBe(yaml);
  });

  test("never deletes: files holding no provider of the environment are kept and listed", async () => {
    env.dev().insertProvider(EXAMPLES["bearer-token"]);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "legacy.json"), JSON.stringify(EXAMPLES["asana-oauth"]));
    fs.writeFileSync(path.join(dir, "broken.json"), "{");
    const result = await run(dir, { force: true });
    expect(result.keptFiles).toEqual(["broken.json", "legacy.json"]);
    expect(fs.readdirSync(dir).sort()).toEqual(["broken.json", "legacy.json", "my-bearer-token-provider.json"]);
    expect(fs.readFileSync(path.join(dir, "broken.json"), "utf8")).toBe("{");
  });

  test("a YAML alias bomb in the folder is listed as a file that cannot be read; every provider is still exported", async () => {
    seedExamples();
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "bomb.yaml"), ALIAS_BOMB);
    const result = await run(dir);
    expect(result.counts).toEqual({ written: 6, unchanged: 0, skipped: 0, invalid: 0 });
    expect(result.keptFiles).toEqual(["bomb.yaml"]);
    expect(fs.readFileSync(path.join(dir, "bomb.yaml"), "utf8")).toBe(ALIAS_BOMB);
  });

  test.each(["Constructor", "Prototype", "CON"])(
    "a provider named %j is written under a name the loader takes, and the report says why",
    async (displayName) => {
      env.dev().insertProvider(bearerPayload(displayName));
      const cwd = tempDir();
      const cap = captureIo({ cwd, env: envFor(env.dev()) });
      expect(await runCli(["export", "--dir", "definitions", "--max-retries", "0"], cap.io)).toBe(0);
      const slug = displayName.toLowerCase();
      expect(fs.readdirSync(path.join(cwd, "definitions"))).toEqual([`${slug}-provider.json`]);
      expect(cap.stdout()).toMatch(
        new RegExp(`^ +written +${slug}-provider\\.json +${displayName}\n +not named ${slug}: "${slug}" is`, "m"),
      );
      expect(loadDefinitions(path.join(cwd, "definitions")).map((d) => [d.name, d.payload.display_name])).toEqual([
        [`${slug}-provider`, displayName],
      ]);
    },
  );

  test("an unwritable folder is refused with exit code 2 before anything is asked of Scalekit", async () => {
    seedExamples();
    env.dev().clearJournal();
    const file = path.join(tempDir(), "a-file");
    fs.writeFileSync(file, "");
    const err = await failureOf(run(path.join(file, "definitions")));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/cannot write definition files to .*a-file\/definitions: .*a-file is a file, not a folder/);
    expect(apiRequests(env.dev())).toHaveLength(0);
  });

  test("bad credentials exit with code 2 and say which environment and which sources, never the secret", async () => {
    seedExamples();
    const wrong = "sks_wrong_secret_for_dev_123";
    const environment = credentialsOf(env.dev(), "dev", wrong);
    const err = await failureOf(exportDefinitions({ environment, dir: tempDir(), tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/^dev \(http:\/\/127\.0\.0\.1:\d+\) refused the client credentials/);
    expect(err.message).not.toContain(wrong);
  });

  test("an unreachable environment exits with code 2 and a message naming its URL", async () => {
    const port = await closedPort();
    const environment = {
      ...credentialsOf(env.dev(), "dev"),
      environmentUrl: `http://127.0.0.1:${port}`,
      clientSecret: env.dev().clientSecret,
    };
    const err = await failureOf(exportDefinitions({ environment, dir: tempDir(), tuning: FAST }));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(new RegExp(`^cannot reach dev \\(http://127\\.0\\.0\\.1:${port}\\)`));
  });

  test("an empty environment writes nothing and creates no file", async () => {
    const dir = path.join(tempDir(), "definitions");
    const result = await run(dir);
    expect(result.providers).toEqual([]);
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  });
});

describe("malformed providers in the listing", () => {
  test("a provider without a display name makes export fail naming it, and nothing is written", async () => {
    const listed = [
      { identifier: "GOOD:1", ...bearerPayload("Good One") },
      { identifier: "NONAME:2", proxy_url: "https://api.example.com", proxy_enabled: true },
    ];
    env.dev().addFault({ kind: "list", count: 5, action: { type: "status", status: 200, body: { providers: listed } } });
    const dir = tempDir();
    const err = await failureOf(run(dir));
    expect(err.exitCode).toBe(2);
    expect(err.message).toContain('identifier "NONAME:2" (page 1, position 2): display_name is missing');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
