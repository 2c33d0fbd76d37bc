/** The module and type name the dynamic resource registers under; with them Pulumi makes its type and URNs. */
export const DYNAMIC_MODULE = "scalekit";
export const DYNAMIC_TYPE_NAME = "CustomProvider";

/**
 * The dynamic resource's type in the state, as `pulumi.dynamic.Resource` composes it from the module and type
 * name. The plugin's resource names it as an alias, so a stack moves from the dynamic resource to the plugin
 * under the same names, with no write (docs/migrate-to-plugin.md).
 */
export const DYNAMIC_RESOURCE_TYPE = `pulumi-nodejs:dynamic/${DYNAMIC_MODULE}:${DYNAMIC_TYPE_NAME}`;
