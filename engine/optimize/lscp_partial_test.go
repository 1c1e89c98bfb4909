package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// solveSCMCRef covers need (weight of active clients) with the fewest new
// sites it finds: greedy, redundant-site removal, then the maximal covering
// search with one site fewer until it fails. The lower bound is the
// smallest k whose Lagrangian maximal covering bound reaches need.
func (v *cov) solveSCMCRef(ctx context.Context, need, tol float64, opt Options) ([]int, int, int) {
	// Greedy until the goal is met.
	gain := make([]float64, v.m)
	for _, j := range v.cand {
		for _, i := range v.covers[j] {
			gain[j] += v.w[i]
		}
	}
	covered := make([]bool, v.n)
	var sites []int
	var got float64
	for got < need-tol {
		bj := -1
		for _, j := range v.cand {
			if bj < 0 || gain[j] > gain[bj] {
				bj = j
			}
		}
		if bj < 0 || gain[bj] <= 0 {
			break
		}
		sites = append(sites, bj)
		got += gain[bj]
		for _, i := range v.covers[bj] {
			if !covered[i] {
				covered[i] = true
				for _, f := range v.by[i] {
					gain[f] -= v.w[i]
				}
			}
		}
	}
	sites = v.dropRedundantRef(sites, need, tol)
	// Lower bound: smallest k whose maximal covering bound reaches need.
	lb := 1
	lo, hi := 1, len(sites)-1 // is k = mid provably too few?
	for lo <= hi && !done(ctx) {
		mid := (lo + hi) / 2
		ub, _, _ := v.lagrangeMC(ctx, mid, 0, need-tol, 800)
		if ub < need-tol {
			lb = mid + 1
			lo = mid + 1
		} else {
			hi = mid - 1
		}
	}
	// Improve: try one site fewer with the maximal covering search.
	iters := 0
	for len(sites) > lb && !done(ctx) {
		k := len(sites) - 1
		s, o, _, it := v.solveMC(ctx, k, need, opt, true)
		iters += it
		if o < need-tol {
			break
		}
		sites = v.dropRedundantRef(s, need, tol)
	}
	return sites, lb, iters
}

// dropRedundantRef removes sites while the rest still covers need, least
// useful first.
func (v *cov) dropRedundantRef(sites []int, need, tol float64) []int {
	sites = slices.Clone(sites)
	for {
		cnt := make([]int32, v.n)
		for _, j := range sites {
			for _, i := range v.covers[j] {
				cnt[i]++
			}
		}
		got := 0.0
		for i, c := range cnt {
			if c > 0 {
				got += v.w[i]
			}
		}
		bk, bl := -1, math.Inf(1)
		for k, j := range sites {
			var l float64
			for _, i := range v.covers[j] {
				if cnt[i] == 1 {
					l += v.w[i]
				}
			}
			if got-l >= need-tol && l < bl {
				bk, bl = k, l
			}
		}
		if bk < 0 {
			return sites
		}
		sites = slices.Delete(sites, bk, bk+1)
	}
}

// refPartial runs the previous partial-cover algorithm (solveSCMCRef) and
// returns its number of new sites and bound.
func refPartial(t testing.TB, c *Coverage, share float64, opt Options) (int, int) {
	v, err := newCov(c, "LSCP")
	if err != nil {
		t.Fatal(err)
	}
	tol := 1e-9 * math.Max(1, v.total)
	need := share*v.total - v.base
	if need <= tol || v.fullCover(need, tol) {
		return -1, -1
	}
	sites, lb, _ := v.solveSCMCRef(context.Background(), need, tol, opt)
	return len(sites), lb
}

// TestLSCPPartialVersusRef checks partial covers on random instances
// against the previous algorithm: never more sites, bound ≤ objective, the
// same bound, with fixed and forbidden sites on some.
func TestLSCPPartialVersusRef(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	better := 0
	for k, radius := range []float64{7, 10, 14} {
		c, _, _ := randomCoverage(rng, 300, 200, radius)
		reach := make([]bool, c.Clients)
		for _, list := range c.Covers {
			for _, i := range list {
				reach[i] = true
			}
		}
		for i, ok := range reach {
			if !ok {
				c.Weight[i] = 0 // keep every share reachable
			}
		}
		if k == 1 {
			c.Fixed = []int{3, 77}
			c.Forbidden = []int{5, 6, 150}
		}
		for _, share := range []float64{0.7, 0.9, 0.95} {
			opt := Options{Seed: int64(k + 1)}
			sol, err := LSCP(context.Background(), c, share, opt)
			if err != nil {
				t.Fatalf("radius %v share %v: %v", radius, share, err)
			}
			checkLSCP(t, c, share, sol)
			ref, refLB := refPartial(t, c, share, opt)
			if ref < 0 {
				continue
			}
			t.Logf("radius %v share %v: %v new sites (bound %v), previous %d (bound %d)", radius, share, sol.Objective, sol.Bound, ref, refLB)
			if int(sol.Objective) > ref {
				t.Errorf("radius %v share %v: %v sites, the previous algorithm found %d", radius, share, sol.Objective, ref)
			}
			if int(sol.Objective) < ref {
				better++
			}
			if sol.Bound != float64(refLB) {
				t.Errorf("radius %v share %v: bound %v, previous %d", radius, share, sol.Bound, refLB)
			}
		}
	}
	// Clustered instances, harder.
	for k, share := range []float64{0.8, 0.9} {
		c := geoCoverage(uint64(21+k), 900, 500, 10, 500)
		opt := Options{Seed: 1}
		sol, err := LSCP(context.Background(), c, share, opt)
		if err != nil {
			t.Fatal(err)
		}
		checkLSCP(t, c, share, sol)
		ref, refLB := refPartial(t, c, share, opt)
		t.Logf("geo share %v: %v new sites (bound %v), previous %d (bound %d)", share, sol.Objective, sol.Bound, ref, refLB)
		if ref >= 0 && int(sol.Objective) > ref {
			t.Errorf("geo share %v: %v sites, the previous algorithm found %d", share, sol.Objective, ref)
		}
		if ref >= 0 && int(sol.Objective) < ref {
			better++
		}
	}
	t.Logf("%d instances improved", better)
}

// TestLSCPPartialDeterministic checks that a partial cover depends on the
// seed only, not on the number of workers.
func TestLSCPPartialDeterministic(t *testing.T) {
	c := geoCoverage(11, 900, 500, 10, 500)
	var first *Solution
	for _, w := range []int{1, 2, 2} {
		sol, err := LSCP(context.Background(), c, 0.9, Options{Seed: 5, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		checkLSCP(t, c, 0.9, sol)
		if first == nil {
			first = sol
			t.Logf("%v new sites, bound %v", sol.Objective, sol.Bound)
			continue
		}
		if !slices.Equal(sol.New, first.New) || sol.Bound != first.Bound {
			t.Fatalf("workers %d: %v (bound %v), first %v (bound %v)", w, sol.New, sol.Bound, first.New, first.Bound)
		}
	}
}

// TestLSCPPartialDeadline checks that an expired deadline still returns a
// valid cover.
func TestLSCPPartialDeadline(t *testing.T) {
	c := geoCoverage(13, 3000, 1500, 10, 500)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	sol, err := LSCP(ctx, c, 0.9, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	checkLSCP(t, c, 0.9, sol)
}
