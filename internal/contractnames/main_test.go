package main

import (
	"bytes"
	"os"
	"testing"
)

// The engine's alias files are what the generator writes from the contract
// packages as they are: a name added to a contract package and not
// regenerated fails here (run go generate ./engine/).
func TestAliasFilesAreUpToDate(t *testing.T) {
	for _, pkg := range []string{"question", "answer", "store"} {
		t.Run(pkg, func(t *testing.T) {
			want, err := generate("../../"+pkg, pkg)
			if err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile("../../engine/" + pkg + "_names.go")
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("engine/%s_names.go is stale: run go generate ./engine/", pkg)
			}
		})
	}
}
