/**
 * The payload's structure, derived from the zod schema: which properties exist at each level (in both
 * namings), which are optional, and which positions are data maps whose keys are values, not property names
 * (`metadata`, `auth_field_mutations`). Unknown-key detection, the camelCase mapping, path rendering and
 * normalization all walk this one description, so none of them can drift from the schema.
 */
import { z } from "zod";
import { propertyDocs, type PropertyDoc } from "./docs";
import { keyIn, type Naming, type Path } from "./naming";
import { ProviderPayloadSchema } from "./wire";

export type StructureNode = ObjectNode | ArrayNode | MapNode | LeafNode;

/** An object with a fixed set of properties. */
export interface ObjectNode {
  readonly kind: "object";
  readonly properties: readonly PropertyNode[];
  /** Properties by wire key and by args key. */
  readonly byKey: Readonly<Record<Naming, ReadonlyMap<string, PropertyNode>>>;
}

export interface PropertyNode {
  readonly wire: string;
  readonly args: string;
  readonly optional: boolean;
  readonly node: StructureNode;
  /** Its documentation (docs.ts), attached to the schema by wire.ts. */
  readonly doc?: PropertyDoc;
}

export interface ArrayNode {
  readonly kind: "array";
  readonly element: StructureNode;
}

/** An object whose keys are data; `keys` lists the allowed ones when they are enumerated. */
export interface MapNode {
  readonly kind: "map";
  readonly keys?: readonly string[];
  readonly value: StructureNode;
}

export interface LeafNode {
  readonly kind: "leaf";
  readonly type: "string" | "boolean" | "enum";
  /** The allowed values of an enum. */
  readonly options?: readonly string[];
}

/**
 * Describes a zod schema built from objects, arrays, records, optionals, strings, booleans and enums.
 * @throws Error for any other zod type: a schema change this module must learn about (fails at load time).
 */
export function describeStructure(schema: z.core.$ZodType): StructureNode {
  if (schema instanceof z.ZodObject) return describeObject(schema);
  if (schema instanceof z.ZodArray) return { kind: "array", element: describeStructure(schema.element) };
  if (schema instanceof z.ZodRecord) {
    const keyType = schema.keyType;
    const keys = keyType instanceof z.ZodEnum ? (keyType.options as string[]) : undefined;
    return { kind: "map", ...(keys === undefined ? {} : { keys }), value: describeStructure(schema.valueType) };
  }
  if (schema instanceof z.ZodString) return { kind: "leaf", type: "string" };
  if (schema instanceof z.ZodBoolean) return { kind: "leaf", type: "boolean" };
  if (schema instanceof z.ZodEnum) return { kind: "leaf", type: "enum", options: schema.options as string[] };
  throw new Error(`describeStructure: unsupported zod type "${schema._zod.def.type}"`);
}

function describeObject(schema: z.ZodObject): ObjectNode {
  const properties = Object.entries<z.core.$ZodType>(schema.shape).map(([wire, value]): PropertyNode => {
    const optional = value instanceof z.ZodOptional;
    const inner: z.core.$ZodType = optional ? value.unwrap() : value;
    const doc = propertyDocs.get(value);
    return { wire, args: keyIn(wire, "args"), optional, node: describeStructure(inner), ...(doc === undefined ? {} : { doc }) };
  });
  const byKey = {
    wire: new Map(properties.map((p) => [p.wire, p])),
    args: new Map(properties.map((p) => [p.args, p])),
  };
  if (byKey.args.size !== properties.length) throw new Error("describeStructure: two properties share one camelCase name");
  return { kind: "object", properties, byKey };
}

/** The structure of the provider payload. */
export const PAYLOAD_STRUCTURE: StructureNode = describeStructure(ProviderPayloadSchema);

/** The property `key` (spelled in `naming`) of an object node, if it has one. */
export function findProperty(node: StructureNode | undefined, key: string, naming: Naming): PropertyNode | undefined {
  return node?.kind === "object" ? node.byKey[naming].get(key) : undefined;
}

/** The node a path segment leads to from `node`, or undefined when the segment leaves the structure. */
export function childNode(node: StructureNode | undefined, segment: string | number, naming: Naming): StructureNode | undefined {
  if (node === undefined) return undefined;
  if (typeof segment === "number") return node.kind === "array" ? node.element : undefined;
  if (node.kind === "map") return node.value;
  return findProperty(node, segment, naming)?.node;
}

/** The node at a wire `path` of the payload, or undefined when the path leaves the structure. */
export function nodeAt(path: Path): StructureNode | undefined {
  let node: StructureNode | undefined = PAYLOAD_STRUCTURE;
  for (const segment of path) node = childNode(node, segment, "wire");
  return node;
}

/**
 * The value an absent optional property of this kind is taken to have: "" for strings, false for booleans,
 * [] for arrays, {} for maps; undefined (no such value) for objects and enums.
 */
export function emptyValueOf(node: StructureNode): "" | false | [] | Record<string, never> | undefined {
  switch (node.kind) {
    case "leaf":
      return node.type === "string" ? "" : node.type === "boolean" ? false : undefined;
    case "array":
      return [];
    case "map":
      return {};
    case "object":
      return undefined;
  }
}
