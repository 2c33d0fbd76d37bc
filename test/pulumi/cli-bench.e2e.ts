/**
 * The harness of `npm run bench:cli` (bench/cli-bench.ts) works, for 2 providers: every route runs every command
 * through the real CLI, the real routes make the requests they must (the live review's read in each preview
 * included), and the floors none. Timings are figures,
 * not a test; only that each was taken is checked. The executable route is left to plugin-distribution.e2e.ts.
 */
import { benchmark, COMMANDS, table, type Measurement, type Route } from "../../bench/cli-bench";

const ROUTES: Route[] = ["plugin", "plugin-floor", "dynamic", "dynamic-floor"];
const NONE = { token: 0, list: 0, create: 0, update: 0, delete: 0 };

test("the CLI benchmark for 2 providers: each route runs preview, up, preview, refresh and destroy; the plugin and the dynamic resource make the same requests, the no-op floors none", async () => {
  const measurements = await benchmark({ sizes: [2], latencyMs: 0, runs: 1, routes: ROUTES });
  expect(measurements.map((m) => `${m.route}: ${m.command}`)).toEqual(
    ROUTES.flatMap((route) => COMMANDS.map((c) => `${route}: ${c.name}`)),
  );
  for (const m of measurements) expect(m.seconds).toBeGreaterThan(0);

  const requests = (route: Route, command: Measurement["command"]) =>
    measurements.find((m) => m.route === route && m.command === command)?.requests;
  // A preview's one read is the live review's: a token and the listing. `up` plans twice (its preview, then the
  // update, each reading once) before the creates, which take a token of their own.
  const REVIEW = { ...NONE, token: 1, list: 1 };
  for (const route of ["plugin", "dynamic"] as const) {
    expect(requests(route, "preview (new)")).toEqual(REVIEW);
    expect(requests(route, "up")).toEqual({ ...NONE, token: 3, list: 2, create: 2 });
    expect(requests(route, "preview (no change)")).toEqual(REVIEW);
    expect(requests(route, "refresh")).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(requests(route, "refresh")?.list).toBeGreaterThan(0);
    expect(requests(route, "destroy")).toEqual({ ...NONE, token: 1, delete: 2 });
  }
  for (const m of measurements.filter((m) => m.route.endsWith("-floor"))) expect(m.requests).toEqual(NONE);

  const printed = table(measurements, ROUTES);
  for (const { name } of COMMANDS)
    expect(printed).toMatch(
      new RegExp(
        `\\| 2 \\| ${name.replace(/[()]/g, "\\$&")} \\| [\\d.]+ s \\| [\\d.]+× \\| [\\d.]+ s \\| [\\d.]+ s \\| [\\d.]+× \\| [\\d.]+ s \\|`,
      ),
    );
});
