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

// beasleyOptima are optima of generated instances, each with how it was
// proved: by GLPK 5.0 and CBC 2.10 on the textbook MIP (bench/mipcompare,
// files written with WI_BEASLEY_OUT) and by this package's bound. The
// pmed11–40 shapes (seed = the OR-Library instance number, see pmedShapes)
// are asserted by TestPMedianShapes (WI_PMED_SHAPES=all) and, for a few
// fast ones, TestPMedianShapesQuick.
var beasleyOptima = []struct {
	n, p int
	seed uint64
	opt  float64
	how  string
}{
	{200, 67, 1, 1579, "GLPK 5.0: optimal in 1.7 s"},
	{300, 100, 1, 1708, "GLPK 5.0: optimal in 4.9 s"},
	{600, 200, 1, 1898, "GLPK 5.0: optimal in 100.8 s (--tmlim 900)"},
	// pmed11–40 shapes. "B&B": PMedian's Lagrangian bound and branch and
	// bound, default options (pmed39-like was first proved with
	// Options.TimeLimit = 120 s, when the default effort ended with a gap).
	// GLPK and CBC: bench/mipcompare, one thread, at load 7–10.
	{300, 5, 11, 7542, "B&B; CBC 2.10 optimal in 406 s"},
	{300, 10, 12, 6814, "B&B"},
	{300, 30, 13, 4417, "B&B"},
	{300, 60, 14, 2878, "B&B; GLPK 5.0 optimal in 12.1 s, CBC 2.10 in 5.2 s"},
	{300, 100, 15, 1383, "B&B; GLPK 5.0 optimal in 7.8 s, CBC 2.10 in 6.7 s"},
	{400, 5, 16, 9090, "B&B"},
	{400, 10, 17, 7140, "B&B"},
	{400, 40, 18, 4173, "B&B"},
	{400, 80, 19, 3033, "B&B; GLPK 5.0 optimal in 23.6 s, CBC 2.10 in 40.6 s"},
	{400, 133, 20, 1749, "B&B; GLPK 5.0 optimal in 94.6 s, CBC 2.10 in 13.3 s"},
	{500, 5, 21, 9364, "B&B"},
	{500, 10, 22, 8156, "B&B"},
	{500, 50, 23, 4844, "B&B"},
	{500, 100, 24, 2683, "B&B; GLPK 5.0 optimal in 67.4 s, CBC 2.10 in 32.8 s"},
	{500, 167, 25, 1922, "B&B; GLPK 5.0 optimal in 108.4 s, CBC 2.10 in 37.7 s"},
	{600, 5, 26, 9935, "B&B"},
	{600, 10, 27, 9021, "B&B (about 0.5 s; CBC 2.10: no integer solution in 600 s)"},
	{600, 60, 28, 4543, "B&B"},
	{600, 120, 29, 2849, "B&B; GLPK 5.0 optimal in 128 s, CBC 2.10 in 42 s"},
	{600, 200, 30, 1913, "B&B; GLPK 5.0 optimal in 195 s, CBC 2.10 in 163 s"},
	{700, 5, 31, 10288, "B&B"},
	{700, 10, 32, 8026, "B&B"},
	{700, 70, 33, 4580, "B&B; GLPK 5.0 optimal in 313 s, CBC 2.10 in 278 s"},
	{700, 140, 34, 3085, "B&B; CBC 2.10 optimal in 81 s (GLPK: no integer solution in 300 s)"},
	{800, 5, 35, 11034, "B&B"},
	{800, 10, 36, 9533, "B&B"},
	{800, 80, 37, 4815, "B&B; CBC 2.10 optimal in 261 s (GLPK: no integer solution in 300 s)"},
	{900, 5, 38, 11839, "B&B"},
	{900, 10, 39, 9720, "B&B (about 1 s; CBC 2.10 not run)"},
	{900, 90, 40, 4782, "B&B; CBC 2.10 optimal in 175 s (GLPK: no integer solution in 300 s)"},
}

// TestPMedianBeasleyLargeP solves generated pmed-style instances with a
// large p: the answer re-scores from the matrix, the bound is below it, and
// where an optimum is known the answer meets it.
func TestPMedianBeasleyLargeP(t *testing.T) {
	cases := []struct{ n, p int }{{200, 67}, {300, 100}}
	if !testing.Short() {
		cases = append(cases, struct{ n, p int }{600, 200}) // proved in ~0.4 s
	}
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
