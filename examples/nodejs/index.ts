import * as scalekit from "@scalekit-providers/scalekit";

const bearer = new scalekit.CustomProvider("bearer", {
  displayName: "My Bearer Token Provider",
  description: "Connect to an API that accepts a static bearer token",
  authPatterns: [
    {
      type: scalekit.AuthType.Bearer,
      displayName: "Bearer Token",
      description: "Authenticate with a static bearer token",
      fields: [
        {
          fieldName: "token",
          label: "Bearer Token",
          inputType: scalekit.InputType.Password,
          hint: "Your long-lived bearer token",
          required: true,
        },
      ],
    },
  ],
  proxyUrl: "https://api.example.com",
});

export const identifier = bearer.identifier;
