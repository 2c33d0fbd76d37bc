/**
 * The body of the Pulumi program: one `CustomProvider` per definition file, with the stack's protection
 * and adoption settings. Dev and Production run the same definitions; that is how Dev is promoted.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigurationError } from "../client";
import { CustomProvider, fromPayload } from "../resource";
import { inert, inertText } from "../text";
import { Definition, DefinitionError } from "./definitions";
import { COMMAND, formatFolderProblems, projectPath, reportFolder, type FolderReport } from "./report";
import { PromotionGateError, runPromotionGate } from "./gate";

export interface ProgramSettings {
  /** Folder of definition files, relative to the Pulumi project. @default "definitions" */
  definitionsDir: string;
  /** Protect every provider from deletion (`protect`); set in Production. @default false */
  protect: boolean;
  /** Take over existing providers with the same display name instead of failing. @default false */
  adopt: boolean;
}

/** The program's settings from stack config (namespace `scalekit`). */
export function programSettings(config = new pulumi.Config("scalekit")): ProgramSettings {
  return {
    definitionsDir: config.get("definitionsDir") ?? "definitions",
    protect: config.getBoolean("protect") ?? false,
    adopt: config.getBoolean("adopt") ?? false,
  };
}

/**
 * Loads the definitions folder of these settings.
 * @throws pulumi.RunError (printed without a stack trace) listing every problem of every file, each file by its
 *   path in the project, in the words `scalekit-providers validate` uses (report.ts); or for a missing folder.
 */
export function loadProgramDefinitions(settings: ProgramSettings, projectDir = process.cwd()): Definition[] {
  const dir = path.resolve(projectDir, settings.definitionsDir);
  let report: FolderReport;
  try {
    report = reportFolder(dir, (p) => inert(projectPath(p, projectDir)));
  } catch (err) {
    throw err instanceof DefinitionError ? new pulumi.RunError(inertText(err.message.split(dir).join(projectPath(dir, projectDir)))) : err;
  }
  const problems = formatFolderProblems(report);
  if (problems !== "") {
    const invalid = report.files.filter((f) => !f.valid).length;
    const which =
      report.files.length === 0
        ? "The definitions folder cannot be used"
        : `${invalid} of ${report.files.length} definition files are invalid`;
    throw new pulumi.RunError(
      `${which}: fix every problem below, then run again (\`${COMMAND} validate ${inert(projectPath(dir, projectDir))}\` checks them without Pulumi).\n${problems}`,
    );
  }
  return report.definitions;
}

/**
 * Runs the promotion gate when this stack enables it (`scalekit:promotionGate`, see gate.ts): in a preview
 * a refusal is a warning; in an update it stops the program before anything is declared.
 * @throws pulumi.RunError (printed without a stack trace) with the gate's message.
 */
export async function checkPromotionGate(settings: ProgramSettings, definitions: Definition[]): Promise<void> {
  try {
    await runPromotionGate(definitions, {
      config: (key) => pulumi.runtime.getConfig(key),
      env: process.env,
      stack: pulumi.getStack(),
      definitionsDir: settings.definitionsDir,
      dryRun: pulumi.runtime.isDryRun(),
      warn: (message) => void pulumi.log.warn(inertText(message)),
    });
  } catch (err) {
    if (err instanceof PromotionGateError || err instanceof ConfigurationError) {
      throw new pulumi.RunError(inertText(err.message));
    }
    throw err;
  }
}

/**
 * Declares the providers of the definitions folder (or of `definitions`, already loaded) and returns them
 * by logical name.
 * @throws pulumi.RunError (see loadProgramDefinitions) before anything is declared.
 */
export function declareProviders(
  settings: ProgramSettings,
  projectDir = process.cwd(),
  definitions: Definition[] = loadProgramDefinitions(settings, projectDir),
): Record<string, CustomProvider> {
  // Keyed by file names: built with define semantics (Object.fromEntries), never by assignment.
  return Object.fromEntries(
    definitions.map((definition) => {
      const args = fromPayload(definition.payload);
      return [
        definition.name,
        new CustomProvider(definition.name, settings.adopt ? { ...args, adopt: true } : args, { protect: settings.protect }),
      ];
    }),
  );
}
