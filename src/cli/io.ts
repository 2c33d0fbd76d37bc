/**
 * What the CLI touches of the outside world, passed in rather than reached for, so that tests run every
 * command in-process with captured output, a chosen environment and no real terminal.
 */
import pc from "picocolors";
import { inertText } from "../text";

/** The part of a writable stream the CLI uses. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal: output is coloured only then. */
  isTTY?: boolean;
}

export interface CliIo {
  /** Results (human text or --json). */
  stdout: OutputStream;
  /** Warnings, progress and errors: never mixed into --json output. */
  stderr: OutputStream;
  /** Environment variables (SCALEKIT_*, NO_COLOR, FORCE_COLOR, TERM). */
  env: Record<string, string | undefined>;
  /** Directory that relative paths (--dir, stack files) are resolved against. */
  cwd: string;
  /**
   * Reads stdin to its end (for --client-secret-stdin), or stops once it holds more than `maxBytes` and
   * returns what it read (more than `maxBytes`, so the caller can tell): an endless stdin never hangs it.
   */
  readStdin(maxBytes?: number): Promise<string>;
  /** Whether stdin is a terminal (a secret is then not read from it: it would echo). */
  stdinIsTTY: boolean;
  /** What `emulator` serves until; default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<unknown>;
}

/** The real process's streams, environment and working directory. */
export function nodeIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdinIsTTY: process.stdin.isTTY === true,
    readStdin: (maxBytes = Number.POSITIVE_INFINITY) =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const text = () => Buffer.concat(chunks).toString("utf8");
        process.stdin.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size > maxBytes) {
            process.stdin.destroy();
            resolve(text());
          }
        });
        process.stdin.on("end", () => resolve(text()));
        process.stdin.on("error", reject);
      }),
  };
}

/** The colours the printers use: their escape sequences are the only ones the writers let through. */
const PALETTE = ["bold", "dim", "red", "green", "yellow"] as const;

/** Colour functions (picocolors) of the palette, or the same functions returning their input unchanged. */
export type Style = Pick<ReturnType<typeof pc.createColors>, (typeof PALETTE)[number]>;

/** The exact sequences the palette writes (each colour's start and end), found by colouring a marker. */
const PALETTE_SEQUENCES: readonly string[] = (() => {
  const colours = pc.createColors(true);
  return [...new Set(PALETTE.flatMap((name) => colours[name]("\u0000").split("\u0000")))].filter((s) => s !== "");
})();

/**
 * The io whose stdout and stderr render whatever is written inert (inertText) at the point of writing: results,
 * warnings, errors, help, --json and the output of other tools alike, whatever the text's source. Newlines,
 * tabs and the palette's colours stay; every other control or bidi character is shown as `\u001b`. Text
 * already made inert is unchanged, and JSON from inertJson stays the same JSON.
 */
export function inertIo(io: CliIo): CliIo {
  const wrap = (stream: OutputStream): OutputStream => ({
    isTTY: stream.isTTY,
    write: (text: string) => stream.write(inertText(text, PALETTE_SEQUENCES)),
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}

/**
 * Whether to colour what goes to `stream`: never with --no-color or NO_COLOR (https://no-color.org: set and
 * not empty); always with FORCE_COLOR set to anything but "0"/"false"; otherwise only on a terminal that is
 * not TERM=dumb. So pipes, files and CI logs get plain text.
 */
export function colorsEnabled(stream: OutputStream, env: CliIo["env"], colorFlag = true): boolean {
  if (!colorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** The style for `stream` under these settings. */
export function styleFor(stream: OutputStream, env: CliIo["env"], colorFlag = true): Style {
  return pc.createColors(colorsEnabled(stream, env, colorFlag));
}

/** Resolves on the first SIGINT or SIGTERM, removing its listeners: what `emulator` serves until by default. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      resolve(signal);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}
