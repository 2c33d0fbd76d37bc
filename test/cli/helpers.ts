/**
 * Shared set-up of the CLI tests: two emulators standing for the Dev and Production environments, a
 * captured io for running the CLI in-process, credentials for an emulator, and temporary project folders.
 */
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { environmentCredentials, type EnvironmentCredentials } from "../../src/cli/credentials";
import { Command } from "commander";
import { emulatorFlags, emulatorSettings, type EmulatorFlags, type EmulatorSettings } from "../../src/cli/commands/emulator";
import type { CliIo } from "../../src/cli/io";
import { runCli } from "../../src/cli/router";
import { ExitError } from "../../src/cli/exit";
import { examples as documentedExamples } from "../helpers/examples";
import { payloadOfDocument } from "../../src/schema";

export const REPO_ROOT = path.resolve(__dirname, "../..");
/** The documented example payloads by file name without extension (see test/helpers/examples.ts). */
export function examples(): Record<string, Record<string, any>> {
  return documentedExamples();
}

/** A deep copy, to edit an example without touching the original. */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Client options that fail fast: no retries, short timeout (tests never wait on backoff). */
export const FAST = { maxRetries: 0, timeoutMs: 5000 } as const;

/** Starts a Dev and a Production emulator for the file, resets both before each test. */
export function useDevAndProd(): { dev(): RunningEmulator; prod(): RunningEmulator } {
  let dev: RunningEmulator | undefined;
  let prod: RunningEmulator | undefined;
  beforeAll(async () => {
    dev = await startEmulator({ port: 0, clientId: "skc_dev", clientSecret: "sks_dev_secret_value_0001" });
    prod = await startEmulator({ port: 0, clientId: "skc_prod", clientSecret: "sks_prod_secret_value_0002" });
  });
  beforeEach(() => {
    dev?.reset();
    prod?.reset();
  });
  afterAll(async () => {
    await dev?.stop();
    await prod?.stop();
  });
  return {
    dev: () => dev ?? fail("the Dev emulator is not running"),
    prod: () => prod ?? fail("the Production emulator is not running"),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Credentials for an emulator, as the CLI would resolve them. */
export function credentialsOf(emulator: RunningEmulator, label: string, secret = emulator.clientSecret): EnvironmentCredentials {
  return environmentCredentials({ label, environmentUrl: emulator.url, clientId: emulator.clientId, clientSecret: secret });
}

/** Environment variables pointing the unprefixed, `from` or `to` side at an emulator. */
export function envFor(emulator: RunningEmulator, side: "" | "FROM_" | "TO_" = ""): Record<string, string> {
  return {
    [`SCALEKIT_${side}ENVIRONMENT_URL`]: emulator.url,
    [`SCALEKIT_${side}CLIENT_ID`]: emulator.clientId,
    [`SCALEKIT_${side}CLIENT_SECRET`]: emulator.clientSecret,
  };
}

/** API requests the emulator received (control plane excluded), optionally of one kind. */
export function apiRequests(emulator: RunningEmulator, kind?: string) {
  return emulator.journal().filter((e) => e.kind !== "control" && (kind === undefined || e.kind === kind));
}

/** A fresh temporary folder. */
export function tempDir(prefix = "scalekit-cli-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface CapturedIo {
  io: CliIo;
  stdout(): string;
  stderr(): string;
}

/** An io writing into strings: not a terminal unless `tty`, environment and cwd as given, stdin as given. */
export function captureIo(
  opts: {
    env?: Record<string, string>;
    cwd?: string;
    tty?: boolean;
    stdin?: string;
    stdinIsTTY?: boolean;
    untilStopped?: () => Promise<unknown>;
  } = {},
): CapturedIo {
  let out = "";
  let err = "";
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false },
    env: opts.env ?? {},
    cwd: opts.cwd ?? tempDir(),
    stdinIsTTY: opts.stdinIsTTY ?? false,
    readStdin: async () => opts.stdin ?? "",
    ...(opts.untilStopped ? { untilStopped: opts.untilStopped } : {}),
  };
  return { io, stdout: () => out, stderr: () => err };
}

/** A 127.0.0.1 port with nothing listening on it (taken, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The payloads of a folder's JSON definition files (their `$schema` set aside, as the loader does), by file name. */
export function readDefinitions(dir: string): Record<string, any> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => [f, payloadOfDocument(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))]),
  );
}

/** Matches any ANSI escape sequence (colour codes). */
export const ANSI = /\u001b\[/;

/**
 * What `new` writes for the answers of the duplicate-scope scenario (new.test.ts with a prompt double, new.pty.test.ts
 * on a terminal): "My Shop", "Orders", OAuth to https://shop.example.com, scopes `read` and `write` once the
 * duplicate `read` is taken back.
 */
export const MY_SHOP_WRITTEN = {
  display_name: "My Shop",
  description: "Orders",
  proxy_url: "https://shop.example.com",
  auth_patterns: [
    {
      oauth_config: {
        authorize_uri: "https://shop.example.com/authorize",
        token_uri: "https://shop.example.com/token",
        available_scopes: [{ scope: "read" }, { scope: "write" }],
      },
    },
  ],
};

/** The ExitError `promise` rejects with; any other outcome fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<ExitError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ExitError) return err;
    throw err;
  }
  throw new Error("expected an ExitError");
}

/** The `emulator` command's settings from its flags and environment, as the router parses them (no emulator started). */
export function parseEmulatorArgs(argv: readonly string[], env: Record<string, string> = {}): EmulatorSettings {
  const command = emulatorFlags(new Command("emulator"))
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  command.parse([...argv], { from: "user" });
  return emulatorSettings(command.opts<EmulatorFlags>(), env);
}

/**
 * Runs `scalekit-providers emulator …` in-process until `stop()`; resolves once the banner is complete, with
 * the emulator's URL, the captured output and the exit code's promise (`done`).
 * @throws when the command ends before listening (its stderr in the message)
 */
export async function startCliEmulator(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  let release: () => void = () => undefined;
  const cap = captureIo({ ...opts, untilStopped: () => new Promise<void>((resolve) => (release = resolve)) });
  const done = runCli(["emulator", ...args], cap.io);
  const url = await new Promise<string>((resolve, reject) => {
    const watch = setInterval(() => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cap.stdout())?.[1];
      if (found && cap.stdout().includes("Press Ctrl+C")) {
        clearInterval(watch);
        resolve(found);
      }
    }, 10);
    void done.then((code) => {
      clearInterval(watch);
      reject(new Error(`the emulator exited (${code}) before listening: ${cap.stderr()}`));
    });
  });
  return { url, cap, done, stop: async () => (release(), done) };
}
