// A Scalekit custom provider declared in Go and deployed by the Pulumi CLI: `go run . <stack> preview|up|refresh|destroy`.
// An Automation API inline program: the CLI's engine talks to this process, so no Go language host is needed.
// The project is ./Pulumi.yaml and the stack's settings ./Pulumi.<stack>.yaml, as `pulumi config set` writes them.
// ShowSecrets(false): otherwise the Automation API puts the settings, client secret decrypted, in each result's Summary.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"scalekit-providers/sdk/go/scalekit"
)

func program(ctx *pulumi.Context) error {
	bearer, err := scalekit.NewCustomProvider(ctx, "bearer", &scalekit.CustomProviderArgs{
		DisplayName: pulumi.String("My Bearer Token Provider"),
		Description: pulumi.String("Connect to an API that accepts a static bearer token"),
		AuthPatterns: scalekit.AuthPatternArray{scalekit.AuthPatternArgs{
			Type:        scalekit.AuthTypeBearer,
			DisplayName: pulumi.String("Bearer Token"),
			Description: pulumi.String("Authenticate with a static bearer token"),
			Fields: scalekit.AuthFieldArray{scalekit.AuthFieldArgs{
				FieldName: pulumi.String("token"),
				Label:     pulumi.String("Bearer Token"),
				InputType: scalekit.InputTypePassword,
				Hint:      pulumi.String("Your long-lived bearer token"),
				Required:  pulumi.Bool(true),
			}},
		}},
		ProxyUrl: pulumi.String("https://api.example.com"),
	}, pulumi.Protect(false)) // true: Pulumi refuses to delete it (destroy, a replacement)
	if err != nil {
		return err
	}
	ctx.Export("identifier", bearer.Identifier)
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go run . <stack> preview|up|refresh|destroy")
		os.Exit(2)
	}
	if err := run(context.Background(), os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(ctx context.Context, stackName, operation string) error {
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "", program, auto.WorkDir("."))
	if err != nil {
		return err
	}
	switch operation {
	case "preview":
		_, err = stack.Preview(ctx, optpreview.ProgressStreams(os.Stdout))
	case "up":
		_, err = stack.Up(ctx, optup.ProgressStreams(os.Stdout), optup.ShowSecrets(false))
	case "refresh":
		_, err = stack.Refresh(ctx, optrefresh.ProgressStreams(os.Stdout), optrefresh.ShowSecrets(false))
	case "destroy":
		_, err = stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stdout), optdestroy.ShowSecrets(false))
	default:
		err = fmt.Errorf("unknown operation %q: preview, up, refresh or destroy", operation)
	}
	return err
}
