/**
 * `scalekit-providers new` in a script (flags, no terminal) and with a prompter standing in for the terminal:
 * every auth type makes one file that the program's loader accepts, nothing is ever overwritten, and missing
 * or inapplicable flags are usage errors. The real terminal is driven through a pseudo-terminal in
 * new.pty.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { newDefinition, type Prompter } from "../../src/cli/commands/new";
import { runCli } from "../../src/cli/router";
import { loadDefinition, loadDefinitions } from "../../src/program/definitions";
import { validatePayload } from "../../src/schema";
import { captureIo, copy, MY_SHOP_WRITTEN, tempDir } from "./helpers";

async function run(cwd: string, ...args: string[]) {
  const cap = captureIo({ cwd });
  const code = await runCli(["new", ...args], cap.io);
  return { code, stdout: cap.stdout(), stderr: cap.stderr() };
}

/** Runs `new` with these flags in a fresh project and returns the one file it wrote, as the loader reads it. */
async function written(...args: string[]) {
  const cwd = tempDir();
  const result = await run(cwd, ...args);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const files = fs.readdirSync(path.join(cwd, "definitions"));
  expect(files).toHaveLength(1);
  const file = path.join(cwd, "definitions", files[0]);
  return { cwd, file, name: files[0], text: fs.readFileSync(file, "utf8"), payload: loadDefinition(file) as any, stdout: result.stdout };
}

describe("every auth type makes one valid file", () => {
  test("OAuth to a REST API, with scopes: oauth_config with the endpoints and available_scopes", async () => {
    const w = await written(
      "--name",
      "My Linear",
      "--auth",
      "oauth",
      "--proxy-url",
      "https://api.linear.app",
      "--authorize-uri",
      "https://linear.app/oauth/authorize",
      "--token-uri",
      "https://api.linear.app/oauth/token",
      "--user-info-uri",
      "https://api.linear.app/me",
      "--scopes",
      "read, write issues:create",
    );
    expect(w.name).toBe("my-linear.json");
    expect(w.payload).toMatchObject({
      display_name: "My Linear",
      description: "Connect to My Linear",
      proxy_url: "https://api.linear.app",
      proxy_enabled: true,
    });
    expect(w.payload.auth_patterns).toHaveLength(1);
    expect(w.payload.auth_patterns[0]).toMatchObject({ type: "OAUTH", fields: [] });
    expect(w.payload.auth_patterns[0].is_mcp).toBeUndefined();
    expect(w.payload.auth_patterns[0].oauth_config).toEqual({
      authorize_uri: "https://linear.app/oauth/authorize",
      token_uri: "https://api.linear.app/oauth/token",
      user_info_uri: "https://api.linear.app/me",
      available_scopes: ["read", "write", "issues:create"].map((scope) => ({ scope, display_name: scope })),
    });
    expect(w.stdout).toBe(
      'Wrote definitions/my-linear.json: "My Linear" (OAUTH, JSON).\nNext steps:\n  npx scalekit-providers validate\n  pulumi preview --diff --stack dev\n  pulumi up --stack dev\n',
    );
  });

  test("Basic: a username and a password field", async () => {
    const w = await written("--name", "My Jira", "--auth", "basic", "--proxy-url", "https://jira.example.com/rest");
    expect(w.payload.auth_patterns[0].type).toBe("BASIC");
    expect(w.payload.auth_patterns[0].fields.map((f: any) => [f.field_name, f.input_type])).toEqual([
      ["username", "text"],
      ["password", "password"],
    ]);
  });

  test("Bearer: one password field named token", async () => {
    const w = await written("--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com");
    expect(w.payload.auth_patterns[0]).toMatchObject({
      type: "BEARER",
      fields: [{ field_name: "token", input_type: "password", required: true }],
    });
  });

  test("API key with a header override and a prefix: auth_header_key_override and auth_field_mutations, in YAML", async () => {
    const w = await written(
      "--name",
      "My Klaviyo",
      "--auth",
      "api-key",
      "--proxy-url",
      "https://a.klaviyo.com/api",
      "--header",
      "Authorization",
      "--prefix",
      "Klaviyo-API-Key ",
      "--format",
      "yaml",
    );
    expect(w.name).toBe("my-klaviyo.yaml");
    expect(parseYaml(w.text)).toEqual(w.payload);
    expect(w.payload.auth_patterns[0]).toMatchObject({
      type: "API_KEY",
      fields: [{ field_name: "api_key", input_type: "password" }],
      auth_header_key_override: "Authorization",
      auth_field_mutations: { api_key: { prefix: "Klaviyo-API-Key " } },
    });
  });

  test("API key without header or prefix: neither property is written", async () => {
    const w = await written("--name", "My Attention", "--auth", "api-key", "--proxy-url", "https://api.attention.tech");
    expect(Object.keys(w.payload.auth_patterns[0])).toEqual(["type", "display_name", "description", "fields"]);
  });

  test("MCP with OAuth: discovery and dynamic client registration, oauth_config {pkce_enabled: true}", async () => {
    const w = await written(
      "--name",
      "Github MCP",
      "--upstream",
      "mcp",
      "--auth",
      "oauth",
      "--proxy-url",
      "https://api.githubcopilot.com/mcp/",
    );
    expect(w.payload.auth_patterns[0]).toEqual({
      type: "OAUTH",
      display_name: "OAuth 2.1/DCR",
      description: "Authenticate with Github MCP using OAuth 2.0",
      is_mcp: true,
      fields: [],
      oauth_config: { pkce_enabled: true },
    });
  });

  test("MCP with no auth: NO_AUTH without fields", async () => {
    const w = await written("--name", "Docs MCP", "--upstream", "mcp", "--auth", "none", "--proxy-url", "https://mcp.example.com");
    expect(w.payload.auth_patterns[0]).toMatchObject({ type: "NO_AUTH", is_mcp: true });
    expect(w.payload.auth_patterns[0].fields).toEqual([]);
  });
});

describe("the file points editors at the package's JSON Schema", () => {
  const INSTALLED_SCHEMA = "../node_modules/scalekit-providers/schema/definition.schema.json";

  test("JSON: `$schema` is the first key, and the loader and `validate` set it aside", async () => {
    const w = await written("--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com");
    const document = JSON.parse(w.text);
    expect(Object.keys(document)[0]).toBe("$schema");
    expect(document.$schema).toBe(INSTALLED_SCHEMA);
    expect(w.payload).not.toHaveProperty("$schema");
    const cap = captureIo({ cwd: w.cwd });
    expect(await runCli(["validate"], cap.io)).toBe(0);
  });

  test("YAML: yaml-language-server's comment is the first line, and `validate` accepts the file", async () => {
    const w = await written("--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com", "--format", "yaml");
    expect(w.text.split("\n")[0]).toBe(`# yaml-language-server: $schema=${INSTALLED_SCHEMA}`);
    expect(parseYaml(w.text)).toEqual(w.payload);
    const cap = captureIo({ cwd: w.cwd });
    expect(await runCli(["validate"], cap.io)).toBe(0);
  });

  test("the reference is relative to the file: --out in the project's own folder", async () => {
    const cwd = tempDir();
    expect(
      (await run(cwd, "--name", "Mine", "--auth", "bearer", "--proxy-url", "https://api.example.com", "--out", "mine.json")).code,
    ).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(cwd, "mine.json"), "utf8")).$schema).toBe(
      "./node_modules/scalekit-providers/schema/definition.schema.json",
    );
  });
});

describe("path parameters in the proxy URL become fields", () => {
  test("{{name}} is a field with is_path_param: true; {{domain}} and {{version}} are plain fields of that name", async () => {
    const w = await written(
      "--name",
      "My Zendesk",
      "--auth",
      "bearer",
      "--proxy-url",
      "https://{{domain}}/api/{{version}}/{{workspace_id}}",
    );
    expect(w.payload.auth_patterns[0].fields).toEqual([
      { field_name: "domain", label: "Domain", input_type: "text", required: true },
      { field_name: "version", label: "Version", input_type: "text", required: true },
      { field_name: "workspace_id", label: "Workspace Id", input_type: "text", required: true, is_path_param: true },
      { field_name: "token", label: "Bearer Token", input_type: "password", required: true },
    ]);
  });

  test("for OAuth they go to account_fields", async () => {
    const w = await written(
      "--name",
      "My Shop",
      "--auth",
      "oauth",
      "--proxy-url",
      "https://{{shop}}.example.com/admin",
      "--authorize-uri",
      "https://example.com/authorize",
      "--token-uri",
      "https://example.com/token",
    );
    expect(w.payload.auth_patterns[0].fields).toEqual([]);
    expect(w.payload.auth_patterns[0].account_fields).toEqual([
      { field_name: "shop", label: "Shop", input_type: "text", required: true, is_path_param: true },
    ]);
  });
});

describe("never overwrites", () => {
  test("the same display name again: exit 1, the file untouched", async () => {
    const w = await written("--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com");
    const again = await run(w.cwd, "--name", "My Bearer", "--auth", "basic", "--proxy-url", "https://other.example.com");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /definitions\/my-bearer\.json already defines "My Bearer": edit that file, or choose another display name/,
    );
    expect(fs.readFileSync(w.file, "utf8")).toBe(w.text);
  });

  test("another provider whose file name is taken (any extension): exit 1, nothing written", async () => {
    const w = await written("--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com");
    const again = await run(
      w.cwd,
      "--name",
      "my bearer",
      "--auth",
      "basic",
      "--proxy-url",
      "https://other.example.com",
      "--format",
      "yaml",
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/definitions\/my-bearer\.json already exists: `new` never overwrites a file/);
    expect(fs.readdirSync(path.dirname(w.file))).toEqual(["my-bearer.json"]);
  });

  test("--out naming an existing file: exit 1, the file untouched, no temporary file left", async () => {
    const cwd = tempDir();
    fs.writeFileSync(path.join(cwd, "mine.json"), "keep me");
    const again = await run(cwd, "--name", "Mine", "--auth", "bearer", "--proxy-url", "https://api.example.com", "--out", "mine.json");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/mine\.json already exists/);
    expect(fs.readdirSync(cwd)).toEqual(["mine.json"]);
    expect(fs.readFileSync(path.join(cwd, "mine.json"), "utf8")).toBe("keep me");
  });

  test("--out writes that file, in the format of its extension", async () => {
    const cwd = tempDir();
    const result = await run(
      cwd,
      "--name",
      "Mine",
      "--auth",
      "bearer",
      "--proxy-url",
      "https://api.example.com",
      "--out",
      "elsewhere/mine.yml",
    );
    expect(result.code).toBe(0);
    expect(loadDefinitions(path.join(cwd, "elsewhere")).map((d) => d.file)).toEqual(["mine.yml"]);
    expect(result.stdout).toMatch(/^ {2}npx scalekit-providers validate elsewhere$/m);
  });
});

describe("a file name the loader refuses is never written", () => {
  test.each(["Constructor", "Prototype", "Nul"])("%j: another name is chosen, and the output says why", async (displayName) => {
    const slug = displayName.toLowerCase();
    const w = await written("--name", displayName, "--auth", "bearer", "--proxy-url", "https://api.example.com");
    expect(w.name).toBe(`${slug}-provider.json`);
    expect(w.stdout).toMatch(
      new RegExp(`^Wrote definitions/${slug}-provider\\.json: .*\\nThe file is not named ${slug}: "${slug}" is `, "m"),
    );
    expect(loadDefinitions(path.dirname(w.file)).map((d) => [d.name, d.payload.display_name])).toEqual([[`${slug}-provider`, displayName]]);
  });

  test("--json carries why the file has another name", async () => {
    const cwd = tempDir();
    const result = await run(cwd, "--name", "Constructor", "--auth", "bearer", "--proxy-url", "https://api.example.com", "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      file: path.join(cwd, "definitions", "constructor-provider.json"),
      renamed: 'not named constructor: "constructor" is reserved in JavaScript and cannot name a provider\'s resource',
    });
  });

  test("--out naming such a file: exit 2, nothing written", async () => {
    const cwd = tempDir();
    const refused = await run(
      cwd,
      "--name",
      "Mine",
      "--auth",
      "bearer",
      "--proxy-url",
      "https://api.example.com",
      "--out",
      "prototype.json",
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--out prototype\.json: "prototype" is reserved in JavaScript .*: choose another file name/);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

describe("usage errors exit 2 and write nothing", () => {
  test.each([
    [[], /missing --name, --auth, --proxy-url: without a terminal, `new` takes its answers from flags/],
    [["--name", "X", "--auth", "oauth", "--proxy-url", "https://x.example.com"], /missing --authorize-uri, --token-uri/],
    [
      ["--name", "X", "--auth", "basic", "--proxy-url", "https://x.example.com", "--header", "X-Key"],
      /--header applies only with --auth api-key/,
    ],
    [
      [
        "--name",
        "X",
        "--upstream",
        "mcp",
        "--auth",
        "oauth",
        "--proxy-url",
        "https://x.example.com",
        "--token-uri",
        "https://x.example.com/t",
      ],
      /--token-uri applies only with --auth oauth with --upstream api/,
    ],
    [["--name", "X", "--auth", "magic"], /argument 'magic' is invalid\. Allowed choices are oauth, basic, bearer, api-key, none/],
    [
      ["--name", "X", "--auth", "none", "--proxy-url", "https://x.example.com"],
      /do not make a valid definition:\n {2}auth_patterns\[0\]\.type: NO_AUTH is only for MCP servers/,
    ],
    [
      ["--name", "X!", "--auth", "bearer", "--proxy-url", "http://x.example.com"],
      /display_name: [\s\S]*proxy_url: must start with https:\/\/: replace http:\/\/ with https:\/\//,
    ],
    [
      ["--name", "X", "--auth", "bearer", "--proxy-url", "https://x.example.com", "--out", "x.txt"],
      /--out x\.txt: a definition file ends in \.json, \.yaml, \.yml/,
    ],
    [
      ["--name", "X", "--auth", "bearer", "--proxy-url", "https://x.example.com", "--out", "x.json", "--format", "yaml"],
      /--format yaml does not match --out x\.json/,
    ],
  ])("new %j", async (args, message) => {
    const cwd = tempDir();
    const result = await run(cwd, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(fs.readdirSync(cwd)).toEqual([]);
  });
});

test("--json prints the file, the payload and the next steps as data", async () => {
  const cwd = tempDir();
  const result = await run(cwd, "--name", "My Bearer", "--auth", "bearer", "--proxy-url", "https://api.example.com", "--json");
  expect(result.code).toBe(0);
  const data = JSON.parse(result.stdout);
  expect(data).toMatchObject({
    file: path.join(cwd, "definitions", "my-bearer.json"),
    displayName: "My Bearer",
    authType: "BEARER",
    format: "json",
  });
  expect(data.nextSteps).toEqual(["npx scalekit-providers validate", "pulumi preview --diff --stack dev", "pulumi up --stack dev"]);
});

describe("with a terminal's prompter", () => {
  /** A prompter answering from a script, recording the questions, and checking each answer as the terminal would. */
  function scripted(answers: Record<string, string>) {
    const asked: string[] = [];
    const rejected: string[] = [];
    const answer = (message: string) => {
      const key = Object.keys(answers).find((k) => message.startsWith(k));
      if (key === undefined) throw new Error(`unexpected question: ${message}`);
      asked.push(key);
      return answers[key];
    };
    const prompter: Prompter = {
      input: async (message, { default: initial, validate }) => {
        for (const value of answer(message).split("\u0000")) {
          const problem = validate?.(value === "" && initial !== undefined ? initial : value);
          if (problem === undefined) return value === "" && initial !== undefined ? initial : value;
          rejected.push(problem);
        }
        throw new Error(`no valid answer to ${message}`);
      },
      select: async (message, choices) => {
        const value = answer(message);
        const choice = choices.find((c) => c.value === value);
        if (!choice) throw new Error(`${value} is not a choice of ${message}: ${choices.map((c) => c.value).join(", ")}`);
        return choice.value;
      },
    };
    return { prompter, asked, rejected };
  }

  test("asks only what the flags left out, re-asks an invalid answer, and writes a valid file", async () => {
    const cwd = tempDir();
    const s = scripted({
      "Display name": "Bad!\u0000My Api",
      Description: "",
      "What is the upstream": "api",
      "Proxy URL": "http://x.example.com\u0000https://{{tenant}}.example.com",
      "Header that carries": "",
      "Text before the key": "Token ",
      "File format": "yaml",
    });
    const result = await newDefinition({ given: { auth: "api-key" }, prompter: s.prompter, cwd });
    expect(s.asked).toEqual([
      "Display name",
      "Description",
      "What is the upstream",
      "Proxy URL",
      "Header that carries",
      "Text before the key",
      "File format",
    ]);
    expect(s.rejected).toHaveLength(2);
    expect(s.rejected[1]).toBe("must start with https://: replace http:// with https://");
    expect(result.file).toBe(path.join(cwd, "definitions", "my-api.yaml"));
    expect(loadDefinition(result.file)).toMatchObject({
      description: "Connect to My Api",
      auth_patterns: [
        {
          type: "API_KEY",
          fields: [{ field_name: "tenant", is_path_param: true }, { field_name: "api_key" }],
          auth_field_mutations: { api_key: { prefix: "Token " } },
        },
      ],
    });
  });

  /** The schema's message for the first issue of `payload` at `property`: what the program would say. */
  function schemaMessage(payload: unknown, property: string): string {
    const result = validatePayload(payload);
    const issue = result.ok ? undefined : result.issues.find((i) => i.property === property);
    if (issue === undefined) throw new Error(`the schema finds no issue at ${property}`);
    return issue.message;
  }

  test("a duplicate scope is refused as it is typed, with the schema's message, and asked again: no answer is lost", async () => {
    const cwd = tempDir();
    const s = scripted({
      "Display name": "My Shop",
      Description: "Orders",
      "What is the upstream": "api",
      "Which auth": "oauth",
      "Proxy URL": "https://shop.example.com",
      "OAuth authorization endpoint": "https://shop.example.com/authorize",
      "OAuth token endpoint": "https://shop.example.com/token",
      "OAuth user info endpoint": "",
      "OAuth scopes": "read, write, read\u0000read, write",
      "File format": "json",
    });
    const result = await newDefinition({ given: {}, prompter: s.prompter, cwd });

    const duplicate = copy(result.payload);
    duplicate.auth_patterns[0].oauth_config!.available_scopes!.push({ scope: "read", display_name: "read" });
    expect(s.rejected).toEqual([schemaMessage(duplicate, "auth_patterns[0].oauth_config.available_scopes[2].scope")]);
    expect(s.rejected[0]).toMatch(/scope names must be unique/);
    // Refused at the scopes question: the next one came after it, and every answer is in the file.
    expect(s.asked.slice(-2)).toEqual(["OAuth scopes", "File format"]);
    expect(loadDefinition(result.file)).toMatchObject(MY_SHOP_WRITTEN);
  });

  test("a path parameter named like a credential field is refused at the proxy URL question", async () => {
    const cwd = tempDir();
    const s = scripted({ "Proxy URL": "https://{{token}}.example.com\u0000https://{{tenant}}.example.com" });
    const result = await newDefinition({
      given: { name: "Tenant Api", description: "d", upstream: "api", auth: "bearer", format: "json" },
      prompter: s.prompter,
      cwd,
    });
    expect(s.rejected).toHaveLength(1);
    expect(s.rejected[0]).toMatch(/duplicates `auth_patterns\[0\]\.fields\[0\]\.field_name` \(`token`\): field names must be unique/);
    expect(result.payload.proxy_url).toBe("https://{{tenant}}.example.com");
  });

  test("the name question refuses a display name the folder already holds", async () => {
    const cwd = tempDir();
    await run(cwd, "--name", "Taken", "--auth", "bearer", "--proxy-url", "https://api.example.com");
    const s = scripted({ "Display name": "Taken\u0000Fresh" });
    await newDefinition({
      given: { upstream: "mcp", auth: "none", proxyUrl: "https://mcp.example.com", description: "d", format: "json" },
      prompter: s.prompter,
      cwd,
    });
    expect(s.rejected).toEqual(['definitions/taken.json already defines "Taken": edit that file, or choose another display name']);
    expect(fs.readdirSync(path.join(cwd, "definitions")).sort()).toEqual(["fresh.json", "taken.json"]);
  });

  test("for an MCP server the auth choices are OAuth (discovery), no auth, bearer and API key", async () => {
    let offered: string[] = [];
    const prompter: Prompter = {
      input: async (message) => (message.startsWith("Display") ? "Mcp One" : message.startsWith("Proxy") ? "https://mcp.example.com" : ""),
      select: async (message, choices) => {
        if (message.startsWith("Which auth")) offered = choices.map((c) => c.value);
        return message.startsWith("What is") ? choices[1].value : choices[0].value;
      },
    };
    const result = await newDefinition({ given: {}, prompter, cwd: tempDir() });
    expect(offered).toEqual(["oauth", "none", "bearer", "api-key"]);
    expect(result.payload.auth_patterns[0]).toMatchObject({ type: "OAUTH", is_mcp: true, oauth_config: { pkce_enabled: true } });
  });
});

test("new --help lists the flags and examples", async () => {
  const cap = captureIo();
  expect(await runCli(["new", "--help"], cap.io)).toBe(0);
  for (const flag of [
    "--name",
    "--upstream",
    "--auth",
    "--proxy-url",
    "--scopes",
    "--authorize-uri",
    "--token-uri",
    "--user-info-uri",
    "--header",
    "--prefix",
    "--format",
    "--dir",
    "--out",
    "--no-interactive",
  ]) {
    expect(cap.stdout()).toContain(flag);
  }
});

test("the top-level --help lists new and validate first, as a user starts", async () => {
  const cap = captureIo();
  expect(await runCli(["--help"], cap.io)).toBe(0);
  expect(cap.stdout()).toMatch(
    /Commands:\s+new \[options\][\s\S]*validate \[options\] \[paths\.\.\.\][\s\S]*export[\s\S]*compare[\s\S]*emulator/,
  );
});
