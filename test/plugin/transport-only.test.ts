/**
 * The plugin holds no rule of the resource: it is a transport in front of `ScalekitResourceProvider`. Read from
 * its imports: of the other parts of src/ it takes the resource provider and the detailed diff (resource/native),
 * rendering for the engine (text), and, for the package schema alone (package-schema.ts), the schema's renderer
 * and the client's settings table (names, config keys, variables, defaults). Nothing that validates, compares,
 * calls Scalekit or makes an error: no zod, no HTTP client, none of the client's errors or the schema's checks.
 * A new import of a rule (say `validateArgs` in server.ts) fails here; serve it through the resource instead.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const SRC = path.resolve(__dirname, "../../src");
const PLUGIN = path.join(SRC, "plugin");

/** Per importing file (under src/plugin), module (relative to src/) and the names it may take from it. */
const ALLOWED: Record<string, Record<string, readonly string[]>> = {
  "server.ts": {
    // withPulumiAdvice: the resource's advice on the client's errors, as the dynamic provider's host gets it.
    "resource/native": ["ScalekitResourceProvider", "propertyChanges", "PropertyChangeKind", "withPulumiAdvice"],
    text: ["inertText"],
    // To tell an expected failure (the package's error tree) from a bug.
    "named-error": ["NamedError"],
  },
  // Pulumi's wire sentinels for secrets, shared with the resource (resource/pulumi-sentinels.ts).
  "values.ts": {
    "resource/native": ["SPECIAL_SECRET_SIG", "SPECIAL_SIG_KEY"],
  },
  "package-schema.ts": {
    "resource/native": ["DYNAMIC_RESOURCE_TYPE"],
    client: ["CREDENTIALS", "NAMED_OPTIONS", "NUMERIC_SETTINGS", "namedDefault", "NamedOption"],
    schema: ["customProviderPackageSpec", "PulumiPropertySpec"],
    // The version, which the plugin reports as its own.
    "../package.json": ["*"],
  },
};

/** Packages the plugin may load: Pulumi's protocol (@pulumi/pulumi and the copies it ships) and Node's own modules. */
const PACKAGES = ["@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf", "async_hooks", "module"];

interface Import {
  file: string;
  module: string;
  names: string[];
}

/** Every import and re-export of `file`, with the names it binds (`*` for a namespace or a side effect). */
function importsOf(file: string): Import[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  source.forEachChild((node) => {
    if (!(ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) || !node.moduleSpecifier) return;
    const module = (node.moduleSpecifier as ts.StringLiteral).text;
    let names = ["*"];
    if (ts.isImportDeclaration(node)) {
      const bindings = node.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) names = bindings.elements.map((e) => (e.propertyName ?? e.name).text);
      else if (node.importClause?.name && !bindings) names = ["default"];
    } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
      names = node.exportClause.elements.map((e) => (e.propertyName ?? e.name).text);
    }
    found.push({ file: path.relative(PLUGIN, file), module, names });
  });
  // require("…") and createRequire(…)("…") calls: only those with a literal argument can be read.
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression.getText(source);
      if (callee === "require") found.push({ file: path.relative(PLUGIN, file), module: node.arguments[0].text, names: ["*"] });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const FILES = fs
  .readdirSync(PLUGIN)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => path.join(PLUGIN, f));
const IMPORTS = FILES.flatMap(importsOf);

/** The module an import names, relative to src/ for this repository's own code ("" for the plugin itself). */
function target(imp: Import): string {
  if (!imp.module.startsWith(".")) return imp.module;
  const resolved = path.relative(SRC, path.resolve(PLUGIN, imp.module)).split(path.sep).join("/");
  return resolved.startsWith("plugin/") ? "" : resolved;
}

test("the plugin takes of the other parts only the resource provider, rendering, and what the package schema lists", () => {
  const outside = IMPORTS.filter((imp) => imp.module.startsWith(".") && target(imp) !== "");
  // The test reads something: the plugin does import the resource provider.
  expect(outside).toEqual(expect.arrayContaining([expect.objectContaining({ file: "server.ts", module: "../resource/native" })]));
  const refused = outside.flatMap((imp) => {
    const allowed = ALLOWED[imp.file]?.[target(imp)] ?? [];
    return imp.names.filter((name) => !allowed.includes(name)).map((name) => `${imp.file} imports ${name} from ${imp.module}`);
  });
  expect(refused).toEqual([]);
});

test("the plugin loads no package but Pulumi's protocol and Node's own modules: no zod, no HTTP client", () => {
  const packages = IMPORTS.filter((imp) => !imp.module.startsWith(".")).map((imp) => imp.module);
  const foreign = packages.filter((m) => !PACKAGES.some((p) => m === p || m.startsWith(`${p}/`)));
  expect(foreign).toEqual([]);
});

test("the plugin defines no error class and throws no error of its own", () => {
  for (const file of FILES) {
    const text = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect({ file: path.basename(file), throws: /\bthrow\b|extends\s+\w*Error\b/.test(text) }).toEqual({
      file: path.basename(file),
      throws: false,
    });
  }
});
