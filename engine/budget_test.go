package engine_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
)

// TestSolverBudget: a set-covering question whose search takes longer than
// its budget stops at it and answers with the best solution found, saying
// the budget was reached, with the solver's bound and gap; without a
// budget to reach, the answer does not say so.
func TestSolverBudget(t *testing.T) {
	c := openCity(t, demoCity(t, 1))
	const q = "howmuch centers service=centro-anziani target=anziani coverage=99% radius=250m"
	plan, err := dsl.Compile(q, c.vocab)
	if err != nil {
		t.Fatal(err)
	}
	ask := func(ctx context.Context) (*engine.Result, time.Duration) {
		start := time.Now()
		res, err := c.eng.Exec(ctx, engine.Request{Question: q, Plan: plan, Lang: engine.Italian, Role: engine.RoleStaff})
		if err != nil {
			t.Fatal(err)
		}
		return res, time.Since(start)
	}
	said := func(res *engine.Result) string {
		for _, s := range res.Caveats {
			if strings.HasPrefix(s, "Tempo di ricerca esaurito") {
				return s
			}
		}
		return ""
	}
	full, took := ask(context.Background())
	if s := said(full); s != "" {
		t.Fatalf("the default budget was reached (%s): %s", took, s)
	}
	t.Logf("unbounded: %s", took)
	budget := 20 * time.Millisecond
	cut, tookCut := ask(engine.WithTimeBudget(context.Background(), budget))
	t.Logf("budget %s: %s; %s", budget, tookCut, said(cut))
	if took < 5*budget {
		t.Skipf("the search takes %s, too little to cut at %s", took, budget)
	}
	s := said(cut)
	if !strings.HasPrefix(s, "Tempo di ricerca esaurito (20 ms)") || !strings.Contains(s, "; limite ") || !strings.Contains(s, ", scarto al più ") {
		t.Fatalf("budget reached but not said: %q", cut.Caveats)
	}
	if tookCut > took {
		t.Errorf("the cut search took %s, longer than the whole one (%s)", tookCut, took)
	}
	if len(cut.Rows) == 0 {
		t.Errorf("no sites in the answer cut at the budget")
	}
}
