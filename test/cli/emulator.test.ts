/**
 * `scalekit-providers emulator` (what `npm run emulator` runs): flag parsing, the banner, the command in-process,
 * and the real executable with signals.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { bannerLines, DEFAULT_EMULATOR_PORT } from "../../src/cli/commands/emulator";
import { ExitError } from "../../src/cli/exit";
import { runCli } from "../../src/cli/router";
import { DEMO_CLIENT_SECRET, OPTION_BOUNDS, startEmulator } from "../../src/emulator";
import { resolveOptions } from "../../src/emulator/options";
import { requestToken } from "../helpers/emulator";
import { captureIo, parseEmulatorArgs, startCliEmulator } from "./helpers";

const REPO = path.resolve(__dirname, "../..");

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
      [
        "--state-file",
        "/tmp/x.json",
        "--client-id",
        "me",
        "--page-size-cap",
        "5",
        "--latency-ms",
        "20",
        "--token-ttl-seconds",
        "60",
        "--in-use-status",
        "409",
        "--rate-limit",
        "600/60",
      ],
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

  test.each([
    [["--port", "http"], "--port must be an integer from 0 to 65535"],
    [["--in-use-status", "405"], "--in-use-status must be 400, 403, 409 or 412"],
    [["--rate-limit", "600"], "--rate-limit must be <requests>/<seconds>"],
  ])("a bad value is refused with a message naming the flag: %j", async (args, message) => {
    const cap = captureIo();
    expect(await runCli(["emulator", ...args], cap.io)).toBe(2);
    expect(cap.stderr()).toContain(message);
    expect(cap.stdout()).not.toContain("listening");
  });

  test("a bad SCALEKIT_EMULATOR_PORT is refused, naming the variable", async () => {
    expect(() => parseEmulatorArgs([], { SCALEKIT_EMULATOR_PORT: "x" })).toThrow(ExitError);
    const cap = captureIo({ env: { SCALEKIT_EMULATOR_PORT: "x" } });
    expect(await runCli(["emulator"], cap.io)).toBe(2);
    expect(cap.stderr()).toBe('error: SCALEKIT_EMULATOR_PORT must be an integer from 0 to 65535, got "x"\n');
  });
});

describe("the flags and the library's options read one table of bounds", () => {
  const FLAGS = {
    port: "--port",
    pageSizeCap: "--page-size-cap",
    latencyMs: "--latency-ms",
    tokenTtlSeconds: "--token-ttl-seconds",
  } as const;

  test.each(Object.entries(FLAGS) as [keyof typeof FLAGS, string][])(
    "%s: both take its bounds and refuse a value past them in the same words",
    (option, flag) => {
      const { min, max, integer } = OPTION_BOUNDS[option];
      for (const edge of [min, max]) {
        expect(parseEmulatorArgs([`${flag}=${edge}`]).options[option]).toBe(edge);
        expect(resolveOptions({ [option]: edge })[option]).toBe(edge);
      }
      const rule = `must be ${integer ? "an integer" : "a number"} from ${min} to ${max}`;
      for (const beyond of [min - 1, max + 1]) {
        expect(() => parseEmulatorArgs([`${flag}=${beyond}`])).toThrow(`${flag} ${rule}, got "${beyond}"`);
        expect(() => resolveOptions({ [option]: beyond })).toThrow(`${option} ${rule}, got ${beyond}`);
      }
    },
  );

  test("the in-use status: both take 400, 403, 409 and 412 and refuse another in the same words", () => {
    for (const status of [400, 403, 409, 412] as const) {
      expect(parseEmulatorArgs([`--in-use-status=${status}`]).options.inUseStatus).toBe(status);
      expect(resolveOptions({ inUseStatus: status }).inUseStatus).toBe(status);
    }
    expect(() => parseEmulatorArgs(["--in-use-status=405"])).toThrow('--in-use-status must be 400, 403, 409 or 412, got "405"');
    expect(() => resolveOptions({ inUseStatus: 405 as never })).toThrow("inUseStatus must be 400, 403, 409 or 412, got 405");
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

test("the command serves until told to stop, logging requests without secrets", async () => {
  const emulator = await startCliEmulator(["--port", "0"]);
  const token = await requestToken({ url: emulator.url } as never, "skc_local_demo", DEMO_CLIENT_SECRET);
  expect(token.status).toBe(200);
  expect(await emulator.stop()).toBe(0);
  const out = emulator.cap.stdout().split("\n");
  expect(out.at(-2)).toBe("Emulator stopped.");
  expect(out.at(-1)).toBe("");
  expect(out.some((l) => l.includes("POST /oauth/token 200 token"))).toBe(true);
  expect(out.filter((l) => l.includes("POST /oauth/token")).join()).not.toContain(DEMO_CLIENT_SECRET);
  await expect(fetch(`${emulator.url}/_emulator/stats`)).rejects.toThrow();
});

test("the emulator command prints its URL and credentials, answers, and exits 0 on SIGTERM", async () => {
  const child = spawn(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", "src/cli/main.ts", "emulator", "--port", "0", "--quiet"],
    {
      cwd: REPO,
      env: { ...process.env, SCALEKIT_EMULATOR_PORT: "", SCALEKIT_EMULATOR_CLIENT_SECRET: "" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
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
    const cap = captureIo({ untilStopped: async () => undefined });
    expect(await runCli(["emulator", "--port", String(taken.port)], cap.io)).toBe(2);
    expect(cap.stderr()).toMatch(/^error: port \d+ on 127\.0\.0\.1 is already in use: .*--port 0/);
  } finally {
    await taken.stop();
  }
});
