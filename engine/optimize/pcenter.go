package optimize

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"
)

// PCenter solves the (vertex) p-center problem: open P new sites, besides
// the fixed ones, minimising the largest distance from a client to its
// nearest open site (distances capped at Cutoff when set). Clients of zero
// weight are ignored (they have no demand); weights do not otherwise enter
// the objective.
//
// The optimum is one of the client–site distances. A binary search over
// these candidate radii asks, for each radius r, whether P new sites cover
// every client within r: a covering question answered by the maximal
// covering search (a feasible cover proves r achievable) and by its
// Lagrangian bound (a bound below full coverage proves r, and every smaller
// radius, unachievable). The lower bound is the smallest radius not proved
// unachievable (at least the largest distance from a client to its nearest
// allowed site).
func PCenter(ctx context.Context, pr *Problem, opt Options) (*Solution, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in, err := newInst(pr, "p-center")
	if err != nil {
		return nil, err
	}
	var act []int
	for i := range in.n {
		if in.w[i] > 0 {
			act = append(act, i)
		}
	}
	usable := append(slices.Clone(in.fixed), in.cand...)
	slices.Sort(usable)
	// No open set can beat lo: each client's nearest usable site.
	lo := 0.0
	for _, i := range act {
		b := math.Inf(1)
		for _, j := range usable {
			b = math.Min(b, in.dist(i, j))
		}
		lo = math.Max(lo, b)
	}
	best := greedyPC(in, act)
	bestObj := pcObj(in, act, best)
	bound := lo
	iters, tests := 0, 0
	if in.p > 0 && bestObj > lo && !done(ctx) {
		var radii []float64
		for _, i := range act {
			for _, j := range usable {
				if d := in.dist(i, j); d >= lo && d < bestObj {
					radii = append(radii, d)
				}
			}
		}
		slices.Sort(radii)
		radii = slices.Compact(radii)
		// Invariant: radii[a] is not proved unachievable... radii[b-1] < best.
		a, b := 0, len(radii) // search in radii[a:b]
		for a < b && !done(ctx) {
			mid := (a + b) / 2
			r := radii[mid]
			sites, feasible, proved, it := pcCover(ctx, in, act, r, opt)
			iters += it
			tests++
			switch {
			case feasible:
				best, bestObj = sites, pcObj(in, act, sites)
				// The cover may be better than r.
				b, _ = slices.BinarySearch(radii, bestObj)
			case proved:
				bound = math.Max(bound, nextAbove(radii, r, bestObj))
				a = mid + 1
			default:
				a = mid + 1
			}
		}
	}
	sol := &Solution{Assign: make([]int, in.n), Objective: bestObj, Iter: iters}
	sol.Open, sol.New = openLists(in.fixed, best)
	for i := range in.n {
		row := in.orig[i*in.m : (i+1)*in.m]
		bj := sol.Open[0]
		for _, j := range sol.Open {
			if row[j] < row[bj] {
				bj = j
			}
		}
		sol.Assign[i] = bj
	}
	sol.Method = fmt.Sprintf("greedy; binary search over client–site distances with covering feasibility (maximal-covering ILS, Lagrangian proofs of infeasibility), %d radii tested", tests)
	sol.finish(bound, true, false, start)
	if bound == bestObj {
		sol.Optimal = true
	}
	return sol, nil
}

// nextAbove returns the smallest radius in radii greater than r, or best.
func nextAbove(radii []float64, r, best float64) float64 {
	k, found := slices.BinarySearch(radii, r)
	if found {
		k++
	}
	if k < len(radii) {
		return radii[k]
	}
	return best
}

// pcObj is the largest distance from an active client to its nearest
// open site (fixed + sites).
func pcObj(in *inst, act, sites []int) float64 {
	var o float64
	for _, i := range act {
		b := math.Inf(1)
		for _, j := range in.fixed {
			b = math.Min(b, in.dist(i, j))
		}
		for _, j := range sites {
			b = math.Min(b, in.dist(i, j))
		}
		o = math.Max(o, b)
	}
	return o
}

// greedyPC adds, P times, the site that most reduces the largest distance
// (ties: the sum of distances).
func greedyPC(in *inst, act []int) []int {
	d1 := make([]float64, in.n)
	for _, i := range act {
		d1[i] = math.Inf(1)
		for _, j := range in.fixed {
			d1[i] = math.Min(d1[i], in.dist(i, j))
		}
	}
	chosen := make([]bool, in.m)
	var sites []int
	for len(sites) < in.p {
		bj := -1
		bMax, bSum := math.Inf(1), math.Inf(1)
		for _, j := range in.cand {
			if chosen[j] {
				continue
			}
			var mx, sm float64
			for _, i := range act {
				v := math.Min(d1[i], in.dist(i, j))
				mx = math.Max(mx, v)
				sm += v
			}
			if mx < bMax || (mx == bMax && sm < bSum) {
				bj, bMax, bSum = j, mx, sm
			}
		}
		chosen[bj] = true
		sites = append(sites, bj)
		for _, i := range act {
			d1[i] = math.Min(d1[i], in.dist(i, bj))
		}
	}
	return sites
}

// pcCover asks whether P new sites cover every active client within r.
// It returns the sites when a cover was found, or proved = true when the
// Lagrangian bound shows none exists.
func pcCover(ctx context.Context, in *inst, act []int, r float64, opt Options) (sites []int, feasible, proved bool, iters int) {
	c := &Coverage{Clients: len(act), Sites: in.m, Covers: make([][]int32, in.m), Fixed: in.fixed}
	for j := range in.m {
		if !in.allowed[j] && !in.isFixed[j] {
			c.Forbidden = append(c.Forbidden, j)
		}
	}
	for k, i := range act {
		row := in.d[i*in.m : (i+1)*in.m]
		for j, d := range row {
			if d <= r {
				c.Covers[j] = append(c.Covers[j], int32(k))
			}
		}
	}
	v, err := newCov(c, "p-center")
	if err != nil {
		return nil, false, false, 0
	}
	if v.maxReach < v.total {
		return nil, false, true, 0
	}
	need := v.total - v.base
	s, o, ub, it := v.solveMC(ctx, in.p, need, opt, true)
	if o >= need-1e-9 {
		return s, true, false, it
	}
	return nil, false, math.Floor(ub+1e-6) < need, it
}
