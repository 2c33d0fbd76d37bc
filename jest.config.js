const { compilerOptions } = require("./tsconfig.json");

/**
 * Unit, emulator and engine-path tests; the engine-path tests run the built dist/ in child processes. ts-jest
 * only transpiles (isolatedModules): the types are checked once, by `npm run typecheck`, not again per file.
 */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: { ...compilerOptions, isolatedModules: true } }] },
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/global-setup.js",
};
