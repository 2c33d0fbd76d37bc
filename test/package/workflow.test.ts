/**
 * The GitHub Actions workflow of the repository (.github/workflows/review.yml) is valid and runs what exists: it
 * runs on pull requests with the permission to comment, each step uses an action or runs a script, its actions are
 * GitHub's and Pulumi's own, every stack of its matrix has a stack file, and every npm and `scalekit-providers`
 * command it runs names a script, or a command and flags the CLI's router has.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { commandProblem, shellLines, simpleCommands } from "../docs/commands";
import { REPO_ROOT } from "../docs/markdown";

const FILE = ".github/workflows/review.yml";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { strategy?: { matrix?: { stack?: string[] } }; steps: Step[] }>;
}

const workflow = parseYaml(fs.readFileSync(path.join(REPO_ROOT, FILE), "utf8"), { uniqueKeys: true }) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** The npm and npx commands of every `run`, `${{ … }}` expressions taken as the words they stand for. */
function commandsRun(): string[] {
  return steps
    .flatMap((step) => (step.run ? shellLines(step.run.replace(/\$\{\{[^}]*\}\}/g, "dev").split("\n")) : []))
    .flatMap(simpleCommands)
    .map((command) => command.replace(/^[A-Za-z_]+=\S*\s+/, ""))
    .filter((command) => /^(npm|npx)\s/.test(command));
}

test("runs on pull requests, may write pull-request comments and otherwise only read, each step an action or a script", () => {
  expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
  expect(workflow.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  expect(steps.length).toBeGreaterThan(0);
  for (const step of steps)
    expect({ step: step.name ?? step.uses ?? step.run, kinds: [step.uses, step.run].filter(Boolean).length }).toEqual({
      step: step.name ?? step.uses ?? step.run,
      kinds: 1,
    });
});

test("uses only GitHub's and Pulumi's own actions, at a major version", () => {
  for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^(actions|pulumi)\/[\w-]+@v\d+$/);
});

test("previews, reviews and comments for each stack of the matrix, each of which has a stack file", () => {
  const stacks = Object.values(workflow.jobs).flatMap((job) => job.strategy?.matrix?.stack ?? []);
  expect(stacks).toEqual(["dev", "prod"]);
  for (const stack of stacks) expect(fs.existsSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`))).toBe(true);
  const commands = commandsRun();
  expect(commands).toEqual(
    expect.arrayContaining([
      "npm ci",
      "npm run --silent pulumi-cli",
      expect.stringMatching(/^npm run --silent pulumi -- preview --json .*--stack dev/),
      expect.stringMatching(/^npx scalekit-providers review "dev=preview\.json"/),
    ]),
  );
  expect(steps.some((s) => s.uses?.startsWith("actions/github-script@"))).toBe(true);
});

test("every npm and scalekit-providers command it runs exists: a script, or a command and flags of the CLI", () => {
  const commands = commandsRun();
  expect(commands.length).toBeGreaterThanOrEqual(4);
  expect(commands.flatMap((command) => (commandProblem(command) ? [`${command}: ${commandProblem(command)}`] : []))).toEqual([]);
});

test("the check above catches a command that does not exist", () => {
  expect(commandProblem("npx scalekit-providers review --no-such-flag dev=preview.json")).toBe("review has no --no-such-flag");
  expect(commandProblem("npm run --silent no-such-script")).toBe('no npm script "no-such-script"');
});
