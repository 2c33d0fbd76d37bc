/**
 * Runs once before the suite: says which Node runs the tests, and refuses one older than package.json's
 * `engines.node` (npm scripts put node_modules/.bin first on PATH, where the `node` dev dependency installs
 * the supported Node, so `npm test` runs on it even where the machine's own Node is older).
 */
const semver = require("semver");
const { engines } = require("../package.json");

module.exports = async () => {
  process.stdout.write(`\nTests run on Node ${process.version} (${process.execPath})\n`);
  if (!semver.satisfies(process.version, engines.node)) {
    throw new Error(
      `Node ${process.version} does not satisfy engines.node "${engines.node}" in package.json: run the tests with \`npm test\`, which uses the Node of the \`node\` dev dependency.`,
    );
  }
};
