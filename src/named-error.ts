/**
 * The base of every error class in the package. `name` is the class's own name, set here once: a stack
 * trace, `util.inspect` and a log line name the class that was thrown, and no subclass sets it by hand
 * (where a hand-written name could drift from the class).
 */
export class NamedError extends Error {
  constructor(message?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
