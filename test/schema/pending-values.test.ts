/**
 * Preview: values not known yet arrive as Pulumi's sentinel string. They never cause a false failure, rules
 * that read them wait, and definite errors elsewhere are still reported.
 */
import { runtime } from "@pulumi/pulumi";
import { validateArgs, wireToArgs } from "../../src/schema";
import { bearerPayload, basicPayload, mutate, oauthPayload } from "./fixtures";
import { issuesOf } from "./helpers";

const U = runtime.unknownValue;
const preview = (args: unknown) => validateArgs(args, { unknownSentinel: U });
const argsOf = (payload: Record<string, unknown>, change: (args: any) => void = () => {}) => {
  const args = wireToArgs(payload) as any;
  change(args);
  return args;
};

test("Pulumi's exported unknown value is the sentinel its dynamic-provider host passes", () => {
  expect(U).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
});

test("unknown leaves are valid so far: no payload, and the unknown properties are listed", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.displayName = U;
    a.authPatterns[0].oauthConfig.tokenUri = U;
  });
  expect(preview(args)).toEqual({ ok: true, payload: undefined, unknowns: ["displayName", "authPatterns[0].oauthConfig.tokenUri"] });
});

test("a whole unknown array or object is valid so far", () => {
  expect(preview(argsOf(oauthPayload, (a) => (a.authPatterns = U)))).toEqual({ ok: true, payload: undefined, unknowns: ["authPatterns"] });
  expect(preview(argsOf(oauthPayload, (a) => (a.authPatterns[0].oauthConfig = U)))).toEqual({
    ok: true,
    payload: undefined,
    unknowns: ["authPatterns[0].oauthConfig"],
  });
});

test("an unknown metadata value or mutation is valid so far", () => {
  const args = argsOf(bearerPayload, (a) => {
    a.metadata = { owner: U };
    a.authPatterns[0].authFieldMutations = { token: { prefix: U } };
  });
  expect(preview(args)).toMatchObject({ ok: true, payload: undefined });
});

test("a cross-field rule that reads an unknown value waits: an unknown path-parameter field name", () => {
  const args = argsOf(bearerPayload, (a) => (a.authPatterns[0].fields[1].fieldName = U));
  expect(preview(args)).toEqual({ ok: true, payload: undefined, unknowns: ["authPatterns[0].fields[1].fieldName"] });
});

test("a cross-field rule that reads an unknown value waits: two unknown scope names are not duplicates", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.authPatterns[0].oauthConfig.availableScopes[0].scope = U;
    a.authPatterns[0].oauthConfig.availableScopes[1].scope = U;
  });
  expect(preview(args)).toMatchObject({ ok: true, payload: undefined });
});

test("an unknown type lets type-dependent rules wait", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.authPatterns[0].type = U;
    delete a.authPatterns[0].oauthConfig;
  });
  expect(preview(args)).toMatchObject({ ok: true, payload: undefined });
});

test("an unknown proxyUrl lets the placeholder rule wait", () => {
  const args = argsOf(basicPayload, (a) => {
    a.proxyUrl = U;
    a.authPatterns[0].fields = [];
  });
  expect(preview(args)).toMatchObject({ ok: true, payload: undefined });
});

test("a misspelt key is still reported next to unknown values", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.displayName = U;
    a.proxyEnable = true;
  });
  expect(issuesOf(preview(args))).toEqual([["proxyEnable", "unknown property; did you mean `proxyEnabled`?"]]);
});

test("a definite error that does not depend on an unknown value is still reported", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.displayName = U;
    a.proxyEnabled = false;
    a.authPatterns[0].oauthConfig.availableScopes[1].scope = "profile";
  });
  expect(issuesOf(preview(args))).toEqual([
    ["proxyEnabled", "must be true: tool calling only works through Scalekit's proxy; set `proxyEnabled` to true"],
    [
      "authPatterns[0].oauthConfig.availableScopes[1].scope",
      "duplicates `authPatterns[0].oauthConfig.availableScopes[0].scope` (`profile`): scope names must be unique: remove one",
    ],
  ]);
});

test("a known scope that duplicates another is reported even when a third is unknown", () => {
  const args = argsOf(oauthPayload, (a) => {
    a.authPatterns[0].oauthConfig.availableScopes[1].scope = "profile";
    a.authPatterns[0].oauthConfig.availableScopes.push({ scope: U });
  });
  expect(issuesOf(preview(args))).toEqual([
    [
      "authPatterns[0].oauthConfig.availableScopes[1].scope",
      "duplicates `authPatterns[0].oauthConfig.availableScopes[0].scope` (`profile`): scope names must be unique: remove one",
    ],
  ]);
});

test("without the option, the sentinel is an ordinary string", () => {
  const args = argsOf(mutate(oauthPayload, () => {}), (a) => (a.proxyUrl = U));
  expect(issuesOf(validateArgs(args))).toEqual([["proxyUrl", "must start with https://, e.g. `https://api.example.com`"]]);
});
