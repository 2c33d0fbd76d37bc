/**
 * Before the real-CLI tier: the Node check of the main suite, then the Pulumi CLI from `scripts/pulumi-cli.js`
 * (installed when needed). A CLI that cannot be provided fails the run with the reason: this tier never skips.
 */
const { spawnSync } = require("child_process");
const path = require("path");
const checkNode = require("../global-setup");

module.exports = async () => {
  await checkNode();
  const run = spawnSync(process.execPath, [path.join(__dirname, "../../scripts/pulumi-cli.js")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const dir = (run.stdout ?? "").trim().split("\n").pop();
  if (run.status !== 0 || !dir) throw new Error("The real-CLI tier needs the Pulumi CLI, and it could not be provided (see above).");
  const version = spawnSync(path.join(dir, "pulumi"), ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  process.stdout.write(`Pulumi CLI ${version.stdout.trim()} (${dir})\n`);
  process.env.SCALEKIT_PROVIDERS_PULUMI_CLI = dir;
};
