#!/usr/bin/env node
// @ts-check
/**
 * The last step of `npm run build`: makes each file of package.json's "bin" executable. tsc writes its output
 * without the execute bit, and npm sets that bit only when it makes a command's link (the one `npx
 * scalekit-providers` runs): without this step, every rebuild leaves that link failing with "Permission denied".
 */
const fs = require("fs");
const path = require("path");

const PROJECT_DIR = path.resolve(__dirname, "..");
const { bin } = require(path.join(PROJECT_DIR, "package.json"));

for (const file of typeof bin === "string" ? [bin] : Object.values(bin ?? {})) {
  const target = path.join(PROJECT_DIR, file);
  fs.chmodSync(target, fs.statSync(target).mode | 0o111);
}
