package engine

import (
	"regexp"
	"testing"

	"github.com/welfare-intelligence/wi/engine/optimize"
	"github.com/welfare-intelligence/wi/engine/optimize/tsp"
)

// Italian readers never get the solvers' English: every method the solvers
// report reads in Italian, and English keeps the original names.
func TestSolverNamesInItalian(t *testing.T) {
	english := regexp.MustCompile(`(?i)\b(greedy|interchange|local search|path relinking|bound|ILS|swap|removal|warm|dynamic|trivial)\b`)
	for _, m := range []string{
		optimize.MethodMCLP, optimize.MethodPartialSC, optimize.MethodSCP,
		"evaluation of the fixed sites (P = 0)",
		tsp.MethodHeldKarp, tsp.MethodTrivial, tsp.MethodILS,
		"Resende–Werneck fast interchange + ILS with path relinking; Lagrangian bound (subgradient)",
		"ILS over medians (swap + relocation); regret GAP heuristic with shift/swap search; Lagrangian bound (knapsack per site)",
		"greedy; binary search over client–site distances",
	} {
		t.Run(m, func(t *testing.T) {
			it := SolverName(m, Italian)
			if english.MatchString(it) || it == "ricerca locale" {
				t.Errorf("Italian for %q: %q", m, it)
			}
			if SolverName(m, English) != m {
				t.Errorf("English changed: %q", SolverName(m, English))
			}
		})
	}
}
