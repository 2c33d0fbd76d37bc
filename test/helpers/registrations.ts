import { spawnSync } from "child_process";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "../..");

export interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown> & { __provider: string };
  protect: boolean;
}

export interface RegistrationRequest {
  stack?: string;
  config?: Record<string, string>;
  secretKeys?: string[];
  /** Run the definitions program in `projectDir` (default: this repository). */
  program?: boolean;
  projectDir?: string;
  resources?: { name: string; args: unknown; opts?: unknown }[];
  /** Which @pulumi/pulumi to run with: the dev dependency (default), or the lowest of the peer range. */
  sdk?: "dev" | "lowest";
}

/**
 * Registers resources from the built dist/ under Pulumi's mocks in a plain Node child process (see
 * register.js) and returns what the engine would have received, `__provider` included.
 * @throws Error with the program's own message when it fails (a broken definition file, say).
 */
export function register(request: RegistrationRequest): Registration[] {
  return registerWithSdk(request).registrations;
}

/** register, with the version of @pulumi/pulumi the registrations were made with. */
export function registerWithSdk(request: RegistrationRequest): { registrations: Registration[]; sdkVersion: string } {
  const preload = request.sdk === "lowest" ? ["-r", path.join(__dirname, "pulumi-lowest.js")] : [];
  const run = spawnSync(process.execPath, [...preload, path.join(__dirname, "register.js")], {
    cwd: request.projectDir ?? REPO_ROOT,
    input: JSON.stringify(request),
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });
  if (run.status !== 0 || !run.stdout) {
    throw new Error(`registration process failed (${run.status}): ${run.stderr}`);
  }
  const result = JSON.parse(run.stdout) as { registrations?: Registration[]; sdkVersion?: string; error?: string };
  if (result.error !== undefined) {
    throw new Error(result.error);
  }
  return { registrations: result.registrations!, sdkVersion: result.sdkVersion! };
}
