/**
 * The real Pulumi CLI against the local emulator: a copy of this repository's project (Pulumi.yaml, src, dist,
 * definitions) in a temporary folder, a temporary file backend of its own, and `pulumi` run as a user runs it.
 * The CLI comes from `scripts/pulumi-cli.js` (the global setup provides it once; a missing CLI fails the run).
 */
import { spawn } from "child_process";
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { startEmulator, RunningEmulator } from "../../src/emulator";
import { payloadOfDocument } from "../../src/schema/definition-document";

const REPO_ROOT = path.resolve(__dirname, "../..");
/** What the project needs at run time; node_modules is linked, not copied. */
const PROJECT_FILES = ["Pulumi.yaml", "package.json", "tsconfig.json", "tsconfig.build.json", "src", "dist", "definitions"];

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, as a terminal shows them. */
  output: string;
}

/** Runs a command to its end, collecting what it prints. */
export function runCommand(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr, output }));
  });
}

/** The folder of `pulumi` and its companions, written by the global setup. */
export function cliDir(): string {
  const dir = process.env.SCALEKIT_PROVIDERS_PULUMI_CLI;
  if (!dir) throw new Error("the global setup did not provide the Pulumi CLI (test/pulumi/global-setup.js)");
  return dir;
}

/** A backend (state folder and passphrase) that several checkouts of the project can share. */
export interface Backend {
  dir: string;
  passphrase: string;
}

export function newBackend(): Backend {
  return { dir: fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-backend-")), passphrase: randomBytes(18).toString("base64url") };
}

export class Project {
  /** Every run of this project, for the secrets checks. */
  readonly runs: Run[] = [];

  private constructor(
    readonly dir: string,
    readonly backend: Backend,
  ) {}

  /** A project that already exists in `dir` (a consumer project, say). */
  static at(dir: string, backend: Backend): Project {
    return new Project(dir, backend);
  }

  /** A copy of the whole project folder, its own node_modules included, at another path. */
  copyWhole(): Project {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-project-moved-"));
    fs.cpSync(this.dir, dir, { recursive: true, verbatimSymlinks: true });
    return new Project(dir, this.backend);
  }

  /** A copy of the repository's project; `definitions` (file name → payload) replaces definitions/ when given. */
  static create(backend: Backend, definitions?: Record<string, unknown>): Project {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-project-"));
    for (const entry of PROJECT_FILES) fs.cpSync(path.join(REPO_ROOT, entry), path.join(dir, entry), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
    const project = new Project(dir, backend);
    if (definitions) {
      fs.rmSync(path.join(dir, "definitions"), { recursive: true });
      fs.mkdirSync(path.join(dir, "definitions"));
      for (const [file, payload] of Object.entries(definitions)) project.writeDefinition(file, payload);
    }
    return project;
  }

  /** A second checkout of the same project at another path, sharing the backend (a teammate, a CI runner). */
  copy(): Project {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scalekit-project-copy-"));
    for (const entry of fs.readdirSync(this.dir)) {
      if (entry === "node_modules") fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, entry), "dir");
      else fs.cpSync(path.join(this.dir, entry), path.join(dir, entry), { recursive: true });
    }
    return new Project(dir, this.backend);
  }

  writeDefinition(file: string, payload: unknown): void {
    const text = typeof payload === "string" ? payload : `${JSON.stringify(payload, null, 2)}\n`;
    fs.writeFileSync(path.join(this.dir, "definitions", file), text);
  }

  removeDefinition(file: string): void {
    fs.rmSync(path.join(this.dir, "definitions", file));
  }

  /** Runs `pulumi …` in the project, non-interactively, without colours; resolves when it ends. */
  pulumi(args: string[], extraEnv: Record<string, string> = {}): Promise<Run> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [cliDir(), path.join(REPO_ROOT, "node_modules/.bin"), process.env.PATH].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${this.backend.dir}`,
      PULUMI_CONFIG_PASSPHRASE: this.backend.passphrase,
      PULUMI_HOME: path.join(this.backend.dir, ".pulumi-home"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...extraEnv,
    };
    for (const name of ["SCALEKIT_ENVIRONMENT_URL", "SCALEKIT_CLIENT_ID", "SCALEKIT_CLIENT_SECRET"]) {
      if (!(name in extraEnv)) delete env[name];
    }
    return runCommand("pulumi", [...args, "--non-interactive", "--color", "never"], { cwd: this.dir, env }).then((run) => {
      this.runs.push(run);
      return run;
    });
  }

  /** `pulumi stack init` with the emulator's credentials (the secret stored with --secret) and extra config. */
  async initStack(stack: string, emulator: RunningEmulator, config: Record<string, string> = {}): Promise<void> {
    await this.ok(["stack", "init", stack]);
    const settings: Record<string, string> = {
      "scalekit:environmentUrl": emulator.url,
      "scalekit:clientId": emulator.clientId,
      ...config,
    };
    for (const [key, value] of Object.entries(settings)) await this.ok(["config", "set", "--stack", stack, key, value]);
    await this.ok(["config", "set", "--stack", stack, "--secret", "scalekit:clientSecret", emulator.clientSecret]);
  }

  /** Runs a command that must succeed; fails with its output otherwise. */
  async ok(args: string[]): Promise<Run> {
    const run = await this.pulumi(args);
    if (run.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited with ${run.code}:\n${run.output}`);
    return run;
  }

  /** The stack's state, as `pulumi stack export` prints it. */
  async exportState(
    stack: string,
  ): Promise<{ text: string; resources: { type: string; urn: string; id?: string; outputs?: Record<string, unknown> }[] }> {
    const run = await this.ok(["stack", "export", "--stack", stack]);
    return { text: run.stdout, resources: JSON.parse(run.stdout).deployment.resources ?? [] };
  }

  stackFile(stack: string): string {
    return fs.readFileSync(path.join(this.dir, `Pulumi.${stack}.yaml`), "utf8");
  }
}

/**
 * The set-up every scenario shares: a fresh emulator and file backend before each test, projects made on that
 * backend, and after each test the check that nothing Pulumi printed holds the client secret or an access token.
 */
export function scenarios(): {
  emulator: () => RunningEmulator;
  project: (definitions?: Record<string, unknown>) => Project;
  track: (p: Project) => Project;
} {
  let emulator: RunningEmulator;
  let backend: Backend;
  const projects: Project[] = [];
  beforeEach(async () => {
    emulator = await startEmulator({ port: 0 });
    backend = newBackend();
    projects.length = 0;
  });
  afterEach(async () => {
    const secrets = [emulator.clientSecret, ...emulator.issuedTokens()];
    for (const run of projects.flatMap((p) => p.runs)) {
      for (const secret of secrets) expect(run.output).not.toContain(secret);
    }
    await emulator.stop();
  });
  const track = (p: Project) => {
    projects.push(p);
    return p;
  };
  return { emulator: () => emulator, project: (definitions) => track(Project.create(backend, definitions)), track };
}

/** The CustomProvider resources of a state export. */
export function customProviders(state: Awaited<ReturnType<Project["exportState"]>>) {
  return state.resources.filter((r) => r.type.endsWith("scalekit:CustomProvider"));
}

/** The emulator's journal entries of the given kinds. */
export function calls(emulator: RunningEmulator, ...kinds: string[]) {
  return emulator.journal().filter((entry) => kinds.includes(entry.kind));
}

/** The requests a preview must never make: all but the token request and the listing's GETs (the live review's read). */
export function writes(emulator: RunningEmulator) {
  return emulator.journal().filter((entry) => !(entry.kind === "token" || (entry.kind === "list" && entry.method === "GET")));
}

/** Every file under a folder (a project, a backend), as text, for the secrets check. */
export function filesOf(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => fs.readFileSync(path.join(entry.parentPath, entry.name), "latin1"))
    .join("\n");
}

export { startEmulator, REPO_ROOT };
export type { RunningEmulator };

/** The payload of the definition of that file name in definitions/ (without the file's `$schema`). */
export function example(file: string): Record<string, unknown> {
  return payloadOfDocument(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "definitions", file), "utf8"))) as Record<string, unknown>;
}
