package optimize

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"
)

// beasleyGraph generates a p-median instance the way OR-Library's pmed
// files were made (Beasley 1985): n vertices, n²/50 undirected edges of
// random cost 1–100 (a random spanning tree first, so that the graph is
// connected, then random vertex pairs), repeated edges keeping the last
// cost, then shortest paths. It returns the instance in OR-Library's text
// format, so that ReadORLib builds the matrix.
func beasleyGraph(n, p int, seed uint64) string {
	rng := rand.New(rand.NewPCG(seed, 0xbea5))
	e := max(n-1, n*n/50)
	var b strings.Builder
	fmt.Fprintf(&b, "%d %d %d\n", n, e, p)
	perm := rng.Perm(n)
	for k := 1; k < n; k++ {
		fmt.Fprintf(&b, "%d %d %d\n", perm[k]+1, perm[rng.IntN(k)]+1, 1+rng.IntN(100))
	}
	for k := n - 1; k < e; k++ {
		i, j := rng.IntN(n), rng.IntN(n-1)
		if j >= i {
			j++
		}
		fmt.Fprintf(&b, "%d %d %d\n", i+1, j+1, 1+rng.IntN(100))
	}
	return b.String()
}

// beasleyOptima are optima of generated instances, proved by GLPK 5.0 on
// the textbook MIP (bench/mipcompare) and by this package's bound.
var beasleyOptima = []struct {
	n, p int
	seed uint64
	opt  float64
}{
	{200, 67, 1, 1579},  // GLPK 5.0: optimal in 1.7 s
	{300, 100, 1, 1708}, // GLPK 5.0: optimal in 4.9 s
	{600, 200, 1, 1898}, // GLPK 5.0: optimal in 100.8 s (--tmlim 900); WI_BEASLEY=600,200 asserts it
}

// TestPMedianBeasleyLargeP solves generated pmed-style instances with a
// large p: the answer re-scores from the matrix, the bound is below it, and
// where an optimum is known the answer meets it.
func TestPMedianBeasleyLargeP(t *testing.T) {
	cases := []struct{ n, p int }{{200, 67}, {300, 100}}
	if s := os.Getenv("WI_BEASLEY"); s != "" {
		var n, p int
		fmt.Sscanf(s, "%d,%d", &n, &p)
		cases = []struct{ n, p int }{{n, p}}
	}
	for _, tc := range cases {
		pr, err := ReadORLib(strings.NewReader(beasleyGraph(tc.n, tc.p, 1)))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		sol, err := PMedian(context.Background(), pr, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		checkPM(t, pr, sol, false)
		for _, o := range beasleyOptima {
			if o.n == tc.n && o.p == tc.p && o.seed == 1 && (sol.Objective != o.opt || sol.Bound > o.opt) {
				t.Errorf("n=%d p=%d: objective %v bound %v, optimum %v", tc.n, tc.p, sol.Objective, sol.Bound, o.opt)
			}
		}
		t.Logf("n=%d p=%d: %v, bound %v (gap %.3g%%), optimal %v, %.2fs", tc.n, tc.p, sol.Objective, sol.Bound, 100*sol.Gap, sol.Optimal, time.Since(start).Seconds())
		if path := os.Getenv("WI_BEASLEY_OUT"); path != "" {
			if err := os.WriteFile(fmt.Sprintf("%s/beasley-n%d-p%d.txt", path, tc.n, tc.p), []byte(beasleyGraph(tc.n, tc.p, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// BenchmarkPMedianBeasleyLargeP solves generated pmed-style instances with
// p = n/3 (OR-Library's largest ratio) with the default options.
func BenchmarkPMedianBeasleyLargeP(b *testing.B) {
	for _, tc := range []struct{ n, p int }{{300, 100}, {600, 200}} {
		pr, err := ReadORLib(strings.NewReader(beasleyGraph(tc.n, tc.p, 1)))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("n=%d/p=%d", tc.n, tc.p), func(b *testing.B) {
			var sol *Solution
			for b.Loop() {
				if sol, err = PMedian(context.Background(), pr, Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sol.Objective, "objective")
			b.ReportMetric(sol.Bound, "bound")
			b.ReportMetric(100*sol.Gap, "%gap")
			b.ReportMetric(b2f(sol.Optimal), "proved")
		})
	}
}

// TestExactObjMatches checks the p-median search's objective, read from its
// closest distances, against a from-scratch evaluation along random swaps
// (with and without the sorted orders, fixed sites and cutoffs).
func TestExactObjMatches(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for k := range 20 {
		pr := randomProblem(rng, 30+rng.IntN(30), 20+rng.IntN(20), k%2 == 0)
		pr.P = 1 + rng.IntN(5)
		if k%3 == 0 {
			pr.Cutoff = 30
		}
		in, err := newInst(pr, "test")
		if err != nil {
			t.Fatal(err)
		}
		if pr.P > len(in.cand) {
			continue
		}
		for _, order := range [][][]int32{sortedOrders(in), nil} {
			s := newLS(in, order)
			s.load(greedyPM(in, rng, 3))
			for step := range 15 {
				if a, b := s.exactObj(), evalPM(in, s.sites); a != b {
					t.Fatalf("instance %d step %d: exactObj %v, evalPM %v", k, step, a, b)
				}
				s.perturb(rng, 1)
				if step%3 == 0 {
					s.descend(context.Background())
				}
			}
		}
	}
}
