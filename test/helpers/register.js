/**
 * Produces real resource registrations from the built package (dist/) under pulumi.runtime.setMocks, in a
 * plain Node process: Jest's module registry breaks Pulumi's closure serializer, so tests run this as a
 * child process (see registrations.ts) and read one JSON document from stdout.
 *
 * Request (JSON on stdin):
 *   { "stack": "dev", "config": { "scalekit:protect": "true", ... }, "secretKeys": ["scalekit:clientSecret"],
 *     "program": true }                          run the definitions program (dist/program/declare.js)
 *   { ..., "resources": [{ "name", "args" }] }   declare CustomProviders with these args
 * Response: { "registrations": [{ type, name, inputs, protect }], "sdkVersion" } or { "error": message }
 */
"use strict";
const path = require("path");
const { useMocks } = require("./mocks");

const dist = path.resolve(__dirname, "../../dist");

async function main() {
  const request = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const pulumi = require("@pulumi/pulumi");
  const registrations = await useMocks(pulumi, request, { stack: "dev", preview: false });
  const { CustomProvider } = require(path.join(dist, "index.js"));
  let resources;
  if (request.program) {
    const program = require(path.join(dist, "program/declare.js"));
    resources = Object.values(program.declareProviders(program.programSettings(), request.projectDir || process.cwd()));
  } else {
    resources = request.resources.map((r) => new CustomProvider(r.name, r.args, r.opts));
  }
  // Registration completes asynchronously (the provider is serialized first); wait for every id.
  await Promise.all(resources.map((r) => new Promise((resolve) => r.id.apply(resolve))));
  const protect = Object.fromEntries(resources.map((r) => [r.__name, !!r.__protect]));
  for (const reg of registrations) {
    reg.protect = protect[reg.name];
  }
  return { registrations, sdkVersion: require("@pulumi/pulumi/package.json").version };
}

main().then(
  (result) => process.stdout.write(JSON.stringify(result)),
  (err) => process.stdout.write(JSON.stringify({ error: err.message })),
);
