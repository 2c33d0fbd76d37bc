"""One Scalekit custom provider, declared with the Python SDK (pulumi_scalekit)."""

import pulumi
import pulumi_scalekit as scalekit

bearer = scalekit.CustomProvider(
    "bearer",
    display_name="My Bearer Token Provider",
    description="Connect to an API that accepts a static bearer token",
    auth_patterns=[
        scalekit.AuthPatternArgs(
            type=scalekit.AuthType.BEARER,
            display_name="Bearer Token",
            description="Authenticate with a static bearer token",
            fields=[
                scalekit.AuthFieldArgs(
                    field_name="token",
                    label="Bearer Token",
                    input_type=scalekit.InputType.PASSWORD,
                    hint="Your long-lived bearer token",
                    required=True,
                )
            ],
        )
    ],
    proxy_url="https://api.example.com",
)

pulumi.export("identifier", bearer.identifier)
