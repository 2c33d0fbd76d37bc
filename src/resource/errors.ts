/**
 * Errors the resource raises in Pulumi's terms: each says what happened to which provider and the
 * command or setting that resolves it. API failures without a resource-specific meaning surface as the
 * client's own typed errors, with the Pulumi advice of advice.ts added to their messages.
 */

import { NamedError } from "../named-error";
import { inert } from "../text";

/** Base class of the resource's errors. */
export class CustomProviderError extends NamedError {}

/** Create found a provider with the same display name that this stack does not manage. */
export class ProviderExistsError extends CustomProviderError {
  constructor(
    readonly displayName: string,
    readonly existingIdentifier: string | undefined,
  ) {
    const which = existingIdentifier ? ` (identifier ${inert(existingIdentifier)})` : "";
    super(
      `a Scalekit provider named "${inert(displayName)}" already exists${which}; no duplicate was created. ` +
        `To manage it with Pulumi, set \`adopt: true\` on this CustomProvider (for the definitions ` +
        `program: \`pulumi config set scalekit:adopt true\`), then run \`pulumi up\` again: it takes the ` +
        `existing provider over and brings it to this definition. Otherwise choose another displayName.`,
    );
  }
}

/** Update found the provider gone: it was deleted outside Pulumi. */
export class ProviderGoneError extends CustomProviderError {
  constructor(readonly identifier: string) {
    super(
      `the Scalekit provider ${inert(identifier)} no longer exists (deleted outside Pulumi?). ` +
        `Run \`pulumi refresh\` to drop it from the stack's state, then \`pulumi up\` to create it again.`,
    );
  }
}

/** Delete was refused because connections or connected accounts still use the provider. */
export class ProviderInUseError extends CustomProviderError {
  constructor(
    readonly identifier: string,
    serverMessage: string,
  ) {
    super(
      `Scalekit refused to delete provider ${inert(identifier)}: it is still used by connections or connected ` +
        `accounts (${inert(serverMessage)}). Nothing was deleted and the stack still tracks it. Remove those ` +
        `connections and connected accounts in the Scalekit Dashboard first, then run \`pulumi destroy\` ` +
        `or \`pulumi up\` again.`,
    );
  }
}

/**
 * Adoption found the provider with this display name, but with another auth type (or MCP flag) than the
 * definition: Scalekit cannot change it in place, and replacing it would drop connections Pulumi never
 * managed, so nothing is written.
 */
export class AdoptionAuthTypeError extends CustomProviderError {
  constructor(
    readonly displayName: string,
    readonly existingIdentifier: string,
    changes: ReadonlyArray<{ property: string; before: string; after: string }>,
  ) {
    const what = changes.map((c) => `${c.property} is ${inert(c.before)} there and ${inert(c.after)} in the definition`).join("; ");
    super(
      `cannot adopt the Scalekit provider "${inert(displayName)}" (identifier ${inert(existingIdentifier)}): ${what}. ` +
        `Scalekit cannot change an auth pattern's type or isMcp in place, so nothing was written. Either make ` +
        `the definition use the existing provider's auth type, then run \`pulumi up\` again; or, to switch the ` +
        `auth type, delete the existing provider in the Scalekit Dashboard (its connections must then be ` +
        `re-created) and run \`pulumi up\` again; or give the definition another displayName.`,
    );
  }
}
