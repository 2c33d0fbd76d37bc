/**
 * The body of the Pulumi program: one `CustomProvider` per definition file, with the stack's protection
 * and adoption settings. Dev and Production run the same definitions; that is how Dev is promoted.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { SettingsError } from "../client";
import { CustomProvider, fromPayload } from "../resource";
import { Definition, DefinitionError, loadDefinitions } from "./definitions";
import { PromotionGateConfigError, PromotionGateError, runPromotionGate } from "./gate";
import { inertText } from "../text";

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
 * @throws pulumi.RunError with the DefinitionError's message (file name and property path).
 */
export function loadProgramDefinitions(settings: ProgramSettings, projectDir = process.cwd()): Definition[] {
  try {
    return loadDefinitions(path.resolve(projectDir, settings.definitionsDir));
  } catch (err) {
    // Pulumi prints a RunError as its message alone: the file and property path, without a stack trace.
    throw err instanceof DefinitionError ? new pulumi.RunError(inertText(err.message)) : err;
  }
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
    if (err instanceof PromotionGateError || err instanceof PromotionGateConfigError || err instanceof SettingsError) {
      throw new pulumi.RunError(inertText(err.message));
    }
    throw err;
  }
}

/**
 * Declares the providers of the definitions folder (or of `definitions`, already loaded) and returns them
 * by logical name.
 * @throws DefinitionError (file name and property path) before anything is declared.
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
