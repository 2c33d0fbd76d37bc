/**
 * The Pulumi program of this project (Pulumi.yaml `main`): declares one CustomProvider per file of the
 * definitions folder and exports each provider's identifier as a stack output.
 */
import { declareProviders, programSettings } from "./declare";

const providers = declareProviders(programSettings());

/** Scalekit identifier of each provider, by logical name (the definition's file name). */
export const identifiers = Object.fromEntries(Object.entries(providers).map(([name, p]) => [name, p.identifier]));
