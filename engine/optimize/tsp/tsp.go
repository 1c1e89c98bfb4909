package tsp

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"
)

// Methods a Tour reports.
const (
	MethodTrivial  = "trivial"                  // three stops or fewer
	MethodHeldKarp = "held-karp-dp"             // exact dynamic programming
	MethodILS      = "greedy+2opt+oropt+lk-ils" // iterated local search
)

// ExactLimit is the largest number of nodes solved exactly by dynamic
// programming; larger instances use the iterated local search.
const ExactLimit = 13

// Options tune Solve and WithinBudget.
type Options struct {
	// Seed seeds the random kicks: the same Seed (and Runs), with no
	// deadline hit, gives the same tour whatever the number of workers.
	Seed int64
	// Workers is the number of goroutines over which the independent runs
	// are spread; 0 means runtime.GOMAXPROCS(0). It changes speed, not
	// answers.
	Workers int
	// MaxIter is the number of kicks of the iterated local search, summed
	// over the runs. 0 means DefaultMaxIter(n).
	MaxIter int
	// Runs is the number of independent iterated-local-search runs, each
	// with its own seed derived from Seed; the shortest tour wins, the
	// lowest run index among equals. 0 means DefaultRuns.
	Runs int
}

// DefaultRuns is the number of independent runs when Options.Runs is 0:
// one per core of the 2-core machines the engine targets.
const DefaultRuns = 2

// DefaultMaxIter is the number of kicks (over all runs) used when
// Options.MaxIter is 0: 100·n, at least 10000 and at most 200000; 50·n, at
// most 200000, for the instances that use the Lin–Kernighan move (400 to
// 20,000 nodes), whose kicks are fewer but larger.
func DefaultMaxIter(n int) int {
	if n >= lkMinN && n <= lkMaxN {
		return min(50*n, 200000)
	}
	return min(max(100*n, 10000), 200000)
}

// Dist is a symmetric distance matrix, stored row-major as N×N values.
type Dist struct {
	N int
	D []float64
}

// NewDist returns an n×n zero matrix (nil for n < 0).
func NewDist(n int) *Dist {
	if n < 0 {
		return nil
	}
	return &Dist{N: n, D: make([]float64, n*n)}
}

// At returns the distance between i and j.
func (d *Dist) At(i, j int) float64 { return d.D[i*d.N+j] }

// Set sets the distance between i and j in both directions.
func (d *Dist) Set(i, j int, v float64) {
	d.D[i*d.N+j] = v
	d.D[j*d.N+i] = v
}

// Tour is a closed tour starting at Start.
type Tour struct {
	Order   []int   // visiting order, Order[0] == start, each node once, no repeat of the start at the end
	Length  float64 // closed length (back to start)
	Bound   float64 // lower bound on the optimal closed tour (Held–Karp 1-tree bound by subgradient); NaN if none
	Gap     float64 // (Length-Bound)/Length; NaN if none
	Optimal bool    // exact DP used, or bound proves it
	Method  string
	Seconds float64
	// Iterations is the total number of kicks performed by all runs (0 for
	// the exact methods).
	Iterations int
	// Stopped reports that the context ended the search before MaxIter:
	// the tour is the best found until then.
	Stopped bool
}

// Validate checks that d is a usable symmetric distance matrix: N > 0,
// N×N finite, non-negative, symmetric values.
func (d *Dist) Validate() error {
	if d == nil {
		return errors.New("tsp: nil distance matrix")
	}
	if d.N <= 0 {
		return fmt.Errorf("tsp: distance matrix has %d nodes, need at least 1", d.N)
	}
	if len(d.D) != d.N*d.N {
		return fmt.Errorf("tsp: distance matrix of %d nodes needs %d values, has %d", d.N, d.N*d.N, len(d.D))
	}
	n := d.N
	for i := 0; i < n; i++ {
		for j := i; j < n; j++ {
			a, b := d.D[i*n+j], d.D[j*n+i]
			if math.IsNaN(a) || math.IsInf(a, 0) || math.IsNaN(b) || math.IsInf(b, 0) {
				return fmt.Errorf("tsp: distance (%d,%d) is not a finite number", i, j)
			}
			if a < 0 || b < 0 {
				return fmt.Errorf("tsp: distance (%d,%d) is negative", i, j)
			}
			if a != b && math.Abs(a-b) > 1e-9*math.Max(1, math.Max(a, b)) {
				return fmt.Errorf("tsp: distance matrix is not symmetric: (%d,%d)=%g but (%d,%d)=%g", i, j, a, j, i, b)
			}
		}
	}
	return nil
}

func checkOptions(opt Options) error {
	if opt.Workers < 0 {
		return fmt.Errorf("tsp: Workers is %d, must be ≥ 0", opt.Workers)
	}
	if opt.MaxIter < 0 {
		return fmt.Errorf("tsp: MaxIter is %d, must be ≥ 0", opt.MaxIter)
	}
	if opt.Runs < 0 {
		return fmt.Errorf("tsp: Runs is %d, must be ≥ 0", opt.Runs)
	}
	return nil
}

func workers(opt Options) int {
	if opt.Workers > 0 {
		return opt.Workers
	}
	w := runtime.GOMAXPROCS(0)
	if w < 1 {
		w = 1
	}
	return w
}

// TourLength returns the closed length of order on d (order[len-1] back to
// order[0]). It sums the edges in order, so that callers recomputing it get
// the same floating-point value.
func TourLength(d *Dist, order []int) float64 {
	if len(order) < 2 {
		return 0
	}
	s := 0.0
	for k := 1; k < len(order); k++ {
		s += d.At(order[k-1], order[k])
	}
	return s + d.At(order[len(order)-1], order[0])
}

// rotate returns order rotated so that it starts with start.
func rotate(order []int, start int) []int {
	out := make([]int, len(order))
	k := 0
	for i, v := range order {
		if v == start {
			k = i
			break
		}
	}
	for i := range order {
		out[i] = order[(k+i)%len(order)]
	}
	return out
}

// Solve returns a short closed tour through every node of d, starting at
// start. Instances with at most ExactLimit nodes are solved exactly;
// larger ones by iterated local search, with a Held–Karp lower bound. When
// ctx ends during the search, the best tour found so far is returned with
// Stopped set and no error.
func Solve(ctx context.Context, d *Dist, start int, opt Options) (*Tour, error) {
	t0 := time.Now()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if start < 0 || start >= d.N {
		return nil, fmt.Errorf("tsp: start node %d out of range [0,%d)", start, d.N)
	}
	if err := checkOptions(opt); err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	n := d.N
	var t *Tour
	switch {
	case n <= 3:
		order := make([]int, n)
		for i := range order {
			order[i] = (start + i) % n
		}
		l := TourLength(d, order)
		t = &Tour{Order: order, Length: l, Bound: l, Gap: 0, Optimal: true, Method: MethodTrivial}
	case n <= ExactLimit:
		order, l := heldKarpDP(d, start)
		t = &Tour{Order: order, Length: l, Bound: l, Gap: 0, Optimal: true, Method: MethodHeldKarp}
	default:
		res := runILS(ctx, d, nil, opt)
		order := rotate(res.order, start)
		l := TourLength(d, order)
		t = &Tour{Order: order, Length: l, Method: MethodILS, Iterations: res.iters, Stopped: res.stopped}
		b := heldKarpBound(ctx, d, l)
		t.Bound = b
		if l > 0 {
			t.Gap = (l - b) / l
		} else {
			t.Gap = 0
		}
		if l <= b+1e-9*math.Max(1, l) {
			t.Optimal = true
			t.Gap = 0
		}
		if t.Gap < 0 {
			t.Gap = 0
		}
	}
	t.Seconds = time.Since(t0).Seconds()
	return t, nil
}
