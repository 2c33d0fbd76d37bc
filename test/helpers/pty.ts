/**
 * Runs a command on a pseudo-terminal, so that it sees a real TTY on stdin and stdout, as a user's terminal.
 * Python's `pty` module does the terminal side (python3 is on every Linux and macOS CI image; no native
 * Node addon to build); the test talks to it through pipes: keys in, the screen's bytes out. Every wait is
 * bounded, and the child is killed on a timeout, so a test never hangs.
 */
import { spawn, type ChildProcess } from "child_process";

/** Keys as a terminal sends them. */
export const KEY = { enter: "\r", down: "\u001b[B", ctrlC: "\u0003" } as const;

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]|\u001b[()][A-Za-z0-9]/g;

export interface PtySession {
  /** Everything the command printed so far, without terminal escape sequences. */
  screen(): string;
  /** Waits (at most `timeoutMs`) until `text` appears after what earlier waits matched. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Types `keys`. */
  type(keys: string): void;
  /** Resolves with the exit code (at most `timeoutMs`, then the command is killed and it rejects). */
  waitForEnd(timeoutMs?: number): Promise<number | null>;
  kill(): void;
}

/** Starts `command args…` on a pseudo-terminal in `cwd`. */
export function spawnInPty(command: string, args: readonly string[], opts: { cwd: string; env: Record<string, string> }): PtySession {
  const child: ChildProcess = spawn("python3", ["-c", "import pty, sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)", command, ...args], {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let raw = "";
  let cursor = 0;
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    raw += d.toString("utf8");
    for (const l of listeners) l();
  };
  child.stdout!.on("data", onData);
  child.stderr!.on("data", onData);
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  const screen = () => raw.replace(ANSI, "");
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  };
  const bounded = <T>(what: string, timeoutMs: number, wait: (done: (value: T) => void) => () => void): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      let stop: () => void = () => undefined;
      const timer = setTimeout(() => {
        stop();
        kill();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen ends with:\n${screen().slice(-1500)}`));
      }, timeoutMs);
      stop = wait((value) => {
        clearTimeout(timer);
        stop();
        resolve(value);
      });
    });
  return {
    screen,
    waitFor: (text, timeoutMs = 15000) =>
      bounded<void>(String(text), timeoutMs, (done) => {
        const check = () => {
          const rest = screen().slice(cursor);
          const match =
            typeof text === "string"
              ? { index: rest.indexOf(text), length: text.length }
              : (() => {
                  const m = text.exec(rest);
                  return { index: m ? m.index : -1, length: m ? m[0].length : 0 };
                })();
          if (match.index < 0) return;
          cursor += match.index + match.length;
          done();
        };
        listeners.add(check);
        check();
        return () => listeners.delete(check);
      }),
    type: (keys) => void child.stdin!.write(keys),
    waitForEnd: (timeoutMs = 15000) =>
      bounded<number | null>("the command to exit", timeoutMs, (done) => {
        void exited.then(done);
        return () => undefined;
      }),
    kill,
  };
}
