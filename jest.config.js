/** Unit, emulator and engine-path tests; the engine-path tests run the built dist/ in child processes. */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/global-setup.js",
};
