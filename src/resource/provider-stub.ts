import type * as pulumi from "@pulumi/pulumi";

/**
 * The package subpath (declared in package.json `exports`) of the module that implements the provider.
 * The stub resolves it at run time instead of capturing it, so `__provider` holds a few hundred bytes
 * of code and no copy of the implementation, no credentials and no absolute path.
 */
export const IMPLEMENTATION_SPECIFIER = "scalekit-providers/provider";

interface StubState {
  /** Set on first use in the provider host; the host keeps one stub object per `__provider` string. */
  loaded?: pulumi.dynamic.ResourceProvider;
}

/**
 * Builds the object Pulumi serializes into every resource's `__provider`.
 *
 * Each method forwards to the real implementation, loaded by package name from the directory the
 * provider host runs in (the Pulumi project): a user's project finds it in its `node_modules`, and this
 * repository finds itself through its package.json `exports`. State kept on `this` survives between calls
 * because the host caches the deserialized stub; a variable captured in a closure would not, since
 * Pulumi re-creates captured scopes on every call.
 */
export function providerStub(): pulumi.dynamic.ResourceProvider {
  const specifier = IMPLEMENTATION_SPECIFIER;
  const implementation = (stub: StubState): pulumi.dynamic.ResourceProvider => {
    if (!stub.loaded) {
      const { createRequire } = require("module");
      const { join } = require("path");
      const load = createRequire(join(process.cwd(), "__scalekit_providers_host__.js"));
      let loaded: { createResourceProvider(): pulumi.dynamic.ResourceProvider };
      try {
        loaded = load(specifier);
      } catch (err) {
        throw new Error(
          `cannot load ${specifier} from ${process.cwd()}: install scalekit-providers in this Pulumi ` +
            `project (npm install scalekit-providers), or build it with \`npm run build\` when ` +
            `working in its own repository (${(err as Error).message})`,
        );
      }
      stub.loaded = loaded.createResourceProvider();
    }
    return stub.loaded;
  };
  return {
    configure(this: StubState, req) {
      return implementation(this).configure!(req);
    },
    check(this: StubState, olds, news) {
      return implementation(this).check!(olds, news);
    },
    diff(this: StubState, id, olds, news) {
      return implementation(this).diff!(id, olds, news);
    },
    create(this: StubState, inputs) {
      return implementation(this).create(inputs);
    },
    read(this: StubState, id, props) {
      return implementation(this).read!(id, props);
    },
    update(this: StubState, id, olds, news) {
      return implementation(this).update!(id, olds, news);
    },
    delete(this: StubState, id, props) {
      return implementation(this).delete!(id, props);
    },
  } as pulumi.dynamic.ResourceProvider;
}
