/**
 * The body of the Pulumi program: one `CustomProvider` per definition file, with the stack's protection
 * and adoption settings. Dev and Production run the same definitions; that is how Dev is promoted.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { CustomProvider, fromPayload } from "../resource/custom-provider";
import { loadDefinitions } from "./definitions";

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
 * Declares the providers of the definitions folder and returns them by logical name.
 * @throws DefinitionError (file name and property path) before anything is declared.
 */
export function declareProviders(settings: ProgramSettings, projectDir = process.cwd()): Record<string, CustomProvider> {
    const definitions = loadDefinitions(path.resolve(projectDir, settings.definitionsDir));
    const providers: Record<string, CustomProvider> = {};
    for (const definition of definitions) {
        const args = fromPayload(definition.payload);
        providers[definition.name] = new CustomProvider(
            definition.name,
            settings.adopt ? { ...args, adopt: true } : args,
            { protect: settings.protect },
        );
    }
    return providers;
}
