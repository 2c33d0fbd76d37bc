/**
 * Every expected failure reaches the engine as its message alone: through Pulumi's own provider host, each error
 * class the provider can raise (settings, validation, API refusals, the resource's own errors) answers the RPC
 * with a message free of stack frames and of this machine's paths, and the host prints nothing of it on its
 * stderr, which `pulumi` shows under Diagnostics (the host prints `${err}: ${err.stack}` there for check, diff,
 * read and delete). The classes are enumerated from the parts' faces, so a new class needs a scenario here.
 */
import * as os from "os";
import * as path from "path";
import * as client from "../../src/client";
import { NamedError } from "../../src/named-error";
import * as resourceErrors from "../../src/resource/errors";
import { fromPayload } from "../../src/resource/custom-provider";
import * as schema from "../../src/schema";
import type { FaultAction } from "../../src/emulator";
import { EngineDriver, HostError, Props, ResourceState } from "./driver";
import { examples, Harness, registerInputs, startHarness } from "./harness";

const REPO_ROOT = path.resolve(__dirname, "../..");
const EXAMPLES = examples();

/** The error classes of the parts whose errors reach the provider host, by name. */
function errorClasses(): string[] {
  const faces: Record<string, unknown>[] = [client, schema, resourceErrors];
  return faces
    .flatMap((face) => Object.entries(face))
    .filter(([, value]) => typeof value === "function" && (value as { prototype: unknown }).prototype instanceof NamedError)
    .map(([name]) => name)
    .sort();
}

/** What a user must never read in an error: a stack frame or a path of this machine. */
function expectClean(text: string): void {
  expect(text).not.toMatch(/^\s+at /m);
  expect(text).not.toContain(REPO_ROOT);
  expect(text).not.toContain(os.tmpdir());
  expect(text).not.toContain(os.homedir());
}

let inputs: Record<string, Props>;
let h: Harness;

beforeAll(() => {
  const asApiKey = JSON.parse(JSON.stringify(EXAMPLES["bearer-token"]));
  asApiKey.auth_patterns[0].type = "API_KEY";
  inputs = registerInputs({
    bearer: fromPayload(EXAMPLES["bearer-token"]),
    asana: fromPayload(EXAMPLES["asana-oauth"]),
    "bearer-adopt-as-api-key": { ...fromPayload(asApiKey), adopt: true },
  });
});

afterEach(async () => {
  await h?.close();
});

/** Starts a host with short timeouts and one retry, so that persistent faults fail fast. */
async function start(config: Record<string, string> = {}, emulator: { pageSizeCap?: number } = {}): Promise<Harness> {
  h = await startHarness({
    emulator,
    // The faults are aimed at one operation; the live review (its own tests: live-review.test.ts) would take them first.
    config: {
      "scalekit:liveReview": "false",
      "scalekit:timeoutSeconds": "0.5",
      "scalekit:maxRetries": "0",
      "scalekit:rateLimitWaitSeconds": "0",
      ...config,
    },
  });
  return h;
}

/** A provider created through the host, as `pulumi up` leaves it. */
async function created(name = "bearer"): Promise<ResourceState> {
  return h.engine.up(name, inputs[name]);
}

/** Makes every API request of `kind` fail with `action` from now on. */
function always(kind: "token" | "list" | "create" | "update" | "delete", action: FaultAction): void {
  h.emulator.addFault({ kind, count: 100, action });
}

const status = (code: number, body?: unknown): FaultAction => ({ type: "status", status: code, ...(body === undefined ? {} : { body }) });

interface Scenario {
  /** Makes the failure happen through the host; the error it answers with is what the engine prints. */
  run: () => Promise<unknown>;
  /** What that class's message says, so the scenario is known to raise it. */
  message: RegExp;
}

/**
 * One scenario per error class the provider raises. Classes that never reach the engine as themselves say which
 * class they become, and that class has its scenario.
 */
const SCENARIOS: Record<string, Scenario | { becomes: string }> = {
  SettingsError: {
    run: async () => {
      await start();
      h.engine = await EngineDriver.start({ config: { "scalekit:environmentUrl": h.emulator.url } });
      return h.engine.preview("bearer", inputs.bearer);
    },
    message: /Scalekit connection settings are missing:\n\s+scalekit:clientId/,
  },
  ConfigurationError: { becomes: "SettingsError" },
  CredentialsInUrlError: { becomes: "SettingsError" },
  PayloadValidationError: {
    run: async () => {
      await start();
      return h.engine.create(h.engine.urn("bearer"), { ...inputs.bearer, proxyUrl: "http://api.example.com" });
    },
    message: /proxyUrl: /,
  },
  // Raised as itself only by the client's own argument checks, which the resource's calls never fail.
  ScalekitError: { becomes: "InvalidIdentifierError" },
  InvalidIdentifierError: {
    run: async () => {
      await start();
      return h.engine.delete("", h.engine.urn("bearer"), { __provider: inputs.bearer.__provider });
    },
    message: /its identifier is not one Scalekit issues/,
  },
  MalformedListingError: {
    run: async () => {
      await start();
      const state = await created();
      always("list", status(200, { providers: [{ id: "prv_1", identifier: "NONAME:1" }], next_page_token: "" }));
      return h.engine.refresh(state);
    },
    message: /holds a custom provider the client cannot use/,
  },
  ListingTooLargeError: {
    run: async () => {
      // One provider per page, each about 1 MiB: the listing passes its bound before the last page. A page of
      // 1 MiB may take longer than the other scenarios' 0.5 s on a loaded machine.
      await start({ "scalekit:timeoutSeconds": "20" }, { pageSizeCap: 1 });
      const state = await created();
      const description = "d".repeat(1024 * 1024);
      const pages = client.MAX_LISTING_BYTES / description.length + 2;
      for (let i = 0; i < pages; i++) h.emulator.insertProvider({ ...EXAMPLES["bearer-token"], display_name: `Large ${i}`, description });
      return h.engine.refresh(state);
    },
    message: /MAX_LISTING_BYTES/,
  },
  ScalekitApiError: {
    run: async () => {
      await start();
      always("create", status(418));
      return created();
    },
    message: /not part of the documented API/,
  },
  ValidationError: {
    run: async () => {
      await start();
      always("create", status(400));
      return created();
    },
    message: /Fix the provider definition and run again/,
  },
  AuthenticationError: {
    run: async () => {
      await start({ "scalekit:clientSecret": "not-the-secret-of-this-environment" });
      return created();
    },
    message: /client id or client secret is wrong/,
  },
  PermissionError: {
    run: async () => {
      await start();
      always("create", status(403));
      return created();
    },
    message: /not allowed to do this/,
  },
  NotFoundError: {
    run: async () => {
      await start();
      const state = await created();
      always("list", status(404));
      return h.engine.refresh(state);
    },
    message: /HTTP 404/,
  },
  ConflictError: { becomes: "ProviderExistsError" },
  InUseError: { becomes: "ProviderInUseError" },
  RateLimitError: {
    run: async () => {
      await start();
      always("create", status(429));
      return created();
    },
    message: /Scalekit rate limited the client/,
  },
  ServerError: {
    run: async () => {
      await start();
      const state = await created();
      always("update", status(503));
      return h.engine.update(state.id, state.urn, state.outputs, inputs.asana);
    },
    message: /This is usually temporary/,
  },
  ConnectionError: {
    run: async () => {
      await start();
      const state = await created();
      always("delete", { type: "reset" });
      return h.engine.destroy(state);
    },
    message: /Could not reach Scalekit/,
  },
  TimeoutError: {
    run: async () => {
      await start();
      const state = await created();
      always("list", { type: "latency", ms: 1500 });
      return h.engine.refresh(state);
    },
    message: /did not answer within 500 ms/,
  },
  RedirectError: {
    run: async () => {
      await start();
      always("create", status(302));
      return created();
    },
    message: /with a redirect \(HTTP 302\)/,
  },
  UnexpectedResponseError: {
    run: async () => {
      await start();
      const state = await created();
      always("list", status(200, "not the documented listing"));
      return h.engine.refresh(state);
    },
    message: /please report this/,
  },
  AnswerTooLargeError: {
    run: async () => {
      await start();
      const state = await created();
      always("list", status(200, "x".repeat(client.MAX_ANSWER_BYTES + 1)));
      return h.engine.refresh(state);
    },
    message: /was too large/,
  },
  CustomProviderError: { becomes: "ProviderExistsError" },
  ProviderExistsError: {
    run: async () => {
      await start();
      h.emulator.insertProvider(EXAMPLES["bearer-token"]);
      return created();
    },
    message: /already exists.*no duplicate was created/s,
  },
  ProviderGoneError: {
    run: async () => {
      await start();
      const state = await created();
      h.emulator.removeProvider(state.id);
      return h.engine.update(state.id, state.urn, state.outputs, inputs.asana);
    },
    message: /no longer exists/,
  },
  ProviderInUseError: {
    run: async () => {
      await start();
      const state = await created();
      h.emulator.attachConnections(state.id);
      return h.engine.destroy(state);
    },
    message: /still used by connections/,
  },
  AdoptionAuthTypeError: {
    run: async () => {
      await start();
      h.emulator.insertProvider(EXAMPLES["bearer-token"]);
      return created("bearer-adopt-as-api-key");
    },
    message: /cannot adopt the Scalekit provider/,
  },
};

test("every error class of the client, the schema and the resource has a scenario here", () => {
  expect(Object.keys(SCENARIOS).sort()).toEqual(errorClasses());
});

const RAISED = Object.entries(SCENARIOS).filter((entry): entry is [string, Scenario] => "run" in entry[1]);

test.each(RAISED)(
  "%s reaches the engine as one clean message: no stack trace, no path, nothing on the host's stderr",
  async (_name, scenario) => {
    const error = await scenario.run().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(HostError);
    const message = (error as HostError).message;
    expect(message).toMatch(scenario.message);
    expectClean(message);
    // The host's own stream: whatever it printed arrives by then.
    const printed = (await Promise.all(h.engines.map((engine) => engine.outputMatching(/\n\s+at /, 300)))).join("");
    expectClean(printed);
    expect(printed).not.toContain(message.split("\n")[0]);
  },
);

test.each(["check", "diff", "read", "delete"])("a missing setting met first in %s is one clean message", async (rpc) => {
  await start();
  const state = await created();
  h.engine = await EngineDriver.start({ config: { "scalekit:environmentUrl": h.emulator.url } });
  const calls: Record<string, () => Promise<unknown>> = {
    check: () => h.engine.check(state.urn, state.inputs, state.inputs),
    diff: () => h.engine.diff(state.id, state.urn, state.outputs, state.inputs),
    read: () => h.engine.read(state.id, state.urn, state.outputs, state.inputs),
    delete: () => h.engine.delete(state.id, state.urn, state.outputs),
  };
  await expect(calls[rpc]()).rejects.toThrow(/Scalekit connection settings are missing/);
  const printed = await h.engine.outputMatching(/\n\s+at /, 300);
  expectClean(printed);
  expect(printed).not.toMatch(/SettingsError|connection settings are missing/);
});
