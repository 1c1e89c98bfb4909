// Contractnames writes the file of aliases through which package engine names
// a contract package's exported identifiers unqualified (engine/*_names.go):
//
//	go run ./internal/contractnames DIR PKG OUT
//
// engine/contract.go runs it with go generate.
package main

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"sort"
	"strings"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: contractnames DIR PKG OUT")
		os.Exit(2)
	}
	src, err := generate(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := os.WriteFile(os.Args[3], src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// generate returns the alias file for the package in dir.
func generate(dir, pkg string) ([]byte, error) {
	fs := token.NewFileSet()
	pkgs, err := parser.ParseDir(fs, dir, func(fi os.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, 0)
	if err != nil {
		return nil, err
	}
	var types, funcs, consts, vars []string
	for _, p := range pkgs {
		for _, f := range p.Files {
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil && d.Name.IsExported() {
						if d.Type.TypeParams != nil {
							fmt.Fprintln(os.Stderr, "generic:", d.Name.Name)
							continue
						}
						funcs = append(funcs, d.Name.Name)
					}
				case *ast.GenDecl:
					for _, s := range d.Specs {
						switch s := s.(type) {
						case *ast.TypeSpec:
							if s.Name.IsExported() {
								types = append(types, s.Name.Name)
							}
						case *ast.ValueSpec:
							for _, n := range s.Names {
								if n.IsExported() {
									if d.Tok == token.CONST {
										consts = append(consts, n.Name)
									} else {
										vars = append(vars, n.Name)
									}
								}
							}
						}
					}
				}
			}
		}
	}
	sort.Strings(types)
	sort.Strings(funcs)
	sort.Strings(consts)
	sort.Strings(vars)
	var b strings.Builder
	fmt.Fprintf(&b, "// Code generated from package %s; the names the engine's files use unqualified. DO NOT EDIT: go generate ./engine/ rewrites it.\n\npackage engine\n\nimport \"github.com/welfare-intelligence/wi/%s\"\n\n", pkg, pkg)
	b.WriteString("type (\n")
	for _, t := range types {
		fmt.Fprintf(&b, "\t%s = %s.%s\n", t, pkg, t)
	}
	b.WriteString(")\n\nconst (\n")
	for _, c := range consts {
		fmt.Fprintf(&b, "\t%s = %s.%s\n", c, pkg, c)
	}
	b.WriteString(")\n\nvar (\n")
	for _, f := range append(funcs, vars...) {
		fmt.Fprintf(&b, "\t%s = %s.%s\n", f, pkg, f)
	}
	b.WriteString(")\n")
	return format.Source([]byte(b.String()))
}
