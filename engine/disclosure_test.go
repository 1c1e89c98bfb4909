package engine_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// TestDisclosureHoldsAcrossQuestions asks many questions about the same
// populations on a small demo city and checks that no withheld cell can be
// recomputed from what the answers publish together: a restricted question
// publishes exactly what the full table does; within every municipio and
// within the city, withheld cells are never alone; a withheld municipio's
// neighbourhoods are all withheld.
func TestDisclosureHoldsAcrossQuestions(t *testing.T) {
	ctx := context.Background()
	d, err := catalog.Demo(catalog.DemoOptions{Seed: 2, Sections: 600})
	if err != nil {
		t.Fatal(err)
	}
	eng, v := openData(t, d)
	ask := func(q string) *engine.Result {
		t.Helper()
		plan, err := dsl.Compile(q, v)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		res, err := eng.Exec(ctx, engine.Request{Question: q, Plan: plan})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res
	}
	parent := map[string]string{}
	for _, a := range v.Areas {
		if a.Level == engine.LevelNIL {
			parent[a.Slug] = a.Parent
		}
	}
	withheldSome := 0
	for _, target := range []string{"disabili", "senza-dimora", "neet"} {
		for _, radius := range []string{"300m", "2km"} {
			base := fmt.Sprintf("where underserved target=%s radius=%s top=0", target, radius)
			nilTable := cells(ask(base))
			muniTable := cells(ask(base + " level=municipio"))
			byArea := map[string][]string{}
			for _, r := range append(nilTable, muniTable...) {
				byArea[r[1]] = r
			}
			// Within each group, a withheld count is never alone.
			for _, col := range []int{3, 4} {
				groups := map[string][]string{}
				for _, r := range nilTable {
					groups[parent[r[1]]] = append(groups[parent[r[1]]], r[col])
				}
				for _, r := range muniTable {
					groups["city"] = append(groups["city"], r[col])
				}
				for g, vals := range groups {
					hidden, positive := 0, 0
					for _, x := range vals {
						if x == ":c" {
							hidden++
						} else if x != "0" {
							positive++
						}
					}
					if hidden == 1 && positive > 0 {
						t.Errorf("%s: column %d of group %s has a lone withheld cell: %v", base, col, g, vals)
					}
					withheldSome += hidden
				}
			}
			// A withheld municipio has all its neighbourhoods withheld.
			for _, m := range muniTable {
				for _, col := range []int{3, 4} {
					if m[col] != ":c" {
						continue
					}
					for _, r := range nilTable {
						if parent[r[1]] == m[1] && r[col] != ":c" && r[col] != "0" {
							t.Errorf("%s: municipio %s withheld but its NIL %s publishes %s", base, m[1], r[1], r[col])
						}
					}
				}
			}
			// Restricted questions publish what the tables publish.
			for _, a := range v.Areas {
				if a.Level != engine.LevelNIL && a.Level != engine.LevelMunicipio {
					continue
				}
				res := ask(base + " area=" + a.Slug)
				want := byArea[a.Slug]
				if want == nil {
					continue
				}
				got := []string{fmt.Sprint(res.Facts["target_count"]), fmt.Sprint(res.Facts["unserved"])}
				if got[0] != want[3] || got[1] != want[4] {
					t.Fatalf("%s area=%s publishes %v, the table %v", base, a.Slug, got, want[3:5])
				}
				if a.Level == engine.LevelNIL {
					d := ask(fmt.Sprintf("howmuch demand target=%s area=%s", target, a.Slug))
					if fmt.Sprint(d.Facts["count"]) != want[3] {
						t.Fatalf("howmuch demand %s %s = %v, underserved table says %s", target, a.Slug, d.Facts["count"], want[3])
					}
				}
			}
		}
	}
	if withheldSome == 0 {
		t.Fatal("no cell was withheld: the test city is too large to exercise disclosure")
	}
}
