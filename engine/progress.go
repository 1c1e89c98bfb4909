package engine

import (
	"context"
	"math"

	"github.com/welfare-intelligence/wi/engine/optimize"
)

// Progress is what a long question reports while it works: the solver's
// step, the best objective and bound so far, the time spent.
type Progress = optimize.Progress

type progressKey struct{}

// WithProgress returns a context whose long questions (siting, set
// covering) call report a few times a second while they search; a terminal
// shows it on one line. report is never called from two goroutines at once.
func WithProgress(ctx context.Context, report func(Progress)) context.Context {
	return context.WithValue(ctx, progressKey{}, report)
}

// solverOptions are the options of a solver run for a question: a fixed
// seed (answers are reproducible) and the context's progress report.
//
// countsPeople says that the solver's objective and bound are numbers of
// people (maximal covering's covered weight): a progress report would show
// them exact, beside the answer's protected figures and outside the
// disclosure door, so they are withheld (NaN) and the report says only how
// long the search has run. Set covering's are numbers of sites.
func solverOptions(ctx context.Context, countsPeople bool) optimize.Options {
	o := optimize.Options{Seed: sitingSeed}
	if report, ok := ctx.Value(progressKey{}).(func(Progress)); ok {
		o.Progress = report
		if countsPeople {
			o.Progress = func(p Progress) {
				p.Objective, p.Bound = math.NaN(), math.NaN()
				report(p)
			}
		}
	}
	return o
}
