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
  const verbatim = new Set<number>();
  let node: StructureNode | undefined = PAYLOAD_STRUCTURE;
  path.forEach((segment, index) => {
    const isSchemaKey = node?.kind === "object" && typeof segment === "string" && node.byKey.wire.has(segment);
    if (!isSchemaKey || index >= verbatimFrom) verbatim.add(index);
    node = childNode(node, segment, "wire");
  });
  return formatPath(path, naming, (index) => verbatim.has(index));
}
