/** `npm run emulator`: flag parsing, the banner, the command function, and the real process with signals. */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { CommanderError } from "commander";
import { DEMO_CLIENT_SECRET, startEmulator } from "../../src/emulator";
import { bannerLines, DEFAULT_EMULATOR_PORT, parseEmulatorArgs, runEmulatorCommand } from "../../src/emulator/command";
import { requestToken } from "../helpers/emulator";

const REPO = path.resolve(__dirname, "../..");

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
}

describe("parseEmulatorArgs", () => {
  test("defaults to port 8787 and the demo credentials", () => {
    const parsed = parseEmulatorArgs([], {});
    expect(parsed.options.port).toBe(DEFAULT_EMULATOR_PORT);
    expect(DEFAULT_EMULATOR_PORT).toBe(8787);
    expect(parsed.options.clientSecret).toBeUndefined();
    expect(parsed.secretSource).toBe("demo");
    expect(parsed.warnings).toEqual([]);
  });

  test("SCALEKIT_EMULATOR_PORT sets the port; --port wins over it", () => {
    expect(parseEmulatorArgs([], { SCALEKIT_EMULATOR_PORT: "9999" }).options.port).toBe(9999);
    expect(parseEmulatorArgs(["--port", "0"], { SCALEKIT_EMULATOR_PORT: "9999" }).options.port).toBe(0);
  });

  test("takes the secret from SCALEKIT_EMULATOR_CLIENT_SECRET without a warning", () => {
    const parsed = parseEmulatorArgs([], { SCALEKIT_EMULATOR_CLIENT_SECRET: "from-env" });
    expect(parsed.options.clientSecret).toBe("from-env");
    expect(parsed.secretSource).toBe("env");
    expect(parsed.warnings).toEqual([]);
  });

  test("--client-secret works but warns about shell history, without repeating the secret", () => {
    const parsed = parseEmulatorArgs(["--client-secret", "from-flag"], {});
    expect(parsed.options.clientSecret).toBe("from-flag");
    expect(parsed.warnings).toEqual([expect.stringContaining("shell history")]);
    expect(parsed.warnings.join()).not.toContain("from-flag");
  });

  test("passes the other flags through", () => {
    const parsed = parseEmulatorArgs(
      ["--state-file", "/tmp/x.json", "--client-id", "me", "--page-size-cap", "5", "--latency-ms", "20", "--token-ttl-seconds", "60", "--in-use-status", "409", "--rate-limit", "600/60"],
      {},
    );
    expect(parsed.options).toMatchObject({
      stateFile: "/tmp/x.json",
      clientId: "me",
      pageSizeCap: 5,
      latencyMs: 20,
      tokenTtlSeconds: 60,
      inUseStatus: 409,
      rateLimit: { requests: 600, windowSeconds: 60 },
    });
  });

  test("a bad value is refused with a message naming the flag", () => {
    const { io, err } = captureIo();
    expect(() => parseEmulatorArgs(["--port", "http"], {}, io)).toThrow(CommanderError);
    expect(err.join("\n")).toContain("port must be an integer");
    expect(() => parseEmulatorArgs(["--in-use-status", "405"], {}, io)).toThrow(CommanderError);
    expect(() => parseEmulatorArgs(["--rate-limit", "600"], {}, io)).toThrow(CommanderError);
    expect(err.join("\n")).toContain("rate-limit must be <requests>/<seconds>");
    expect(() => parseEmulatorArgs([], { SCALEKIT_EMULATOR_PORT: "x" }, io)).toThrow(CommanderError);
  });
});

describe("banner", () => {
  test("prints the URL first, the demo credentials and the three export lines", async () => {
    const emu = await startEmulator();
    try {
      const lines = bannerLines(emu, "demo");
      expect(lines[0]).toBe(`Scalekit emulator listening on ${emu.url}`);
      expect(lines).toEqual(
        expect.arrayContaining([
          `  export SCALEKIT_ENVIRONMENT_URL=${emu.url}`,
          "  export SCALEKIT_CLIENT_ID=skc_local_demo",
          `  export SCALEKIT_CLIENT_SECRET=${DEMO_CLIENT_SECRET}`,
        ]),
      );
    } finally {
      await emu.stop();
    }
  });

  test("never prints a secret that is not the demo one", async () => {
    const emu = await startEmulator({ clientSecret: "real-looking-secret" });
    try {
      expect(bannerLines(emu, "env").join("\n")).not.toContain("real-looking-secret");
      expect(bannerLines(emu, "env")).toContain('  export SCALEKIT_CLIENT_SECRET="$SCALEKIT_EMULATOR_CLIENT_SECRET"');
      expect(bannerLines(emu, "flag").join("\n")).not.toContain("real-looking-secret");
    } finally {
      await emu.stop();
    }
  });
});

test("runEmulatorCommand serves until told to stop, logging requests without secrets", async () => {
  const { io, out } = captureIo();
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  const running = runEmulatorCommand(["--port", "0"], {}, io, () => stopped);
  for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out[0] ?? "")![1];
  const token = await requestToken({ url } as never, "skc_local_demo", DEMO_CLIENT_SECRET);
  expect(token.status).toBe(200);
  release();
  await running;
  expect(out.at(-1)).toBe("Emulator stopped.");
  expect(out.some((l) => l.includes("POST /oauth/token 200 token"))).toBe(true);
  expect(out.filter((l) => l.includes("POST /oauth/token")).join()).not.toContain(DEMO_CLIENT_SECRET);
  await expect(fetch(`${url}/_emulator/stats`)).rejects.toThrow();
});

test("the emulator command prints its URL and credentials, answers, and exits 0 on SIGTERM", async () => {
  const child = spawn(process.execPath, ["-r", "ts-node/register/transpile-only", "src/emulator/main.ts", "--port", "0", "--quiet"], {
    cwd: REPO,
    env: { ...process.env, SCALEKIT_EMULATOR_PORT: "", SCALEKIT_EMULATOR_CLIENT_SECRET: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 30 s; stderr: ${stderr}`)), 30000);
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (m && stdout.includes("Press Ctrl+C")) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on("exit", () => {
        clearTimeout(timer);
        reject(new Error(`exited early; stderr: ${stderr}`));
      });
    });
    expect(stdout).toContain("client id:     skc_local_demo");
    expect(stdout).toContain(`export SCALEKIT_CLIENT_SECRET=${DEMO_CLIENT_SECRET}`);
    expect((await fetch(`${url}/_emulator/stats`)).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain("Emulator stopped.");
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
  }
});

test("a port already in use is reported with what to do", async () => {
  const taken = await startEmulator();
  try {
    const { io } = captureIo();
    await expect(runEmulatorCommand(["--port", String(taken.port)], {}, io, async () => undefined)).rejects.toThrow(/already in use: .*--port 0/);
  } finally {
    await taken.stop();
  }
});
