package optimize

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

func BenchmarkPMed(b *testing.B) {
	opt := readOptima(b, "pmed/pmedopt.txt", 1)
	for k := 1; k <= 10; k++ {
		name := fmt.Sprintf("pmed%d", k)
		pr, err := ReadORLib(openBench(b, "pmed/"+name+".txt"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			var sol *Solution
			for b.Loop() {
				if sol, err = PMedian(context.Background(), pr, Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sol.Objective, "objective")
			b.ReportMetric(opt[name], "optimum")
			b.ReportMetric(sol.Bound, "bound")
			b.ReportMetric(sol.Gap, "gap")
		})
	}
}

func BenchmarkCPMP(b *testing.B) {
	for k := 1; k <= 10; k++ {
		name := fmt.Sprintf("pmedcap1_%d", k)
		pr, _, pub, err := ReadORLibCap(openBench(b, "cpmp/"+name+".txt"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			var sol *Solution
			for b.Loop() {
				if sol, err = CPMP(context.Background(), pr, Options{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sol.Objective, "objective")
			b.ReportMetric(pub, "published")
			b.ReportMetric(sol.Bound, "bound")
			b.ReportMetric(sol.Gap, "gap")
		})
	}
}

func BenchmarkMCLPSJC(b *testing.B) {
	for _, n := range []int{324, 402, 500, 708, 818} {
		pts := loadSJC(b, n)
		c := CoverageFromPoints(pts, pts, false, 800)
		for _, p := range []int{10, 20, 50} {
			b.Run(fmt.Sprintf("SJC%d/p=%d", n, p), func(b *testing.B) {
				var sol *Solution
				var err error
				for b.Loop() {
					if sol, err = MCLP(context.Background(), c, p, Options{Seed: 1}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(sol.Objective, "covered")
				b.ReportMetric(sol.Bound, "bound")
				b.ReportMetric(sol.Gap, "gap")
			})
		}
	}
}

// BenchmarkMCLPTimeLimit runs maximal covering with a time budget
// (Options.TimeLimit) on SJC818 settings whose optimum GLPK proves and on
// a synthetic 6,000-point city; it reports the covered demand, the bound,
// the gap and whether the answer is proved optimal.
func BenchmarkMCLPTimeLimit(b *testing.B) {
	type inst struct {
		name   string
		c      *Coverage
		p      int
		budget time.Duration
	}
	var list []inst
	pts := loadSJC(b, 818)
	for _, s := range []struct {
		p int
		r float64
	}{{10, 800}, {20, 400}, {30, 400}} {
		list = append(list, inst{fmt.Sprintf("SJC818/r=%g/p=%d", s.r, s.p), CoverageFromPoints(pts, pts, false, s.r), s.p, 10 * time.Second})
	}
	city, _ := syntheticCity(6000, 7, 800)
	for _, p := range []int{50, 100} {
		list = append(list, inst{fmt.Sprintf("city6000/r=800/p=%d", p), city, p, 10 * time.Second})
	}
	for _, in := range list {
		b.Run(in.name, func(b *testing.B) {
			var sol *Solution
			var err error
			for b.Loop() {
				if sol, err = MCLP(context.Background(), in.c, in.p, Options{Seed: 1, TimeLimit: in.budget}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(sol.Objective, "covered")
			b.ReportMetric(sol.Bound, "bound")
			b.ReportMetric(100*sol.Gap, "%gap")
			b.ReportMetric(b2f(sol.Optimal), "proved")
		})
	}
}

// BenchmarkMCLPTreeBound measures what the branch and bound alone makes
// of SJC818 (r = 400 m, p = 30), given its optimum 28,709 (proved by GLPK
// and CBC) as the incumbent, so that only the proof is left: the bound over
// the open nodes after a fixed number of nodes, depth first (the first
// run of solveMC) and best bound first (the second), from the root's
// deflected multipliers, and best first with each node's LP solved
// exactly (mclp_lp.go). A proof needs the bound below 28,710.
func BenchmarkMCLPTreeBound(b *testing.B) {
	pts := loadSJC(b, 818)
	v, err := newCov(CoverageFromPoints(pts, pts, false, 400), "MCLP")
	if err != nil {
		b.Fatal(err)
	}
	const p, opt = 30, 28709
	w := v.newLagWork()
	lam0 := v.startLam()
	root := v.node(make([]int8, v.m), p)
	r := v.subgradientTo(context.Background(), root, lam0, opt, 1-1e-6, math.Inf(1), 1500, w, time.Time{}, rootDeflect)
	for _, nodes := range []int{500, 2000} {
		for _, mode := range []string{"depthFirst", "bestFirst", "bestFirstLP"} {
			b.Run(fmt.Sprintf("nodes=%d/%s", nodes, mode), func(b *testing.B) {
				v.lpTree = mode == "bestFirstLP"
				defer func() { v.lpTree = false }()
				var res bnbMC
				for b.Loop() {
					res = v.branchMC(context.Background(), p, opt-1e-9, slices.Clone(lam0), nodes, time.Time{}, nil, r.bound, mode != "depthFirst")
				}
				b.ReportMetric(res.bound, "bound")
				b.ReportMetric(r.bound, "root")
				b.ReportMetric(float64(res.nodes), "nodes")
				if res.proved {
					b.ReportMetric(1, "proved")
				}
			})
		}
	}
}

// BenchmarkLSCPPartialCity runs the partial set cover (90% and 95%) on a
// synthetic 6,000-point city, radius 500 m, with the default effort and
// with a 2.5 s time budget.
func BenchmarkLSCPPartialCity(b *testing.B) {
	city, _ := syntheticCity(6000, 7, 500)
	for _, share := range []float64{0.90, 0.95} {
		for _, budget := range []time.Duration{0, 2500 * time.Millisecond} {
			b.Run(fmt.Sprintf("share=%g/budget=%v", share, budget), func(b *testing.B) {
				var sol *Solution
				var err error
				for b.Loop() {
					if sol, err = LSCP(context.Background(), city, share, Options{Seed: 1, TimeLimit: budget}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(sol.Objective, "sites")
				b.ReportMetric(sol.Bound, "bound")
			})
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
