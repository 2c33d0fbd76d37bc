/**
 * `read`, the call behind `pulumi refresh`, in process against the emulator: the provider is found in the
 * shared listing by identifier, or by the server id when a rename in the Dashboard changed the identifier,
 * and is reported gone only when a listing that started after the read says so. Reads in parallel, as the
 * engine runs a refresh, share one listing.
 */
import type * as pulumi from "@pulumi/pulumi";
import { MalformedListingError, ScalekitClient, type ProviderPayload } from "../../src/client";
import { startEmulator, type RunningEmulator } from "../../src/emulator";
import { fromPayload } from "../../src/resource/custom-provider";
import { ScalekitResourceProvider } from "../../src/resource/provider";
import type { Props } from "../../src/resource/state";
import { bearerPayload } from "../helpers/emulator";

let emu: RunningEmulator;
let provider: ScalekitResourceProvider;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, renameChangesIdentifier: true });
});

beforeEach(async () => {
  emu.reset();
  provider = new ScalekitResourceProvider(() => undefined);
  const config: Record<string, string> = {
    "scalekit:environmentUrl": emu.url,
    "scalekit:clientId": emu.clientId,
    "scalekit:clientSecret": emu.clientSecret,
    "scalekit:requestsPerSecond": "1000",
  };
  await provider.configure({ config: { get: (key: string) => config[key] } } as unknown as pulumi.dynamic.ConfigureRequest);
});

afterAll(async () => {
  await emu.stop();
});

async function create(displayName: string): Promise<{ id: string; outs: Props }> {
  const created = await provider.create(fromPayload(bearerPayload(displayName)) as unknown as Props);
  return { id: created.id, outs: created.outs as Props };
}

const asPayload = (p: unknown) => p as ProviderPayload;

const listRequests = () => emu.journal().filter((e) => e.kind === "list").length;

test("finds the provider by identifier and returns its state and the inputs that reproduce it", async () => {
  const { id, outs } = await create("Read Me");
  emu.editProvider(id, { description: "edited in the Dashboard" });

  const read = await provider.read(id, outs);
  expect(read.id).toBe(id);
  expect(read.props).toMatchObject({ identifier: id, providerId: outs.providerId, description: "edited in the Dashboard" });
  expect(read.inputs).toMatchObject({ displayName: "Read Me", description: "edited in the Dashboard" });
});

test("a rename in the Dashboard that changed the identifier is followed through the server id", async () => {
  const { id, outs } = await create("Before Rename");
  const renamed = emu.editProvider(id, { display_name: "After Rename" });
  expect(renamed.identifier).not.toBe(id);

  const read = await provider.read(id, outs);
  expect(read.id).toBe(renamed.identifier);
  expect(read.props).toMatchObject({ identifier: renamed.identifier, providerId: outs.providerId, displayName: "After Rename" });
});

test("a provider deleted outside Pulumi reads as gone: a blank id", async () => {
  const { id, outs } = await create("Deleted Outside");
  emu.removeProvider(id);
  expect(await provider.read(id, outs)).toEqual({ id: "", props: {} });
  expect(await provider.read("", {})).toEqual({ id: "", props: {} });
});

test("100 reads in parallel, as a refresh runs them, cost one listing and each gets its own provider", async () => {
  const created = [];
  for (let i = 0; i < 100; i++) created.push(await create(`Parallel ${String(i).padStart(3, "0")}`));
  emu.clearJournal();

  const reads = await Promise.all(created.map(({ id, outs }) => provider.read(id, outs)));
  expect(reads.map((r) => r.id)).toEqual(created.map((c) => c.id));
  expect(reads.map((r) => r.props?.displayName)).toEqual(created.map((c) => c.outs.displayName));
  expect(listRequests()).toBe(1);
  // What one read returns is its own copy: changing it does not reach another read.
  (reads[0].props as Props).displayName = "changed by the caller";
  expect((await provider.read(created[0].id, created[0].outs)).props?.displayName).toBe("Parallel 000");
});

test("a provider created by another client just before the read is found, though the shared listing predates it", async () => {
  const { id, outs } = await create("Known Already");
  await provider.read(id, outs); // the host's shared listing, reused for up to a second
  const teammate = new ScalekitClient({ environmentUrl: emu.url, clientId: emu.clientId, clientSecret: emu.clientSecret });
  const made = await teammate.createProvider(asPayload(bearerPayload("Made By A Teammate")));
  emu.clearJournal();

  const read = await provider.read(made.identifier, { identifier: made.identifier, providerId: made.id });
  expect(read.id).toBe(made.identifier);
  expect(read.props).toMatchObject({ displayName: "Made By A Teammate" });
  expect(listRequests()).toBe(1); // the miss in the shared listing was checked with a listing started after the read
});

describe("a listing holding a malformed provider", () => {
  /** The listing the emulator answers: one well-formed provider (if given), then one without a display name. */
  function serveMalformed(wellFormed: Record<string, unknown>[] = []): void {
    const malformed = { identifier: "NONAME:1", proxy_url: "https://api.example.com", proxy_enabled: true };
    emu.addFault({ kind: "list", count: 10, action: { type: "status", status: 200, body: { providers: [...wellFormed, malformed] } } });
  }

  test("read of a provider it might be fails with an error naming the malformed one; it is not reported gone", async () => {
    serveMalformed();
    const attempt = provider.read("NONAME:1", { identifier: "NONAME:1" });
    await expect(attempt).rejects.toBeInstanceOf(MalformedListingError);
    await expect(attempt).rejects.toThrow(
      /reading custom provider NONAME:1 gave no answer[\s\S]*identifier "NONAME:1" \(page 1, position 1\): display_name is missing/,
    );
  });

  test("read of a well-formed provider beside it still answers", async () => {
    serveMalformed([{ identifier: "GOOD:1", ...bearerPayload("Good One") }]);
    const read = await provider.read("GOOD:1", { identifier: "GOOD:1" });
    expect(read.id).toBe("GOOD:1");
  });

  test("adopt fails with an error naming the malformed provider, before any write", async () => {
    serveMalformed();
    const inputs = { ...fromPayload(bearerPayload("Adopt Me")), adopt: true } as unknown as Props;
    await expect(provider.create(inputs)).rejects.toThrow(
      /looking for custom provider "Adopt Me" gave no answer[\s\S]*identifier "NONAME:1"/,
    );
    expect(emu.journal().filter((e) => e.kind === "create" || e.kind === "update")).toEqual([]);
  });
});
