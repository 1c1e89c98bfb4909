package optimize

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"
)

// ErrInfeasible is wrapped by the errors of instances that admit no solution
// at all (for example a covering share that even every allowed site cannot
// reach, or capacities too small for the demand).
var ErrInfeasible = errors.New("optimize: infeasible instance")

// Options configure every solver.
type Options struct {
	// Seed makes runs reproducible: the same seed, and no deadline hit, gives
	// the same answer whatever the number of workers.
	Seed int64
	// Workers is the number of goroutines; 0 means runtime.GOMAXPROCS(0).
	// The solvers run a fixed number of independent searches with seeds
	// derived from Seed and spread them over the workers; the best one is
	// chosen by (objective, run index), so Workers changes speed, not answers.
	Workers int
	// MaxIter is the search effort: iterations of the metaheuristic, summed
	// over the independent runs. 0 means a default scaled to the instance.
	MaxIter int
	// TimeLimit, when > 0, is a time budget counted from the call: the
	// solvers that support it (MCLP, LSCP) search until it is spent, the
	// context ends or optimality is proved, instead of stopping after a
	// default number of iterations (MaxIter, when also set, still caps the
	// search). Answers then depend on the machine's speed; 0 keeps the
	// reproducible, iteration-bounded search.
	TimeLimit time.Duration
	// Progress, when not nil, is called now and then (at most about five
	// times a second, never concurrently) with the state of the search, so
	// that a terminal can show a progress line. It must return quickly.
	Progress func(Progress)
}

// Progress is a snapshot of a running search.
type Progress struct {
	// Phase names the step, in English ("greedy", "local search", "bound",
	// "branch and bound").
	Phase string
	// Objective is the best objective found so far (NaN before the first
	// solution); Bound the best bound so far (NaN when none yet).
	Objective, Bound float64
	// Elapsed is the time since the call.
	Elapsed time.Duration
}

// reporter rate-limits and serialises Options.Progress calls.
type reporter struct {
	fn    func(Progress)
	start time.Time
	mu    sync.Mutex
	last  time.Time
	// sense, when not 0, makes every report show the best objective and
	// bound reported so far (+1: larger is better, −1: smaller), so that
	// parallel runs, each reporting its own best, never show a step back.
	sense     int
	bestObj   float64
	bestBound float64
}

// keepBest makes the reporter show the best objective and bound so far
// (sense +1 for a maximisation, −1 for a minimisation).
func (r *reporter) keepBest(sense int) *reporter {
	r.sense, r.bestObj, r.bestBound = sense, math.NaN(), math.NaN()
	return r
}

func newReporter(fn func(Progress), start time.Time) *reporter {
	return &reporter{fn: fn, start: start}
}

// report calls the callback unless one was made in the last 200 ms (force
// skips the rate limit).
func (r *reporter) report(phase string, obj, bound float64, force bool) {
	if r == nil || r.fn == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sense != 0 {
		sense := float64(r.sense)
		if !math.IsNaN(obj) && (math.IsNaN(r.bestObj) || sense*obj > sense*r.bestObj) {
			r.bestObj = obj
		}
		if !math.IsNaN(bound) && (math.IsNaN(r.bestBound) || sense*bound < sense*r.bestBound) {
			r.bestBound = bound
		}
		obj, bound = r.bestObj, r.bestBound
	}
	now := time.Now()
	if !force && now.Sub(r.last) < 200*time.Millisecond {
		return
	}
	r.last = now
	r.fn(Progress{Phase: phase, Objective: obj, Bound: bound, Elapsed: now.Sub(r.start)})
}

// deadline returns the time the search must end by under TimeLimit (the
// zero time when there is none).
func (o Options) deadline(start time.Time) time.Time {
	if o.TimeLimit <= 0 {
		return time.Time{}
	}
	return start.Add(o.TimeLimit)
}

// past reports whether the deadline dl (zero: none) has passed.
func past(dl time.Time) bool { return !dl.IsZero() && time.Now().After(dl) }

// Solution of a location problem.
type Solution struct {
	// Open lists the open sites (indices of sites), fixed ones included, ascending.
	Open []int
	// New lists the open sites that were not fixed, ascending.
	New []int
	// Assign gives per client the serving site (p-median, p-center, CPMP),
	// -1 for none (p-median with a Cutoff: no open site within the cutoff).
	// It is nil for MCLP and LSCP.
	Assign []int
	// Objective is, for p-median and CPMP, the sum of weight × distance; for
	// p-center the largest distance; for MCLP the covered weight (the fixed
	// sites' coverage included); for LSCP the number of new sites.
	Objective float64
	// Bound is a lower bound (minimisation) or an upper bound (MCLP) on the
	// optimal objective; math.NaN() when none was computed.
	Bound float64
	// Gap is |Objective-Bound| / max(|Objective|, 1e-12); NaN when no bound.
	Gap float64
	// Optimal reports a proof of optimality: the gap is at most 1e-9 or, for
	// integer objectives, the bound rounds to the objective.
	Optimal bool
	// Method names the algorithms used.
	Method string
	// Iter counts the metaheuristic iterations done, over all runs.
	Iter int
	// Seconds is the wall-clock time spent.
	Seconds float64
}

// Matrix is a dense clients × sites distance matrix, row-major.
type Matrix struct {
	Clients, Sites int
	D              []float64
}

// NewMatrix returns a zero clients × sites matrix.
func NewMatrix(clients, sites int) *Matrix {
	if clients < 0 {
		clients = 0
	}
	if sites < 0 {
		sites = 0
	}
	return &Matrix{Clients: clients, Sites: sites, D: make([]float64, clients*sites)}
}

// At returns the distance from client i to site j.
func (m *Matrix) At(i, j int) float64 { return m.D[i*m.Sites+j] }

// Set sets the distance from client i to site j.
func (m *Matrix) Set(i, j int, d float64) { m.D[i*m.Sites+j] = d }

// Problem is a p-median family instance (p-median, p-center, capacitated
// p-median).
type Problem struct {
	// Dist holds the client → site distances.
	Dist *Matrix
	// Weight is per client and multiplies distances in the objective; nil means 1 each.
	Weight []float64
	// Demand is per client and is what loads a site against its Capacity
	// (CPMP only); nil means Weight.
	Demand []float64
	// P is the number of NEW sites to open, in addition to Fixed.
	P int
	// Fixed lists sites that stay open.
	Fixed []int
	// Forbidden lists sites that may not open.
	Forbidden []int
	// Cutoff, when > 0, caps distances at Cutoff in the objective (p-median
	// with a cutoff: a client farther than Cutoff from every open site costs
	// weight × Cutoff and counts as unserved). 0 means none.
	Cutoff float64
	// Capacity is per site (CPMP only).
	Capacity []float64
}

// inst is the validated, normalised form of a Problem shared by the
// p-median family solvers.
type inst struct {
	n, m    int
	w       []float64 // objective weight per client
	d       []float64 // capped distances, n*m row-major
	orig    []float64 // the distances as given
	p       int       // new sites to open
	fixed   []int     // ascending, deduplicated
	isFixed []bool
	allowed []bool // may be opened as a new site
	cand    []int  // allowed sites, ascending
	integer bool   // all weights and distances integral: integer objective
	maxD    float64
	cutoff  float64
}

func (in *inst) dist(i, j int) float64 { return in.d[i*in.m+j] }

// newInst validates pr and builds the internal instance. what names the
// solver in error messages.
func newInst(pr *Problem, what string) (*inst, error) {
	if pr == nil {
		return nil, fmt.Errorf("%s: nil problem", what)
	}
	if pr.Dist == nil {
		return nil, fmt.Errorf("%s: the problem has no distance matrix", what)
	}
	n, m := pr.Dist.Clients, pr.Dist.Sites
	if n <= 0 {
		return nil, fmt.Errorf("%s: the instance has no clients", what)
	}
	if m <= 0 {
		return nil, fmt.Errorf("%s: the instance has no candidate sites", what)
	}
	if len(pr.Dist.D) != n*m {
		return nil, fmt.Errorf("%s: distance matrix has %d entries, want clients×sites = %d×%d = %d", what, len(pr.Dist.D), n, m, n*m)
	}
	if math.IsNaN(pr.Cutoff) || pr.Cutoff < 0 || math.IsInf(pr.Cutoff, 0) {
		return nil, fmt.Errorf("%s: cutoff %v must be a finite number ≥ 0", what, pr.Cutoff)
	}
	in := &inst{n: n, m: m, p: pr.P, cutoff: pr.Cutoff}
	w, err := checkWeights(pr.Weight, n, "weight", what)
	if err != nil {
		return nil, err
	}
	in.w = w
	if pr.P < 0 {
		return nil, fmt.Errorf("%s: P = %d must be ≥ 0", what, pr.P)
	}
	in.isFixed = make([]bool, m)
	in.allowed = make([]bool, m)
	forb := make([]bool, m)
	for _, j := range pr.Forbidden {
		if j < 0 || j >= m {
			return nil, fmt.Errorf("%s: forbidden site %d out of range [0,%d)", what, j, m)
		}
		forb[j] = true
	}
	for _, j := range pr.Fixed {
		if j < 0 || j >= m {
			return nil, fmt.Errorf("%s: fixed site %d out of range [0,%d)", what, j, m)
		}
		if forb[j] {
			return nil, fmt.Errorf("%s: site %d is both fixed and forbidden", what, j)
		}
		if !in.isFixed[j] {
			in.isFixed[j] = true
			in.fixed = append(in.fixed, j)
		}
	}
	slices.Sort(in.fixed)
	for j := range m {
		if !forb[j] && !in.isFixed[j] {
			in.allowed[j] = true
			in.cand = append(in.cand, j)
		}
	}
	if pr.P > len(in.cand) {
		return nil, fmt.Errorf("%s: P = %d new sites requested but only %d sites may open (%d sites, %d fixed, %d forbidden)", what, pr.P, len(in.cand), m, len(in.fixed), m-len(in.cand)-len(in.fixed))
	}
	if pr.P+len(in.fixed) == 0 {
		return nil, fmt.Errorf("%s: P = 0 and no fixed sites: nothing would be open", what)
	}
	// Distances: copy only when capping.
	in.d, in.orig = pr.Dist.D, pr.Dist.D
	if pr.Cutoff > 0 {
		in.d = make([]float64, n*m)
	}
	in.integer = pr.Cutoff == math.Trunc(pr.Cutoff)
	for _, x := range in.w {
		if x != math.Trunc(x) {
			in.integer = false
			break
		}
	}
	for k, x := range pr.Dist.D {
		if math.IsNaN(x) || x < 0 {
			return nil, fmt.Errorf("%s: distance from client %d to site %d is %v; distances must be ≥ 0", what, k/m, k%m, x)
		}
		if pr.Cutoff > 0 {
			x = math.Min(x, pr.Cutoff)
			in.d[k] = x
		} else if math.IsInf(x, 1) {
			return nil, fmt.Errorf("%s: distance from client %d to site %d is infinite (unreachable); set a Cutoff or give a finite distance", what, k/m, k%m)
		}
		if x != math.Trunc(x) {
			in.integer = false
		}
		in.maxD = math.Max(in.maxD, x)
	}
	return in, nil
}

// checkWeights validates a per-client vector; nil means 1 each.
func checkWeights(v []float64, n int, name, what string) ([]float64, error) {
	if v == nil {
		w := make([]float64, n)
		for i := range w {
			w[i] = 1
		}
		return w, nil
	}
	if len(v) != n {
		return nil, fmt.Errorf("%s: %s has %d entries, want one per client (%d)", what, name, len(v), n)
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) || x < 0 {
			return nil, fmt.Errorf("%s: %s of client %d is %v; it must be a finite number ≥ 0", what, name, i, x)
		}
	}
	return v, nil
}

// workers returns the number of goroutines to use.
func (o Options) workers() int {
	if o.Workers > 0 {
		return o.Workers
	}
	return max(1, runtime.GOMAXPROCS(0))
}

// runSeed derives the seed of independent run k (splitmix64).
func runSeed(seed int64, k int) uint64 {
	z := uint64(seed) + uint64(k+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// parallel runs fn(0..runs-1) on at most workers goroutines and returns
// the results in run order.
func parallel[T any](runs, workers int, fn func(run int) T) []T {
	out := make([]T, runs)
	if workers <= 1 || runs <= 1 {
		for k := range runs {
			out[k] = fn(k)
		}
		return out
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(workers, runs) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range next {
				out[k] = fn(k)
			}
		}()
	}
	for k := range runs {
		next <- k
	}
	close(next)
	wg.Wait()
	return out
}

// done reports whether ctx is finished, without blocking.
func done(ctx context.Context) bool {
	select {
	case <-ctx.Done():
		return true
	default:
		return false
	}
}

// finish fills Bound, Gap, Optimal and Seconds. minimise tells the sense;
// integer says the objective is integral, so the bound may be rounded.
func (s *Solution) finish(bound float64, minimise, integer bool, start time.Time) {
	s.Seconds = time.Since(start).Seconds()
	if math.IsNaN(bound) || math.IsInf(bound, 0) {
		s.Bound, s.Gap = math.NaN(), math.NaN()
		return
	}
	if integer {
		if minimise {
			bound = math.Ceil(bound - 1e-6)
		} else {
			bound = math.Floor(bound + 1e-6)
		}
	}
	// A bound never beats the objective of a feasible solution; rounding
	// noise aside, clamp it.
	if minimise && bound > s.Objective {
		bound = s.Objective
	}
	if !minimise && bound < s.Objective {
		bound = s.Objective
	}
	s.Bound = bound
	s.Gap = math.Abs(s.Objective-bound) / math.Max(math.Abs(s.Objective), 1e-12)
	s.Optimal = s.Gap <= 1e-9 || (integer && bound == s.Objective)
}

// openLists returns Open (fixed + new, ascending) and New (ascending).
func openLists(fixed, newSites []int) (open, nw []int) {
	nw = slices.Clone(newSites)
	slices.Sort(nw)
	open = append(slices.Clone(fixed), nw...)
	slices.Sort(open)
	if nw == nil {
		nw = []int{}
	}
	return open, nw
}
