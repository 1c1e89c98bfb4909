package engine_test

import (
	"context"
	"math"
	"testing"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// TestProgressShowsNoPeople attacks the progress line of a terminal: a
// press user who asks `where locate` on one small area watches what the
// search reports while it runs. Maximal covering's objective is the exact
// number of people the sites cover (the final report, once done, would be
// the area's exact count of the target when every section is covered), so
// no report may carry an objective or a bound; set covering's, a number of
// sites, may.
func TestProgressShowsNoPeople(t *testing.T) {
	d, _ := handMadeSitingCity()
	c := openCity(t, d)
	watch := func(q string) []engine.Progress {
		t.Helper()
		plan, err := dsl.Compile(q, c.vocab)
		if err != nil {
			t.Fatal(err)
		}
		var seen []engine.Progress
		ctx := engine.WithProgress(context.Background(), func(p engine.Progress) { seen = append(seen, p) })
		if _, err := c.eng.Exec(ctx, engine.Request{Question: q, Plan: plan, Role: engine.RolePress}); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s: no progress reported", q)
		}
		return seen
	}
	for _, p := range watch("where locate service=sportello target=fragili area=nil-a radius=50m count=2") {
		if !math.IsNaN(p.Objective) || !math.IsNaN(p.Bound) {
			t.Errorf("where locate reported %s: objective %v, bound %v; want neither (people counted exactly)", p.Phase, p.Objective, p.Bound)
		}
	}
	sites := false
	for _, p := range watch("howmuch centers service=sportello target=fragili area=nil-a radius=50m coverage=90%") {
		if !math.IsNaN(p.Objective) {
			sites = p.Objective == math.Trunc(p.Objective) && p.Objective >= 0
		}
	}
	if !sites {
		t.Errorf("howmuch centers: no number of sites in its progress reports")
	}
}
