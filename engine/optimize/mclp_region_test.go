package optimize

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestRegionNeighbourhood checks the hop layers on a line: 30 points one
// metre apart, radius 1, so a site covers its neighbours and a hop (a
// client shared) reaches two points either way. From the open site 10,
// with open sites at 5, 20 and 29, one open neighbour is three hops away
// (5, through 8 and 6), and the region is the points 4 to 16.
func TestRegionNeighbourhood(t *testing.T) {
	pts := make([]Point, 30)
	for i := range pts {
		pts[i] = Point{X: float64(i), Demand: 1}
	}
	v, err := newCov(CoverageFromPoints(pts, pts, false, 1), "MCLP")
	if err != nil {
		t.Fatal(err)
	}
	open := make([]bool, v.m)
	for _, j := range []int{5, 10, 20, 29} {
		open[j] = true
	}
	rw := &regionWork{candMark: make([]int32, v.m), clientMark: make([]int32, v.n)}
	cands, opened := v.region(10, open, 2, rw)
	if !slices.Equal(opened, []int{10, 5}) {
		t.Errorf("opened %v, want [10 5]", opened)
	}
	got := slices.Sorted(slices.Values(cands))
	var want []int
	for j := 4; j <= 16; j++ {
		want = append(want, j)
	}
	if !slices.Equal(got, want) {
		t.Errorf("candidates %v, want 4…16", got)
	}
	// One open site asked for: the first layer only (8 to 12).
	cands, opened = v.region(10, open, 1, rw)
	if got := slices.Sorted(slices.Values(cands)); !slices.Equal(opened, []int{10}) || !slices.Equal(got, []int{8, 9, 10, 11, 12}) {
		t.Errorf("want=1: opened %v candidates %v, want [10] and 8…12", opened, got)
	}
}

// TestMCLPRegionSearch runs the region search on small random instances
// from a random greedy start and compares with enumeration: p distinct
// sites, the value re-scores, never above the optimum, never below the
// start. On these instances a region holds every open site once it grows
// to p, and its branch and bound closes, so the search must end at the
// optimum.
func TestMCLPRegionSearch(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 11))
	for k := range 20 {
		c, _, _ := randomCoverage(rng, 50, 24, 18+rng.Float64()*15)
		p := 4 + rng.IntN(3)
		want := bruteMCLP(c, p)
		v, err := newCov(c, "MCLP")
		if err != nil {
			t.Fatal(err)
		}
		if len(v.cand) <= p {
			continue
		}
		start := v.greedyMC(p, rng, 5)
		obj0 := v.exact(start)
		sites, obj, rounds := v.regionSearch(context.Background(), p, start, obj0, 1e18, v.startLam(), time.Time{}, newReporter(nil, time.Now()), uint64(k), 1<<20)
		got := checkRegionResult(t, k, c, v, p, want, obj0, sites, obj)
		if got != want {
			t.Errorf("instance %d: region search ended at %v after %d rounds, optimum %v", k, got, rounds, want)
		}
	}
}

// checkRegionResult asserts what any region search owes on an instance
// of optimum want started at obj0: p distinct sites whose re-scored value
// is the one reported, never above the optimum nor below the start. It
// returns the re-scored value.
func checkRegionResult(t *testing.T, k int, c *Coverage, v *cov, p int, want, obj0 float64, sites []int, obj float64) float64 {
	t.Helper()
	if len(sites) != p || len(slices.Compact(slices.Sorted(slices.Values(sites)))) != p {
		t.Fatalf("instance %d: sites %v, want %d distinct", k, sites, p)
	}
	got := coveredWeight(c, append(slices.Clone(v.fixed), sites...))
	if got != v.base+obj || got > want || obj < obj0 {
		t.Fatalf("instance %d: objective %v, re-scored %v, start %v, optimum %v", k, v.base+obj, got, v.base+obj0, want)
	}
	return got
}
