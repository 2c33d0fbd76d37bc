/**
 * The parsers of the CLI's flag values (commander's `argParser`), one per kind of value, so that every command
 * accepts and refuses a number the same way and says so in the same words.
 */
import { InvalidArgumentError } from "commander";

/**
 * A parser of a plain decimal number from `min` to `max` (digits, a fraction unless `integer`; surrounding
 * spaces ignored). Signs, exponents and hexadecimal are refused: `--port 0x50` is more likely a slip than a port.
 * Also used for an environment variable standing in for a flag (`name` is then the variable).
 * @throws InvalidArgumentError naming `name`, the range and the value given
 */
export function numberArg(name: string, min: number, max: number, integer = false): (value: string) => number {
  const pattern = integer ? /^\d+$/ : /^(\d+(\.\d*)?|\.\d+)$/;
  return (value) => {
    const n = Number(value);
    if (!pattern.test(value.trim()) || !Number.isFinite(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be ${integer ? "an integer" : "a number"} from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** A rate: `<requests>/<seconds>`, both whole numbers of at least 1, the window at most a day (e.g. `600/60`). */
export function rateArg(name: string): (value: string) => { requests: number; windowSeconds: number } {
  return (value) => {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
    const [requests, windowSeconds] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
    if (!(requests >= 1 && windowSeconds >= 1 && windowSeconds <= 86400)) {
      throw new InvalidArgumentError(`${name} must be <requests>/<seconds> with both at least 1 (e.g. 600/60), got "${value}"`);
    }
    return { requests, windowSeconds };
  };
}
