/**
 * The emulator's route table: which request is which kind, from its method and decoded path segments.
 * Unknown paths and wrong methods resolve to an error to answer (404 naming the route, 405 with `Allow`).
 */
import { EmulatorError, errorBody } from "./errors";

export const CONTROL_PREFIX = "_emulator";

export type Route =
  | { kind: "token" }
  | { kind: "list" }
  | { kind: "create" }
  | { kind: "update"; identifier: string }
  | { kind: "delete"; identifier: string }
  | { kind: "control"; rest: string[] }
  | { kind: "unknown"; error: EmulatorError };

interface RouteDef {
  pattern: readonly string[]; // "*" matches one segment
  methods: Partial<Record<string, (params: string[]) => Route>>;
}

const ROUTES: readonly RouteDef[] = [
  { pattern: ["oauth", "token"], methods: { POST: () => ({ kind: "token" }) } },
  { pattern: ["api", "v1", "providers"], methods: { GET: () => ({ kind: "list" }) } },
  { pattern: ["api", "v1", "custom-providers"], methods: { POST: () => ({ kind: "create" }) } },
  {
    pattern: ["api", "v1", "custom-providers", "*"],
    methods: {
      PUT: ([identifier]) => ({ kind: "update", identifier }),
      DELETE: ([identifier]) => ({ kind: "delete", identifier }),
    },
  },
];

/** Resolves a request to its route; never throws. */
export function resolveRoute(method: string, segments: readonly string[], rawPath: string): Route {
  if (segments[0] === CONTROL_PREFIX) return { kind: "control", rest: segments.slice(1) };
  for (const def of ROUTES) {
    const params = matchPattern(def.pattern, segments);
    if (!params) continue;
    const build = def.methods[method.toUpperCase()];
    if (build) return build(params);
    const allow = Object.keys(def.methods).join(", ");
    return {
      kind: "unknown",
      error: new EmulatorError(
        405,
        errorBody("UNIMPLEMENTED", `method ${method} is not allowed on ${rawPath}; allowed: ${allow}`, "METHOD_NOT_ALLOWED"),
        { Allow: allow },
      ),
    };
  }
  return { kind: "unknown", error: routeNotFound(method, rawPath) };
}

export function routeNotFound(method: string, rawPath: string): EmulatorError {
  return EmulatorError.notFound(`no route for ${method} ${rawPath}`, "ROUTE_NOT_FOUND");
}

function matchPattern(pattern: readonly string[], segments: readonly string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === "*") params.push(segments[i]);
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}
