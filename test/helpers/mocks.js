/**
 * Pulumi's mocks as the registration helpers (register.js, register-gate.js) use them: stack config set,
 * every resource registration recorded, and each resource given an id and an identifier.
 */
"use strict";

/**
 * Sets the config and the mocks for `request` and returns the array the registrations are recorded in.
 * `request`: { stack?, config?, secretKeys? }; `defaults`: { stack, preview }.
 */
async function useMocks(pulumi, request, defaults) {
  const registrations = [];
  pulumi.runtime.setAllConfig(request.config || {}, request.secretKeys || []);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, identifier: `${args.name.toUpperCase()}:1` } };
      },
      call() {
        return {};
      },
    },
    "scalekit-providers",
    request.stack || defaults.stack,
    request.preview === undefined ? defaults.preview : request.preview === true,
  );
  return registrations;
}

module.exports = { useMocks };
