package optimize

import (
	"math"
	"testing"
	"time"
)

// TestReporterKeepsBest: with keepBest, parallel runs that each report
// their own best never make the progress line go back: a maximisation shows
// the largest objective and the smallest bound met so far, and a bound
// still unknown stays NaN.
func TestReporterKeepsBest(t *testing.T) {
	var got []Progress
	r := newReporter(func(p Progress) { got = append(got, p) }, time.Now()).keepBest(+1)
	nan := math.NaN()
	for _, x := range [][2]float64{{5, nan}, {3, nan}, {7, 12}, {6, 10}, {4, 11}} {
		r.report("x", x[0], x[1], true)
	}
	want := [][2]float64{{5, nan}, {5, nan}, {7, 12}, {7, 10}, {7, 10}}
	for k, w := range want {
		g := got[k]
		if g.Objective != w[0] || !(g.Bound == w[1] || math.IsNaN(g.Bound) && math.IsNaN(w[1])) {
			t.Errorf("report %d: objective %v bound %v, want %v %v", k, g.Objective, g.Bound, w[0], w[1])
		}
	}
	// Without keepBest the reports pass through unchanged.
	got = nil
	plain := newReporter(func(p Progress) { got = append(got, p) }, time.Now())
	plain.report("x", 5, nan, true)
	plain.report("x", 3, nan, true)
	if got[1].Objective != 3 {
		t.Errorf("plain reporter: objective %v, want 3", got[1].Objective)
	}
}
