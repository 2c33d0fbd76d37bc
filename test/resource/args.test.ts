/**
 * CustomProviderArgs as a Pulumi user writes them (type-checked: a type error here fails `npm run typecheck`)
 * and fromPayload, which turns a documented payload into those args.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomProviderArgs, fromPayload } from "../../src/resource/custom-provider";
import { argsToWire, PayloadValidationError, validateArgs } from "../../src/schema";
import { examples } from "../engine/harness";

describe("CustomProviderArgs", () => {
  test("the README's example compiles with optional properties left out, and validates", () => {
    const args: CustomProviderArgs = {
      displayName: "Klaviyo",
      description: "Email and SMS marketing",
      authPatterns: [
        {
          type: "API_KEY",
          displayName: "API key",
          fields: [{ fieldName: "api_key", label: "Private API key", inputType: "password", required: true }],
          authFieldMutations: { api_key: { prefix: "Klaviyo-API-Key " } },
        },
      ],
      proxyUrl: "https://a.klaviyo.com/api",
    };
    expect(validateArgs({ ...args, proxyEnabled: true }).ok).toBe(true);
  });

  test("every level accepts pulumi Inputs (outputs of other resources)", () => {
    const fromElsewhere = pulumi.output("https://api.example.com");
    const args: CustomProviderArgs = {
      displayName: pulumi.output("Bearer Example"),
      authPatterns: pulumi.output([{ type: "BEARER", displayName: "Token" }]),
      proxyUrl: fromElsewhere,
      proxyEnabled: true,
      metadata: { team: pulumi.output("platform") },
      adopt: pulumi.output(false),
    };
    expect(Object.keys(args)).toContain("proxyUrl");
  });
});

describe("fromPayload", () => {
  test.each(Object.entries(examples()))("%s becomes camelCase args that map back to the same payload", (_name, payload) => {
    const args = fromPayload(payload);
    expect(args).not.toHaveProperty("display_name");
    expect(argsToWire(args)).toEqual(payload);
  });

  test("keys of authFieldMutations and metadata are data and stay as written", () => {
    const payload = { ...examples()["freshdesk-basic"], metadata: { owner_team: "support" } } as Record<string, any>;
    payload.auth_patterns = [{ ...payload.auth_patterns[0], auth_field_mutations: { password: { default: "X" } } }];
    const args = fromPayload(payload) as Record<string, any>;
    expect(args.metadata).toEqual({ owner_team: "support" });
    expect(args.authPatterns[0].authFieldMutations).toEqual({ password: { default: "X" } });
  });

  test("a bad payload throws PayloadValidationError naming the property in the payload's snake_case", () => {
    const bad = { ...examples()["bearer-token"], proxy_url: "http://api.example.com" };
    expect(() => fromPayload(bad)).toThrow(PayloadValidationError);
    expect(() => fromPayload(bad)).toThrow(/^proxy_url: /m);
  });
});
