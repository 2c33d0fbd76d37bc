// Command scenarios declares one scalekit.CustomProvider with the generated Go SDK and runs one Pulumi operation on
// it as an Automation API inline program (no Go language host: the engine talks to this process), through the
// Pulumi CLI installed under -pulumi-root. The project (Pulumi.yaml: its name and plugins) and the stack's settings
// (Pulumi.<stack>.yaml) are those of the working directory, as `pulumi stack init` and `pulumi config set` leave
// them. It prints what the Automation API returned as one JSON object, for test/sdk/go-cli.e2e.ts.
//
//	scenarios -pulumi-root DIR [-stack dev] [-description TEXT] [-auth bearer|api-key] [-proxy-url URL] preview|up|refresh|destroy
package main

import (
	"context"
	"encoding/json"
	"flag"
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

// The auth patterns of the documented examples bearer-token.json and attention-api-key.json, as Go code.
var authPatterns = map[string]scalekit.AuthPatternArgs{
	"bearer": {
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
	},
	"api-key": {
		Type:        scalekit.AuthTypeApiKey,
		DisplayName: pulumi.String("API Key"),
		Description: pulumi.String("Authenticate with Attention using an API Key"),
		Fields: scalekit.AuthFieldArray{scalekit.AuthFieldArgs{
			FieldName: pulumi.String("api_key"),
			Label:     pulumi.String("Integration Token"),
			InputType: scalekit.InputTypePassword,
			Hint:      pulumi.String("Your Attention API Key"),
			Required:  pulumi.Bool(true),
		}},
	},
}

func main() {
	root := flag.String("pulumi-root", "", "the folder whose bin/ holds the pulumi executable")
	stackName := flag.String("stack", "dev", "the stack")
	description := flag.String("description", "Connect to an API that accepts a static bearer token", "the provider's description")
	auth := flag.String("auth", "bearer", "the auth pattern: bearer or api-key")
	proxyURL := flag.String("proxy-url", "https://api.example.com", "the provider's proxy URL")
	flag.Parse()
	pattern, known := authPatterns[*auth]
	if flag.NArg() != 1 || *root == "" || !known {
		flag.Usage()
		os.Exit(2)
	}

	program := func(ctx *pulumi.Context) error {
		bearer, err := scalekit.NewCustomProvider(ctx, "bearer", &scalekit.CustomProviderArgs{
			DisplayName:  pulumi.String("My Bearer Token Provider"),
			Description:  pulumi.String(*description),
			AuthPatterns: scalekit.AuthPatternArray{pattern},
			ProxyUrl:     pulumi.String(*proxyURL),
		})
		if err != nil {
			return err
		}
		ctx.Export("identifier", bearer.Identifier)
		return nil
	}

	result, err := run(context.Background(), *root, *stackName, flag.Arg(0), program)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(result); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run runs the operation on the stack and returns everything the Automation API answered. ShowSecrets(false): by
// default the Automation API fills a result's Summary.Config with the stack's settings decrypted, client secret
// included.
func run(ctx context.Context, root, stackName, operation string, program pulumi.RunFunc) (any, error) {
	cli, err := auto.NewPulumiCommand(&auto.PulumiCommandOptions{Root: root})
	if err != nil {
		return nil, err
	}
	stack, err := auto.UpsertStackInlineSource(ctx, stackName, "", program, auto.WorkDir("."), auto.Pulumi(cli))
	if err != nil {
		return nil, err
	}
	switch operation {
	case "preview":
		return stack.Preview(ctx, optpreview.Diff())
	case "up":
		return stack.Up(ctx, optup.Diff(), optup.ShowSecrets(false))
	case "refresh":
		return stack.Refresh(ctx, optrefresh.ShowSecrets(false))
	case "destroy":
		return stack.Destroy(ctx, optdestroy.ShowSecrets(false))
	}
	return nil, fmt.Errorf("unknown operation %q: preview, up, refresh or destroy", operation)
}
