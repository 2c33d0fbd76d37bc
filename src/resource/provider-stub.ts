import type * as pulumi from "@pulumi/pulumi";

/**
 * The package subpath (declared in package.json `exports`) of the module that implements the provider.
 * The stub resolves it at run time instead of capturing it, so `__provider` holds about 2 KB of code and
 * no copy of the implementation, no credentials and no absolute path.
 */
export const IMPLEMENTATION_SPECIFIER = "scalekit-providers/provider";

/** What the implementation module exports (resource/provider.ts). */
interface Implementation {
  createResourceProvider(): pulumi.dynamic.ResourceProvider;
}

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
 *
 * The text is kept short on purpose (short parameter names, one small loader): it is stored with every
 * resource and travels, several times over, in every call the engine makes to the provider host, so its
 * size is most of the host's work in a large `pulumi refresh`.
 */
export function providerStub(): pulumi.dynamic.ResourceProvider {
  const specifier = IMPLEMENTATION_SPECIFIER;
  // Pulumi serializes this function's text: it can only require(), and adding a cause would lengthen it.
  /* eslint-disable @typescript-eslint/no-require-imports, preserve-caught-error */
  const impl = (stub: StubState): pulumi.dynamic.ResourceProvider => {
    if (!stub.loaded) {
      try {
        stub.loaded = (
          (require("module") as typeof import("module")).createRequire(`${process.cwd()}/_`)(specifier) as Implementation
        ).createResourceProvider();
      } catch (e) {
        throw new Error(
          `cannot load ${specifier}: npm install scalekit-providers here (in its own repository: npm run build). ${(e as Error).message}`,
        );
      }
    }
    return stub.loaded;
  };
  /* eslint-enable @typescript-eslint/no-require-imports, preserve-caught-error */
  return {
    configure(this: StubState, r) {
      return impl(this).configure!(r);
    },
    check(this: StubState, o, n) {
      return impl(this).check!(o, n);
    },
    diff(this: StubState, i, o, n) {
      return impl(this).diff!(i, o, n);
    },
    create(this: StubState, n) {
      return impl(this).create(n);
    },
    read(this: StubState, i, p) {
      return impl(this).read!(i, p);
    },
    update(this: StubState, i, o, n) {
      return impl(this).update!(i, o, n);
    },
    delete(this: StubState, i, p) {
      return impl(this).delete!(i, p);
    },
  } as pulumi.dynamic.ResourceProvider;
}
