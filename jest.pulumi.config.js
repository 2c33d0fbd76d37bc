/**
 * The real-CLI tier (`npm run test:pulumi`): the `pulumi` binary drives this repository's program against the
 * emulator, and test/sdk checks the SDKs generated from the schema (with a generator built with Go). One file at a
 * time: each `pulumi` command already keeps both cores busy.
 */
module.exports = {
  preset: "ts-jest",
  testEnvironment: "node",
  roots: ["<rootDir>/test/pulumi", "<rootDir>/test/sdk"],
  testMatch: ["**/*.e2e.ts"],
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
  globalSetup: "<rootDir>/test/pulumi/global-setup.js",
};
