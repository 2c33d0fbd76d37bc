/**
 * The Pulumi program under pulumi.runtime.setMocks (in a plain Node child process running the built
 * package, see test/helpers/register.js): what each stack declares.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fromPayload } from "../../src/resource/custom-provider";
import { EXAMPLE_FILES, SHARED_EXAMPLES_DIR } from "../helpers/examples";
import { register } from "../helpers/registrations";
import { ALIAS_BOMB } from "../helpers/hostile";
import { validateDefinitions } from "../../src/cli/commands/validate";
import { formatValidate } from "../../src/cli/print/validate";
import pc from "picocolors";

const PLAIN = pc.createColors(false);

const REPO_ROOT = path.resolve(__dirname, "../..");
const DEFINITIONS = path.join(REPO_ROOT, "definitions");
const SECRET = "sk_test_program_secret_value_123456";
const credentials = {
  "scalekit:environmentUrl": "https://acme-dev.scalekit.dev",
  "scalekit:clientId": "skc_program_test",
  "scalekit:clientSecret": SECRET,
};

function definitionFiles(): string[] {
  return fs
    .readdirSync(DEFINITIONS)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort();
}

describe("the definitions program", () => {
  test("the dev stack declares one unprotected CustomProvider per definition file, named after the file", () => {
    const regs = register({ program: true, stack: "dev", config: credentials, secretKeys: ["scalekit:clientSecret"] });
    expect(regs.map((r) => r.name).sort()).toEqual(definitionFiles().map((f) => path.basename(f, path.extname(f))));
    for (const reg of regs) {
      expect(reg.type).toBe("pulumi-nodejs:dynamic/scalekit:CustomProvider");
      expect(reg.protect).toBe(false);
      const file = definitionFiles().find((f) => path.basename(f, path.extname(f)) === reg.name)!;
      const { __provider, ...inputs } = reg.inputs;
      expect(typeof __provider).toBe("string");
      expect(inputs).toEqual({ ...fromPayload(JSON.parse(fs.readFileSync(path.join(DEFINITIONS, file), "utf8"))) });
    }
  });

  test("the documented examples are among the definitions, unchanged", () => {
    for (const file of EXAMPLE_FILES) {
      expect(fs.existsSync(path.join(DEFINITIONS, file))).toBe(true);
    }
    if (SHARED_EXAMPLES_DIR) {
      for (const file of fs.readdirSync(SHARED_EXAMPLES_DIR)) {
        // The definition file adds only its `$schema` pointer for editors.
        const { $schema, ...payload } = JSON.parse(fs.readFileSync(path.join(DEFINITIONS, file), "utf8"));
        expect($schema).toBe("../schema/definition.schema.json");
        expect(payload).toEqual(JSON.parse(fs.readFileSync(path.join(SHARED_EXAMPLES_DIR, file), "utf8")));
      }
    }
  });

  test("the prod stack protects every provider, from its stack config", () => {
    const prodConfig = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.prod.yaml"), "utf8");
    expect(prodConfig).toMatch(/scalekit:protect: "true"/);
    const regs = register({ program: true, stack: "prod", config: { ...credentials, "scalekit:protect": "true" } });
    expect(regs.length).toBe(definitionFiles().length);
    expect(regs.every((r) => r.protect)).toBe(true);
  });

  test("scalekit:adopt makes every provider take over an existing one of the same name", () => {
    const regs = register({ program: true, config: { ...credentials, "scalekit:adopt": "true" } });
    expect(regs.every((r) => r.inputs.adopt === true)).toBe(true);
  });

  test("a broken definition file stops the program with the file name and the property path", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "definitions-"));
    const broken = JSON.parse(fs.readFileSync(path.join(DEFINITIONS, "asana-oauth.json"), "utf8"));
    broken.auth_patterns[0].oauth_config.token_uri = "http://app.asana.com/-/oauth_token";
    fs.writeFileSync(path.join(dir, "good.json"), fs.readFileSync(path.join(DEFINITIONS, "bearer-token.json")));
    fs.writeFileSync(path.join(dir, "broken.json"), JSON.stringify(broken));
    expect(() => register({ program: true, config: { ...credentials, "scalekit:definitionsDir": dir } })).toThrow(
      /broken\.json[\s\S]*auth_patterns\[0\]\.oauth_config\.token_uri/,
    );
  });

  test("a YAML alias bomb stops the program with an error naming the file, not the parser's bare message", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "definitions-"));
    fs.writeFileSync(path.join(dir, "good.json"), fs.readFileSync(path.join(DEFINITIONS, "bearer-token.json")));
    fs.writeFileSync(path.join(dir, "bomb.yaml"), ALIAS_BOMB);
    expect(() => register({ program: true, config: { ...credentials, "scalekit:definitionsDir": dir } })).toThrow(
      /bomb\.yaml is not valid YAML at line 2, column \d+: Excessive alias count .*: write the values out/,
    );
  });

  test("invalid definition files stop the program with every problem of every file, by path in the project, as validate lists them", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "project-"));
    const dir = path.join(project, "definitions");
    fs.mkdirSync(dir);
    const broken = JSON.parse(fs.readFileSync(path.join(DEFINITIONS, "asana-oauth.json"), "utf8"));
    broken.auth_patterns[0].oauth_config.token_uri = "http://app.asana.com/-/oauth_token";
    broken.proxyEnable = true;
    fs.writeFileSync(path.join(dir, "a-broken.json"), JSON.stringify(broken));
    fs.writeFileSync(path.join(dir, "b-good.json"), fs.readFileSync(path.join(DEFINITIONS, "bearer-token.json")));
    fs.writeFileSync(path.join(dir, "c-unparsable.yaml"), "display_name: [unclosed\n");
    const failure = (() => {
      try {
        register({ program: true, projectDir: project, config: credentials });
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error("the program declared providers from invalid files");
    })();
    expect(failure).toContain("2 of 3 definition files are invalid");
    expect(failure).toContain("npx scalekit-providers validate definitions");
    const listed = validateDefinitions({ paths: ["definitions"], cwd: project });
    expect(listed.counts.invalid).toBe(2);
    // validate's report of the invalid files, without its summary line: word for word the program's.
    const invalidFiles = formatValidate(listed, PLAIN)
      .trimEnd()
      .split("\n")
      .slice(0, -1)
      .filter((l) => !l.startsWith("✓"));
    expect(failure).toContain(invalidFiles.join("\n"));
    expect(failure).toMatch(/✗ definitions\/a-broken\.json\n {4}proxyEnable: [^\n]+\n {4}auth_patterns\[0\]\.oauth_config\.token_uri: /);
    expect(failure).toMatch(/✗ definitions\/c-unparsable\.yaml\n {4}definitions\/c-unparsable\.yaml is not valid YAML/);
    expect(failure).not.toContain(project);
  });

  test("YAML definitions are read like JSON ones", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "definitions-"));
    fs.writeFileSync(
      path.join(dir, "public-docs.yaml"),
      [
        "display_name: Public Docs MCP",
        "auth_patterns:",
        "  - type: NO_AUTH",
        "    display_name: No Auth",
        "    is_mcp: true",
        "    fields: []",
        "proxy_url: https://mcp.example.com",
        "proxy_enabled: true",
      ].join("\n"),
    );
    const regs = register({ program: true, config: { ...credentials, "scalekit:definitionsDir": dir } });
    expect(regs.map((r) => r.name)).toEqual(["public-docs"]);
    expect(regs[0].inputs.displayName).toBe("Public Docs MCP");
  });
});

describe("__provider", () => {
  const regs = () => register({ program: true, config: credentials, secretKeys: ["scalekit:clientSecret"] });

  test("holds no secret, no absolute path of this machine, and stays small", () => {
    for (const reg of regs()) {
      const provider = reg.inputs.__provider;
      expect(provider).not.toContain(SECRET);
      expect(provider).not.toContain(REPO_ROOT);
      expect(provider).not.toContain(os.homedir());
      expect(provider).not.toMatch(/"\/(work|home|root|tmp|usr)\//);
      expect(Buffer.byteLength(provider)).toBeLessThan(50 * 1024);
    }
  });

  test("is the same for every resource, so one provider host process serves them all", () => {
    expect(new Set(regs().map((r) => r.inputs.__provider)).size).toBe(1);
  });
});
