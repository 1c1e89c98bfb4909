package tsp

import (
	"context"
	"fmt"
	"math/rand"
	"os"
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

// BenchmarkRandomUniform1000 solves a random uniform instance of 1,000
// points (1000×1000 square, rounded Euclidean distances, seed 18) with the
// default options and reports the tour length and the Held–Karp gap; with
// WI_TSP_LONG=1 it also runs ten times the default kicks, the reference
// for the default's excess.
func BenchmarkRandomUniform1000(b *testing.B) {
	d := randomEuclid(rand.New(rand.NewSource(18)), 1000)
	opts := []Options{{Seed: 1}}
	if os.Getenv("WI_TSP_LONG") != "" {
		opts = append(opts, Options{Seed: 2, MaxIter: 10 * DefaultMaxIter(1000)})
	}
	for _, o := range opts {
		b.Run(fmt.Sprintf("maxiter=%d", o.MaxIter), func(b *testing.B) {
			var t *Tour
			var err error
			for b.Loop() {
				if t, err = Solve(context.Background(), d, 0, o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(t.Length, "length")
			b.ReportMetric(t.Bound, "hk_bound")
			b.ReportMetric(100*t.Gap, "%hk_gap")
		})
	}
}
