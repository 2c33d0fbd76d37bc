/**
 * The command-line router: declares the commands and their flags with commander, resolves credentials,
 * calls the command's plain function, hands the result to its printer, and turns whatever is thrown into an
 * exit code. It never exits: runCli returns the code and main.ts exits with it.
 *
 * commander@14: a maintained, dependency-free parser with generated --help, subcommands, "did you mean"
 * suggestions and exitOverride (so tests run it in-process). Version 14 still ships CommonJS (with an ESM
 * wrapper), so this CommonJS package loads it with a plain require; it needs Node 20, as this package does.
 */
import * as fs from "fs";
import * as path from "path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { FLAGGED_OPTIONS, NUMERIC_SETTINGS, namedDefault, parseNamedValue, redactSecrets, type FlaggedOption } from "../client";
import { compareDefinitions, compareExitCode, type CompareSide } from "./commands/compare";
import { emulatorCommand, emulatorFlags, emulatorSettings, type EmulatorFlags } from "./commands/emulator";
import { exportDefinitions, exportExitCode } from "./commands/export";
import { AUTH_CHOICES, FORMATS, newDefinition, QUESTIONS, UPSTREAMS } from "./commands/new";
import { reviewCommand, reviewExitCode } from "./commands/review";
import { validateDefinitions, validateExitCode } from "./commands/validate";
import { resolveCredentials, sideNames, type CredentialFlags, type Side } from "./credentials";
import type { ClientTuning } from "./environment";
import { ERROR_PREFIX, EXIT, ExitError, failure, type ExitCode } from "./exit";
import { inertIo, styleFor, type CliIo } from "./io";
import { formatCompare } from "./print/compare";
import { formatExport } from "./print/export";
import { formatNew } from "./print/new";
import { formatValidate } from "./print/validate";
import { terminalPrompter } from "./prompts";
import { COMPARE_HELP, EXPORT_HELP, HELP_FOOTER, NEW_HELP, REVIEW_HELP, VALIDATE_HELP } from "./help-text";
import { asJson } from "./print/format";
import { COMMENT_MAX_CHARACTERS } from "../review";
import { inert, inertText } from "../text";

/** How much of one line of an unexpected error's message is shown. */
const UNEXPECTED_LINE_MAX = 2000;

/** What an action needs besides its flags: the io, and the secrets to keep out of any output. */
export interface RunContext {
  io: CliIo;
  secrets: Set<string>;
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code: 0 done / same /
 * valid, 1 different (compare), not all written (export), invalid (validate), not written (new) or needs
 * attention (review), 2 error.
 * Never throws, never exits.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const secrets = new Set<string>();
  const guarded = guardOutput(inertIo(io), secrets);
  const ctx: RunContext = { io: guarded, secrets };
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: "user" });
    return EXIT.OK;
  } catch (err) {
    return report(err, guarded, argv);
  }
}

/** The commander program: `new`, `validate`, `export`, `compare`, `review`, `emulator`, plus `help` and --version. */
export function buildProgram(ctx: RunContext): Command {
  const { io } = ctx;
  const program = new Command("scalekit-providers")
    .description(
      "Scalekit custom providers (connectors) as code: write a first definition, validate definitions, export an environment to definition files, compare environments, review a preview for a pull request, run the local emulator.",
    )
    .version(packageVersion(), "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) })
    .addHelpText("after", HELP_FOOTER);

  program
    .command("new")
    .description("Write a first definition file: on a terminal it asks, in a script it takes flags. Never overwrites a file.")
    .option("--name <display name>", "the provider's display name (1-200 ASCII letters, digits and spaces); names the file")
    .option("--description <text>", 'shown to users (default "Connect to <name>")')
    .addOption(new Option("--upstream <kind>", "a REST API or an MCP server (default api)").choices(UPSTREAMS))
    .addOption(new Option("--auth <type>", "the upstream's auth (none: MCP servers only)").choices(AUTH_CHOICES))
    .option("--proxy-url <url>", "the upstream's base URL, https://; each {{name}} becomes a path-parameter field")
    .option("--authorize-uri <url>", "OAuth, REST API: the authorization endpoint")
    .option("--token-uri <url>", "OAuth, REST API: the token endpoint")
    .option("--user-info-uri <url>", "OAuth, REST API: the user info endpoint (optional)")
    .option("--scopes <list>", "OAuth: scopes, separated by commas or spaces (an MCP server discovers its own)")
    .option("--header <name>", "API key: the header that carries the key (default: Scalekit's)")
    .option("--prefix <text>", "API key: text put before the key, e.g. 'Token '")
    .addOption(new Option("--format <format>", "file format (default json)").choices(FORMATS))
    .option("--dir <folder>", "folder of the new file (default definitions)")
    .option("--out <file>", "write this file instead (.json, .yaml or .yml)")
    .option("--no-interactive", "never ask: take every answer from flags (always so without a terminal, and with --json)")
    .option("--json", "print the result as JSON")
    .option("--no-color", "plain output even on a terminal (also: NO_COLOR=1)")
    .addHelpText("after", NEW_HELP)
    .action(async (opts: Record<string, unknown>) => {
      const interactive = opts.interactive !== false && opts.json !== true && io.stdinIsTTY && io.stdout.isTTY === true;
      const given = Object.fromEntries(QUESTIONS.flatMap((q) => (typeof opts[q.key] === "string" ? [[q.key, opts[q.key]]] : [])));
      const result = await newDefinition({
        given,
        ...(interactive ? { prompter: terminalPrompter() } : {}),
        ...(typeof opts.dir === "string" ? { dir: opts.dir } : {}),
        ...(typeof opts.out === "string" ? { out: opts.out } : {}),
        cwd: io.cwd,
      });
      io.stdout.write(
        opts.json ? asJson(result) : formatNew(result, { style: styleFor(io.stdout, io.env, opts.color !== false), cwd: io.cwd }),
      );
    });

  program
    .command("validate")
    .description(
      "Check definition files as `pulumi preview` does (every rule, the folder rules), without Pulumi, network or credentials. Exit code 0 valid, 1 invalid, 2 error.",
    )
    .argument("[paths...]", "definition files and folders (default: definitions)")
    .option("--json", "print the result as JSON (for CI annotations)")
    .option("--no-color", "plain output even on a terminal (also: NO_COLOR=1)")
    .addHelpText("after", VALIDATE_HELP)
    .action((paths: string[], opts: Record<string, unknown>) => {
      const result = validateDefinitions({ paths, cwd: io.cwd });
      io.stdout.write(opts.json ? asJson(result) : formatValidate(result, styleFor(io.stdout, io.env, opts.color !== false)));
      finish(validateExitCode(result));
    });

  const exportCommand = program
    .command("export")
    .description("Write every custom provider of an environment into the definitions folder, one file per provider (never deletes a file).")
    .option("--dir <folder>", "definitions folder (created if missing)", "definitions")
    .option("--force", "overwrite files that differ from the environment (default: leave them and report them as skipped)");
  addEnvironmentOptions(exportCommand, "env", "Environment:");
  addCommonOptions(exportCommand);
  exportCommand.addHelpText("after", EXPORT_HELP).action(async (opts: Record<string, unknown>) => {
    const environment = await credentialsFor(ctx, "env", opts);
    const result = await exportDefinitions({
      environment,
      dir: opts.dir as string,
      cwd: io.cwd,
      force: opts.force === true,
      tuning: tuning(opts),
    });
    io.stdout.write(
      opts.json ? asJson(result) : formatExport(result, { style: styleFor(io.stdout, io.env, opts.color !== false), cwd: io.cwd }),
    );
    finish(exportExitCode(result));
  });

  const compareCommand = program
    .command("compare")
    .description(
      "Compare two environments (--from-… with --to-…), or the definitions folder (--dir) with one environment. Exit code 0 same, 1 different, 2 error.",
    )
    .option("--dir <folder>", "compare this definitions folder (as from) with the environment of --stack / --environment-url (as to)");
  addEnvironmentOptions(compareCommand, "from", "From environment (e.g. Dev):");
  addEnvironmentOptions(compareCommand, "to", "To environment (e.g. Production):");
  addEnvironmentOptions(compareCommand, "env", "Environment compared with --dir:");
  addCommonOptions(compareCommand);
  compareCommand.addHelpText("after", COMPARE_HELP).action(async (opts: Record<string, unknown>) => {
    const { from, to } = await compareSides(ctx, opts);
    const result = await compareDefinitions({ from, to, cwd: io.cwd, tuning: tuning(opts) });
    io.stdout.write(
      opts.json ? asJson(result) : formatCompare(result, { style: styleFor(io.stdout, io.env, opts.color !== false), cwd: io.cwd }),
    );
    finish(compareExitCode(result));
  });

  program
    .command("review")
    .description(
      "Turn the JSON of `pulumi preview --json` (one or more stacks) into a Markdown review for a pull request. Exit code 0 nothing needs attention, 1 something does (a replacement, a delete, a Dashboard edit `up` would overwrite, an error), 2 error.",
    )
    .argument(
      "<previews...>",
      "each stack's preview JSON: STACK=FILE (dev=preview-dev.json), FILE (the stack is its name without .json), or STACK=- for stdin",
    )
    .option(
      "--max-characters <count>",
      `cut the details so the review stays under this many characters; 0 for no limit (default ${COMMENT_MAX_CHARACTERS}, GitHub's comment limit)`,
      characterCount,
    )
    .option("--json", "print the review as data: per stack the counts and per provider its operation, changes and warnings (never cut)")
    .addHelpText("after", REVIEW_HELP)
    .action(async (previews: string[], opts: Record<string, unknown>) => {
      const review = await reviewCommand({
        previews,
        cwd: io.cwd,
        readStdin: (maxBytes) => io.readStdin(maxBytes),
        ...(typeof opts.maxCharacters === "number" ? { maxCharacters: opts.maxCharacters } : {}),
      });
      io.stdout.write(opts.json ? review.json : review.markdown);
      finish(reviewExitCode(review));
    });

  emulatorFlags(program.command("emulator"))
    .description("Run the local Scalekit API emulator on 127.0.0.1 until Ctrl+C (also: npm run emulator).")
    .action(async (opts: EmulatorFlags) => {
      await emulatorCommand(emulatorSettings(opts, io.env), io);
    });
  return program;
}

/** --json, the flags of the client settings table (timeout, retries), --no-color. */
function addCommonOptions(command: Command): void {
  command.option("--json", "print the result as JSON (for scripts and CI)");
  for (const option of FLAGGED_OPTIONS) {
    const { flag } = NUMERIC_SETTINGS[option].named;
    const fallback = namedDefault(option);
    const description = fallback === undefined ? flag.description : `${flag.description} (default ${fallback})`;
    command.option(`${flag.name} <${flag.placeholder}>`, description, settingArg(option, flag.name));
  }
  command.option("--no-color", "plain output even on a terminal (also: NO_COLOR=1)");
}

/** `--max-characters`: a whole number, 0 for no limit. */
function characterCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError("must be a whole number of characters (0 for no limit)");
  return Number(value);
}

/** A client setting's flag, checked and worded as the setting is everywhere, its value in the option's unit. */
function settingArg(option: FlaggedOption, flag: string): (value: string) => number {
  return (value) => {
    const parsed = parseNamedValue(option, value, flag);
    if ("problem" in parsed) throw new InvalidArgumentError(parsed.problem);
    return parsed.value;
  };
}

/** The credential flags of one side; the variables are listed in each flag's help. */
function addEnvironmentOptions(command: Command, side: Side, group: string): void {
  const n = sideNames(side);
  const option = (flags: string, description: string) => new Option(flags, description).helpGroup(group);
  command
    .addOption(option(`${n.stackFlag} <stack>`, "take the URL and client id from this Pulumi stack's Pulumi.<stack>.yaml"))
    .addOption(option(`${n.urlFlag} <url>`, `environment URL (env ${n.urlEnv})`))
    .addOption(option(`${n.clientIdFlag} <id>`, `client id (env ${n.clientIdEnv})`))
    .addOption(
      option(`${n.secretFlag} <secret>`, `client secret; lands in shell history: prefer env ${n.secretEnv} or ${n.secretStdinFlag}`),
    )
    .addOption(option(n.secretStdinFlag, "read the client secret from stdin (a pipe)"));
}

/** The credential flags of `side` from commander's parsed options. */
function flagsOf(opts: Record<string, unknown>, side: Side): CredentialFlags {
  const n = sideNames(side);
  const str = (flag: string) => (typeof opts[attributeOf(flag)] === "string" ? (opts[attributeOf(flag)] as string) : undefined);
  return {
    stack: str(n.stackFlag),
    environmentUrl: str(n.urlFlag),
    clientId: str(n.clientIdFlag),
    clientSecret: str(n.secretFlag),
    clientSecretStdin: opts[attributeOf(n.secretStdinFlag)] === true,
  };
}

function givenFlags(opts: Record<string, unknown>, side: Side): string[] {
  const f = flagsOf(opts, side);
  const n = sideNames(side);
  return [
    ...(f.stack !== undefined ? [n.stackFlag] : []),
    ...(f.environmentUrl !== undefined ? [n.urlFlag] : []),
    ...(f.clientId !== undefined ? [n.clientIdFlag] : []),
    ...(f.clientSecret !== undefined ? [n.secretFlag] : []),
    ...(f.clientSecretStdin ? [n.secretStdinFlag] : []),
  ];
}

/** Resolves a side's credentials, prints their warnings, and remembers the secret so no output shows it. */
async function credentialsFor(ctx: RunContext, side: Side, opts: Record<string, unknown>) {
  const { credentials, warnings } = await resolveCredentials(side, flagsOf(opts, side), ctx.io);
  ctx.secrets.add(credentials.clientSecret);
  const style = styleFor(ctx.io.stderr, ctx.io.env, opts.color !== false);
  for (const w of warnings) ctx.io.stderr.write(`${style.yellow(w)}\n`);
  return credentials;
}

/**
 * The two sides of `compare`: with --dir, the folder (from) and the environment of the unprefixed flags
 * (to); otherwise the --from-… and --to-… environments.
 * @throws ExitError (exit 2) for flags of the wrong group, or both sides reading stdin
 */
async function compareSides(ctx: RunContext, opts: Record<string, unknown>): Promise<{ from: CompareSide; to: CompareSide }> {
  const prefixed = [...givenFlags(opts, "from"), ...givenFlags(opts, "to")];
  const plain = givenFlags(opts, "env");
  if (typeof opts.dir === "string") {
    if (prefixed.length > 0) {
      throw failure(
        `--dir compares the folder with one environment, given by --stack, --environment-url and --client-id (or SCALEKIT_*); ${prefixed.join(", ")} belong to comparing two environments`,
      );
    }
    return { from: { kind: "folder", dir: opts.dir }, to: { kind: "environment", environment: await credentialsFor(ctx, "env", opts) } };
  }
  if (plain.length > 0) {
    throw failure(
      `${plain.join(", ")}: comparing two environments takes prefixed flags (--from-stack dev --to-stack prod, --from-url …, --to-url …); ` +
        "to compare the definitions folder with this environment, add --dir definitions",
    );
  }
  const sideVariables = Object.entries(ctx.io.env).some(([k, v]) => /^SCALEKIT_(FROM|TO)_/.test(k) && v);
  if (prefixed.length === 0 && !sideVariables) {
    throw failure(
      "compare needs two sides: two environments (--from-stack dev --to-stack prod, or --from-url … --to-url … with SCALEKIT_FROM_CLIENT_SECRET " +
        "and SCALEKIT_TO_CLIENT_SECRET), or the definitions folder and one environment (--dir definitions --stack dev). See scalekit-providers compare --help.",
    );
  }
  if (flagsOf(opts, "from").clientSecretStdin && flagsOf(opts, "to").clientSecretStdin) {
    throw failure(
      "only one side can read its client secret from stdin: give the other one in SCALEKIT_FROM_CLIENT_SECRET or SCALEKIT_TO_CLIENT_SECRET",
    );
  }
  const from = await credentialsFor(ctx, "from", opts);
  const to = await credentialsFor(ctx, "to", opts);
  return { from: { kind: "environment", environment: from }, to: { kind: "environment", environment: to } };
}

/** The client settings given as flags (already in the options' units). */
function tuning(opts: Record<string, unknown>): ClientTuning {
  const given = FLAGGED_OPTIONS.flatMap((option) => {
    const value = opts[attributeOf(NUMERIC_SETTINGS[option].named.flag.name)];
    return typeof value === "number" ? [[option, value] as const] : [];
  });
  return Object.fromEntries(given);
}

/** Where commander keeps a flag's value: `--max-retries` → `maxRetries`. */
function attributeOf(flag: string): string {
  return flag.replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Ends the action with `code` when it is not 0 (the result is already printed). */
function finish(code: ExitCode): void {
  if (code !== EXIT.OK) throw new ExitError(code);
}

/** Prints what ended the run (once) and returns its exit code. */
function report(err: unknown, io: CliIo, argv: readonly string[]): number {
  const json = argv.includes("--json");
  const style = styleFor(io.stderr, io.env, !argv.includes("--no-color"));
  // --json carries the message as stderr shows it: text for people, so rendered inert as data too.
  const printJsonError = (message: string, code: number) => {
    if (json) io.stdout.write(asJson({ error: { message: inertText(message), exitCode: code } }));
  };
  const printError = (message: string, code: number) => {
    io.stderr.write(`${style.red(ERROR_PREFIX)} ${message}\n`);
    printJsonError(message, code);
  };
  if (err instanceof ExitError) {
    if (err.message) printError(err.message, err.exitCode);
    return err.exitCode;
  }
  if (err instanceof CommanderError) {
    // commander has printed the message or the help text already.
    if (err.exitCode === 0) return EXIT.OK;
    const message = err.message.startsWith(`${ERROR_PREFIX} `) ? err.message.slice(ERROR_PREFIX.length + 1) : err.message;
    printJsonError(message, EXIT.ERROR);
    return EXIT.ERROR;
  }
  // An unexpected error's message may quote a path or text from outside: each line is shown inert.
  const message = err instanceof Error ? err.message : String(err);
  printError(
    message
      .split("\n")
      .map((line) => inert(line, UNEXPECTED_LINE_MAX))
      .join("\n"),
    EXIT.ERROR,
  );
  return EXIT.ERROR;
}

/**
 * The io with every known client secret replaced in whatever is written, as a last line of defence: before the
 * rendering of `io` (inertIo), which would change a secret holding a control character.
 */
function guardOutput(io: CliIo, secrets: Set<string>): CliIo {
  const wrap = (stream: CliIo["stdout"]): CliIo["stdout"] => ({
    isTTY: stream.isTTY,
    write: (text: string) => stream.write(redactSecrets(text, secrets)),
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}

function packageVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(__dirname, "../../package.json"), "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}
