/**
 * fast-check generators derived from the payload structure (itself derived from the zod schema): payload-shaped
 * values with every optional property sometimes present, data maps with arbitrary keys, and junk of any kind.
 */
import fc from "fast-check";
import { PAYLOAD_STRUCTURE, type StructureNode } from "../../src/schema";

/** Values shaped like `node`: right keys and types, arbitrary contents (not necessarily valid). */
export function shapedLike(node: StructureNode): fc.Arbitrary<unknown> {
  switch (node.kind) {
    case "object":
      return fc.record(Object.fromEntries(node.properties.map((property) => [property.wire, shapedLike(property.node)])), {
        requiredKeys: node.properties.filter((property) => !property.optional).map((property) => property.wire),
      });
    case "array":
      return fc.array(shapedLike(node.element), { maxLength: 3 });
    case "map": {
      const key = node.keys === undefined ? fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("team_name", "ownerId", "a_b_c")) : fc.constantFrom(...node.keys);
      return fc.dictionary(key, shapedLike(node.value), { maxKeys: 4 });
    }
    case "leaf":
      if (node.type === "enum") return fc.constantFrom(...(node.options ?? []));
      return node.type === "boolean" ? fc.boolean() : fc.string({ maxLength: 20 });
  }
}

/** Wire-payload-shaped values. */
export const payloadShaped = (): fc.Arbitrary<Record<string, unknown>> => shapedLike(PAYLOAD_STRUCTURE) as fc.Arbitrary<Record<string, unknown>>;

/** Anything a mutation may put in place of a value: wrong types, null, huge and unicode strings, sentinels, typos. */
export const junk = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.anything(),
    fc.constantFrom(null, undefined, "", " ", "{{", "{{ }}", "{x}", "https://{{domain}}", "OAuth", "APIKEY", "04da6b54-80e4-46f7-96ec-b56ff0331ba9"),
    fc.string({ unit: "grapheme", maxLength: 50 }),
    fc.integer({ min: 0, max: 3 }).map((n) => "x".repeat(10 ** (n + 2))),
    fc.array(fc.anything(), { maxLength: 3 }),
  );
