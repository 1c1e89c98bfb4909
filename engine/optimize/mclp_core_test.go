package optimize

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rescoreSJCFile re-scores open sites (0-based point indices) on SJCn at
// radius from the instance files themselves, with its own parsing: the
// demand of the points within radius of an open site.
func rescoreSJCFile(t *testing.T, n int, radius float64, open []int) float64 {
	t.Helper()
	read := func(name string) [][]float64 {
		f, err := os.Open(benchFile(t, "sjc/"+name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		var rows [][]float64
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var row []float64
			for _, s := range strings.Fields(sc.Text()) {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				row = append(row, x)
			}
			if len(row) > 0 {
				rows = append(rows, row)
			}
		}
		return rows
	}
	xy := read(fmt.Sprintf("SJC%d.coords.txt", n))[1:] // first line: n
	dem := read(fmt.Sprintf("SJC%d.demand.txt", n))
	if len(xy) != n || len(dem) != n {
		t.Fatalf("SJC%d: %d coordinates, %d demands", n, len(xy), len(dem))
	}
	var total float64
	for i := range n {
		for _, j := range open {
			if math.Hypot(xy[i][0]-xy[j][0], xy[i][1]-xy[j][1]) <= radius {
				total += dem[i][0]
				break
			}
		}
	}
	return total
}

// TestMCLPSJC818P30Optimum: on SJC818, r = 400 m, p = 30, whose optimum
// 28,709 GLPK and CBC prove (docs/benchmarks.md, issue 18), seed 1 with a
// fixed effort of 3,000 iterations ends within 0.14% of it (28,670), never
// above it, with a bound at or above it, re-scored from the files. This
// instance is the hard one of the shared set: near-optimal solutions differ
// from the optimum in 17–20 of the 30 sites, each moved by 50–400 m, so that
// neither the interchange search nor the region problems reach it from
// there; with a time budget the core problems and the tabu walk reach it
// in some runs only (BenchmarkMCLPTimeLimit).
func TestMCLPSJC818P30Optimum(t *testing.T) {
	pts := loadSJC(t, 818)
	c := CoverageFromPoints(pts, pts, false, 400)
	sol, err := MCLP(context.Background(), c, 30, Options{Seed: 1, MaxIter: 3000})
	if err != nil {
		t.Fatal(err)
	}
	checkCover(t, c, sol, 30)
	got := rescoreSJCFile(t, 818, 400, sol.Open)
	if got != sol.Objective || got > 28709 || got < 28670 || sol.Bound < 28709 {
		t.Fatalf("objective %v, re-scored %v, bound %v; optimum 28709, want at least 28670", sol.Objective, got, sol.Bound)
	}
	t.Logf("%v (optimum 28709) in %.2fs, bound %v", got, sol.Seconds, sol.Bound)
}

// TestMCLPCoreAndTabu checks the core problems and the tabu walk on small
// random instances against enumeration: the solutions have p distinct
// candidates, their values re-score, never exceed the optimum, and never
// fall below the starting solution.
func TestMCLPCoreAndTabu(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 7))
	for k := range 15 {
		c, _, _ := randomCoverage(rng, 50, 24, 18+rng.Float64()*15)
		p := 6 + rng.IntN(3)
		want := bruteMCLP(c, p)
		v, err := newCov(c, "MCLP")
		if err != nil {
			t.Fatal(err)
		}
		start := v.greedyMC(p, rng, 4)
		obj0 := v.exact(start)
		var elite [][]int
		for range 3 {
			s := v.greedyMC(p, rng, 5)
			slices.Sort(s)
			elite = append(elite, s)
		}
		lam := make([]float64, v.n)
		for i := range v.n {
			lam[i] = v.w[i] / float64(len(v.by[i])+1)
		}
		sites, obj, _ := v.coreSearch(context.Background(), p, start, obj0, elite, lam, time.Time{}, newReporter(nil, time.Now()), uint64(k), 5)
		check := func(what string, sites []int, obj float64) {
			t.Helper()
			if len(sites) != p || len(slices.Compact(slices.Sorted(slices.Values(sites)))) != p {
				t.Fatalf("instance %d %s: sites %v, want %d distinct", k, what, sites, p)
			}
			if got := coveredWeight(c, append(slices.Clone(v.fixed), sites...)); got != v.base+obj || got > want || obj < obj0 {
				t.Fatalf("instance %d %s: objective %v, re-scored %v, start %v, optimum %v", k, what, obj, got, obj0, want)
			}
		}
		check("core", sites, obj)
		s := newMcLS(v, p)
		s.load(start)
		s.descend(context.Background())
		before := s.obj
		s.tabuWalk(context.Background(), make([]int, v.m), 10, func() int { return 2 + rng.IntN(3) })
		if s.obj < before-1e-9 || math.Abs(s.obj-v.exact(s.sites)) > 1e-9 {
			t.Fatalf("instance %d tabu: objective %v (exact %v), before %v", k, s.obj, v.exact(s.sites), before)
		}
		check("tabu", s.sites, s.obj)
	}
}
