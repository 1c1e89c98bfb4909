package optimize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPMedianCoreBruteForce checks the reduced-cost core, the level search
// and the branch and bound against enumeration on instances larger than
// TestPMedianBruteForce's (40 clients × 16 sites, P up to 6, and
// random sparse graphs of 26 vertices and 85 edges, P up to 5; fixed and forbidden
// sites, cutoffs, integer and real distances), with the default
// effort and with a starved local search (MaxIter 1), so that the bound
// and the tree must find the optimum themselves.
func TestPMedianCoreBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	trees := 0
	const count = 80
	for k := range count {
		var pr *Problem
		if k%2 == 0 {
			pr = randomProblem(rng, 40, 16, k%4 == 0)
			pr.P = min(16-len(pr.Fixed)-len(pr.Forbidden), 2+rng.IntN(5))
			if k%5 == 0 {
				pr.Cutoff = 35
			}
		} else {
			// Small sparse graphs with costs 1–100: larger LP gaps.
			var err error
			if pr, err = ReadORLib(strings.NewReader(smallGraph(rng, 26, 60, 2+rng.IntN(4)))); err != nil {
				t.Fatal(err)
			}
			perm := rng.Perm(26)
			pr.Fixed, pr.Forbidden = perm[:rng.IntN(2)], perm[2:2+rng.IntN(3)]
		}
		want := brutePMedian(pr)
		for _, iters := range []int{0, 1} {
			sol, err := PMedian(context.Background(), pr, Options{Seed: int64(k), MaxIter: iters})
			if err != nil {
				t.Fatalf("instance %d: %v", k, err)
			}
			checkPM(t, pr, sol, false)
			if math.Abs(sol.Objective-want) > 1e-6*math.Max(1, want) {
				t.Errorf("instance %d MaxIter %d: objective %v, brute-force optimum %v (%s)", k, iters, sol.Objective, want, sol.Method)
			}
			if sol.Bound > want+1e-6*math.Max(1, want) {
				t.Errorf("instance %d MaxIter %d: bound %v above the optimum %v", k, iters, sol.Bound, want)
			}
			if strings.Contains(sol.Method, "branch and bound") || strings.Contains(sol.Method, "level") {
				trees++
			}
		}
	}
	t.Logf("%d of %d runs used the level search or the branch and bound", trees, 2*count)
}

// smallGraph is an OR-Library-format graph of n vertices: a random spanning
// tree plus extra random edges, costs 1–100.
func smallGraph(rng *rand.Rand, n, extra, p int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %d %d\n", n, n-1+extra, p)
	perm := rng.Perm(n)
	for k := 1; k < n; k++ {
		fmt.Fprintf(&b, "%d %d %d\n", perm[k]+1, perm[rng.IntN(k)]+1, 1+rng.IntN(100))
	}
	for range extra {
		i, j := rng.IntN(n), rng.IntN(n-1)
		if j >= i {
			j++
		}
		fmt.Fprintf(&b, "%d %d %d\n", i+1, j+1, 1+rng.IntN(100))
	}
	return b.String()
}
