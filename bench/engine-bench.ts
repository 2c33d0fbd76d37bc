/**
 * `npm run bench`: what `pulumi up`, `preview`, `refresh` and `destroy` cost for N custom providers, through
 * the engine path (Pulumi's own dynamic-provider host over gRPC, see test/engine/driver.ts) against the
 * local emulator with a fixed latency added to every request.
 *
 * As the engine does: one fresh provider-host process per command (it starts one per `pulumi` run), and
 * 16 resource operations in flight at once. The client's own limits (requests in flight, an optional cap on
 * requests per second) are the package defaults unless given. For each command it prints wall time, HTTP
 * requests by kind from the emulator's journal, the size of `__provider` and of the outputs per resource,
 * and beside each figure its limit and whether it is met. Then the pacing targets: what pacing costs
 * against a server with no limit (`up` and `destroy` of the largest N, pacing on versus off), and `up`
 * against servers that limit requests per window and send no Retry-After, as Scalekit documents its limit.
 * Exits 1 when a limit is not met (or an operation fails).
 *
 * Options: --sizes=10,100,500  --latency-ms=20  --concurrency=16  --max-in-flight=N  --requests-per-second=N (an optional cap)
 */
import * as os from "os";
import { CLIENT_DEFAULTS } from "../src/client";
import { RATE_WINDOW_GUARD_MS } from "../src/client/throttle";
import { startEmulator, type JournalEntry, type RunningEmulator } from "../src/emulator";
import { fromPayload } from "../src/resource/custom-provider";
import { EngineDriver, type Props, type ResourceState } from "../test/engine/driver";
import { examples, registerInputs, stackConfig } from "../test/engine/harness";

/** `__provider` must stay under this many bytes per resource: it is stored in every resource's state. */
const PROVIDER_SIZE_LIMIT = 50 * 1024;
/** Refresh shares listings: this many at most, whatever N (one page each). */
const REFRESH_LIST_LIMIT = 2;
/** Against a server with no limit, pacing may cost at most this share of the wall time of `up` and `destroy`. */
const PACING_COST_LIMIT = 0.1;
/** "Pacing off": no bound of the client's own beyond the engine's operations in flight, and no cap. */
const PACING_OFF_MAX_IN_FLIGHT = 100_000;
/** Runs of each side of the pacing comparison; the fastest of each is compared (the machine is shared). */
const PACING_RUNS = 3;
/** Servers limiting requests per fixed window, without Retry-After: `up` of N must finish within one window of the floor. */
const RATE_LIMITED_SCENARIOS = [
  { requests: 30, windowSeconds: 4, providers: 120 },
  { requests: 30, windowSeconds: 20, providers: 50 },
] as const;

interface Options {
  sizes: number[];
  latencyMs: number;
  concurrency: number;
  maxInFlight?: number;
  requestsPerSecond?: number;
}

function parseOptions(argv: string[]): Options {
  const get = (name: string): string | undefined => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const positive = (name: string, value: string | undefined, fallback?: number): number | undefined => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`);
    return n;
  };
  const unknown = argv.filter((a) => !/^--(sizes|latency-ms|concurrency|max-in-flight|requests-per-second)=/.test(a));
  if (unknown.length > 0) throw new Error(`unknown argument(s): ${unknown.join(" ")} (see the header of bench/engine-bench.ts)`);
  const sizes = (get("sizes") ?? "10,100,500").split(",").map((s) => positive("sizes", s)!);
  return {
    sizes: sizes.map(Math.floor),
    latencyMs: positive("latency-ms", get("latency-ms"), 20)!,
    concurrency: Math.floor(positive("concurrency", get("concurrency"), 16)!),
    maxInFlight: positive("max-in-flight", get("max-in-flight")),
    requestsPerSecond: positive("requests-per-second", get("requests-per-second")),
  };
}

// ---- the workload ---------------------------------------------------------------------------------------

/** N distinct valid providers: the documented examples in turn (every auth type), each with its own name. */
function declareProviders(count: number): Record<string, unknown> {
  const templates = Object.values(examples());
  const resources: Record<string, unknown> = {};
  for (let i = 1; i <= count; i++) {
    const number = String(i).padStart(4, "0");
    const template = templates[(i - 1) % templates.length];
    resources[`bench-${number}`] = fromPayload({ ...template, display_name: `Bench Provider ${number}` });
  }
  return resources;
}

/**
 * Registrations per child process: registerInputs reads the child's answer through spawnSync, whose output
 * buffer is 1 MiB by default (test/helpers/registrations.ts), about 4 KB per registration here.
 */
const REGISTRATION_BATCH = 100;

/**
 * The inputs the engine receives for these CustomProviders, `__provider` included, registered by the built
 * package (in batches, see REGISTRATION_BATCH).
 * @throws Error when the batches do not share one `__provider` text: the host would then build one provider,
 *   one client and one token per distinct text, and the token figures would not describe one program.
 */
function registerAll(resources: Record<string, unknown>): Record<string, Props> {
  const entries = Object.entries(resources);
  const registered: Record<string, Props> = {};
  for (let i = 0; i < entries.length; i += REGISTRATION_BATCH) {
    Object.assign(registered, registerInputs(Object.fromEntries(entries.slice(i, i + REGISTRATION_BATCH))));
  }
  const texts = new Set(Object.values(registered).map((inputs) => inputs.__provider));
  if (texts.size !== 1) throw new Error(`the registrations carry ${texts.size} different __provider texts; expected one`);
  return registered;
}

/** Runs `work` over `items` with at most `size` in flight, as the engine schedules resource operations. */
async function pool<T, R>(items: readonly T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return results;
}

// ---- measuring ------------------------------------------------------------------------------------------

const KINDS = ["token", "list", "create", "update", "delete"] as const;
type Kind = (typeof KINDS)[number];

interface PhaseFigures {
  wallMs: number;
  hostStartMs: number;
  requests: Record<Kind, number> & { total: number };
  /** Complete listings: list requests without a page token (each may take several pages). */
  listings: number;
  /** Answers other than 2xx (429s, errors). */
  failedRequests: number;
  /** Most requests in progress at the emulator at once. */
  maxInFlight: number;
}

function figuresFrom(journal: readonly JournalEntry[], wallMs: number, hostStartMs: number): PhaseFigures {
  const api = journal.filter((e) => e.kind !== "control");
  const requests = { token: 0, list: 0, create: 0, update: 0, delete: 0, total: api.length };
  for (const entry of api) {
    if ((KINDS as readonly string[]).includes(entry.kind)) requests[entry.kind as Kind]++;
  }
  return {
    wallMs,
    hostStartMs,
    requests,
    listings: api.filter((e) => e.kind === "list" && !e.query.page_token).length,
    failedRequests: api.filter((e) => e.status < 200 || e.status >= 300).length,
    maxInFlight: maxOverlap(api),
  };
}

/** Most intervals [receivedAt, receivedAt + durationMs) overlapping at one instant. */
function maxOverlap(entries: readonly JournalEntry[]): number {
  const events = entries.flatMap((e) => [
    { at: e.receivedAt, delta: 1 },
    { at: e.receivedAt + e.durationMs, delta: -1 },
  ]);
  events.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let current = 0;
  let max = 0;
  for (const event of events) {
    current += event.delta;
    max = Math.max(max, current);
  }
  return max;
}

/**
 * One `pulumi` command: a fresh provider host (configured with the stack config), the operations with
 * `concurrency` in flight, then the host stopped. The emulator's journal is cleared first so that it holds
 * exactly this command's requests.
 */
async function command<R>(
  emulator: RunningEmulator,
  config: Record<string, string>,
  names: readonly string[],
  concurrency: number,
  operation: (engine: EngineDriver, name: string) => Promise<R>,
): Promise<{ results: R[]; figures: PhaseFigures; output: string }> {
  emulator.clearJournal();
  const hostStarted = Date.now();
  const engine = await EngineDriver.start(stackConfig(emulator, config));
  const started = Date.now();
  try {
    const results = await pool(names, concurrency, (name) => operation(engine, name));
    const wallMs = Date.now() - started;
    return { results, figures: figuresFrom(emulator.journal(), wallMs, started - hostStarted), output: engine.output };
  } finally {
    await engine.stop();
  }
}

const bytes = (value: unknown): number => Buffer.byteLength(typeof value === "string" ? value : JSON.stringify(value), "utf8");

interface SizeFigures {
  providerMax: number;
  outputsMean: number;
  outputsMax: number;
  /** Outputs without `__provider`: what the provider itself returns. */
  ownOutputsMean: number;
}

function sizesOf(states: readonly ResourceState[]): SizeFigures {
  const outputs = states.map((s) => bytes(s.outputs));
  const own = states.map((s) => {
    const { __provider: _ignored, ...rest } = s.outputs;
    return bytes(rest);
  });
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  return {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- __provider is the serialized text
    providerMax: Math.max(...states.map((s) => bytes(String(s.outputs.__provider ?? s.inputs.__provider ?? "")))),
    outputsMean: mean(outputs),
    outputsMax: Math.max(...outputs),
    ownOutputsMean: mean(own),
  };
}

// ---- limits and the table -------------------------------------------------------------------------------

interface Check {
  text: string;
  ok: boolean;
}

const failures: string[] = [];

/** A figure with its limit: `501 (= N+1 ✓)`; a failed limit is remembered for the exit code. */
function cell(where: string, value: number | string, check?: Check): string {
  if (!check) return String(value);
  if (!check.ok) failures.push(`${where}: ${value}, limit ${check.text}`);
  return `${value} (${check.text} ${check.ok ? "✓" : "✗ NOT MET"})`;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/**
 * The least wall time `requests` HTTP requests can take: each takes the added latency, at most
 * min(concurrency, maxInFlight) run at once, and the client starts at most requestsPerSecond per
 * (slightly stretched) second.
 */
function wallFloorMs(requests: number, o: Options, client: ClientLimits): number {
  if (requests === 0) return 0;
  const parallel = Math.min(o.concurrency, client.maxInFlight);
  const byLatency = Math.ceil(requests / parallel) * o.latencyMs;
  if (client.requestsPerSecond === undefined) return byLatency;
  const perWindow = Math.max(1, Math.floor(client.requestsPerSecond));
  const windowMs = (perWindow / client.requestsPerSecond) * 1000 + RATE_WINDOW_GUARD_MS;
  const byRate = Math.floor((requests - 1) / perWindow) * windowMs + o.latencyMs;
  return Math.max(byLatency, byRate);
}

type Phase = "up" | "preview" | "preview, review off" | "refresh" | "destroy";

/** The pages of one listing walk of `providers` providers at the client's page size (an empty listing is one page). */
const walkPages = (providers: number): number => Math.max(1, Math.ceil(providers / CLIENT_DEFAULTS.pageSize));

interface ClientLimits {
  maxInFlight: number;
  requestsPerSecond?: number;
}

/**
 * One command's figures beside their limits. Check and Diff (up, preview) run the live review: one token of its
 * own and one listing walk per host, `walkPages` pages; `environment` is how many providers the walk finds.
 */
function row(n: number, phase: Phase, f: PhaseFigures, o: Options, client: ClientLimits, environment: number): string {
  const at = `N=${n} ${phase}`;
  const r = f.requests;
  const eq = (value: number, expected: number, label: string) =>
    cell(`${at} ${label}`, value, { text: `= ${expected}`, ok: value === expected });
  const pages = walkPages(environment);
  const reviewed = phase === "up" || phase === "preview";
  const token =
    phase === "up"
      ? cell(`${at} token`, r.token, { text: "= 2 per host: the writes' and the live review's", ok: r.token === 2 })
      : phase === "preview"
        ? cell(`${at} token`, r.token, { text: "= 1: the live review's", ok: r.token === 1 })
        : cell(`${at} token`, r.token, r.total === 0 ? { text: "= 0", ok: r.token === 0 } : { text: "= 1 per host", ok: r.token === 1 });
  const list = reviewed
    ? cell(`${at} list`, r.list, {
        text: `= ${pages}: the live review's walk of ${environment} at ${CLIENT_DEFAULTS.pageSize} a page${phase === "up" ? "; 409 is the create's duplicate check" : ""}`,
        ok: r.list === pages && f.listings === 1,
      })
    : phase === "refresh"
      ? cell(`${at} list`, r.list, {
          text: `≤ ${REFRESH_LIST_LIMIT}, ${f.listings} listing(s) of 1 page`,
          ok: r.list <= REFRESH_LIST_LIMIT && r.list === f.listings,
        })
      : eq(r.list, 0, "list");
  const total =
    phase === "preview"
      ? cell(`${at} total`, r.total, { text: `= 1 token + ${pages} page(s)`, ok: r.total === 1 + pages })
      : phase === "preview, review off"
        ? cell(`${at} total`, r.total, { text: "= 0", ok: r.total === 0 })
        : String(r.total);
  const columns = [
    String(n),
    phase,
    `${seconds(f.wallMs)} (floor ${seconds(wallFloorMs(r.total, o, client))})`,
    token,
    list,
    phase === "up" ? eq(r.create, n, "create") : eq(r.create, 0, "create"),
    eq(r.update, 0, "update"),
    phase === "destroy" ? eq(r.delete, n, "delete") : eq(r.delete, 0, "delete"),
    total,
    cell(`${at} failed`, f.failedRequests, { text: "= 0", ok: f.failedRequests === 0 }),
    String(f.maxInFlight),
  ];
  return `| ${columns.join(" | ")} |`;
}

// ---- the run --------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const client: ClientLimits = { maxInFlight: o.maxInFlight ?? CLIENT_DEFAULTS.maxInFlight, requestsPerSecond: o.requestsPerSecond };
  const config: Record<string, string> = {};
  if (o.maxInFlight !== undefined) config["scalekit:maxInFlight"] = String(o.maxInFlight);
  if (o.requestsPerSecond !== undefined) config["scalekit:requestsPerSecond"] = String(o.requestsPerSecond);

  const cpus = os.cpus();
  console.log(`# Engine benchmark`);
  console.log("");
  console.log(
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ` +
      `${os.type()} ${os.release()}, Node ${process.version}.`,
  );
  console.log(
    `Workload: emulator on 127.0.0.1 with ${o.latencyMs} ms added to every request; ${o.concurrency} resource operations in flight; ` +
      `one provider-host process per command; client limits: ${client.maxInFlight} requests in flight, ` +
      `${client.requestsPerSecond === undefined ? "no cap on requests per second" : `${client.requestsPerSecond} requests/s`} ` +
      `(${o.maxInFlight === undefined && o.requestsPerSecond === undefined ? "the package defaults" : "from the command line"}).`,
  );

  const largest = Math.max(...o.sizes);
  const registerStarted = Date.now();
  const registered = registerAll(declareProviders(Math.max(largest, ...RATE_LIMITED_SCENARIOS.map((r) => r.providers))));
  const names = Object.keys(registered).sort();
  console.log(
    `Registrations: ${names.length} CustomProviders declared by the built package in ${seconds(Date.now() - registerStarted)} ` +
      `(child processes of ${REGISTRATION_BATCH}); one \`__provider\` text shared by all.`,
  );
  console.log("");

  const emulator = await startEmulator({ port: 0, latencyMs: o.latencyMs });
  const rows: string[] = [];
  const sizeRows: string[] = [];
  const pacingRows: string[] = [];
  const rateLimitedRows: string[] = [];
  const notes: string[] = [];
  const previewRequests: string[] = [];
  try {
    for (const n of o.sizes) {
      emulator.reset();
      const subset = names.slice(0, n);

      const up = await command(emulator, config, subset, o.concurrency, (engine, name) => engine.up(name, registered[name]));
      let states = new Map(subset.map((name, i) => [name, up.results[i]]));
      rows.push(row(n, "up", up.figures, o, client, 0));
      const stored = emulator.providers().length;
      if (stored !== n) failures.push(`N=${n} up: the emulator holds ${stored} providers, expected ${n}`);

      const preview = await command(emulator, config, subset, o.concurrency, (engine, name) =>
        engine.preview(name, registered[name], states.get(name)),
      );
      rows.push(row(n, "preview", preview.figures, o, client, n));
      const changed = preview.results.filter((p) => p.failures.length > 0 || p.diff?.changes !== false).length;
      if (changed > 0) failures.push(`N=${n} preview: ${changed} resource(s) show a change or a failure right after up`);
      if (/Live review/.test(preview.output)) failures.push(`N=${n} preview: the live review warned right after up`);
      previewRequests.push(
        `N=${n}: ${preview.figures.requests.total} (${preview.figures.requests.token} token + ${preview.figures.requests.list} page(s) of the listing)`,
      );
      const unreviewed = await command(emulator, { ...config, "scalekit:liveReview": "false" }, subset, o.concurrency, (engine, name) =>
        engine.preview(name, registered[name], states.get(name)),
      );
      rows.push(row(n, "preview, review off", unreviewed.figures, o, client, n));

      const refresh = await command(emulator, config, subset, o.concurrency, (engine, name) => engine.refresh(states.get(name)!));
      rows.push(row(n, "refresh", refresh.figures, o, client, n));
      const reads = refresh.figures.wallMs / 1000;
      notes.push(
        `N=${n} refresh: ${refresh.figures.listings} listing(s) for reads spread over ${reads.toFixed(2)} s. A listing answers the reads that ` +
          `find their provider while they come less than ${CLIENT_DEFAULTS.listingReuseMs / 1000} s apart (at most 30 s), so a refresh shares one ` +
          `whatever N and however slowly the host serves the reads.`,
      );
      const gone = refresh.results.filter((s) => s === undefined).length;
      if (gone > 0) failures.push(`N=${n} refresh: ${gone} resource(s) reported gone`);
      states = new Map(subset.map((name, i) => [name, refresh.results[i] ?? states.get(name)!]));

      const sizes = sizesOf([...states.values()]);
      sizeRows.push(
        `| ${n} | ${cell(`N=${n} __provider`, kb(sizes.providerMax), { text: `< ${kb(PROVIDER_SIZE_LIMIT)}`, ok: sizes.providerMax < PROVIDER_SIZE_LIMIT })} | ` +
          `${kb(sizes.outputsMean)} (max ${kb(sizes.outputsMax)}) | ${kb(sizes.ownOutputsMean)} |`,
      );

      const destroy = await command(emulator, config, subset, o.concurrency, (engine, name) =>
        engine.destroy(states.get(name)!).then(() => undefined),
      );
      rows.push(row(n, "destroy", destroy.figures, o, client, n));
      const left = emulator.providers().length;
      if (left !== 0) failures.push(`N=${n} destroy: ${left} provider(s) left in the emulator`);

      const hostStarts = [up, preview, refresh, destroy].map((c) => c.figures.hostStartMs);
      notes.push(`N=${n}: provider host start + Configure took ${hostStarts.map(seconds).join(", ")} (not in the wall times).`);
      for (const [phase, c] of Object.entries({ up, preview, refresh, destroy })) {
        if (/error|warn/i.test(c.output)) notes.push(`N=${n} ${phase}: the provider host printed: ${c.output.trim().slice(0, 300)}`);
      }
      process.stderr.write(`N=${n} done\n`);
    }
    pacingRows.push(...(await pacingCost(emulator, config, registered, names.slice(0, largest), o)));
  } finally {
    await emulator.stop();
  }
  for (const scenario of RATE_LIMITED_SCENARIOS) {
    rateLimitedRows.push(await rateLimitedUp(scenario, config, registered, names.slice(0, scenario.providers), o));
    process.stderr.write(`rate limit ${scenario.requests} per ${scenario.windowSeconds} s done\n`);
  }

  console.log("| N | command | wall time | token | list | create | update | delete | HTTP total | failed | max in flight |");
  console.log("|---:|---|---|---|---|---|---|---|---|---|---:|");
  for (const line of rows) console.log(line);
  console.log("");
  console.log("| N | `__provider` per resource | outputs per resource, mean | outputs without `__provider`, mean |");
  console.log("|---:|---|---|---|");
  for (const line of sizeRows) console.log(line);
  console.log("");
  console.log(
    "Wall time: the commands' operations, from the first RPC to the last answer (provider host start excluded). " +
      "Floor: the least time the HTTP requests can take under the added latency and the client's limits. " +
      "Up and preview run the live review (Check and Diff): one token of its own and one listing walk per host, shared by every resource; " +
      "up's creates need no listing, since the API's 409 is the duplicate check. " +
      "Failed: answers other than 2xx (e.g. 429). Max in flight: most requests in progress at the emulator at once.",
  );
  for (const note of notes) console.log(`- ${note}`);
  console.log("");
  console.log(
    `Requests per preview (the live review's one read; ${CLIENT_DEFAULTS.pageSize} providers a page; \`scalekit:liveReview false\`: 0): ${previewRequests.join("; ")}.`,
  );
  console.log("");
  console.log(
    `Pacing against a server with no limit (N=${largest}, fastest of ${PACING_RUNS} runs each; "off": no bound of the client's own, no cap):`,
  );
  console.log("");
  console.log("| command | pacing on (defaults) | pacing off | cost |");
  console.log("|---|---|---|---|");
  for (const line of pacingRows) console.log(line);
  console.log("");
  console.log("`up` against a server limiting requests per fixed window, 429 RATE_LIMITED without Retry-After (client defaults):");
  console.log("");
  console.log("| server limit | N | wall time | floor set by the windows | created (201) | 429s | providers stored |");
  console.log("|---|---:|---|---|---|---:|---|");
  for (const line of rateLimitedRows) console.log(line);
  console.log("");
  console.log(
    "Floor: the requests of the run (2 tokens and 1 listing page, the writes' and the live review's, + N creates) need ceil((N+3)/limit) windows, so the last ones cannot start before " +
      "the last window opens, (windows-1) × window after the first request.",
  );
  console.log("");
  if (failures.length > 0) {
    console.log(`LIMITS NOT MET (${failures.length}):`);
    for (const f of failures) console.log(`- ${f}`);
    process.exitCode = 1;
  } else {
    console.log("Every limit is met.");
  }
}

/**
 * `up` and `destroy` of `names` against `emulator` (no limit), with the client's defaults ("on") and with
 * pacing off, alternately, PACING_RUNS times each; compares the fastest wall time of each side.
 */
async function pacingCost(
  emulator: RunningEmulator,
  config: Record<string, string>,
  registered: Record<string, Props>,
  names: readonly string[],
  o: Options,
): Promise<string[]> {
  const off: Record<string, string> = { ...config, "scalekit:maxInFlight": String(PACING_OFF_MAX_IN_FLIGHT) };
  delete off["scalekit:requestsPerSecond"];
  const best: Record<"on" | "off", { up: number; destroy: number }> = {
    on: { up: Infinity, destroy: Infinity },
    off: { up: Infinity, destroy: Infinity },
  };
  for (let run = 0; run < PACING_RUNS; run++) {
    for (const [side, cfg] of [
      ["off", off],
      ["on", config],
    ] as const) {
      emulator.reset();
      const up = await command(emulator, cfg, names, o.concurrency, (engine, name) => engine.up(name, registered[name]));
      if (emulator.providers().length !== names.length)
        failures.push(`pacing ${side}: up left ${emulator.providers().length} providers, expected ${names.length}`);
      const states = new Map(names.map((name, i) => [name, up.results[i]]));
      const destroy = await command(emulator, cfg, names, o.concurrency, (engine, name) => engine.destroy(states.get(name)!));
      best[side].up = Math.min(best[side].up, up.figures.wallMs);
      best[side].destroy = Math.min(best[side].destroy, destroy.figures.wallMs);
      process.stderr.write(`pacing ${side} run ${run + 1}: up ${seconds(up.figures.wallMs)}, destroy ${seconds(destroy.figures.wallMs)}\n`);
    }
  }
  return (["up", "destroy"] as const).map((phase) => {
    const cost = best.on[phase] / best.off[phase] - 1;
    const text = `${cost >= 0 ? "+" : ""}${(cost * 100).toFixed(1)}%`;
    return `| ${phase} of ${names.length} | ${seconds(best.on[phase])} | ${seconds(best.off[phase])} | ${cell(`pacing cost of ${phase}`, text, { text: `≤ ${PACING_COST_LIMIT * 100}%`, ok: cost <= PACING_COST_LIMIT })} |`;
  });
}

/**
 * `up` of `names` with the client's defaults against a fresh emulator that accepts `requests` per fixed
 * window of `windowSeconds` and answers 429 RATE_LIMITED without Retry-After beyond: every provider is
 * created exactly once, within one window of the floor the windows set.
 */
async function rateLimitedUp(
  scenario: { requests: number; windowSeconds: number; providers: number },
  config: Record<string, string>,
  registered: Record<string, Props>,
  names: readonly string[],
  o: Options,
): Promise<string> {
  const emulator = await startEmulator({
    port: 0,
    latencyMs: o.latencyMs,
    rateLimit: { requests: scenario.requests, windowSeconds: scenario.windowSeconds },
  });
  try {
    const up = await command(emulator, config, names, o.concurrency, (engine, name) => engine.up(name, registered[name]));
    const journal = emulator.journal();
    const windowMs = scenario.windowSeconds * 1000;
    // The writes' token, the live review's token and its one listing page, then the creates.
    const accepted = 3 + names.length;
    const floorMs = (Math.ceil(accepted / scenario.requests) - 1) * windowMs + o.latencyMs;
    const created = journal.filter((e) => e.kind === "create" && e.status === 201).length;
    const refused = journal.filter((e) => e.status === 429).length;
    const stored = emulator.providers();
    const distinct = new Set(stored.map((p) => p.payload.display_name)).size;
    const at = `rate limit ${scenario.requests}/${scenario.windowSeconds} s, N=${names.length}`;
    return (
      `| ${scenario.requests} per ${scenario.windowSeconds} s | ${names.length} | ` +
      `${cell(`${at} wall time`, seconds(up.figures.wallMs), { text: `≤ floor + 1 window = ${seconds(floorMs + windowMs)}`, ok: up.figures.wallMs <= floorMs + windowMs })} | ` +
      `${seconds(floorMs)} | ${cell(`${at} created`, created, { text: `= ${names.length}`, ok: created === names.length })} | ${refused} | ` +
      `${cell(`${at} stored`, `${stored.length}, ${distinct} distinct`, { text: `= ${names.length}`, ok: stored.length === names.length && distinct === names.length })} |`
    );
  } finally {
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  console.error(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exitCode = 1;
});
