// Package layers holds the test of the house's import rules
// (docs/architecture.md): which layer may import which.
package layers

import (
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/welfare-intelligence/wi/"

// deps lists the project packages a package depends on, itself excluded.
func deps(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s%s: %v", module, pkg, err)
	}
	set := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		if p, ok := strings.CutPrefix(l, module); ok && p != pkg {
			set[p] = true
		}
	}
	return set
}

func TestLayers(t *testing.T) {
	for _, c := range []struct {
		pkg       string
		forbidden []string
	}{
		// The contract layer imports nothing above it.
		{"question", []string{"answer", "store", "engine", "dsl", "catalog", "reports", "bots"}},
		{"answer", []string{"store", "engine", "dsl", "catalog", "reports", "bots"}},
		{"store", []string{"engine", "dsl", "catalog", "reports", "bots"}},
		// The language knows grammar and vocabulary, nothing of storage or analyses.
		{"dsl", []string{"answer", "store", "engine", "engine/optimize", "engine/optimize/tsp", "catalog", "reports", "bots"}},
		// The catalog implements the store contract without the engine.
		{"catalog", []string{"engine", "engine/optimize", "dsl", "reports", "bots"}},
		// Text rendering reads answers only.
		{"reports", []string{"engine", "engine/optimize", "dsl", "catalog", "bots"}},
		// The engine never sees the language's parser, storage or renderers.
		{"engine", []string{"dsl", "catalog", "reports", "bots", "internal/cli"}},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			d := deps(t, c.pkg)
			for _, f := range c.forbidden {
				if d[f] {
					t.Errorf("%s imports %s (directly or not)", c.pkg, f)
				}
			}
		})
	}
	// Only the catalog imports the DuckDB driver.
	for _, pkg := range []string{"engine", "dsl", "reports", "reports/pdf", "bots", "question", "answer", "store"} {
		out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "duckdb") {
			t.Errorf("%s depends on the DuckDB driver", pkg)
		}
	}
}
