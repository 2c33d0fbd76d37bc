/**
 * Which permission of the API client each call needs (docs/scalekit-api.md, "Errors": the provider RPCs of
 * Scalekit's proto name them; medium confidence), and where it is granted. Without it, Scalekit answers 403
 * PERMISSION_DENIED.
 */
import type { Operation } from "./errors";

/** The permission each call of the custom-providers API needs; the token request needs none. */
export const REQUIRED_PERMISSION: Readonly<Record<Operation, string | undefined>> = {
  token: undefined,
  list: "agent_connectors:read",
  create: "agent_connectors:write",
  update: "agent_connectors:write",
  delete: "agent_connectors:write",
};

/** Where an API client's permissions are granted. */
export const PERMISSIONS_PLACE = "the API client's permissions in the Scalekit Dashboard (Developers → Settings → API Credentials)";
