/**
 * Where the CLI finds an environment's URL and API credentials, in this order for each value: a flag, then
 * an environment variable, then (URL and client id only) the config file of the Pulumi stack named with
 * --stack. The client secret is never read from a stack file: Pulumi stores it encrypted. A secret given as a
 * flag works but is warned about (it lands in shell history and the process list); the environment variable
 * or --client-secret-stdin keep it out of both.
 *
 * Commands that read two environments (`compare`) take each side with its own prefix: --from-url,
 * --from-client-id, --from-stack, SCALEKIT_FROM_CLIENT_SECRET, and the same with `to`.
 */
import * as path from "path";
import { CREDENTIALS } from "../client";
import { inert, shownUrl } from "../text";
import { failure } from "./exit";
import type { CliIo } from "./io";
import { readStackFile, stackValue, type StackFile } from "./stack-file";

/** Which environment of the command: the only one (`env`), or a side of a comparison. */
export type Side = "env" | "from" | "to";

/** The credential flags of one side, as parsed. */
export interface CredentialFlags {
  environmentUrl?: string;
  clientId?: string;
  clientSecret?: string;
  clientSecretStdin?: boolean;
  stack?: string;
}

/** The flag and variable names of one side, for parsing and for messages. */
export interface SideNames {
  urlFlag: string;
  clientIdFlag: string;
  secretFlag: string;
  secretStdinFlag: string;
  stackFlag: string;
  urlEnv: string;
  clientIdEnv: string;
  secretEnv: string;
}

export function sideNames(side: Side): SideNames {
  if (side === "env") {
    return {
      urlFlag: "--environment-url",
      clientIdFlag: "--client-id",
      secretFlag: "--client-secret",
      secretStdinFlag: "--client-secret-stdin",
      stackFlag: "--stack",
      urlEnv: CREDENTIALS.environmentUrl.envVar,
      clientIdEnv: CREDENTIALS.clientId.envVar,
      secretEnv: CREDENTIALS.clientSecret.envVar,
    };
  }
  const env = `SCALEKIT_${side.toUpperCase()}`;
  return {
    urlFlag: `--${side}-url`,
    clientIdFlag: `--${side}-client-id`,
    secretFlag: `--${side}-client-secret`,
    secretStdinFlag: `--${side}-client-secret-stdin`,
    stackFlag: `--${side}-stack`,
    urlEnv: `${env}_ENVIRONMENT_URL`,
    clientIdEnv: `${env}_CLIENT_ID`,
    secretEnv: `${env}_CLIENT_SECRET`,
  };
}

/** Where each value came from: a flag, a variable, `stdin`, or a stack file's name. Never the value itself. */
export interface CredentialSources {
  environmentUrl: string;
  clientId: string;
  clientSecret: string;
}

/** One environment to talk to. The secret is not enumerable: JSON.stringify and console.log never show it. */
export interface EnvironmentCredentials {
  /** How the output names it: the stack name, else the URL's host. */
  readonly label: string;
  readonly environmentUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly sources: CredentialSources;
}

/** Builds credentials whose secret stays out of JSON, logs and object spreads. */
export function environmentCredentials(
  fields: Omit<EnvironmentCredentials, "label" | "sources"> & Partial<Pick<EnvironmentCredentials, "label" | "sources">>,
): EnvironmentCredentials {
  const credentials = {
    label: fields.label ?? hostOf(fields.environmentUrl),
    environmentUrl: fields.environmentUrl,
    clientId: fields.clientId,
    sources: fields.sources ?? { environmentUrl: "given", clientId: "given", clientSecret: "given" },
  };
  Object.defineProperty(credentials, "clientSecret", { value: fields.clientSecret, enumerable: false });
  return credentials as EnvironmentCredentials;
}

export interface ResolvedCredentials {
  credentials: EnvironmentCredentials;
  /** For stderr: a secret given as a flag, a stack file value overridden by a variable. */
  warnings: string[];
}

type Io = Pick<CliIo, "env" | "cwd" | "readStdin" | "stdinIsTTY">;

/**
 * Resolves one side's environment from its flags, the environment variables and its stack file.
 * @throws ExitError (exit 2) listing every missing value with where it can be given, or when a stack file
 *   cannot be read, or both --client-secret and --client-secret-stdin are given, or stdin is a terminal.
 */
export async function resolveCredentials(side: Side, flags: CredentialFlags, io: Io): Promise<ResolvedCredentials> {
  const names = sideNames(side);
  const warnings: string[] = [];
  const read = flags.stack !== undefined && flags.stack !== "" ? readStackFile(flags.stack, io.cwd) : undefined;
  // Messages and sources name the stack file as the user would: relative to where they are.
  const stackFile = read && { ...read, file: shownPath(read.file, io.cwd) };
  const fromEnv = (name: string) => nonEmpty(io.env[name]);

  // `show` is how the value may appear in a warning: a URL without its user-info, which may hold a password.
  const pick = (
    flagValue: string | undefined,
    flag: string,
    envVar: string,
    configKey: string,
    what: string,
    show: (v: string) => string,
  ) => {
    if (nonEmpty(flagValue)) return { value: flagValue!.trim(), source: flag };
    const envValue = fromEnv(envVar);
    const stacked = stackFile ? stackValue(stackFile, configKey) : undefined;
    if (envValue !== undefined) {
      if (stacked?.kind === "plain" && stacked.value.trim() !== envValue) {
        warnings.push(
          `warning: ${envVar} (${what} ${show(envValue)}) is used, not ${configKey} of ${stackFile!.file} (${show(stacked.value)}): ` +
            `variables come before the stack file; unset ${envVar} to use the stack's.`,
        );
      }
      return { value: envValue, source: envVar };
    }
    if (stacked?.kind === "plain" && nonEmpty(stacked.value)) return { value: stacked.value.trim(), source: stackFile!.file };
    return { value: undefined, source: "", stacked };
  };

  const url = pick(flags.environmentUrl, names.urlFlag, names.urlEnv, CREDENTIALS.environmentUrl.configKey, "environment URL", shownUrl);
  const clientId = pick(flags.clientId, names.clientIdFlag, names.clientIdEnv, CREDENTIALS.clientId.configKey, "client id", inert);
  const secret = await readSecret(names, flags, io, warnings);

  const missing: string[] = [];
  const { environmentUrl: urlSetting, clientId: idSetting } = CREDENTIALS;
  if (url.value === undefined) {
    missing.push(
      `environment URL: ${whereToPut(names.urlFlag, names.urlEnv, names.stackFlag, urlSetting.configKey, stackFile, url.stacked)}`,
    );
  }
  if (clientId.value === undefined) {
    missing.push(
      `client id: ${whereToPut(names.clientIdFlag, names.clientIdEnv, names.stackFlag, idSetting.configKey, stackFile, clientId.stacked)}`,
    );
  }
  if (secret === undefined) missing.push(`client secret: ${secretHelp(names, stackFile)}`);
  if (missing.length > 0) {
    const which = side === "env" ? "the Scalekit environment" : `the "${side}" environment${stackFile ? ` (${flags.stack})` : ""}`;
    throw failure(`missing credentials for ${which}:\n${missing.map((m) => `  ${m}`).join("\n")}`);
  }
  const label = stackFile ? (stackFile.stack.split("/").pop() ?? stackFile.stack) : hostOf(url.value!);
  return {
    credentials: environmentCredentials({
      label,
      environmentUrl: url.value!,
      clientId: clientId.value!,
      clientSecret: secret!.value,
      sources: { environmentUrl: url.source, clientId: clientId.source, clientSecret: secret!.source },
    }),
    warnings,
  };
}

/**
 * The most --client-secret-stdin reads, in bytes. A Scalekit client secret is under 100 characters; 16 KiB
 * leaves room for any secret and its surrounding whitespace, while an endless stdin (`< /dev/zero`) is cut
 * off after 16 KiB instead of filling memory.
 */
export const SECRET_STDIN_MAX_BYTES = 16 * 1024;

/** The secret from --client-secret (warned), --client-secret-stdin, or the variable; undefined when none. */
async function readSecret(
  names: SideNames,
  flags: CredentialFlags,
  io: Io,
  warnings: string[],
): Promise<{ value: string; source: string } | undefined> {
  if (flags.clientSecret !== undefined && flags.clientSecretStdin) {
    throw failure(`give the client secret once: ${names.secretFlag} or ${names.secretStdinFlag}, not both`);
  }
  if (flags.clientSecret !== undefined) {
    warnings.push(
      `warning: ${names.secretFlag} puts the client secret in your shell history and the process list; ` +
        `set ${names.secretEnv} or pipe it to ${names.secretStdinFlag} instead.`,
    );
    return nonEmpty(flags.clientSecret) === undefined ? undefined : { value: flags.clientSecret.trim(), source: names.secretFlag };
  }
  if (flags.clientSecretStdin) {
    if (io.stdinIsTTY) {
      throw failure(
        `${names.secretStdinFlag} reads the secret from a pipe, not from the terminal (it would be shown as you type): ` +
          `e.g. pulumi config get ${CREDENTIALS.clientSecret.configKey} --stack dev | scalekit-providers … ${names.secretStdinFlag}`,
      );
    }
    const read = await io.readStdin(SECRET_STDIN_MAX_BYTES);
    if (Buffer.byteLength(read) > SECRET_STDIN_MAX_BYTES) {
      throw failure(
        `${names.secretStdinFlag}: stdin holds more than ${SECRET_STDIN_MAX_BYTES / 1024} KiB, far more than a client secret: ` +
          `pipe only the secret into the command (e.g. from \`pulumi config get ${CREDENTIALS.clientSecret.configKey}\`)`,
      );
    }
    const value = read.trim();
    if (value === "") throw failure(`${names.secretStdinFlag}: stdin was empty; pipe the client secret into the command`);
    return { value, source: "stdin" };
  }
  const envValue = nonEmpty(io.env[names.secretEnv]);
  return envValue === undefined ? undefined : { value: envValue, source: names.secretEnv };
}

function whereToPut(
  flag: string,
  envVar: string,
  stackFlag: string,
  configKey: string,
  stackFile: StackFile | undefined,
  stacked?: ReturnType<typeof stackValue>,
): string {
  const base = `pass ${flag} or set ${envVar}`;
  if (!stackFile) return `${base}, or name a Pulumi stack with ${stackFlag} (its ${configKey} is used)`;
  if (stacked?.kind === "secret") return `${base}: ${configKey} in ${stackFile.file} is encrypted and only Pulumi can read it`;
  if (stacked?.kind === "unusable") return `${base}: ${configKey} in ${stackFile.file} is not a plain string`;
  const esc = stackFile.importsEnvironments ? " (the stack imports Pulumi ESC environments, which only Pulumi can read)" : "";
  return `${base}, or set ${configKey} in ${stackFile.file}${esc}`;
}

function secretHelp(names: SideNames, stackFile: StackFile | undefined): string {
  const base = `set ${names.secretEnv} or pipe it to ${names.secretStdinFlag}`;
  if (!stackFile) return `${base} (each environment has its own, in the Scalekit Dashboard under API credentials)`;
  const stack = stackFile.stack;
  return (
    `${base}. The stack's ${CREDENTIALS.clientSecret.configKey} is encrypted by Pulumi and is never read from ${stackFile.file}; ` +
    `take it from Pulumi: export ${names.secretEnv}="$(pulumi config get ${CREDENTIALS.clientSecret.configKey} --stack ${stack})"`
  );
}

function shownPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

/** The URL's host, or the URL as shownUrl shows it when it has none: a label never carries user-info. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || shownUrl(url);
  } catch {
    return shownUrl(url);
  }
}
