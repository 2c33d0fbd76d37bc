# A correct program: mypy accepts it (test/sdk/python.e2e.ts).
import pulumi_scalekit as scalekit

scalekit.CustomProvider(
    "freshdesk",
    display_name="Freshdesk",
    auth_patterns=[scalekit.AuthPatternArgs(type=scalekit.AuthType.BEARER)],
)
