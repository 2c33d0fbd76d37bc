/**
 * Every error class of the package gets its `name` one way (NamedError): the class's own name, which stack
 * traces, util.inspect and log lines show. The names are part of what users see, so they are listed here.
 */
import { inspect } from "node:util";
import {
  AnswerTooLargeError,
  ConfigurationError,
  ConnectionError,
  RateLimitError,
  ScalekitError,
  TimeoutError,
  UnexpectedResponseError,
} from "../src/client";
import { BodyTooLarge } from "../src/client/answer";
import { ExitError } from "../src/cli/exit";
import { EmulatorError, EmulatorStateError, StateFileInUseError } from "../src/emulator";
import { NamedError } from "../src/named-error";
import { DefinitionError } from "../src/program/definition-file";
import { PromotionGateError } from "../src/program/gate";
import {
  AdoptionAuthTypeError,
  CustomProviderError,
  ProviderExistsError,
  ProviderGoneError,
  ProviderInUseError,
} from "../src/resource/errors";
import { PayloadValidationError } from "../src/schema";

const call = { operation: "list" as const };

const errors: Array<[string, Error]> = [
  ["ScalekitError", new ScalekitError("x")],
  ["ConfigurationError", new ConfigurationError("x", "timeoutMs")],
  ["ConnectionError", new ConnectionError("x", call)],
  ["TimeoutError", new TimeoutError("x", { ...call, timeoutMs: 1 })],
  ["UnexpectedResponseError", new UnexpectedResponseError("x", { ...call, status: 200 })],
  ["AnswerTooLargeError", new AnswerTooLargeError("x", { ...call, status: 200, limitBytes: 1 })],
  ["RateLimitError", new RateLimitError("x", { ...call, status: 429, violations: [] })],
  ["BodyTooLarge", new BodyTooLarge()],
  ["ExitError", new ExitError(2, "x")],
  ["EmulatorError", EmulatorError.notFound("x")],
  ["EmulatorStateError", new EmulatorStateError("state.json", "x")],
  ["StateFileInUseError", new StateFileInUseError("state.json", 1, "state.json.lock")],
  ["DefinitionError", new DefinitionError("x")],
  ["PromotionGateError", new PromotionGateError("x", [])],
  ["CustomProviderError", new CustomProviderError("x")],
  ["ProviderExistsError", new ProviderExistsError("A", undefined)],
  ["ProviderGoneError", new ProviderGoneError("A:1")],
  ["ProviderInUseError", new ProviderInUseError("A:1", "in use")],
  ["AdoptionAuthTypeError", new AdoptionAuthTypeError("A", "A:1", [])],
  ["PayloadValidationError", new PayloadValidationError([])],
];

test.each(errors)("%s is named after its class and descends from NamedError", (name, error) => {
  expect(error.name).toBe(name);
  expect(error.constructor.name).toBe(name);
  expect(error).toBeInstanceOf(NamedError);
  expect(inspect(error)).toMatch(new RegExp(`^${name}: `));
});
