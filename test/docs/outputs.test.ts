/**
 * Every output the README and docs/*.md show is produced here (or, for Pulumi's own output, in the real-CLI tier)
 * and compared with the text shown. A block marked `<!-- output: NAME -->` is either a transcript (`$ npx
 * scalekit-providers …`, its output, `(exit code N)`), whose own command is run in-process in the scenario's set-up
 * against emulators standing for Dev and Production, or a message, built here as the code builds it. The URLs of
 * the emulators and the numbers of identifiers are the only things set aside; in a message, `…` stands for a cut
 * and the line breaks are the docs' wrapping.
 */
import * as fs from "fs";
import * as path from "path";
import type { RunningEmulator } from "../../src/emulator";
import { runPromotionGate, PromotionGateError } from "../../src/program/gate";
import { ProviderExistsError, ProviderInUseError } from "../../src/resource/errors";
import { runCli } from "../../src/cli/router";
import type { ProviderPayload } from "../../src/schema";
import { bearerPayload } from "../helpers/emulator";
import { captureIo, copy, examples, tempDir, useDevAndProd } from "../cli/helpers";
import { DOC_FILES, readDoc, REPO_ROOT, transcript, type Fence } from "./markdown";

const EXAMPLES = examples();
const env = useDevAndProd();
/** The URLs the docs show for the Dev and Production emulators. */
const SHOWN = { dev: "http://127.0.0.1:4001", prod: "http://127.0.0.1:4002" };
/** Outputs that only the real Pulumi CLI produces: checked in the real-CLI tier, in this file. */
const REAL_CLI = {
  "preview-scope-removed": "test/pulumi/readme.e2e.ts",
  "migrate-preview": "test/pulumi/migrate.e2e.ts",
  "review-pull-request": "test/pulumi/review.e2e.ts",
};

const asana = EXAMPLES["asana-oauth"];
const asanaWithoutEmail = copy(asana);
asanaWithoutEmail.auth_patterns[0].oauth_config.available_scopes = asana.auth_patterns[0].oauth_config.available_scopes.filter(
  (s: { scope: string }) => s.scope !== "email",
);
const linear = bearerPayload("Linear Tickets");

/** A Pulumi project whose stack files point at the Dev and Production emulators. */
function project(files: Record<string, unknown> = {}): string {
  const dir = tempDir("scalekit-docs-");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: scalekit-providers\nruntime: nodejs\n");
  for (const [stack, emulator] of [
    ["dev", env.dev()],
    ["prod", env.prod()],
  ] as const) {
    fs.writeFileSync(
      path.join(dir, `Pulumi.${stack}.yaml`),
      `config:\n  scalekit:environmentUrl: ${emulator.url}\n  scalekit:clientId: ${emulator.clientId}\n`,
    );
  }
  fs.mkdirSync(path.join(dir, "definitions"));
  for (const [file, payload] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, "definitions", file), typeof payload === "string" ? payload : JSON.stringify(payload, null, 2));
  }
  return dir;
}

function insert(emulator: RunningEmulator, payloads: Record<string, unknown>[]): void {
  for (const payload of payloads) emulator.insertProvider(payload);
}

interface Scenario {
  cwd: string;
  env?: Record<string, string>;
}

/** The set-up of each transcript; the command is the one the docs show. */
const TRANSCRIPTS: Record<string, () => Scenario | Promise<Scenario>> = {
  new: () => ({ cwd: project() }),
  validate: () => {
    const cwd = project();
    fs.cpSync(path.join(REPO_ROOT, "definitions"), path.join(cwd, "definitions"), { recursive: true });
    const broken = copy(asana);
    broken.display_name = "My Linear";
    broken.auth_patterns[0].oauth_config.token_uri = "http://linear.app/oauth/token";
    broken.proxyEnable = true;
    delete broken.proxy_enabled;
    fs.writeFileSync(path.join(cwd, "definitions", "my-linear.json"), JSON.stringify(broken, null, 2));
    return { cwd };
  },
  "compare-environments": () => {
    insert(env.dev(), [linear, asanaWithoutEmail, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"]]);
    insert(env.prod(), [asana, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"], bearerPayload("Old Wiki")]);
    return {
      cwd: project(),
      env: { SCALEKIT_FROM_CLIENT_SECRET: env.dev().clientSecret, SCALEKIT_TO_CLIENT_SECRET: env.prod().clientSecret },
    };
  },
  "compare-folder": () => {
    insert(env.dev(), [linear, asana, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"]]);
    const edited = { ...EXAMPLES["freshdesk-basic"], description: "Edited locally" };
    return {
      cwd: project({
        "linear-tickets.json": linear,
        "my-asana.json": asana,
        "bearer.json": EXAMPLES["bearer-token"],
        "my-freshdesk.json": edited,
      }),
      env: { SCALEKIT_CLIENT_SECRET: env.dev().clientSecret },
    };
  },
  "compare-refused": () => ({
    cwd: project(),
    env: { SCALEKIT_FROM_CLIENT_SECRET: env.dev().clientSecret, SCALEKIT_TO_CLIENT_SECRET: "sks_not_the_production_secret" },
  }),
  "missing-secret": () => ({ cwd: project() }),
  "export-skipped": async () => {
    insert(env.dev(), [linear, asana, EXAMPLES["bearer-token"], EXAMPLES["freshdesk-basic"]]);
    const cwd = project();
    const first = captureIo({ cwd, env: { SCALEKIT_CLIENT_SECRET: env.dev().clientSecret } });
    expect(await runCli(["export", "--stack", "dev"], first.io)).toBe(0);
    const file = path.join(cwd, "definitions", "my-freshdesk.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/"description": "[^"]*"/, '"description": "Edited locally"'));
    return { cwd, env: { SCALEKIT_CLIENT_SECRET: env.dev().clientSecret } };
  },
  emulator: () => {
    const cwd = project();
    fs.cpSync(path.join(REPO_ROOT, "definitions"), path.join(cwd, "definitions"), { recursive: true });
    return { cwd, env: { SCALEKIT_EMULATOR_PORT: "0" } };
  },
};

/** The messages shown without a command: each built as the code builds it. */
const MESSAGES: Record<string, () => string | Promise<string>> = {
  "in-use": () => new ProviderInUseError("MYASANA:17919", "provider has 2 connections").message,
  "already-exists": () => new ProviderExistsError("My Freshdesk", "MYFRESHDESK:48213").message,
  "promotion-gate": async () => {
    insert(env.dev(), [asana]);
    const withScope = copy(asana);
    withScope.auth_patterns[0].oauth_config.available_scopes.push({ scope: "projects:write", display_name: "Write projects" });
    const gate = (dryRun: boolean, warn: (message: string) => void) =>
      runPromotionGate([{ name: "my-asana", file: "my-asana.json", payload: withScope as ProviderPayload }], {
        config: (key) =>
          ({
            "scalekit:promotionGate": { environmentUrl: env.dev().url, clientId: env.dev().clientId },
            "scalekit:promotionGateClientSecret": env.dev().clientSecret,
            "scalekit:maxRetries": "0",
          })[key],
        env: {},
        stack: "prod",
        definitionsDir: "definitions",
        dryRun,
        warn,
      });
    const warnings: string[] = [];
    expect(await gate(true, (w) => warnings.push(w))).toBe("warned");
    const refusal = await gate(false, () => undefined).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(PromotionGateError);
    const message = (refusal as PromotionGateError).message;
    // The preview's warning, which the README quotes: the same text, "will refuse" and the preview's note.
    expect(warnings).toEqual([
      `${message.replace("refused to deploy", "will refuse to deploy")}\n(This is a preview, so it goes on: \`pulumi up\` on stack prod will stop here until this is resolved.)`,
    ]);
    return message;
  },
};

/** The emulators' real URLs as the docs show them, and identifier numbers set aside. */
function normalize(text: string, own: Record<string, string> = {}): string {
  let out = text;
  for (const [url, shown] of Object.entries(own)) out = out.split(url).join(shown);
  return out.replace(/\b([A-Z0-9]+):\d{5,}\b/g, "$1:N");
}

/** A shown message: `…` stands for any text, and a line break or run of spaces for any (the README wraps long lines). */
function looseMatcher(shown: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    `^${shown
      .split("…")
      .map((part) => escape(part).replace(/\s+/g, "\\s+"))
      .join("[\\s\\S]*?")}$`,
  );
}

const OUTPUTS: { file: string; fence: Fence }[] = DOC_FILES.flatMap((file) => readDoc(file).fences.map((fence) => ({ file, fence })));
const MARKED = OUTPUTS.filter((o) => o.fence.output !== undefined && !(o.fence.output in REAL_CLI));

test("every output block (a fence without a language) is marked with a scenario that produces it", () => {
  const unmarked = OUTPUTS.filter((o) => o.fence.lang === "" && o.fence.output === undefined).map((o) => `${o.file}:${o.fence.line}`);
  expect(unmarked).toEqual([]);
  const names = OUTPUTS.flatMap((o) => (o.fence.output ? [o.fence.output] : []));
  const known = [...Object.keys(TRANSCRIPTS), ...Object.keys(MESSAGES), ...Object.keys(REAL_CLI)];
  expect(names.filter((n) => !known.includes(n))).toEqual([]);
  expect(new Set(names).size).toBe(names.length);
  for (const [name, file] of Object.entries(REAL_CLI)) expect(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")).toContain(`"${name}"`);
});

test.each(MARKED.map((o) => [o.fence.output!, o] as const))("%s: the output shown is the one produced", async (name, { fence }) => {
  const run = transcript(fence);
  if (run) {
    const setup = TRANSCRIPTS[name];
    expect(setup).toBeDefined();
    expect(run.argv.slice(0, 2)).toEqual(["npx", "scalekit-providers"]);
    const scenario = await setup();
    const cap = captureIo({ cwd: scenario.cwd, env: scenario.env ?? {}, untilStopped: async () => undefined });
    const code = await runCli(run.argv.slice(2), cap.io);
    const emulatorUrl = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(cap.stdout())?.[1];
    const urls = {
      [env.dev().url]: SHOWN.dev,
      [env.prod().url]: SHOWN.prod,
      ...(emulatorUrl ? { [emulatorUrl]: "http://127.0.0.1:8787" } : {}),
    };
    const produced = normalize(cap.stderr() + cap.stdout(), urls).trimEnd();
    // A served emulator goes on until stopped; what it prints when stopped is not in the transcript.
    expect(emulatorUrl ? produced.slice(0, normalize(run.output.join("\n")).length) : produced).toBe(normalize(run.output.join("\n")));
    expect(code).toBe(run.exitCode ?? 0);
  } else {
    const build = MESSAGES[name];
    expect(build).toBeDefined();
    const shown = normalize(fence.lines.join("\n")).trimEnd();
    const produced = normalize(await build(), { [env.dev().url]: SHOWN.dev });
    expect(produced).toMatch(looseMatcher(shown));
  }
});
