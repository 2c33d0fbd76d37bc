/**
 * Preloaded (`node -r`) to run a process against the lowest @pulumi/pulumi of the peer range: every
 * `require("@pulumi/pulumi…")`, from this package or a test helper, resolves to the `pulumi-sdk-lowest` dev
 * dependency (an npm alias of @pulumi/pulumi at the range's lower end) instead, so only that copy is loaded.
 */
"use strict";
const Module = require("module");

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const redirected =
    request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")
      ? request.replace("@pulumi/pulumi", "pulumi-sdk-lowest")
      : request;
  return resolve.call(this, redirected, ...rest);
};
