/**
 * The payload's part of a Pulumi package schema: the `CustomProvider` resource's inputs and outputs, and the
 * object and enum types they use, rendered from the payload structure (the zod schema) and the documentation of
 * every property (docs.ts), in camelCase as every Pulumi language spells them. The plugin adds the package's own
 * parts (name, version, configuration) around it.
 */
import { convert } from "./casing";
import { describeProperty, PAYLOAD_DESCRIPTION, RESOURCE_DOCS } from "./docs";
import { PAYLOAD_STRUCTURE, type ObjectNode, type PropertyNode, type StructureNode } from "./structure";
import { ENUM_NAMES, OBJECT_NAMES } from "./type-names";

/** One property of a Pulumi schema (the subset this package uses). */
export interface PulumiPropertySpec {
  readonly type?: "string" | "boolean" | "number" | "integer" | "array" | "object";
  readonly $ref?: string;
  readonly items?: PulumiPropertySpec;
  readonly additionalProperties?: PulumiPropertySpec;
  readonly description?: string;
  readonly default?: unknown;
  readonly secret?: boolean;
}

export interface PulumiObjectTypeSpec {
  readonly type: "object";
  readonly description: string;
  readonly properties: Record<string, PulumiPropertySpec>;
  readonly required?: string[];
}

export interface PulumiEnumTypeSpec {
  readonly type: "string";
  readonly description: string;
  readonly enum: { readonly name: string; readonly value: string }[];
}

export interface PulumiResourceSpec {
  readonly description: string;
  readonly inputProperties: Record<string, PulumiPropertySpec>;
  readonly requiredInputs: string[];
  readonly properties: Record<string, PulumiPropertySpec>;
  readonly required: string[];
}

/** The module of every token: `scalekit:index:CustomProvider`. */
const MODULE = "index";

/** `{@link RESOURCE_DOCS}` text without its TSDoc tags, which Pulumi's schema states as fields. */
function untagged(text: string): string {
  return text.split("\n@")[0];
}

/**
 * An enum member's name for the generated SDKs (`API_KEY` → `ApiKey`: Python's `API_KEY`, Go's `AuthTypeApiKey`,
 * TypeScript's `ApiKey`); without one, the generators mangle such values (Python's `AP_I_KEY`).
 */
function enumMemberName(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1).toLowerCase())
    .join("");
}

/** The outputs Scalekit adds beside the payload, with their documentation. */
const SERVER_OUTPUTS: Readonly<Record<string, PulumiPropertySpec>> = {
  identifier: { type: "string", description: RESOURCE_DOCS.identifier },
  providerId: { type: "string", description: RESOURCE_DOCS.providerId },
  categories: { type: "array", items: { $ref: "pulumi.json#/Any" }, description: RESOURCE_DOCS.categories },
  displayPriority: { type: "number", description: RESOURCE_DOCS.displayPriority },
  comingSoon: { type: "boolean", description: RESOURCE_DOCS.comingSoon },
  isCustom: { type: "boolean", description: RESOURCE_DOCS.isCustom },
  isCustomMcp: { type: "boolean", description: RESOURCE_DOCS.isCustomMcp },
};

/**
 * The `CustomProvider` resource of package `pkg` and the types it uses, keyed by their tokens.
 * @throws Error when the payload has an object or enum that type-names.ts does not name (a schema change).
 */
export function customProviderPackageSpec(pkg: string): {
  resource: PulumiResourceSpec;
  types: Record<string, PulumiObjectTypeSpec | PulumiEnumTypeSpec>;
} {
  const token = (name: string) => `${pkg}:${MODULE}:${name}`;
  const types: Record<string, PulumiObjectTypeSpec | PulumiEnumTypeSpec> = {};

  const nameAt = (table: Readonly<Record<string, string>>, parent: string, property: PropertyNode): string => {
    const name = table[`${parent}.${property.wire}`];
    if (name === undefined) throw new Error(`customProviderPackageSpec: name the type at ${parent}.${property.wire} in type-names.ts`);
    return name;
  };

  const typeOf = (node: StructureNode, parent: string, property: PropertyNode): PulumiPropertySpec => {
    switch (node.kind) {
      case "leaf": {
        if (node.type !== "enum") return { type: node.type };
        const name = nameAt(ENUM_NAMES, parent, property);
        types[token(name)] ??= {
          type: "string",
          description: describeProperty(requireDoc(parent, property), "args"),
          enum: (node.options ?? []).map((value) => ({ name: enumMemberName(value), value })),
        };
        return { $ref: `#/types/${token(name)}` };
      }
      case "array":
        return { type: "array", items: typeOf(node.element, parent, property) };
      case "map":
        return { type: "object", additionalProperties: typeOf(node.value, parent, property) };
      case "object": {
        const name = nameAt(OBJECT_NAMES, parent, property);
        if (types[token(name)] === undefined) {
          // Declared before its properties are walked, so that a type met twice (fields, accountFields) is made once.
          const declared: { -readonly [K in keyof PulumiObjectTypeSpec]: PulumiObjectTypeSpec[K] } = {
            type: "object",
            description: `One \`${name}\` of a \`CustomProvider\`.`,
            properties: {},
          };
          types[token(name)] = declared;
          Object.assign(declared.properties, propertiesOf(node, name));
          // Pulumi leaves out an empty list of required properties; so does this, to print as the CLI does.
          const required = requiredOf(node);
          if (required.length > 0) declared.required = required;
        }
        return { $ref: `#/types/${token(name)}` };
      }
    }
  };

  const propertiesOf = (node: ObjectNode, name: string): Record<string, PulumiPropertySpec> =>
    Object.fromEntries(
      node.properties.map((property) => {
        const doc = requireDoc(name, property);
        const example = JSON.stringify(convert(doc.example, property.node, "wire", "args"));
        const description = `${describeProperty(doc, "args")}\n\nExample: \`${example}\``;
        return [property.args, { ...typeOf(property.node, name, property), description }];
      }),
    );

  const payload = PAYLOAD_STRUCTURE;
  if (payload.kind !== "object") throw new Error("customProviderPackageSpec: the payload is not an object");
  const payloadProperties = propertiesOf(payload, "ProviderPayload");
  const required = requiredOf(payload);
  const inputProperties: Record<string, PulumiPropertySpec> = {
    ...payloadProperties,
    proxyEnabled: { ...payloadProperties.proxyEnabled, default: true },
    adopt: { type: "boolean", description: untagged(RESOURCE_DOCS.adopt), default: false },
  };
  const resource: PulumiResourceSpec = {
    description: `${PAYLOAD_DESCRIPTION} Credentials come from the provider's configuration (\`scalekit:environmentUrl\`, \`scalekit:clientId\`, \`scalekit:clientSecret\`), never from the resource.`,
    inputProperties,
    requiredInputs: required.filter((name) => name !== "proxyEnabled"),
    properties: { ...payloadProperties, ...SERVER_OUTPUTS },
    required: [...required, "identifier", "providerId"],
  };
  return { resource, types };
}

function requiredOf(node: ObjectNode): string[] {
  return node.properties.filter((property) => !property.optional).map((property) => property.args);
}

function requireDoc(parent: string, property: PropertyNode) {
  if (property.doc === undefined) throw new Error(`customProviderPackageSpec: ${parent}.${property.wire} has no documentation in docs.ts`);
  return property.doc;
}
