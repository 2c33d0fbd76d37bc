/**
 * The @pulumi/pulumi peer range (package.json), tested at both ends: the built package registers every
 * documented example under pulumi.runtime.setMocks with the lowest SDK of the range (the `pulumi-sdk-lowest`
 * alias) and with the dev dependency (the newest tested), and both register the same resources.
 */
import * as fs from "fs";
import * as path from "path";
import * as semver from "semver";
import { examples } from "../helpers/examples";
import { fromPayload } from "../../src/resource/custom-provider";
import { registerWithSdk } from "../helpers/registrations";

const REPO_ROOT = path.resolve(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
const peerRange: string = pkg.peerDependencies["@pulumi/pulumi"];
const lowest = (pkg.devDependencies["pulumi-sdk-lowest"] as string).replace("npm:@pulumi/pulumi@", "");

/** Registrations with `fromPayload` of each example, made in the child process with the given SDK. */
function registerExamples(sdk: "dev" | "lowest") {
  return registerWithSdk({
    sdk,
    resources: Object.entries(examples()).map(([name, payload]) => ({ name, args: fromPayload(payload) })),
  });
}

test("the lowest SDK tested is the lower end of the peer range, and the dev dependency is inside it", () => {
  expect(semver.minVersion(peerRange)?.version).toBe(lowest);
  expect(semver.satisfies(pkg.devDependencies["@pulumi/pulumi"], peerRange)).toBe(true);
});

test.each(["lowest", "dev"] as const)("every documented example registers with the %s SDK of the range", (sdk) => {
  const { registrations, sdkVersion } = registerExamples(sdk);
  expect(sdkVersion).toBe(sdk === "lowest" ? lowest : pkg.devDependencies["@pulumi/pulumi"]);
  expect(registrations.map((r) => r.name).sort()).toEqual(Object.keys(examples()).sort());
  for (const registration of registrations) {
    expect(registration.type).toBe("pulumi-nodejs:dynamic/scalekit:CustomProvider");
    expect(registration.inputs.__provider).toMatch(/scalekit-providers\/provider/);
    expect(registration.inputs.displayName).toBe(examples()[registration.name].display_name);
  }
});

test("both ends of the range register the same inputs", () => {
  const strip = ({ registrations }: ReturnType<typeof registerExamples>) =>
    Object.fromEntries(registrations.map((r) => [r.name, { type: r.type, inputs: r.inputs, protect: r.protect }]));
  expect(strip(registerExamples("lowest"))).toEqual(strip(registerExamples("dev")));
});
