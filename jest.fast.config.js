/**
 * The fast loop (`npm run test:fast`): the Jest suite without the tiers that start processes, build or pack the
 * package, or run thousands of generated cases. `npm test` still runs every tier; this is for checking a change to
 * one module in seconds.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  testPathIgnorePatterns: [
    "/node_modules/",
    // Whole tiers: the engine path (dist/ under Pulumi's provider host), the package as published, property tests.
    "<rootDir>/test/engine/",
    "<rootDir>/test/package/",
    "<rootDir>/test/property/",
    // The built executable, on a pseudo-terminal or as a child process.
    "\\.pty\\.test\\.ts$",
    "\\.e2e\\.test\\.ts$",
    // Suites that start Node processes (the built command, the plugin, the program's registration) or kill them.
    "<rootDir>/test/cli/emulator\\.test\\.ts$",
    "<rootDir>/test/scripts/local\\.test\\.ts$",
    "<rootDir>/test/emulator/crash\\.test\\.ts$",
    "<rootDir>/test/emulator/state-lock\\.test\\.ts$",
    "<rootDir>/test/plugin/secrets\\.test\\.ts$",
    "<rootDir>/test/plugin/start-up\\.test\\.ts$",
    "<rootDir>/test/program/gate\\.test\\.ts$",
    "<rootDir>/test/program/program\\.test\\.ts$",
    // The client against the emulator under load (hundreds of parallel creates through injected faults).
    "<rootDir>/test/client/client\\.emulator\\.test\\.ts$",
  ],
};
