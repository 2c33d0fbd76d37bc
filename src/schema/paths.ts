/** Renders wire paths of the payload in either naming, keeping data keys (metadata keys, field names) verbatim. */
import { formatPath, type Naming, type Path } from "./naming";
import { childNode, PAYLOAD_STRUCTURE, type StructureNode } from "./structure";

/**
 * `["auth_patterns", 0, "oauth_config", "token_uri"]` → `authPatterns[0].oauthConfig.tokenUri` in args naming.
 * Keys under a data map are shown as written; keys outside the structure (unknown keys) too, and so are all
 * segments from `verbatimFrom` on (an unknown key is shown as the user wrote it, even if it happens to be a
 * schema key in the other naming).
 */
export function renderProperty(path: Path, naming: Naming, verbatimFrom = path.length): string {
  const verbatim = verbatimSegments(path, verbatimFrom);
  return formatPath(path, naming, (index) => verbatim.has(index));
}

/**
 * The property as Pulumi's Go SDK spells it: each schema key as an exported Go field, the args name with its first
 * letter upper-cased (`AuthPatterns[0].OauthConfig.TokenUri`); data keys as written.
 */
export function renderGoProperty(path: Path): string {
  const verbatim = verbatimSegments(path, path.length);
  const exported = path.map((segment, index) => (typeof segment === "string" && !verbatim.has(index) ? upperFirst(segment) : segment));
  return formatPath(exported, "args", (index) => verbatim.has(index));
}

/** `auth_patterns` → `Auth_patterns`, which the args naming folds to `AuthPatterns`. */
function upperFirst(wireKey: string): string {
  return wireKey.charAt(0).toUpperCase() + wireKey.slice(1);
}

/** The indexes of the segments shown as written: not a schema key where they stand, or from `verbatimFrom` on. */
function verbatimSegments(path: Path, verbatimFrom: number): Set<number> {
  const verbatim = new Set<number>();
  let node: StructureNode | undefined = PAYLOAD_STRUCTURE;
  path.forEach((segment, index) => {
    const isSchemaKey = node?.kind === "object" && typeof segment === "string" && node.byKey.wire.has(segment);
    if (!isSchemaKey || index >= verbatimFrom) verbatim.add(index);
    node = childNode(node, segment, "wire");
  });
  return verbatim;
}
