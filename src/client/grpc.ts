/**
 * The gRPC status codes (google.rpc.Code) that Scalekit's error bodies carry in `code`: one table for the
 * client, which reads them, and the emulator, which writes them. Free of zod: the emulator's public
 * declarations refer to it.
 */

/** The code numbers by name. */
export const GRPC_CODES = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type GrpcCodeName = keyof typeof GRPC_CODES;

/** The name of a gRPC code number, e.g. 6 → "ALREADY_EXISTS". */
export function grpcCodeName(code: number | undefined): GrpcCodeName | undefined {
  if (code === undefined) return undefined;
  return (Object.keys(GRPC_CODES) as GrpcCodeName[]).find((name) => GRPC_CODES[name] === code);
}

/** The number of a gRPC code name in any case, e.g. "not_found" → 5. */
export function grpcCodeNumber(name: string): number | undefined {
  const upper = name.toUpperCase();
  return Object.hasOwn(GRPC_CODES, upper) ? GRPC_CODES[upper as GrpcCodeName] : undefined;
}
