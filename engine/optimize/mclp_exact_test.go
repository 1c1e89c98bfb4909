package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// TestMCLPBranchAndBoundBruteForce checks the branch and bound alone (one
// local search iteration) on instances small enough for enumeration: the
// bound never falls below the optimum, the objective re-scores from the
// input, and a claimed proof holds.
func TestMCLPBranchAndBoundBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(181, 18))
	proved := 0
	for k := range 40 {
		c, _, _ := randomCoverage(rng, 40, 16, 15+rng.Float64()*20)
		p := 2 + rng.IntN(4)
		want := bruteMCLP(c, p)
		for _, opt := range []Options{{Seed: int64(k), MaxIter: 1}, {Seed: int64(k), MaxIter: 1, TimeLimit: 5 * time.Second}} {
			sol, err := MCLP(context.Background(), c, p, opt)
			if err != nil {
				t.Fatalf("instance %d: %v", k, err)
			}
			got := checkCover(t, c, sol, p)
			if got != sol.Objective {
				t.Fatalf("instance %d: objective %v, recomputed %v", k, sol.Objective, got)
			}
			if got > want || sol.Bound < want {
				t.Fatalf("instance %d: objective %v, bound %v, brute-force optimum %v", k, got, sol.Bound, want)
			}
			if sol.Optimal && got != want {
				t.Fatalf("instance %d: claims optimal at %v, optimum %v", k, got, want)
			}
			if opt.TimeLimit > 0 {
				if !sol.Optimal {
					t.Errorf("instance %d: not proved within the time limit (gap %v)", k, sol.Gap)
				} else {
					proved++
				}
			}
		}
	}
	t.Logf("%d of 40 proved", proved)
}

// sjc818Optima are optimal covered demands on SJC818 (Euclidean, every
// point a candidate), proved by GLPK 5.0 on the textbook MIP
// (bench/mipcompare, docs/benchmarks.md) and by this package's branch and
// bound.
var sjc818Optima = []struct {
	p      int
	radius float64
	opt    float64
}{
	{10, 800, 28838},
	{20, 400, 26192},
}

// TestMCLPTimeLimitProves runs MCLP with a time budget on SJC818 settings
// whose optimum GLPK proves: the answer re-scores with plain distances, is
// at most the optimum, the bound at least; within the budget the branch
// and bound normally proves it.
func TestMCLPTimeLimitProves(t *testing.T) {
	pts := loadSJC(t, 818)
	for _, tc := range sjc818Optima {
		c := CoverageFromPoints(pts, pts, false, tc.radius)
		sol, err := MCLP(context.Background(), c, tc.p, Options{Seed: 1, TimeLimit: 8 * time.Second})
		if err != nil {
			t.Fatal(err)
		}
		checkCover(t, c, sol, tc.p)
		var again float64
		for _, q := range pts {
			for _, j := range sol.Open {
				if math.Hypot(q.X-pts[j].X, q.Y-pts[j].Y) <= tc.radius {
					again += q.Demand
					break
				}
			}
		}
		if again != sol.Objective || again > tc.opt || sol.Bound < tc.opt {
			t.Fatalf("p=%d r=%g: objective %v (re-scored %v), bound %v, optimum %v", tc.p, tc.radius, sol.Objective, again, sol.Bound, tc.opt)
		}
		if sol.Optimal != (again == tc.opt && sol.Bound == tc.opt) {
			t.Fatalf("p=%d r=%g: Optimal=%v with objective %v, bound %v", tc.p, tc.radius, sol.Optimal, again, sol.Bound)
		}
		if !sol.Optimal {
			t.Logf("p=%d r=%g: not proved in the budget (loaded machine?): %v, bound %v", tc.p, tc.radius, again, sol.Bound)
		}
		t.Logf("p=%d r=%g: %v, bound %v, %.2fs", tc.p, tc.radius, again, sol.Bound, sol.Seconds)
	}
}

// TestMCLPTimeLimitStops checks that a short budget ends the search on a
// large instance well before the work would, and that progress is
// reported from one goroutine at a time.
func TestMCLPTimeLimitStops(t *testing.T) {
	c, _ := syntheticCity(6000, 7, 800)
	var calls, inside int
	opt := Options{Seed: 1, TimeLimit: 300 * time.Millisecond, Progress: func(pr Progress) {
		inside++
		if inside != 1 {
			t.Error("Progress called concurrently")
		}
		calls++
		inside--
	}}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	start := time.Now()
	sol, err := MCLP(ctx, c, 60, opt)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 10*time.Second {
		t.Fatalf("a 300 ms budget took %v", el)
	}
	if got := coveredWeight(c, sol.Open); got != sol.Objective || sol.Bound < got {
		t.Fatalf("objective %v, recomputed %v, bound %v", sol.Objective, got, sol.Bound)
	}
	if calls == 0 {
		t.Error("no progress reported")
	}
}

// syntheticCity builds a city-like MCLP instance: n points in clusters of
// varying density over a 15 km square, demand 0–400 per point, every point
// a candidate, coverage within radius (metres).
func syntheticCity(n int, seed uint64, radius float64) (*Coverage, []Point) {
	rng := rand.New(rand.NewPCG(seed, 0xc17))
	type hub struct{ x, y, s float64 }
	hubs := make([]hub, 25)
	for k := range hubs {
		hubs[k] = hub{rng.Float64() * 15000, rng.Float64() * 15000, 500 + rng.Float64()*2500}
	}
	pts := make([]Point, n)
	for i := range pts {
		if rng.IntN(5) == 0 {
			pts[i] = Point{X: rng.Float64() * 15000, Y: rng.Float64() * 15000}
		} else {
			h := hubs[rng.IntN(len(hubs))]
			pts[i] = Point{X: h.x + rng.NormFloat64()*h.s, Y: h.y + rng.NormFloat64()*h.s}
		}
		pts[i].Demand = float64(rng.IntN(400))
	}
	return CoverageFromPoints(pts, pts, false, radius), pts
}

// TestBestSparseMatchesDense checks the sparse swap evaluation against the
// dense one along random walks.
func TestBestSparseMatchesDense(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for k := range 30 {
		c, _, _ := randomCoverage(rng, 80, 40, 10+rng.Float64()*25)
		v, err := newCov(c, "test")
		if err != nil {
			t.Fatal(err)
		}
		p := 1 + rng.IntN(min(8, len(v.cand)-1))
		s := newMcLS(v, p)
		s.load(v.greedyMC(p, rng, 3))
		for step := range 20 {
			f1, k1, v1 := s.bestSparse()
			s.lossK = growFloats(s.lossK, p)
			f2, k2, v2 := bestSwap(v.cand, p, s.sites, s.open, s.gain, s.loss, s.extra, s.lossK, nil, nil)
			if f1 != f2 || k1 != k2 || v1 != v2 {
				t.Fatalf("instance %d step %d: sparse (%d,%d,%v), dense (%d,%d,%v)", k, step, f1, k1, v1, f2, k2, v2)
			}
			if f1 < 0 {
				break
			}
			if rng.IntN(2) == 0 {
				s.swap(f1, k1)
			} else {
				s.swap(s.kickSite(rng), rng.IntN(p))
			}
		}
	}
}

// TestLSCPPartialTimeLimit runs a partial cover with a time budget and a
// progress callback on a city-sized instance: the answer re-scores above
// the share, the bound is below it, progress is reported and the budget
// ends the search.
func TestLSCPPartialTimeLimit(t *testing.T) {
	c, _ := syntheticCity(3000, 9, 500)
	var total float64
	for _, w := range c.Weight {
		total += w
	}
	var calls int
	last := Progress{Bound: math.NaN()}
	opt := Options{Seed: 1, TimeLimit: time.Second, Progress: func(pr Progress) { calls++; last = pr }}
	start := time.Now()
	sol, err := LSCP(context.Background(), c, 0.9, opt)
	if err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 15*time.Second {
		t.Fatalf("a 1 s budget took %v", el)
	}
	if got := coveredWeight(c, sol.Open); got < 0.9*total-1e-6 {
		t.Fatalf("covers %v of %v, below 90%%", got, total)
	}
	if float64(len(sol.New)) != sol.Objective || sol.Bound > sol.Objective {
		t.Fatalf("objective %v with %d sites, bound %v", sol.Objective, len(sol.New), sol.Bound)
	}
	if calls == 0 || last.Objective < sol.Objective {
		t.Fatalf("%d progress calls, last %+v, answer %v", calls, last, sol.Objective)
	}
}

// TestBranchMCBestFirst checks both orders of the branch and bound: run
// to the end from an empty incumbent on instances small enough for
// enumeration, each (and best first with the node LPs) proves the optimum;
// stopped after a few nodes on
// SJC818 (r = 400 m, p = 30, optimum 28,709 proved by GLPK and CBC) from
// an incumbent below it, each reports a bound over its open nodes that is
// never below the optimum and a solution never above it.
func TestBranchMCBestFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 4))
	for k := range 30 {
		c, _, _ := randomCoverage(rng, 60, 24, 15+rng.Float64()*20)
		p := 3 + rng.IntN(3)
		want := bruteMCLP(c, p)
		v, err := newCov(c, "MCLP")
		if err != nil {
			t.Fatal(err)
		}
		want -= v.base
		for _, mode := range []string{"depth first", "best first", "best first with the LP"} {
			v.lpTree = mode == "best first with the LP"
			b := v.branchMC(context.Background(), p, 0, v.startLam(), math.MaxInt, time.Time{}, nil, math.Inf(1), mode != "depth first")
			if !b.proved || math.Abs(b.obj-want) > 1e-9 || v.exact(b.sites) != b.obj {
				t.Fatalf("instance %d, %s: proved %v at %v, optimum %v", k, mode, b.proved, b.obj, want)
			}
		}
		v.lpTree = false
	}
	if testing.Short() {
		return
	}
	pts := loadSJC(t, 818)
	v, err := newCov(CoverageFromPoints(pts, pts, false, 400), "MCLP")
	if err != nil {
		t.Fatal(err)
	}
	const opt = 28709
	var last [2]float64
	for k, bf := range []bool{false, true} {
		for _, nodes := range []int{30, 300} {
			b := v.branchMC(context.Background(), 30, opt-25, v.startLam(), nodes, time.Time{}, nil, math.Inf(1), bf)
			if b.bound < opt || b.obj > opt || b.proved {
				t.Errorf("best first %v, %d nodes: %v (proved %v) with bound %v, optimum %d", bf, nodes, b.obj, b.proved, b.bound, opt)
			}
			if b.sites != nil && v.exact(b.sites) != b.obj {
				t.Errorf("best first %v: sites score %v, reported %v", bf, v.exact(b.sites), b.obj)
			}
			t.Logf("best first %v, %d nodes: %v, bound %.1f", bf, nodes, b.obj, b.bound)
			last[k] = b.bound
		}
	}
	// The point of the best-first order: its bound falls as nodes are
	// explored, where a depth-first tree keeps the root's.
	if last[1] >= last[0] {
		t.Errorf("after 300 nodes the best-first bound %v is not below the depth-first one %v", last[1], last[0])
	}
}
