/**
 * The dynamic side's floor for bench/cli-bench.ts: a Pulumi TypeScript program declaring, by the same names and
 * with the same properties as the project's program, dynamic resources whose provider does nothing (every call
 * answered at once, no network). Run by the same Node language host and dynamic-provider host as the project's
 * program, it costs what the engine and those hosts cost; what the dynamic resource takes beyond it is its own.
 * The benchmark copies it, as index.ts, into a project with `resources.json` (name → properties).
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";

type Props = Record<string, unknown>;

const noop: pulumi.dynamic.ResourceProvider = {
  check: (_olds: Props, news: Props) => Promise.resolve({ inputs: news }),
  diff: (_id: string, olds: Props, news: Props) =>
    Promise.resolve({ changes: Object.keys(news).some((key) => JSON.stringify(olds[key]) !== JSON.stringify(news[key])) }),
  create: (inputs: Props) =>
    Promise.resolve({ id: `NOOP:${String(inputs.displayName)}`, outs: { ...inputs, identifier: `NOOP:${String(inputs.displayName)}` } }),
  read: (id: string, props: Props) => Promise.resolve({ id, props }),
  update: (id: string, _olds: Props, news: Props) => Promise.resolve({ outs: { ...news, identifier: id } }),
  delete: () => Promise.resolve(),
};

class NoopProvider extends pulumi.dynamic.Resource {
  declare readonly identifier: pulumi.Output<string>;
  constructor(name: string, props: Props) {
    super(noop, name, { ...props, identifier: undefined }, {}, "scalekit", "CustomProvider");
  }
}

const resources = JSON.parse(fs.readFileSync("resources.json", "utf8")) as Record<string, Props>;
export const identifiers = Object.fromEntries(
  Object.entries(resources).map(([name, props]) => [name, new NoopProvider(name, props).identifier]),
);
