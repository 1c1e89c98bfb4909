package engine

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/welfare-intelligence/wi/engine/optimize"
)

// DefaultSolverBudget is the time a siting or set-covering search may take
// when neither the engine's options nor the question's context say: long
// enough for a city's questions to be proved or nearly so, short enough
// for a person waiting at a terminal.
const DefaultSolverBudget = 10 * time.Second

type budgetKey struct{}

// WithTimeBudget returns a context whose siting and set-covering questions
// stop searching after d (d > 0) and answer with the best solution found,
// its bound and gap: the chat, which must reply within seconds, sets a
// shorter budget than the terminal's default.
func WithTimeBudget(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, budgetKey{}, d)
}

// solverBudget is the search time of a question: the context's, else the
// engine's, else the default.
func (e *Engine) solverBudget(ctx context.Context) time.Duration {
	if d, ok := ctx.Value(budgetKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	if e.budget > 0 {
		return e.budget
	}
	return DefaultSolverBudget
}

// budgetContext bounds a solver's search by the question's budget. The
// search keeps its fixed, reproducible effort (no Options.TimeLimit, which
// would spend the whole budget on every question not proved optimal): the
// budget only cuts a search that would run longer, and the solver returns
// the best solution found so far with its bound.
func (e *Engine) budgetContext(ctx context.Context) (context.Context, context.CancelFunc, time.Duration) {
	d := e.solverBudget(ctx)
	sctx, cancel := context.WithTimeout(ctx, d)
	return sctx, cancel, d
}

// budgetReached reports whether the solver's search was cut by its budget
// (and not by the question's own deadline or a cancellation).
func budgetReached(sctx, ctx context.Context) bool {
	return sctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
}

// budgetNote says that the search stopped at its budget, with what is
// known of the answer's quality: its bound and gap when the solver has one.
func budgetNote(d time.Duration, sol *optimize.Solution, l Lang) string {
	took := FormatFloat(d.Seconds(), 1, l) + " s"
	if d < time.Second {
		took = FormatInt(d.Milliseconds(), l) + " ms"
	}
	s := fmt.Sprintf(l.Pick("Tempo di ricerca esaurito (%s): è la soluzione migliore trovata entro il tempo, non una dimostrata ottima",
		"Search time budget reached (%s): this is the best solution found within it, not one proved optimal"), took)
	if sol != nil && !math.IsNaN(sol.Gap) && !math.IsNaN(sol.Bound) {
		s += fmt.Sprintf(l.Pick("; limite %s, scarto al più %s%%", "; bound %s, gap at most %s%%"),
			FormatFloat(sol.Bound, 0, l), FormatFloat(gapPercent(sol.Gap), 1, l))
	}
	return s + "."
}
