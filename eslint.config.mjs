// Lint (`npm run lint`, part of `npm test`): typescript-eslint's type-aware recommended rules on the TypeScript
// of src, test, bench and codegen, among them no-floating-promises and no-misused-promises (a floating promise in
// a provider host is a lost error); ESLint's recommended rules on the plain JavaScript. Departures, with reasons:
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    ignores: [
      "dist/",
      "schema/",
      "coverage/",
      ".pulumi-local/",
      ".pulumi-cli/",
      ".plugin-executable/",
      ".sdk-gen/",
      ".python-venv/",
      ".sdk-nodejs/",
      "sdk/",
      // Users' programs, each compiled or type-checked against the SDK it imports by the test that runs it.
      "examples/",
    ],
  },
  js.configs.recommended,
  {
    files: ["**/*.ts"],
    extends: [tseslint.configs.recommendedTypeChecked],
    // One program for the whole tree (the tsconfig that `npm run typecheck` uses): cheaper than projectService here.
    languageOptions: { parserOptions: { project: "./tsconfig.json", tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Matching control characters is this project's job (inert text, terminal escapes, URL checks).
      "no-control-regex": "off",
      // `async` on a function that implements a Promise-returning contract (Pulumi's ResourceProvider, a fake
      // fetch or prompt) turns a throw into a rejection, which is what its callers handle.
      "@typescript-eslint/require-await": "off",
      // `const { secret: _secret, ...rest } = x` is how a key is left out.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read untyped JSON (HTTP answers, files, state) and hostile input on purpose, and their assertions
    // check it at run time: casting every body to a type first would add noise, not safety. The promise
    // rules and the rest of the type-aware set still apply to them.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node, ...globals.jest } },
  },
);
