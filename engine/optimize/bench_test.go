package optimize

import (
	"context"
	"fmt"
	"testing"
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
