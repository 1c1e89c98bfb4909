package tsp

import (
	"context"
	"testing"
)

// BenchmarkTSPLIB solves each shared TSPLIB instance with the default
// options (seed = iteration number) and reports the mean tour length, the
// mean and worst excess over the published optimum and the mean Held–Karp
// gap.
func BenchmarkTSPLIB(b *testing.B) {
	needBench(b)
	optima := readOptima(b)
	for _, name := range tsplibNames {
		inst := loadInstance(b, name)
		opt := optima[name]
		b.Run(name, func(b *testing.B) {
			sumLen, worst, sumGap := 0.0, 0.0, 0.0
			for i := 0; i < b.N; i++ {
				t, err := Solve(context.Background(), inst.Dist, 0, Options{Seed: int64(i)})
				if err != nil {
					b.Fatal(err)
				}
				sumLen += t.Length
				sumGap += t.Gap
				if t.Length > worst {
					worst = t.Length
				}
			}
			n := float64(b.N)
			b.ReportMetric(sumLen/n, "length")
			b.ReportMetric(100*(sumLen/n/opt-1), "%over_opt")
			b.ReportMetric(100*(worst/opt-1), "%worst_over_opt")
			b.ReportMetric(100*sumGap/n, "%hk_gap")
		})
	}
}
