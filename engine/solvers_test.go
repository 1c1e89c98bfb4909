package engine

import (
	"regexp"
	"testing"
)

// Italian readers never get the solvers' English: every method the solvers
// report reads in Italian, and English keeps the original names.
func TestSolverNamesInItalian(t *testing.T) {
	english := regexp.MustCompile(`(?i)\b(greedy|interchange|local search|path relinking|bound|ILS|swap|removal|warm|dynamic|trivial)\b`)
	for _, m := range []string{
		"GRASP + interchange local search (fast-interchange bookkeeping) + ILS with path relinking; Lagrangian upper bound (subgradient)",
		"greedy + redundant-site removal + swap local search + maximal-covering ILS with one site fewer (warm-started); Lagrangian lower bound",
		"set-covering reductions (essential columns, row and column dominance) + Beasley's Lagrangian heuristic",
		"evaluation of the fixed sites (P = 0)",
		"held-karp-dp", "trivial", "greedy+2opt+oropt-ils",
		"Resende–Werneck fast interchange + ILS with path relinking; Lagrangian bound (subgradient)",
		"ILS over medians (swap + relocation); regret GAP heuristic with shift/swap search; Lagrangian bound (knapsack per site)",
		"greedy; binary search over client–site distances",
	} {
		t.Run(m, func(t *testing.T) {
			it := solverName(m, Italian)
			if english.MatchString(it) || it == "ricerca locale" {
				t.Errorf("Italian for %q: %q", m, it)
			}
			if solverName(m, English) != m {
				t.Errorf("English changed: %q", solverName(m, English))
			}
		})
	}
}
