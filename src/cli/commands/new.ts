/**
 * `scalekit-providers new`: a first definition file from answers, as Scalekit's own agent skill starts: the
 * name, what the upstream is (REST API or MCP server), its auth type and what that type needs, the proxy URL.
 * The answers come from flags (in a script) or from questions (on a terminal, for what the flags left out);
 * both go through one table of questions. The payload is validated with the program's validation before one
 * file is created, never over an existing one.
 */
import * as fs from "fs";
import * as path from "path";
import { DEFINITION_EXTENSIONS, logicalName, nameProblem } from "../../program";
import {
  BUILTIN_PLACEHOLDERS,
  displayNameProblems,
  formatIssues,
  headerNameProblems,
  plainUrlProblems,
  proxyUrlProblems,
  scanPlaceholders,
  validatePayload,
  type AuthField,
  type AuthPattern,
  type ProviderPayload,
} from "../../schema";
import { EXIT, ExitError, failure } from "../exit";
import { fileSlug, readFolder, renderDefinition, slugify } from "../folder";
import { inert } from "../../text";
import { displayPath } from "../print/format";

export const UPSTREAMS = ["api", "mcp"] as const;
export const AUTH_CHOICES = ["oauth", "basic", "bearer", "api-key", "none"] as const;
export const FORMATS = ["json", "yaml"] as const;

/** Every answer, as a flag gives it (a string); `scopes` is a comma- or space-separated list. */
export interface NewAnswers {
  name: string;
  description: string;
  upstream: (typeof UPSTREAMS)[number];
  auth: (typeof AUTH_CHOICES)[number];
  proxyUrl: string;
  authorizeUri: string;
  tokenUri: string;
  userInfoUri: string;
  scopes: string;
  header: string;
  prefix: string;
  format: (typeof FORMATS)[number];
}

type Key = keyof NewAnswers;
type Given = { [K in Key]?: NewAnswers[K] };

/** What a question needs to ask on a terminal. */
export interface Prompter {
  /** Free text; `validate` returns a message to show, or undefined to accept. */
  input(message: string, options: { default?: string; validate?: (value: string) => string | undefined }): Promise<string>;
  select<T extends string>(message: string, choices: readonly { value: T; name: string }[], defaultValue?: T): Promise<T>;
}

interface Question {
  key: Key;
  flag: string;
  /** Whether the question applies to these answers; a flag given where it does not is a usage error. */
  when?: { test: (a: Given) => boolean; text: string };
  /** A required answer has no default: in a script its flag must be given. */
  required: (a: Given) => boolean;
  default?: (a: Given) => string;
  ask: (p: Prompter, a: Given, folder: FolderCheck) => Promise<string>;
}

/** Checks an answer against the folder it will be written to. */
interface FolderCheck {
  nameProblem(name: string): string | undefined;
}

const isOauthApi = { test: (a: Given) => a.auth === "oauth" && a.upstream !== "mcp", text: "--auth oauth with --upstream api" };
const first = (problems: string[]) => problems[0];
const optionalUrl = (url: string) => first(plainUrlProblems(url, "`proxy_url`"));
const requiredUrl = (url: string) => (url === "" ? "is required: an https:// URL" : optionalUrl(url));

const AUTH_NAMES: Record<NewAnswers["auth"], string> = {
  oauth: "OAuth",
  basic: "Basic (username and password)",
  bearer: "Bearer token",
  "api-key": "API key (with an optional header and prefix)",
  none: "No auth (MCP servers only)",
};

/** The questions in the order they are asked; flags fill the same keys. */
export const QUESTIONS: readonly Question[] = [
  {
    key: "name",
    flag: "--name",
    required: () => true,
    ask: (p, _a, folder) =>
      p.input("Display name (1-200 ASCII letters, digits and spaces):", {
        validate: (v) => first(displayNameProblems(v)) ?? folder.nameProblem(v),
      }),
  },
  {
    key: "description",
    flag: "--description",
    required: () => false,
    default: (a) => `Connect to ${a.name}`,
    ask: (p, a) => p.input("Description:", { default: `Connect to ${a.name}` }),
  },
  {
    key: "upstream",
    flag: "--upstream",
    required: () => false,
    default: () => "api",
    ask: (p) =>
      p.select("What is the upstream?", [
        { value: "api", name: "A REST API" },
        { value: "mcp", name: "An MCP server" },
      ]),
  },
  {
    key: "auth",
    flag: "--auth",
    required: () => true,
    ask: (p, a) => {
      const choices =
        a.upstream === "mcp" ? (["oauth", "none", "bearer", "api-key"] as const) : (["oauth", "basic", "bearer", "api-key"] as const);
      const name = (c: NewAnswers["auth"]) =>
        c === "oauth" && a.upstream === "mcp" ? "OAuth (discovery and dynamic client registration, PKCE)" : AUTH_NAMES[c];
      return p.select(
        "Which auth does it use?",
        choices.map((value) => ({ value, name: name(value) })),
      );
    },
  },
  {
    key: "proxyUrl",
    flag: "--proxy-url",
    required: () => true,
    ask: (p) =>
      p.input("Proxy URL (the upstream's base URL; {{name}} for a path parameter):", { validate: (v) => first(proxyUrlProblems(v)) }),
  },
  {
    key: "authorizeUri",
    flag: "--authorize-uri",
    when: isOauthApi,
    required: () => true,
    ask: (p) => p.input("OAuth authorization endpoint (https://…):", { validate: requiredUrl }),
  },
  {
    key: "tokenUri",
    flag: "--token-uri",
    when: isOauthApi,
    required: () => true,
    ask: (p) => p.input("OAuth token endpoint (https://…):", { validate: requiredUrl }),
  },
  {
    key: "userInfoUri",
    flag: "--user-info-uri",
    when: isOauthApi,
    required: () => false,
    default: () => "",
    ask: (p) => p.input("OAuth user info endpoint (optional):", { default: "", validate: optionalUrl }),
  },
  {
    key: "scopes",
    flag: "--scopes",
    when: { test: (a) => a.auth === "oauth", text: "--auth oauth" },
    required: () => false,
    default: () => "",
    ask: (p) => p.input("OAuth scopes, separated by commas or spaces (optional):", { default: "" }),
  },
  {
    key: "header",
    flag: "--header",
    when: { test: (a) => a.auth === "api-key", text: "--auth api-key" },
    required: () => false,
    default: () => "",
    ask: (p) =>
      p.input("Header that carries the key (optional; empty: Scalekit's default):", {
        default: "",
        validate: (v) => (v === "" ? undefined : first(headerNameProblems(v))),
      }),
  },
  {
    key: "prefix",
    flag: "--prefix",
    when: { test: (a) => a.auth === "api-key", text: "--auth api-key" },
    required: () => false,
    default: () => "",
    ask: (p) => p.input("Text before the key in that header, e.g. `Token ` (optional):", { default: "" }),
  },
  {
    key: "format",
    flag: "--format",
    required: () => false,
    default: () => "json",
    ask: (p) =>
      p.select("File format:", [
        { value: "json", name: "JSON" },
        { value: "yaml", name: "YAML" },
      ]),
  },
];

export interface NewOptions {
  /** Answers given as flags. */
  given: Given;
  /** Asks for what the flags left out; without it, a missing required answer is a usage error. */
  prompter?: Prompter;
  /** Folder the file goes to, relative to `cwd`. @default "definitions" */
  dir?: string;
  /** The file to write instead (its extension sets the format). */
  out?: string;
  /** @default process.cwd() */
  cwd?: string;
}

export interface NewResult {
  /** The file written, absolute. */
  file: string;
  displayName: string;
  authType: AuthPattern["type"];
  format: NewAnswers["format"];
  payload: ProviderPayload;
  nextSteps: string[];
  /** Why the file is not named after the display name (a name the loader refuses). */
  renamed?: string;
}

/**
 * Builds the definition from the answers, validates it, and creates its file.
 * @throws ExitError: exit 2 for a missing or inapplicable flag, or answers that make an invalid definition;
 *   exit 1 when the file, or a definition of the same provider, already exists (nothing is written)
 */
export async function newDefinition(options: NewOptions): Promise<NewResult> {
  const cwd = options.cwd ?? process.cwd();
  const target = targetOf(options, cwd);
  const folder = folderCheck(target.dir, target.file, cwd);
  const answers = await collect(options.given, options.prompter, folder);
  const format = target.format ?? answers.format;
  const named = fileSlug(answers.name);
  const file = target.file ?? path.join(target.dir, `${named.slug}.${format}`);
  const payload = buildPayload(answers);
  const result = validatePayload(payload, "wire");
  if (!result.ok) throw failure(`these answers do not make a valid definition:\n${formatIssues(result.issues, "  ")}`);
  const clash = folder.nameProblem(answers.name);
  if (clash) throw new ExitError(EXIT.DIFFERENT, clash);
  createExclusive(file, renderDefinition(payload, file), cwd);
  const shownDir = displayPath(path.dirname(file), cwd);
  return {
    file,
    displayName: payload.display_name,
    authType: payload.auth_patterns[0].type,
    format,
    payload,
    nextSteps: [
      `scalekit-providers validate${shownDir === "definitions" ? "" : ` ${shownDir}`}`,
      "pulumi preview --diff --stack dev",
      "pulumi up --stack dev",
    ],
    ...(target.file === undefined && named.renamed ? { renamed: named.renamed } : {}),
  };
}

/** The answers with flags first, then questions (on a terminal) or defaults (in a script). */
async function collect(given: Given, prompter: Prompter | undefined, folder: FolderCheck): Promise<NewAnswers> {
  const answers: Given = { ...given };
  const missing: string[] = [];
  for (const q of QUESTIONS) {
    const applies = q.when === undefined || q.when.test(answers);
    if (!applies) {
      if (given[q.key] !== undefined) throw failure(`${q.flag} applies only with ${q.when!.text}`);
      continue;
    }
    if (answers[q.key] !== undefined) continue;
    if (prompter) (answers as Record<Key, string>)[q.key] = await q.ask(prompter, answers, folder);
    else if (q.required(answers)) missing.push(q.flag);
    else (answers as Record<Key, string>)[q.key] = q.default!(answers);
  }
  if (missing.length > 0) {
    throw failure(
      `missing ${missing.join(", ")}: without a terminal, \`new\` takes its answers from flags (see scalekit-providers new --help)`,
    );
  }
  return answers as NewAnswers;
}

const PATTERN_NAMES: Record<AuthPattern["type"], string> = {
  OAUTH: "OAuth 2.0",
  BASIC: "Basic Auth",
  BEARER: "Bearer Token",
  API_KEY: "API Key",
  NO_AUTH: "No Auth",
};

const AUTH_TYPE: Record<NewAnswers["auth"], AuthPattern["type"]> = {
  oauth: "OAUTH",
  basic: "BASIC",
  bearer: "BEARER",
  "api-key": "API_KEY",
  none: "NO_AUTH",
};

/** The payload the answers describe (snake_case, as in Scalekit's docs); not validated here. */
export function buildPayload(a: NewAnswers): ProviderPayload {
  const type = AUTH_TYPE[a.auth];
  const mcp = a.upstream === "mcp";
  const text = (field_name: string, label: string, extra: Partial<AuthField> = {}): AuthField => ({
    field_name,
    label,
    input_type: "text",
    required: true,
    ...extra,
  });
  const secret = (field_name: string, label: string) => text(field_name, label, { input_type: "password" });
  // {{domain}} and {{version}} take their value from a field of that name; any other {{name}} is a path
  // parameter. OAUTH keeps them, as account-scoped values, in account_fields.
  const placeholders = scanPlaceholders(a.proxyUrl).names.map((name) =>
    text(name, label(name), (BUILTIN_PLACEHOLDERS as readonly string[]).includes(name) ? {} : { is_path_param: true }),
  );
  const credentials: Record<AuthPattern["type"], AuthField[]> = {
    OAUTH: [],
    BASIC: [text("username", "Username"), secret("password", "Password")],
    BEARER: [secret("token", "Bearer Token")],
    API_KEY: [secret("api_key", "API Key")],
    NO_AUTH: [],
  };
  const pattern: AuthPattern = {
    type,
    display_name: mcp && type === "OAUTH" ? "OAuth 2.1/DCR" : PATTERN_NAMES[type],
    description: `Authenticate with ${a.name}${type === "NO_AUTH" ? ": no credentials required" : ` using ${PATTERN_NAMES[type]}`}`,
    ...(mcp ? { is_mcp: true } : {}),
  };
  if (type === "OAUTH") {
    const scopes = a.scopes.split(/[\s,]+/).filter((s) => s !== "");
    pattern.fields = [];
    if (placeholders.length > 0) pattern.account_fields = placeholders;
    // An MCP server advertises its endpoints: Scalekit discovers them and registers a client (DCR, PKCE).
    pattern.oauth_config = mcp
      ? { pkce_enabled: true }
      : { authorize_uri: a.authorizeUri, token_uri: a.tokenUri, ...(a.userInfoUri ? { user_info_uri: a.userInfoUri } : {}) };
    if (scopes.length > 0) pattern.oauth_config.available_scopes = scopes.map((scope) => ({ scope, display_name: scope }));
  } else {
    pattern.fields = [...placeholders, ...credentials[type]];
  }
  if (type === "API_KEY") {
    if (a.header) pattern.auth_header_key_override = a.header;
    if (a.prefix) pattern.auth_field_mutations = { api_key: { prefix: a.prefix } };
  }
  return { display_name: a.name, description: a.description, auth_patterns: [pattern], proxy_url: a.proxyUrl, proxy_enabled: true };
}

/** `workspace_id` → `Workspace Id`. */
function label(name: string): string {
  return name
    .split(/[_-]+/)
    .filter((w) => w !== "")
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(" ");
}

/** Where the file goes: --out (its extension sets the format) or a name made from the display name in --dir. */
function targetOf(options: NewOptions, cwd: string): { dir: string; file?: string; format?: NewAnswers["format"] } {
  if (options.out === undefined) return { dir: path.resolve(cwd, options.dir ?? "definitions") };
  const file = path.resolve(cwd, options.out);
  const ext = path.extname(file).toLowerCase();
  if (!DEFINITION_EXTENSIONS.includes(ext))
    throw failure(`--out ${inert(options.out)}: a definition file ends in ${DEFINITION_EXTENSIONS.join(", ")}`);
  const problem = nameProblem(logicalName(file));
  if (problem) throw failure(`--out ${inert(options.out)}: ${inert(problem)}: choose another file name`);
  const format = ext === ".json" ? "json" : "yaml";
  if (options.given.format !== undefined && options.given.format !== format) {
    throw failure(`--format ${options.given.format} does not match --out ${inert(options.out)}: drop one of them`);
  }
  if (options.dir !== undefined) throw failure("--out names the file, folder included: drop --dir");
  return { dir: path.dirname(file), file, format };
}

/**
 * The folder's rules for a new provider (the program refuses two files with one display name, or with one
 * logical name): answered before the questions go on, so a terminal user can pick another name.
 * @throws ExitError (exit 1) when --out names a file that exists (under any definition extension)
 */
function folderCheck(dir: string, out: string | undefined, cwd: string): FolderCheck {
  const entries = readFolder(dir);
  const shown = (file: string) => displayPath(path.join(dir, file), cwd);
  // Compared without case: on a case-insensitive file system, My-Api.json and my-api.json are one file.
  const holding = (logical: string) => entries.find((e) => logicalName(e.file).toLowerCase() === logical.toLowerCase());
  const taken = out === undefined ? undefined : holding(logicalName(out));
  if (taken)
    throw new ExitError(EXIT.DIFFERENT, `${shown(taken.file)} already exists: \`new\` never overwrites a file; choose another --out`);
  return {
    nameProblem(name) {
      const same = entries.find((e) => e.displayName === name);
      if (same) return `${shown(same.file)} already defines "${name}": edit that file, or choose another display name`;
      const file = out === undefined ? holding(slugify(name)) : undefined;
      if (file) return `${shown(file.file)} already exists: \`new\` never overwrites a file; choose another display name, or --out`;
      return undefined;
    },
  };
}

/**
 * Creates `file` with `text` only if it does not exist: written to a temporary file, then hard-linked to its
 * name (which fails when the name is taken), so the file never exists half-written and is never replaced.
 * @throws ExitError: exit 1 when the file exists, exit 2 when it cannot be written
 */
function createExclusive(file: string, text: string, cwd: string): void {
  const shown = displayPath(file, cwd);
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, text, { encoding: "utf8", flag: "wx" });
    fs.linkSync(temporary, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST" && fs.existsSync(file)) {
      throw new ExitError(
        EXIT.DIFFERENT,
        `${shown} already exists: \`new\` never overwrites a file; choose another display name, or --out`,
      );
    }
    throw failure(`cannot write ${shown}: ${(err as Error).message}`);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}
