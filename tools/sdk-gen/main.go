// Command sdk-gen writes the Python, Go and Node.js SDKs of the scalekit package from its Pulumi package schema,
// offline, with Pulumi's own code generators (the ones `pulumi package gen-sdk` runs through each language host).
//
//	sdk-gen <schema.json> <out-dir>
//
// writes <out-dir>/python, <out-dir>/go and <out-dir>/nodejs, each replaced whole, so that a file the schema no
// longer produces does not linger.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	"github.com/pulumi/pulumi/pkg/v3/codegen/nodejs"
	"github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

// tool names the generator in the header of every generated file.
const tool = "scalekit-providers sdk-gen"

// noReferences refuses every package reference: the scalekit schema references no other package, so a reference
// is a mistake in the schema, never something to fetch.
type noReferences struct{}

func refused(name string) error {
	return fmt.Errorf("the schema references package %q; it must reference no other package", name)
}

func (noReferences) LoadPackage(pkg string, _ *semver.Version) (*schema.Package, error) {
	return nil, refused(pkg)
}

func (noReferences) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return nil, refused(d.Name)
}

func (noReferences) LoadPackageReference(pkg string, _ *semver.Version) (schema.PackageReference, error) {
	return nil, refused(pkg)
}

func (noReferences) LoadPackageReferenceV2(_ context.Context, d *schema.PackageDescriptor) (schema.PackageReference, error) {
	return nil, refused(d.Name)
}

func load(file string) (*schema.Package, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(raw, &spec); err != nil {
		return nil, fmt.Errorf("%s is not a package schema: %w", file, err)
	}
	return schema.ImportSpec(spec, nil, noReferences{}, schema.ValidationOptions{})
}

// write replaces dir with exactly the generated files.
func write(dir string, files map[string][]byte) error {
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for name, content := range files {
		target := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func run(schemaFile, outDir string) error {
	generators := []struct {
		language string
		generate func(*schema.Package) (map[string][]byte, error)
	}{
		{"python", func(p *schema.Package) (map[string][]byte, error) {
			files, err := python.GeneratePackage(tool, p, nil, noReferences{})
			if err != nil {
				return nil, err
			}
			// pyproject.toml names README.md beside it, but the generator writes it only inside the package.
			info, _ := p.Language["python"].(python.PackageInfo)
			if readme, ok := files[info.PackageName+"/README.md"]; ok {
				files["README.md"] = readme
			}
			return files, nil
		}},
		{"go", func(p *schema.Package) (map[string][]byte, error) {
			return gogen.GeneratePackage(tool, p, nil)
		}},
		{"nodejs", func(p *schema.Package) (map[string][]byte, error) {
			return nodejs.GeneratePackage(tool, p, nil, nil, false, noReferences{})
		}},
	}
	for _, g := range generators {
		// A fresh bind per language: each generator records its own language's settings on the package.
		pkg, err := load(schemaFile)
		if err != nil {
			return err
		}
		files, err := g.generate(pkg)
		if err != nil {
			return fmt.Errorf("generating the %s SDK: %w", g.language, err)
		}
		if err := write(filepath.Join(outDir, g.language), files); err != nil {
			return fmt.Errorf("writing the %s SDK: %w", g.language, err)
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: sdk-gen <schema.json> <out-dir>")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "sdk-gen: %v\n", err)
		os.Exit(1)
	}
}
