//go:build misspelt

// Command misspelt is a program with a typo (DisplayNme) that the Go compiler must refuse: test/sdk/go-cli.e2e.ts
// builds it with `-tags misspelt` (the tag keeps it out of `go build ./...`).
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"scalekit-providers/sdk/go/scalekit"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		_, err := scalekit.NewCustomProvider(ctx, "bearer", &scalekit.CustomProviderArgs{
			DisplayNme:   pulumi.String("My Bearer Token Provider"),
			AuthPatterns: scalekit.AuthPatternArray{scalekit.AuthPatternArgs{Type: scalekit.AuthTypeBearer}},
			ProxyUrl:     pulumi.String("https://api.example.com"),
		})
		return err
	})
}
