/**
 * `scalekit-providers new` on a real terminal (a pseudo-terminal): the built CLI asks its questions, the test
 * answers them with keys, and the file it writes is loaded by the program's own loader.
 */
import * as fs from "fs";
import * as path from "path";
import { loadDefinitions } from "../../src/program/definitions";
import { KEY, spawnInPty, type PtySession } from "../helpers/pty";
import { MY_SHOP_WRITTEN, REPO_ROOT, tempDir } from "./helpers";

const MAIN = path.join(REPO_ROOT, "dist/cli/main.js");
let session: PtySession | undefined;

function start(cwd: string, ...args: string[]): PtySession {
  session = spawnInPty(process.execPath, [MAIN, "new", ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "xterm-256color" },
  });
  return session;
}

afterEach(() => session?.kill());

/** Answers one question: waits for it, then types the answer. */
async function answer(t: PtySession, question: string, keys: string): Promise<void> {
  await t.waitFor(question);
  t.type(keys);
}

test("asks every question of OAuth to a REST API, re-asks an invalid URL, and writes a valid file", async () => {
  const cwd = tempDir();
  const t = start(cwd);
  await answer(t, "Display name", `My Shop${KEY.enter}`);
  await answer(t, "Description", KEY.enter);
  await answer(t, "What is the upstream?", KEY.enter); // A REST API
  await answer(t, "Which auth does it use?", KEY.enter); // OAuth
  await answer(t, "Proxy URL", `http://{{shop}}.example.com/admin${KEY.enter}`);
  await t.waitFor("must start with https://: replace http:// with https://");
  // Fix the answer in place: erase it (Ctrl+U is not universal; backspaces are) and type the https one.
  t.type("\u007f".repeat("http://{{shop}}.example.com/admin".length) + `https://{{shop}}.example.com/admin${KEY.enter}`);
  await answer(t, "OAuth authorization endpoint", `https://example.com/oauth/authorize${KEY.enter}`);
  await answer(t, "OAuth token endpoint", `https://example.com/oauth/token${KEY.enter}`);
  await answer(t, "OAuth user info endpoint", KEY.enter);
  await answer(t, "OAuth scopes", `read_orders, write_orders${KEY.enter}`);
  await answer(t, "File format", KEY.enter); // JSON
  await t.waitFor('Wrote definitions/my-shop.json: "My Shop" (OAUTH, JSON).');
  await t.waitFor(/Next steps:\s+npx scalekit-providers validate\s+pulumi preview --diff --stack dev\s+pulumi up --stack dev/);
  expect(await t.waitForEnd()).toBe(0);

  const [definition] = loadDefinitions(path.join(cwd, "definitions"));
  expect(definition.file).toBe("my-shop.json");
  expect(definition.payload).toMatchObject({
    display_name: "My Shop",
    description: "Connect to My Shop",
    proxy_url: "https://{{shop}}.example.com/admin",
    auth_patterns: [
      {
        type: "OAUTH",
        account_fields: [{ field_name: "shop", is_path_param: true }],
        oauth_config: {
          authorize_uri: "https://example.com/oauth/authorize",
          token_uri: "https://example.com/oauth/token",
          available_scopes: [{ scope: "read_orders" }, { scope: "write_orders" }],
        },
      },
    ],
  });
}, 90000);

test("a duplicate scope is refused as it is typed and asked again; every answer before it is kept", async () => {
  const cwd = tempDir();
  const t = start(cwd, "--name", "My Shop", "--description", "Orders");
  await answer(t, "What is the upstream?", KEY.enter); // A REST API
  await answer(t, "Which auth does it use?", KEY.enter); // OAuth
  await answer(t, "Proxy URL", `https://shop.example.com${KEY.enter}`);
  await answer(t, "OAuth authorization endpoint", `https://shop.example.com/authorize${KEY.enter}`);
  await answer(t, "OAuth token endpoint", `https://shop.example.com/token${KEY.enter}`);
  await answer(t, "OAuth user info endpoint", KEY.enter);
  await answer(t, "OAuth scopes", `read, write, read${KEY.enter}`);
  await t.waitFor("scope names must be unique: remove one");
  expect(t.screen()).not.toMatch(/File format/);
  t.type("\u007f".repeat(", read".length) + KEY.enter);
  await answer(t, "File format", KEY.enter); // JSON
  await t.waitFor('Wrote definitions/my-shop.json: "My Shop" (OAUTH, JSON).');
  expect(await t.waitForEnd()).toBe(0);
  const [definition] = loadDefinitions(path.join(cwd, "definitions"));
  expect(definition.payload).toMatchObject(MY_SHOP_WRITTEN);
}, 90000);

test("flags given on a terminal are not asked again; arrows choose MCP with no auth, and YAML", async () => {
  const cwd = tempDir();
  const t = start(cwd, "--name", "Docs MCP", "--description", "Public docs");
  await answer(t, "What is the upstream?", `${KEY.down}${KEY.enter}`); // An MCP server
  await answer(t, "Which auth does it use?", `${KEY.down}${KEY.enter}`); // No auth
  await answer(t, "Proxy URL", `https://mcp.example.com${KEY.enter}`);
  await answer(t, "File format", `${KEY.down}${KEY.enter}`); // YAML
  await t.waitFor('Wrote definitions/docs-mcp.yaml: "Docs MCP" (NO_AUTH, YAML).');
  expect(await t.waitForEnd()).toBe(0);
  expect(t.screen()).not.toMatch(/Display name|Description:/);
  const [definition] = loadDefinitions(path.join(cwd, "definitions"));
  expect(definition.payload).toMatchObject({
    display_name: "Docs MCP",
    description: "Public docs",
    auth_patterns: [{ type: "NO_AUTH", is_mcp: true }],
  });
}, 90000);

test("Ctrl+C at a question ends with exit 2 and writes nothing", async () => {
  const cwd = tempDir();
  const t = start(cwd);
  await answer(t, "Display name", `My Api${KEY.enter}`);
  await answer(t, "Description", KEY.ctrlC);
  await t.waitFor("cancelled: nothing was written");
  expect(await t.waitForEnd()).toBe(2);
  expect(fs.existsSync(path.join(cwd, "definitions"))).toBe(false);
}, 90000);
