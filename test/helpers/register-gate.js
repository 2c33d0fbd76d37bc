/**
 * Runs the whole Pulumi program (dist/program/main.js, the async function Pulumi awaits) under
 * pulumi.runtime.setMocks in a plain Node process, as register.js does for declare.js: the promotion gate
 * runs for real (it calls the Dev environment), resources are registered with the mocks.
 *
 * Request (JSON on stdin):
 *   { "stack": "prod", "preview": false, "config": { "scalekit:promotionGate": "{…}", ... },
 *     "secretKeys": [...], "env": { "SCALEKIT_PROMOTION_GATE_CLIENT_SECRET": "…" } }
 * Response: { "registrations": [{ type, name, inputs }], "identifiers": {…}, "warnings": [...] }
 *        or { "error": message, "runError": true|false, "registrations": [...], "warnings": [...] }
 */
"use strict";
const path = require("path");
const { useMocks } = require("./mocks");

const dist = path.resolve(__dirname, "../../dist");

async function main() {
  const request = JSON.parse(require("fs").readFileSync(0, "utf8"));
  Object.assign(process.env, request.env || {});
  const pulumi = require("@pulumi/pulumi");
  const warnings = [];
  // Without an engine, pulumi.log.warn writes to console.warn: collect it.
  console.warn = (...args) => warnings.push(args.join(" ").replace(/^warning: \[runtime\] /, ""));
  const registrations = await useMocks(pulumi, request, { stack: "prod", preview: false });
  const program = require(path.join(dist, "program/main.js"));
  try {
    const outputs = await program();
    const identifiers = await new Promise((resolve) => pulumi.output(outputs.identifiers).apply(resolve));
    return { registrations, identifiers, warnings };
  } catch (err) {
    return { error: err.message, runError: pulumi.RunError.isInstance(err), registrations, warnings };
  }
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (err) => process.stdout.write(JSON.stringify({ error: err.message, runError: false })),
);
