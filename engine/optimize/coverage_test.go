package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func randomCoverage(rng *rand.Rand, n, m int, radius float64) (*Coverage, []Point, []Point) {
	cl := make([]Point, n)
	st := make([]Point, m)
	for i := range cl {
		cl[i] = Point{ID: fmt.Sprint(i), X: rng.Float64() * 100, Y: rng.Float64() * 100, Demand: float64(1 + rng.IntN(9))}
	}
	for j := range st {
		st[j] = Point{ID: fmt.Sprint(j), X: rng.Float64() * 100, Y: rng.Float64() * 100}
	}
	c := CoverageFromPoints(cl, st, false, radius)
	perm := rng.Perm(m)
	nf, nb := rng.IntN(2), rng.IntN(3)
	c.Fixed = append(c.Fixed, perm[:nf]...)
	c.Forbidden = append(c.Forbidden, perm[nf:nf+nb]...)
	return c, cl, st
}

// checkCover verifies sizes, fixed and forbidden sites, and recomputes the
// covered weight.
func checkCover(t *testing.T, c *Coverage, sol *Solution, p int) float64 {
	t.Helper()
	if p >= 0 && len(sol.New) != p {
		t.Fatalf("New has %d sites, want %d", len(sol.New), p)
	}
	if sol.Assign != nil {
		t.Fatalf("Assign should be nil for covering problems")
	}
	for _, j := range c.Fixed {
		if !slices.Contains(sol.Open, j) || slices.Contains(sol.New, j) {
			t.Fatalf("fixed site %d: Open %v New %v", j, sol.Open, sol.New)
		}
	}
	for _, j := range c.Forbidden {
		if slices.Contains(sol.Open, j) {
			t.Fatalf("forbidden site %d open", j)
		}
	}
	return coveredWeight(c, sol.Open)
}

func TestMCLPBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for k := range 60 {
		c, _, _ := randomCoverage(rng, 12, 8, 20+rng.Float64()*30)
		p := 1 + rng.IntN(3)
		want := bruteMCLP(c, p)
		sol, err := MCLP(context.Background(), c, p, Options{Seed: int64(k)})
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		got := checkCover(t, c, sol, p)
		if got != sol.Objective {
			t.Fatalf("instance %d: objective %v, recomputed %v", k, sol.Objective, got)
		}
		if got != want {
			t.Errorf("instance %d: covered %v, brute-force optimum %v", k, got, want)
		}
		if sol.Bound < want {
			t.Errorf("instance %d: upper bound %v below the optimum %v", k, sol.Bound, want)
		}
	}
}

func TestLSCPBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	tested := 0
	for k := range 60 {
		c, _, _ := randomCoverage(rng, 12, 8, 25+rng.Float64()*30)
		share := []float64{1, 0.9, 0.75, 0.5}[k%4]
		want := bruteLSCP(c, share)
		sol, err := LSCP(context.Background(), c, share, Options{Seed: int64(k)})
		if want < 0 {
			if !errors.Is(err, ErrInfeasible) || !strings.Contains(err.Error(), "covers") {
				t.Fatalf("instance %d: infeasible by brute force, got %v", k, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("instance %d: %v", k, err)
		}
		tested++
		got := checkCover(t, c, sol, -1)
		var total float64
		for _, w := range c.Weight {
			total += w
		}
		if got < share*total-1e-9 {
			t.Fatalf("instance %d: covers %v < %v × %v", k, got, share, total)
		}
		if int(sol.Objective) != len(sol.New) {
			t.Fatalf("objective %v but %d new sites", sol.Objective, len(sol.New))
		}
		if int(sol.Objective) != want {
			t.Errorf("instance %d: %v sites, brute-force optimum %d", k, sol.Objective, want)
		}
		if sol.Bound > float64(want) {
			t.Errorf("instance %d: bound %v above the optimum %d", k, sol.Bound, want)
		}
	}
	if tested < 30 {
		t.Fatalf("only %d feasible instances", tested)
	}
}

func TestLSCPInfeasibleStatesShare(t *testing.T) {
	c := &Coverage{Clients: 4, Sites: 2, Weight: []float64{1, 1, 1, 1}, Covers: [][]int32{{0}, {1, 2}}}
	_, err := LSCP(context.Background(), c, 1, Options{})
	if !errors.Is(err, ErrInfeasible) || !strings.Contains(err.Error(), "0.75") {
		t.Fatalf("err %v, want ErrInfeasible stating 0.75", err)
	}
	sol, err := LSCP(context.Background(), c, 0.75, Options{})
	if err != nil || sol.Objective != 2 || !sol.Optimal {
		t.Fatalf("share 0.75: %+v %v", sol, err)
	}
	for _, bad := range []float64{0, -1, 1.5, math.NaN()} {
		if _, err := LSCP(context.Background(), c, bad, Options{}); err == nil {
			t.Errorf("share %v accepted", bad)
		}
	}
}

func TestCoverageFromPointsMatchesMatrix(t *testing.T) {
	rng := rand.New(rand.NewPCG(41, 42))
	for _, geographic := range []bool{false, true} {
		cl := make([]Point, 300)
		st := make([]Point, 200)
		for i := range cl {
			cl[i] = Point{X: rng.Float64() * 5000, Y: rng.Float64() * 5000, Demand: 1}
			if geographic {
				cl[i].X, cl[i].Y = 9.1+rng.Float64()*0.1, 45.4+rng.Float64()*0.1
			}
		}
		for j := range st {
			st[j] = Point{X: rng.Float64() * 5000, Y: rng.Float64() * 5000}
			if geographic {
				st[j].X, st[j].Y = 9.1+rng.Float64()*0.1, 45.4+rng.Float64()*0.1
			}
		}
		for _, r := range []float64{0, 300, 1200, 20000} {
			a := CoverageFromPoints(cl, st, geographic, r)
			b := NewCoverage(DistanceMatrix(cl, st, geographic), nil, r)
			for j := range st {
				if !slices.Equal(a.Covers[j], b.Covers[j]) {
					t.Fatalf("geographic %v radius %v site %d: grid %v, matrix %v", geographic, r, j, a.Covers[j], b.Covers[j])
				}
			}
		}
	}
}

func TestMCLPRejectsBadInput(t *testing.T) {
	c := &Coverage{Clients: 3, Sites: 2, Weight: []float64{1, 1, 1}, Covers: [][]int32{{0}, {1, 2}}}
	cases := []struct {
		edit func(*Coverage) (*Coverage, int)
		want string
	}{
		{func(c *Coverage) (*Coverage, int) { return c, 3 }, "only 2 sites may open"},
		{func(c *Coverage) (*Coverage, int) { return c, -1 }, "≥ 0"},
		{func(c *Coverage) (*Coverage, int) { c.Weight = []float64{1, math.NaN(), 1}; return c, 1 }, "weight of client 1"},
		{func(c *Coverage) (*Coverage, int) { c.Covers = [][]int32{{0}, {7}}; return c, 1 }, "out of range"},
		{func(c *Coverage) (*Coverage, int) { c.Covers = c.Covers[:1]; return c, 1 }, "one per site"},
		{func(c *Coverage) (*Coverage, int) { c.Fixed, c.Forbidden = []int{0}, []int{0}; return c, 1 }, "both fixed and forbidden"},
		{func(c *Coverage) (*Coverage, int) { return &Coverage{}, 1 }, "no clients"},
		{func(c *Coverage) (*Coverage, int) { return nil, 1 }, "nil coverage"},
	}
	for k, cs := range cases {
		cc := *c
		in, p := cs.edit(&cc)
		if _, err := MCLP(context.Background(), in, p, Options{}); err == nil || !strings.Contains(err.Error(), cs.want) {
			t.Errorf("case %d: err %v, want %q", k, err, cs.want)
		}
	}
}

func loadSJC(tb testing.TB, n int) []Point {
	tb.Helper()
	pts, err := ReadSJC(openBench(tb, fmt.Sprintf("sjc/SJC%d.coords.txt", n)), openBench(tb, fmt.Sprintf("sjc/SJC%d.demand.txt", n)))
	if err != nil {
		tb.Fatal(err)
	}
	return pts
}

func TestMCLPSJC(t *testing.T) {
	sizes := []int{324, 402, 500, 708, 818}
	if testing.Short() {
		sizes = []int{324, 818}
	}
	for _, n := range sizes {
		pts := loadSJC(t, n)
		if len(pts) != n {
			t.Fatalf("SJC%d: %d points", n, len(pts))
		}
		c := CoverageFromPoints(pts, pts, false, 800)
		var total float64
		for _, p := range pts {
			total += p.Demand
		}
		for _, p := range []int{10, 20, 50} {
			sol, err := MCLP(context.Background(), c, p, Options{Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := checkCover(t, c, sol, p)
			// Independent recount with plain distances.
			var again float64
			for _, q := range pts {
				for _, j := range sol.Open {
					if math.Hypot(q.X-pts[j].X, q.Y-pts[j].Y) <= 800 {
						again += q.Demand
						break
					}
				}
			}
			if got != sol.Objective || again != sol.Objective {
				t.Fatalf("SJC%d p=%d: objective %v, recomputed %v / %v", n, p, sol.Objective, got, again)
			}
			if sol.Bound < sol.Objective || sol.Bound > total {
				t.Fatalf("SJC%d p=%d: bound %v outside [objective %v, total %v]", n, p, sol.Bound, sol.Objective, total)
			}
			t.Logf("SJC%d p=%d: covered %v of %v, bound %v, gap %.3g, %.3fs", n, p, sol.Objective, total, sol.Bound, sol.Gap, sol.Seconds)
		}
	}
}

func TestMCLPDeterministic(t *testing.T) {
	pts := loadSJC(t, 818)
	c := CoverageFromPoints(pts, pts, false, 800)
	a, _ := MCLP(context.Background(), c, 8, Options{Seed: 3, Workers: 1, MaxIter: 40})
	b, _ := MCLP(context.Background(), c, 8, Options{Seed: 3, Workers: 2, MaxIter: 40})
	if !slices.Equal(a.Open, b.Open) || a.Objective != b.Objective {
		t.Fatalf("same seed, different answers: %v %v / %v %v", a.Open, a.Objective, b.Open, b.Objective)
	}
}
