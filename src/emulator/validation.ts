/**
 * Server-side validation of a provider payload: the same rules as the package's schema (one source of
 * truth), answered the way the contract documents it: 400, gRPC code 3 INVALID_ARGUMENT, and one field
 * violation per problem with the snake_case property path.
 */
import { validatePayload } from "../schema";
import { EmulatorError, type FieldViolation } from "./errors";

/** Most violations named in the message itself (all are in `field_violations`). */
const MESSAGE_VIOLATIONS = 3;

/**
 * Checks `input` against the payload schema and returns it unchanged (a deep copy, exactly as received)
 * when it is valid.
 * @throws EmulatorError 400 INVALID_ARGUMENT with every problem in `validation_error_info.field_violations`
 */
export function checkPayload(input: unknown): Record<string, unknown> {
  if (input === undefined) {
    throw EmulatorError.invalidArgument("request body is empty: send the provider payload as JSON");
  }
  const result = validatePayload(input, "wire");
  if (!result.ok) {
    const violations: FieldViolation[] = result.issues.map((issue) => ({
      field: issue.property || "(payload)",
      description: issue.message,
    }));
    const named = violations
      .slice(0, MESSAGE_VIOLATIONS)
      .map((v) => `${v.field}: ${v.description}`)
      .join("; ");
    const more = violations.length > MESSAGE_VIOLATIONS ? `; and ${violations.length - MESSAGE_VIOLATIONS} more` : "";
    throw EmulatorError.invalidArgument(`invalid custom provider: ${named}${more}`, violations);
  }
  // Store what the client sent, not the schema's output: the emulator must not hide client mistakes by
  // normalizing them away.
  return structuredClone(input) as Record<string, unknown>;
}
