/**
 * The one camelCase ↔ snake_case mapping: both directions, data maps untouched, lossless round trips on the
 * examples and on generated payloads, and a TypeScript args type derived from the schema.
 */
import fc from "fast-check";
import {
  argsToWire,
  PAYLOAD_STRUCTURE,
  wireToArgs,
  type DataMapProperty,
  type ProviderArgsShape,
  type ProviderPayload,
  type StructureNode,
} from "../../src/schema";
import { payloadShaped } from "./arbitraries";
import { apiKeyPayload, loadExamples, oauthPayload } from "./fixtures";

describe("wireToArgs", () => {
  test("renames every schema key to camelCase, at every level", () => {
    expect(wireToArgs(oauthPayload)).toEqual({
      displayName: "My Asana",
      authPatterns: [
        {
          type: "OAUTH",
          displayName: "OAuth 2.0",
          fields: [],
          accountFields: [{ fieldName: "workspace", label: "workspace", inputType: "text", hint: "", required: true, isPathParam: true }],
          oauthConfig: {
            authorizeUri: "https://app.asana.com/-/oauth_authorize",
            tokenUri: "https://app.asana.com/-/oauth_token",
            userInfoUri: "https://app.asana.com/api/1.0/users/me",
            availableScopes: [
              { scope: "profile", displayName: "Profile", description: "Profile", required: true },
              { scope: "email", displayName: "Email", description: "Email", required: false },
            ],
            pkceEnabled: true,
            allowUseScalekitCredentials: false,
            customScopeName: "",
          },
        },
      ],
      proxyUrl: "https://app.asana.com/api/{{workspace}}",
      proxyEnabled: true,
    });
  });

  test("keeps the keys of metadata and auth_field_mutations as written", () => {
    const args = wireToArgs(apiKeyPayload) as Record<string, any>;
    expect(args.metadata).toEqual({ team_name: "platform", ownerId: "u-1" });
    expect(args.authPatterns[0].authFieldMutations).toEqual({ api_key: { prefix: "Klaviyo-API-Key " } });
    expect(args.authPatterns[0].authHeaderKeyOverride).toBe("x-api-key");
  });

  test("renames keys the schema does not know by rule, so a server response comes out camelCase", () => {
    const response = { ...apiKeyPayload, id: "prv_1", identifier: "MYATTENTION:1", display_priority: 3, is_custom_mcp: false, categories: ["a_b"] };
    expect(wireToArgs(response)).toMatchObject({ id: "prv_1", identifier: "MYATTENTION:1", displayPriority: 3, isCustomMcp: false, categories: ["a_b"] });
  });

  test("passes values of the wrong type through for validation to report, and never throws", () => {
    expect(wireToArgs({ auth_patterns: "x", metadata: [1], display_name: { a_b: 1 } })).toEqual({ authPatterns: "x", metadata: [1], displayName: { a_b: 1 } });
    expect(wireToArgs(null)).toBeNull();
    expect(wireToArgs(7)).toBe(7);
  });
});

describe("argsToWire", () => {
  test("renames every schema key to snake_case and drops undefined values", () => {
    const args = { ...(wireToArgs(oauthPayload)), iconSrc: undefined };
    expect(argsToWire(args)).toEqual(oauthPayload);
    expect(Object.keys(argsToWire(args))).not.toContain("icon_src");
  });

  test("keeps the keys of metadata and authFieldMutations as written", () => {
    const wire = argsToWire({ metadata: { ownerId: "u", team_name: "t" }, authPatterns: [{ authFieldMutations: { api_key: { prefix: "p" } } }] });
    expect(wire).toEqual({ metadata: { ownerId: "u", team_name: "t" }, auth_patterns: [{ auth_field_mutations: { api_key: { prefix: "p" } } }] });
  });

  test("keeps a data key named __proto__ as an own property", () => {
    const metadata = JSON.parse('{"__proto__": "value"}');
    const wire = argsToWire({ metadata }) as { metadata: Record<string, unknown> };
    expect(Object.prototype.hasOwnProperty.call(wire.metadata, "__proto__")).toBe(true);
  });
});

describe("round trips", () => {
  test.each(loadExamples().map((e) => [e.file, e.payload] as const))("%s: wire → args → wire is lossless", (_file, payload) => {
    expect(argsToWire(wireToArgs(payload))).toEqual(payload);
  });

  test("any payload-shaped value: wire → args → wire and args → wire → args are lossless", () => {
    fc.assert(
      fc.property(payloadShaped(), (wire) => {
        const args = wireToArgs(wire);
        expect(argsToWire(args)).toEqual(wire);
        expect(wireToArgs(argsToWire(args))).toEqual(args);
      }),
      { numRuns: 500 },
    );
  });

  test("any payload-shaped value: data maps come out with the same keys", () => {
    fc.assert(
      fc.property(payloadShaped(), (wire) => {
        const args = wireToArgs(wire) as Record<string, any>;
        expect(args.metadata).toEqual(wire.metadata);
        (wire.auth_patterns as any[]).forEach((pattern, i) => {
          expect(args.authPatterns[i].authFieldMutations).toEqual(pattern.auth_field_mutations);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe("ProviderArgsShape", () => {
  test("is the camelCase mirror of ProviderPayload, data keys untouched", () => {
    const args: ProviderArgsShape = {
      displayName: "Typed",
      authPatterns: [
        {
          type: "OAUTH",
          isMcp: true,
          accountFields: [{ fieldName: "tenant", label: "Tenant", inputType: "text", isPathParam: true }],
          oauthConfig: { pkceEnabled: true, availableScopes: [{ scope: "read", required: true }] },
          authFieldMutations: { api_key: { prefix: "Key " } },
        },
      ],
      proxyUrl: "https://{{tenant}}.example.com",
      proxyEnabled: true,
      metadata: { any_key: "value" },
    };
    const wire: ProviderPayload = argsToWire(args);
    expect(wireToArgs(wire)).toEqual(args);
    // @ts-expect-error snake_case keys belong to the wire naming
    const wrong: ProviderArgsShape = { display_name: "x", authPatterns: [], proxyUrl: "https://x", proxyEnabled: true };
    expect(wrong).toBeDefined();
  });

  test("its data maps are the schema's records", () => {
    const mapProperties = (node: StructureNode): string[] => {
      if (node.kind === "array") return mapProperties(node.element);
      if (node.kind !== "object") return [];
      return node.properties.flatMap((p) => (p.node.kind === "map" ? [p.wire] : mapProperties(p.node)));
    };
    const typed = { metadata: true, auth_field_mutations: true } satisfies Record<DataMapProperty, true>;
    expect(mapProperties(PAYLOAD_STRUCTURE).sort()).toEqual(Object.keys(typed).sort());
  });
});
