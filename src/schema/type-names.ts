/**
 * The names of the payload's object and enum types, by the name of the object that holds them and its wire key:
 * one table for every generated form of the schema (the TypeScript types, codegen/types.ts, and the Pulumi package
 * schema, pulumi-package.ts), so that `AuthPatternArgs` in TypeScript and `scalekit:index:AuthPattern` in Python
 * or YAML name the same thing.
 */

/** The object types; the payload itself is `ProviderPayload`. */
export const OBJECT_NAMES: Readonly<Record<string, string>> = {
  "ProviderPayload.auth_patterns": "AuthPattern",
  "AuthPattern.fields": "AuthField",
  "AuthPattern.account_fields": "AuthField",
  "AuthPattern.oauth_config": "OAuthConfig",
  "OAuthConfig.available_scopes": "OAuthScope",
  "AuthPattern.auth_field_mutations": "FieldMutation",
};

/** The enum types (TypeScript writes them as unions of their values, without a name). */
export const ENUM_NAMES: Readonly<Record<string, string>> = {
  "AuthPattern.type": "AuthType",
  "AuthField.input_type": "InputType",
};
