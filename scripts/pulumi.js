#!/usr/bin/env node
// @ts-check
/**
 * `npm run pulumi -- <arguments>`: runs the Pulumi CLI that scripts/pulumi-cli.js provides with these arguments, so
 * that a fresh clone needs no `pulumi` of its own. The CLI's folder goes first on PATH, where `pulumi` finds its
 * language host and the dynamic-provider host; npm has already put node_modules/.bin (this project's Node 22) on it.
 * The exit status is Pulumi's.
 */
const { spawn } = require("child_process");
const os = require("os");
const path = require("path");
const { provide, CliUnavailableError } = require("./pulumi-cli");

provide().then(
  (dir) => {
    const env = { ...process.env, PATH: [dir, process.env.PATH].join(path.delimiter) };
    const child = spawn(path.join(dir, "pulumi"), process.argv.slice(2), { stdio: "inherit", env });
    // Ctrl+C already reaches Pulumi (one process group): a second SIGINT would make it cancel without cleaning up.
    process.on("SIGINT", () => undefined);
    process.on("SIGTERM", () => child.kill("SIGTERM"));
    child.on("error", (err) => {
      process.stderr.write(`pulumi: ${err.message}\n`);
      process.exitCode = 1;
    });
    child.on("close", (code, signal) => {
      process.exitCode = code ?? 128 + (signal ? os.constants.signals[signal] : 0);
    });
  },
  (err) => {
    process.stderr.write(`${err instanceof CliUnavailableError ? err.message : (err.stack ?? err)}\n`);
    process.exitCode = 1;
  },
);
