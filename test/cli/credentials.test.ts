/** Where the CLI takes an environment's URL and credentials from: flags, then variables, then a stack file. */
import * as fs from "fs";
import * as path from "path";
import { inspect } from "util";
import { resolveCredentials } from "../../src/cli/credentials";
import { failureOf, tempDir } from "./helpers";

const SECRET = "sks_cred_test_secret_9f8e7d";

/** A Pulumi project folder with Pulumi.yaml and the given stack files. */
function project(stacks: Record<string, string>, projectYaml = "name: scalekit-providers\nruntime: nodejs\n"): string {
  const dir = tempDir("scalekit-project-");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), projectYaml);
  for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), text);
  return dir;
}

const DEV_STACK = [
  "config:",
  "  scalekit:environmentUrl: https://acme-dev.scalekit.dev",
  "  scalekit:clientId: skc_dev_from_stack",
  "  scalekit:clientSecret:",
  "    secure: v1:AAAABBBBCCCC",
  "",
].join("\n");

function io(env: Record<string, string> = {}, cwd = tempDir(), stdin?: { text?: string; tty?: boolean }) {
  return { env, cwd, stdinIsTTY: stdin?.tty ?? false, readStdin: async () => stdin?.text ?? "" };
}

describe("resolveCredentials", () => {
  test("flags come first, then SCALEKIT_* variables, then the stack file; each value records its source", async () => {
    const cwd = project({ dev: DEV_STACK });
    const env = { SCALEKIT_CLIENT_ID: "skc_from_env", SCALEKIT_CLIENT_SECRET: SECRET };
    const { credentials } = await resolveCredentials("env", { stack: "dev", environmentUrl: "https://flag.scalekit.dev" }, io(env, cwd));
    expect(credentials).toMatchObject({
      label: "dev",
      environmentUrl: "https://flag.scalekit.dev",
      clientId: "skc_from_env",
      clientSecret: SECRET,
    });
    expect(credentials.sources).toEqual({
      environmentUrl: "--environment-url",
      clientId: "SCALEKIT_CLIENT_ID",
      clientSecret: "SCALEKIT_CLIENT_SECRET",
    });

    const fromStack = await resolveCredentials("env", { stack: "dev" }, io({ SCALEKIT_CLIENT_SECRET: SECRET }, cwd));
    expect(fromStack.credentials).toMatchObject({ environmentUrl: "https://acme-dev.scalekit.dev", clientId: "skc_dev_from_stack" });
    expect(fromStack.credentials.sources.environmentUrl).toBe("Pulumi.dev.yaml");
    expect(fromStack.warnings).toEqual([]);
  });

  test("the stack file is found from a subfolder of the project, and a fully qualified stack name works", async () => {
    const cwd = project({ dev: DEV_STACK });
    const sub = path.join(cwd, "definitions");
    fs.mkdirSync(sub);
    const { credentials } = await resolveCredentials(
      "env",
      { stack: "acme/scalekit-providers/dev" },
      io({ SCALEKIT_CLIENT_SECRET: SECRET }, sub),
    );
    expect(credentials.clientId).toBe("skc_dev_from_stack");
    expect(credentials.label).toBe("dev");
  });

  test("Pulumi.yaml's stackConfigDir is where stack files are read", async () => {
    const cwd = project({}, "name: p\nruntime: nodejs\nstackConfigDir: stacks\n");
    fs.mkdirSync(path.join(cwd, "stacks"));
    fs.writeFileSync(
      path.join(cwd, "stacks", "Pulumi.prod.yaml"),
      "config:\n  scalekit:environmentUrl: https://acme.scalekit.com\n  scalekit:clientId: skc_prod\n",
    );
    const { credentials } = await resolveCredentials("env", { stack: "prod" }, io({ SCALEKIT_CLIENT_SECRET: SECRET }, cwd));
    expect(credentials.environmentUrl).toBe("https://acme.scalekit.com");
  });

  test("the encrypted secret of a stack file is never read: the error says so and how to pass it instead", async () => {
    const cwd = project({ dev: DEV_STACK });
    const err = await failureOf(resolveCredentials("env", { stack: "dev" }, io({}, cwd)));
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/client secret: set SCALEKIT_CLIENT_SECRET or pipe it to --client-secret-stdin/);
    expect(err.message).toMatch(/encrypted by Pulumi/);
    expect(err.message).toContain('export SCALEKIT_CLIENT_SECRET="$(pulumi config get scalekit:clientSecret --stack dev)"');
    expect(err.message).not.toContain("v1:AAAABBBBCCCC");
  });

  test("a variable that overrides a different stack file value is used, with a warning naming both", async () => {
    const cwd = project({ dev: DEV_STACK });
    const env = { SCALEKIT_ENVIRONMENT_URL: "http://127.0.0.1:9", SCALEKIT_CLIENT_SECRET: SECRET };
    const { credentials, warnings } = await resolveCredentials("env", { stack: "dev" }, io(env, cwd));
    expect(credentials.environmentUrl).toBe("http://127.0.0.1:9");
    expect(warnings).toEqual([
      expect.stringMatching(/SCALEKIT_ENVIRONMENT_URL .*127\.0\.0\.1:9.* is used, not scalekit:environmentUrl .*acme-dev/),
    ]);
  });

  test("--client-secret works but warns about shell history without repeating the secret", async () => {
    const { credentials, warnings } = await resolveCredentials(
      "env",
      { environmentUrl: "https://a.scalekit.dev", clientId: "skc", clientSecret: SECRET },
      io(),
    );
    expect(credentials.clientSecret).toBe(SECRET);
    expect(credentials.sources.clientSecret).toBe("--client-secret");
    expect(warnings).toEqual([expect.stringMatching(/shell history.*SCALEKIT_CLIENT_SECRET.*--client-secret-stdin/)]);
    expect(warnings.join()).not.toContain(SECRET);
  });

  test("--client-secret-stdin reads the secret from a pipe, trimmed", async () => {
    const { credentials, warnings } = await resolveCredentials(
      "env",
      { environmentUrl: "https://a.scalekit.dev", clientId: "skc", clientSecretStdin: true },
      io({}, tempDir(), { text: `${SECRET}\n` }),
    );
    expect(credentials.clientSecret).toBe(SECRET);
    expect(credentials.sources.clientSecret).toBe("stdin");
    expect(warnings).toEqual([]);
  });

  test("--client-secret-stdin refuses a terminal, an empty pipe, and being combined with --client-secret", async () => {
    const flags = { environmentUrl: "https://a.scalekit.dev", clientId: "skc", clientSecretStdin: true };
    expect((await failureOf(resolveCredentials("env", flags, io({}, tempDir(), { tty: true })))).message).toMatch(
      /from a pipe, not from the terminal/,
    );
    expect((await failureOf(resolveCredentials("env", flags, io({}, tempDir(), { text: "\n" })))).message).toMatch(/stdin was empty/);
    expect((await failureOf(resolveCredentials("env", { ...flags, clientSecret: SECRET }, io()))).message).toMatch(/not both/);
  });

  test("each side of a comparison has its own flags and variables and ignores the unprefixed ones", async () => {
    const env = {
      SCALEKIT_ENVIRONMENT_URL: "https://plain.scalekit.dev",
      SCALEKIT_CLIENT_ID: "skc_plain",
      SCALEKIT_CLIENT_SECRET: "plain-secret",
      SCALEKIT_FROM_ENVIRONMENT_URL: "https://from.scalekit.dev",
      SCALEKIT_FROM_CLIENT_ID: "skc_from",
      SCALEKIT_FROM_CLIENT_SECRET: "from-secret",
      SCALEKIT_TO_CLIENT_SECRET: "to-secret",
    };
    const from = await resolveCredentials("from", {}, io(env));
    expect(from.credentials).toMatchObject({
      environmentUrl: "https://from.scalekit.dev",
      clientId: "skc_from",
      clientSecret: "from-secret",
    });
    const to = await resolveCredentials("to", { environmentUrl: "https://to.scalekit.dev", clientId: "skc_to" }, io(env));
    expect(to.credentials).toMatchObject({ clientSecret: "to-secret" });
    expect(to.credentials.sources).toEqual({
      environmentUrl: "--to-url",
      clientId: "--to-client-id",
      clientSecret: "SCALEKIT_TO_CLIENT_SECRET",
    });
    const missing = await failureOf(resolveCredentials("to", {}, io({ SCALEKIT_ENVIRONMENT_URL: "https://plain.scalekit.dev" })));
    expect(missing.message).toMatch(/the "to" environment/);
    expect(missing.message).toMatch(/pass --to-url or set SCALEKIT_TO_ENVIRONMENT_URL, or name a Pulumi stack with --to-stack/);
    expect(missing.message).toMatch(/set SCALEKIT_TO_CLIENT_SECRET or pipe it to --to-client-secret-stdin/);
  });

  test("every missing value is listed at once, each with where to give it", async () => {
    const err = await failureOf(resolveCredentials("env", {}, io()));
    expect(err.exitCode).toBe(2);
    expect(err.message.split("\n")).toEqual([
      "missing credentials for the Scalekit environment:",
      expect.stringMatching(/^ {2}environment URL: pass --environment-url or set SCALEKIT_ENVIRONMENT_URL/),
      expect.stringMatching(/^ {2}client id: pass --client-id or set SCALEKIT_CLIENT_ID/),
      expect.stringMatching(/^ {2}client secret: set SCALEKIT_CLIENT_SECRET/),
    ]);
  });

  test("a missing stack file names the stacks that exist; no Pulumi project is said plainly", async () => {
    const cwd = project({ dev: DEV_STACK, prod: "config: {}\n" });
    expect((await failureOf(resolveCredentials("env", { stack: "staging" }, io({}, cwd)))).message).toMatch(
      /Pulumi\.staging\.yaml does not exist \(stacks with a config file there: dev, prod\)/,
    );
    const empty = tempDir();
    expect((await failureOf(resolveCredentials("env", { stack: "dev" }, io({}, empty)))).message).toMatch(
      /no Pulumi project \(Pulumi\.yaml\)/,
    );
  });

  test("the secret never shows in JSON, string conversion or a spread of the credentials", async () => {
    const { credentials } = await resolveCredentials(
      "env",
      { environmentUrl: "https://a.scalekit.dev", clientId: "skc" },
      io({ SCALEKIT_CLIENT_SECRET: SECRET }),
    );
    expect(JSON.stringify(credentials)).not.toContain(SECRET);
    expect(JSON.stringify({ ...credentials })).not.toContain(SECRET);
    expect(inspect(credentials)).not.toContain(SECRET);
    expect(credentials.clientSecret).toBe(SECRET);
  });
});
