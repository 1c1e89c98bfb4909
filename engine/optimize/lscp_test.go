package optimize

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// geoCoverage builds a deterministic geographic covering instance: n
// clients around a few centres (a city), m candidate sites spread over the
// same area, nf of them fixed.
func geoCoverage(seed uint64, n, m, nf int, radius float64) *Coverage {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	const lat0, lon0 = 45.07, 7.68
	const degLat = 1 / 111195.0
	degLon := degLat / math.Cos(lat0*math.Pi/180)
	const side = 12000.0 // metres
	type ctr struct{ x, y, s float64 }
	var cs []ctr
	for range 12 {
		cs = append(cs, ctr{rng.Float64() * side, rng.Float64() * side, 500 + rng.Float64()*1500})
	}
	pt := func() (float64, float64) {
		if rng.IntN(4) == 0 {
			return rng.Float64() * side, rng.Float64() * side
		}
		c := cs[rng.IntN(len(cs))]
		return math.Max(0, math.Min(side, c.x+rng.NormFloat64()*c.s)), math.Max(0, math.Min(side, c.y+rng.NormFloat64()*c.s))
	}
	cl := make([]Point, n)
	for i := range cl {
		x, y := pt()
		cl[i] = Point{ID: fmt.Sprint(i), X: lon0 + x*degLon, Y: lat0 + y*degLat, Demand: float64(1 + rng.IntN(5))}
	}
	st := make([]Point, m)
	for j := range st {
		x, y := pt()
		st[j] = Point{ID: fmt.Sprint(j), X: lon0 + x*degLon, Y: lat0 + y*degLat}
	}
	c := CoverageFromPoints(cl, st, true, radius)
	perm := rng.Perm(m)
	c.Fixed = append(c.Fixed, perm[:nf]...)
	// Clients no site reaches get weight 0, so that full covers are feasible.
	reach := make([]bool, n)
	for _, list := range c.Covers {
		for _, i := range list {
			reach[i] = true
		}
	}
	for i, ok := range reach {
		if !ok {
			c.Weight[i] = 0
		}
	}
	return c
}

// oldLSCP runs the previous algorithm (greedy + maximal-covering search
// with one site fewer) and returns the number of new sites and its bound.
func oldLSCP(t testing.TB, c *Coverage, share float64, opt Options) (int, int) {
	v, err := newCov(c, "LSCP")
	if err != nil {
		t.Fatal(err)
	}
	tol := 1e-9 * math.Max(1, v.total)
	need := share*v.total - v.base
	if need <= tol {
		return 0, 0
	}
	sites, lb, _ := v.solveSCMC(context.Background(), need, tol, opt)
	return len(sites), lb
}

func checkLSCP(t *testing.T, c *Coverage, share float64, sol *Solution) {
	t.Helper()
	got := checkCover(t, c, sol, -1)
	var total float64
	for _, w := range c.Weight {
		total += w
	}
	if got < share*total-1e-9*math.Max(1, total) {
		t.Fatalf("covers %v < %v × %v", got, share, total)
	}
	if int(sol.Objective) != len(sol.New) {
		t.Fatalf("objective %v but %d new sites", sol.Objective, len(sol.New))
	}
	if sol.Bound > sol.Objective {
		t.Fatalf("bound %v above objective %v", sol.Bound, sol.Objective)
	}
}

func TestLSCPRandomVersusOld(t *testing.T) {
	rng := rand.New(rand.NewPCG(51, 52))
	for k, radius := range []float64{8, 12, 18} {
		for _, share := range []float64{1, 0.9} {
			c, _, _ := randomCoverage(rng, 300, 200, radius)
			for i := range c.Weight {
				// keep full covers feasible
				c.Weight[i] = float64(1 + i%3)
			}
			reach := make([]bool, c.Clients)
			for _, list := range c.Covers {
				for _, i := range list {
					reach[i] = true
				}
			}
			for i, ok := range reach {
				if !ok {
					c.Weight[i] = 0
				}
			}
			sol, err := LSCP(context.Background(), c, share, Options{Seed: int64(k)})
			if err != nil {
				t.Fatalf("radius %v share %v: %v", radius, share, err)
			}
			checkLSCP(t, c, share, sol)
			old, oldLB := oldLSCP(t, c, share, Options{Seed: int64(k)})
			t.Logf("radius %v share %v: %v new sites (bound %v), old %d (bound %d)", radius, share, sol.Objective, sol.Bound, old, oldLB)
			if int(sol.Objective) > old {
				t.Errorf("radius %v share %v: %v sites, the old algorithm found %d", radius, share, sol.Objective, old)
			}
			if sol.Bound < float64(oldLB) && share == 1 {
				t.Logf("radius %v: bound %v below the old bound %d", radius, sol.Bound, oldLB)
			}
		}
	}
}

func TestLSCPDeterministic(t *testing.T) {
	c := geoCoverage(7, 1500, 800, 20, 500)
	var first *Solution
	for _, w := range []int{1, 2, 3} {
		sol, err := LSCP(context.Background(), c, 1, Options{Seed: 3, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		checkLSCP(t, c, 1, sol)
		if first == nil {
			t.Logf("%v new sites, bound %v, %d iterations", sol.Objective, sol.Bound, sol.Iter)
			first = sol
			continue
		}
		if fmt.Sprint(sol.New) != fmt.Sprint(first.New) || sol.Bound != first.Bound {
			t.Fatalf("workers %d: %v (bound %v), workers 1: %v (bound %v)", w, sol.New, sol.Bound, first.New, first.Bound)
		}
	}
}

func TestLSCPDeadline(t *testing.T) {
	c := geoCoverage(9, 6000, 3000, 90, 500)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	sol, err := LSCP(ctx, c, 1, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v with a 300 ms deadline", d)
	}
	checkLSCP(t, c, 1, sol)
}

func TestLSCPSJC818Full(t *testing.T) {
	pts := loadSJC(t, 818)
	for _, radius := range []float64{400, 800} {
		c := CoverageFromPoints(pts, pts, false, radius)
		sol, err := LSCP(context.Background(), c, 1, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		checkLSCP(t, c, 1, sol)
		old, oldLB := oldLSCP(t, c, 1, Options{Seed: 1})
		t.Logf("SJC818 r=%v: %v sites, bound %v, %.2fs (old %d, bound %d)", radius, sol.Objective, sol.Bound, sol.Seconds, old, oldLB)
		if int(sol.Objective) > old {
			t.Errorf("SJC818 r=%v: %v sites, the old algorithm found %d", radius, sol.Objective, old)
		}
	}
}

func BenchmarkLSCP(b *testing.B) {
	type inst struct {
		name  string
		c     func() *Coverage
		share float64
	}
	sjc := func(radius float64) func() *Coverage {
		return func() *Coverage {
			return CoverageFromPoints(loadSJC(b, 818), loadSJC(b, 818), false, radius)
		}
	}
	geo := func() *Coverage { return geoCoverage(2026, 6000, 3000, 90, 500) }
	for _, in := range []inst{
		{"SJC818/r=400/full", sjc(400), 1},
		{"SJC818/r=800/full", sjc(800), 1},
		{"geo6000x3000/r=500/full", geo, 1},
		{"geo6000x3000/r=500/90%", geo, 0.9},
	} {
		c := in.c()
		b.Run(in.name, func(b *testing.B) {
			var sol *Solution
			var err error
			for b.Loop() {
				ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
				sol, err = LSCP(ctx, c, in.share, Options{Seed: 1})
				cancel()
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sol.Objective, "new_sites")
			b.ReportMetric(sol.Bound, "bound")
			b.ReportMetric(sol.Gap, "gap")
		})
	}
}

// TestLSCPFullBruteForce checks full covers (reductions, Lagrangian bound,
// local search, branch and bound) against enumeration on small instances,
// some with zero-weight clients.
func TestLSCPFullBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	tested := 0
	for k := range 300 {
		c, _, _ := randomCoverage(rng, 14+rng.IntN(10), 10+rng.IntN(5), 20+rng.Float64()*25)
		if k%3 == 0 {
			c.Weight[rng.IntN(c.Clients)] = 0
		}
		want := bruteLSCP(c, 1)
		sol, err := LSCP(context.Background(), c, 1, Options{Seed: int64(k)})
		if want < 0 {
			if err == nil {
				t.Fatalf("instance %d: infeasible by brute force, got %v", k, sol.New)
			}
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		tested++
		checkLSCP(t, c, 1, sol)
		if int(sol.Objective) != want {
			t.Errorf("instance %d: %v sites, brute-force optimum %d", k, sol.Objective, want)
		}
		if sol.Bound > float64(want) {
			t.Errorf("instance %d: bound %v above the optimum %d", k, sol.Bound, want)
		}
	}
	if tested < 100 {
		t.Fatalf("only %d feasible instances", tested)
	}
}

// TestLSCPBranchAndBound runs the branch and bound alone from the greedy
// cover and checks it reaches and proves the brute-force optimum.
func TestLSCPBranchAndBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(71, 72))
	for k := range 150 {
		c, _, _ := randomCoverage(rng, 25, 16, 15+rng.Float64()*20)
		want := bruteLSCP(c, 1)
		if want < 0 {
			continue
		}
		v, err := newCov(c, "test")
		if err != nil {
			t.Fatal(err)
		}
		p := reduceSCP(context.Background(), v)
		s := newCover(p)
		s.greedy(nil, nil, make([]int32, p.nc), make([]float64, p.nc))
		root := &scp{nr: p.nr, nc: p.nc, rows: p.rows, cols: p.cols, site: make([]int, p.nc)}
		for c := range root.site {
			root.site[c] = c
		}
		b := &bnb{ctx: context.Background(), best: slices.Clone(s.sol), maxNodes: 1 << 30}
		b.node(root, make([]float64, p.nr), nil)
		if b.aborted {
			t.Fatalf("instance %d: aborted", k)
		}
		if got := len(b.best) + len(p.forced); got != want {
			t.Errorf("instance %d: branch and bound %d (forced %d), brute force %d", k, got, len(p.forced), want)
		}
		chk := newCover(p)
		for _, c := range b.best {
			chk.add(c)
		}
		if chk.uncov != 0 {
			t.Errorf("instance %d: not a cover", k)
		}
	}
}
