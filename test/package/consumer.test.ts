/**
 * The package as a user gets it: the `npm pack` tarball installed offline into a throw-away project (see
 * consumer.ts) next to `@pulumi/pulumi`, TypeScript 5 and `@types/node`. The documented example (docs/program.md) type-checks
 * under both of Pulumi's template tsconfig files; the public surface is exactly the documented list; the
 * types are self-contained and documented; the CLI runs; the tarball holds only what it should.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { createConsumer, REPO_ROOT, run, TSCONFIGS, type Consumer } from "./consumer";
import { examples } from "../helpers/examples";
import { pluginInfo } from "../helpers/plugin-process";
import { linkTargets } from "../docs/markdown";
import { startEmulator } from "../../src/emulator";

/** The TypeScript example of the docs' "Using CustomProvider in your own program" (docs/program.md, linked from the README). */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "docs", "program.md"), "utf8");
  const section = readme.slice(readme.indexOf("# Using CustomProvider in your own program"));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error("docs/program.md: no ```ts example under 'Using CustomProvider in your own program'");
  return match[1];
}

/** The public surface (docs/program.md, "API"): the runtime names of `require("scalekit-providers")`. */
const PUBLIC_NAMES = [
  "AnswerTooLargeError",
  "AuthenticationError",
  "ConfigurationError",
  "ConflictError",
  "ConnectionError",
  "CustomProvider",
  "EmulatorStateError",
  "InUseError",
  "InvalidIdentifierError",
  "ListingTooLargeError",
  "MalformedListingError",
  "NotFoundError",
  "PayloadValidationError",
  "PermissionError",
  "RateLimitError",
  "RedirectError",
  "ScalekitApiError",
  "ScalekitClient",
  "ScalekitError",
  "ServerError",
  "StateFileInUseError",
  "TimeoutError",
  "UnexpectedResponseError",
  "ValidationError",
  "fromPayload",
  "startEmulator",
];

let consumer: Consumer;
let installed: string;

beforeAll(() => {
  consumer = createConsumer({
    "index.ts": readmeExample(),
    "asana.json": JSON.stringify(examples()["asana-oauth"]),
    ...Object.fromEntries(Object.entries(TSCONFIGS).map(([file, config]) => [file, JSON.stringify(config, null, 2)])),
  });
  installed = path.join(consumer.dir, "node_modules", "scalekit-providers");
}, 300_000);

afterAll(() => {
  if (consumer) fs.rmSync(consumer.dir, { recursive: true, force: true });
});

describe("the packed tarball", () => {
  test("holds dist/, the plugin's launcher, the docs, the JSON Schema, the Pulumi package schema, LICENSE, README.md and package.json, and no source maps", () => {
    const shipped = [
      "bin/pulumi-resource-scalekit",
      "schema/definition.schema.json",
      "schema/pulumi-package.json",
      "LICENSE",
      "README.md",
      "package.json",
    ];
    const outside = consumer.tarballFiles.filter((f) => !f.startsWith("dist/") && !/^docs\/[\w-]+\.md$/.test(f) && !shipped.includes(f));
    expect(outside).toEqual([]);
    expect(consumer.tarballFiles).toEqual(
      expect.arrayContaining([
        "dist/index.js",
        "dist/index.d.ts",
        "dist/cli/main.js",
        "dist/resource/provider.js",
        "dist/plugin/main.js",
        "bin/pulumi-resource-scalekit",
        "schema/definition.schema.json",
        "LICENSE",
      ]),
    );
    expect(consumer.tarballFiles.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(fs.readFileSync(path.join(installed, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0/);
  });

  test("the README's links to files reach files of the installed package", () => {
    const prose = fs.readFileSync(path.join(installed, "README.md"), "utf8").replace(/```[\s\S]*?```/g, "");
    const targets = linkTargets(prose)
      .map((target) => target.split("#")[0])
      .filter((target) => target !== "" && !/^[a-z]+:/.test(target));
    expect(targets).toContain("docs/cli.md");
    expect(targets.filter((t) => !fs.existsSync(path.join(installed, t)))).toEqual([]);
  });

  test("holds no path of the machine that packed it", () => {
    const machinePaths = [REPO_ROOT, path.dirname(REPO_ROOT) + path.sep, os.homedir() + path.sep];
    const leaks: string[] = [];
    for (const file of consumer.tarballFiles) {
      const text = fs.readFileSync(path.join(installed, file), "utf8");
      for (const p of machinePaths) if (text.includes(p)) leaks.push(`${file}: ${p}`);
    }
    expect(leaks).toEqual([]);
  });

  test("is installed with a single @pulumi/pulumi, the project's own", () => {
    const copies = run("npm", ["ls", "@pulumi/pulumi", "--all", "--parseable"], consumer.dir).stdout.trim().split("\n");
    expect(copies).toEqual([path.join(consumer.dir, "node_modules", "@pulumi", "pulumi")]);
  });
});

describe("TypeScript 5 in a Pulumi project", () => {
  test("the consumer compiles with TypeScript 5", () => {
    expect(run(path.join("node_modules", ".bin", "tsc"), ["--version"], consumer.dir).stdout).toMatch(/^Version 5\./);
  });

  test.each(Object.keys(TSCONFIGS))("the documented example type-checks under %s", (tsconfig) => {
    const result = run(path.join("node_modules", ".bin", "tsc"), ["-p", tsconfig, "--noEmit"], consumer.dir);
    expect(result.stdout + result.stderr).toBe("");
  });

  test("the documented example is the one checked (it declares a provider with camelCase args and one from a payload)", () => {
    expect(readmeExample()).toMatch(/new CustomProvider\("[^"]+", \{[\s\S]*displayName:/);
    expect(readmeExample()).toMatch(/fromPayload\(/);
  });

  test("the declarations reach nothing but themselves and @pulumi/pulumi (no zod, no internals)", () => {
    const external = new Set<string>();
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
      const specifiers = [...source.statements]
        .filter((s): s is ts.ImportDeclaration | ts.ExportDeclaration => ts.isImportDeclaration(s) || ts.isExportDeclaration(s))
        .flatMap((s) => (s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? [s.moduleSpecifier.text] : []));
      for (const specifier of specifiers) {
        if (!specifier.startsWith(".")) {
          external.add(specifier);
          continue;
        }
        const base = path.resolve(path.dirname(file), specifier);
        const next = [`${base}.d.ts`, path.join(base, "index.d.ts")].find((f) => fs.existsSync(f));
        if (next === undefined) throw new Error(`${file}: ${specifier} does not resolve to a declaration file`);
        visit(next);
      }
      for (const match of source.text.matchAll(/import\("([^"]+)"\)/g)) if (!match[1].startsWith(".")) external.add(match[1]);
    };
    visit(path.join(installed, "dist", "index.d.ts"));
    expect([...external]).toEqual(["@pulumi/pulumi"]);
    expect([...seen].some((f) => /schema[\\/]wire\.d\.ts$/.test(f))).toBe(false);
  });

  test("argument properties carry their documentation, and types read as plain unions in one pulumi.Input", () => {
    const program = ts.createProgram([path.join(consumer.dir, "index.ts")], {
      strict: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noEmit: true,
    });
    const checker = program.getTypeChecker();
    const args = program.getSourceFile(path.join(installed, "dist", "resource", "args.d.ts"))!;
    const member = (iface: string, name: string) => {
      const declaration = args.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === iface)!;
      const property = declaration.members.find(
        (m): m is ts.PropertySignature => ts.isPropertySignature(m) && m.name.getText(args) === name,
      )!;
      const symbol = checker.getSymbolAtLocation(property.name)!;
      return {
        docs: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
        tags: symbol.getJsDocTags(checker).map((t) => t.name),
        type: property.type!.getText(args),
      };
    };
    const displayName = member("CustomProviderArgs", "displayName");
    expect(displayName.docs).toMatch(/1 to 200 ASCII letters, digits and spaces/);
    expect(displayName.tags).toContain("example");
    expect(member("CustomProviderArgs", "proxyUrl").docs).toMatch(/https:\/\//);
    const type = member("AuthPatternArgs", "type");
    expect(type.docs).toMatch(/NO_AUTH/);
    expect(type.type).toBe('pulumi.Input<"OAUTH" | "BASIC" | "BEARER" | "API_KEY" | "NO_AUTH">');
    const inputType = member("AuthFieldArgs", "inputType");
    expect(inputType.docs).toMatch(/`password` hides what is typed/);
    expect(inputType.type).toBe('pulumi.Input<"text" | "password" | "select">');
  });
});

describe("the installed package at run time", () => {
  const node = (script: string) => run(process.execPath, ["-e", script], consumer.dir).stdout;

  test("require() gives exactly the public names", () => {
    expect(JSON.parse(node('process.stdout.write(JSON.stringify(Object.keys(require("scalekit-providers")).sort()))'))).toEqual(
      [...PUBLIC_NAMES].sort(),
    );
  });

  test("the provider subpath and the JSON Schema are exported; internals are not", () => {
    expect(node('process.stdout.write(typeof require("scalekit-providers/provider").createResourceProvider)')).toBe("function");
    expect(node('process.stdout.write(require("scalekit-providers/schema/definition.schema.json").$schema)')).toBe(
      "https://json-schema.org/draft/2020-12/schema",
    );
    expect(node('try { require("scalekit-providers/dist/schema"); } catch (e) { process.stdout.write(e.code); }')).toBe(
      "ERR_PACKAGE_PATH_NOT_EXPORTED",
    );
  });

  test("a CustomProvider registers under the project's own @pulumi/pulumi, with a __provider that loads the package by name", () => {
    const script = `
      const pulumi = require("@pulumi/pulumi");
      const { useMocks } = require(${JSON.stringify(path.join(REPO_ROOT, "test", "helpers", "mocks.js"))});
      (async () => {
        const registrations = await useMocks(pulumi, {}, { stack: "dev", preview: false });
        const { CustomProvider, fromPayload } = require("scalekit-providers");
        const r = new CustomProvider("asana", fromPayload(require("./asana.json")));
        await new Promise((resolve) => r.id.apply(resolve));
        process.stdout.write(JSON.stringify(registrations));
      })().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
    const [registration] = JSON.parse(node(script));
    expect(registration.type).toBe("pulumi-nodejs:dynamic/scalekit:CustomProvider");
    expect(registration.inputs.displayName).toBe("My Asana");
    expect(registration.inputs.__provider).toMatch(/scalekit-providers\/provider/);
    expect(registration.inputs.__provider).not.toContain(consumer.dir);
  });

  test("the installed plugin launcher (node_modules/scalekit-providers/bin) starts with the Node 22 on PATH and answers GetPluginInfo with the package's version", async () => {
    const launcher = path.join(installed, "bin", "pulumi-resource-scalekit");
    const PATH = [path.dirname(process.execPath), process.env.PATH].join(path.delimiter);
    const answer = await pluginInfo(launcher, { cwd: consumer.dir, env: { PATH } });
    expect(answer.version).toBe(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version);
  });

  test("npx scalekit-providers --help works in the project", () => {
    const help = run("npx", ["--offline", "--no-install", "scalekit-providers", "--help"], consumer.dir).stdout;
    expect(help).toMatch(/Commands:[\s\S]*export[\s\S]*compare[\s\S]*emulator/);
  });

  test("npx scalekit-providers export and compare work in the project against the emulator", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      for (const payload of Object.values(examples()).slice(0, 2)) emulator.insertProvider(payload);
      const env = {
        ...process.env,
        SCALEKIT_ENVIRONMENT_URL: emulator.url,
        SCALEKIT_CLIENT_ID: emulator.clientId,
        SCALEKIT_CLIENT_SECRET: emulator.clientSecret,
      };
      // Asynchronous: the emulator answers from this process, which spawnSync would block.
      const cli = (args: string[]) =>
        new Promise<{ code: number | null; output: string }>((resolve, reject) => {
          const child = spawn("npx", ["--offline", "--no-install", "scalekit-providers", ...args], { cwd: consumer.dir, env });
          let output = "";
          child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
          child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
          child.on("error", reject);
          child.on("close", (code) => resolve({ code, output }));
        });
      const exported = await cli(["export", "--dir", "exported"]);
      expect(exported.code).toBe(0);
      expect(fs.readdirSync(path.join(consumer.dir, "exported"))).toHaveLength(2);
      // Each file points editors at the installed package's JSON Schema, relative to the file.
      for (const file of fs.readdirSync(path.join(consumer.dir, "exported"))) {
        const { $schema } = JSON.parse(fs.readFileSync(path.join(consumer.dir, "exported", file), "utf8"));
        expect({ file, $schema }).toEqual({ file, $schema: "../node_modules/scalekit-providers/schema/definition.schema.json" });
        expect(fs.existsSync(path.resolve(consumer.dir, "exported", $schema))).toBe(true);
      }
      const compared = await cli(["compare", "--dir", "exported"]);
      expect(compared.code).toBe(0);
      for (const run of [exported, compared]) expect(run.output).not.toContain(emulator.clientSecret);
    } finally {
      await emulator.stop();
    }
  });
});
