/**
 * The request body of create and update, as the client sees it: the wire payload of src/schema. The
 * client sends it unchanged (validation is src/schema's job); it only reads `display_name` to find a
 * provider after a lost create.
 */
export type { ProviderPayload } from "../schema/payload-types";
