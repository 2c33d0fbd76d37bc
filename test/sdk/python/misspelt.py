# The correct program with one argument misspelt (display_nme): mypy rejects it (test/sdk/python.e2e.ts).
import pulumi_scalekit as scalekit

scalekit.CustomProvider(
    "freshdesk",
    display_nme="Freshdesk",
    auth_patterns=[scalekit.AuthPatternArgs(type=scalekit.AuthType.BEARER)],
)
