/**
 * The Pulumi program of this project (Pulumi.yaml `main`): runs the promotion gate when the stack enables
 * it, then declares one CustomProvider per definition file and exports each provider's identifier as the
 * stack output `identifiers`. The program is an async function, which Pulumi awaits: the gate reads the Dev
 * environment before anything is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { inertError } from "../text";
import { checkPromotionGate, declareProviders, loadProgramDefinitions, programSettings } from "./declare";

// What the program throws, the language host prints: its message is rendered inert (inertError) on its way out.
export = async () => {
  try {
    return await program();
  } catch (err) {
    throw inertError(err);
  }
};

async function program() {
  const settings = programSettings();
  // The program runs in the folder of Pulumi.yaml's `main`; the definitions folder is relative to the project,
  // where Pulumi.yaml is (empty under mocks, which run from the project).
  const projectDir = projectRoot(pulumi.runtime.getRootDirectory(), process.cwd());
  const definitions = loadProgramDefinitions(settings, projectDir);
  await checkPromotionGate(settings, definitions);
  const providers = declareProviders(settings, projectDir, definitions);
  return {
    /** Scalekit identifier of each provider, by logical name (the definition's file name). */
    identifiers: Object.fromEntries(Object.entries(providers).map(([name, p]) => [name, p.identifier])),
  };
}

/**
 * The engine's root directory when the language host passed one (always absolute); else (under mocks, or a
 * language host too old to pass it, where Pulumi reads the placeholder "rootDirectory") the nearest folder at or
 * above `from` that holds Pulumi.yaml, and `from` itself when none does.
 */
function projectRoot(rootDirectory: string, from: string): string {
  if (path.isAbsolute(rootDirectory)) return rootDirectory;
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return from;
  }
}
