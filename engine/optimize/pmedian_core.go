package optimize

import (
	"context"
	"math"
	"slices"
)

// pmCore is a p-median instance restricted by Lagrangian reduced-cost
// fixing: the sites forced open become fixed sites, the sites forced
// closed are dropped, and the local search works on the few free ones.
type pmCore struct {
	in     *inst
	order  [][]int32
	forced []int // new sites of the original instance forced open
}

// newPMCore builds the core of in for the state st (1 open, −1 closed,
// 0 free; fixed sites are 1). order is the original instance's sorted
// sites, filtered here (it may be nil).
func newPMCore(in *inst, order [][]int32, st []int8) *pmCore {
	c := &inst{
		n: in.n, m: in.m, w: in.w, d: in.d, orig: in.orig,
		integer: in.integer, maxD: in.maxD, cutoff: in.cutoff,
		isFixed: make([]bool, in.m), allowed: make([]bool, in.m),
	}
	core := &pmCore{in: c}
	newOpen := 0
	for j, v := range st {
		switch {
		case in.isFixed[j]:
			c.isFixed[j] = true
			c.fixed = append(c.fixed, j)
		case v == 1:
			c.isFixed[j] = true
			c.fixed = append(c.fixed, j)
			core.forced = append(core.forced, j)
			newOpen++
		case v == 0 && in.allowed[j]:
			c.allowed[j] = true
			c.cand = append(c.cand, j)
		}
	}
	c.p = in.p - newOpen
	if order != nil {
		core.order = make([][]int32, in.n)
		buf := make([]int32, 0, in.n*(len(c.fixed)+len(c.cand)))
		for i, o := range order {
			start := len(buf)
			for _, j := range o {
				if c.allowed[j] || c.isFixed[j] {
					buf = append(buf, j)
				}
			}
			core.order[i] = buf[start:len(buf):len(buf)]
		}
	}
	return core
}

// full maps core new sites to the original instance's new sites.
func (c *pmCore) full(sites []int) []int {
	return append(slices.Clone(c.forced), sites...)
}

// project returns the core new sites of a full solution, or nil when the
// solution does not keep the core's fixings.
func (c *pmCore) project(sites []int) []int {
	in := c.in
	isForced := make(map[int]bool, len(c.forced))
	for _, j := range c.forced {
		isForced[j] = true
	}
	var out []int
	for _, j := range sites {
		switch {
		case isForced[j]:
			delete(isForced, j)
		case in.allowed[j]:
			out = append(out, j)
		default:
			return nil
		}
	}
	if len(isForced) > 0 || len(out) != in.p {
		return nil
	}
	return out
}

// search runs the independent ILS runs on the core, from seed (core new
// sites, may be nil: greedy), and returns the best core solution. seedOff
// shifts the runs' seeds.
func (c *pmCore) search(ctx context.Context, opt Options, seed []int, iters int, target float64, seedOff int) ilsResult {
	in := c.in
	if in.p == 0 || in.p == len(in.cand) {
		sites := slices.Clone(in.cand[:in.p])
		return ilsResult{sites: sites, obj: evalPM(in, sites)}
	}
	if len(seed) != in.p {
		seed = greedyPM(in, nil, 0)
	}
	per := max(1, (iters+independentRuns-1)/independentRuns)
	res := parallel(independentRuns, opt.workers(), func(run int) ilsResult {
		return ilsPM(ctx, in, c.order, seed, run, runSeed(opt.Seed, run+seedOff), per, target)
	})
	best := ilsResult{obj: math.Inf(1)}
	for _, r := range res {
		best.iter += r.iter
		if r.obj < best.obj-1e-9*math.Max(1, math.Abs(best.obj)) || best.sites == nil {
			best.sites, best.obj = r.sites, r.obj
		}
	}
	return best
}

// pmLevels searches level by level from T = ⌈lb⌉ (integer objectives):
// reduced-cost fixing at the root multipliers against T + 1 gives a core
// holding every solution of value ≤ T; an ILS on the core looks for one
// (which would be optimal), then a branch and bound cut at T + 1 either
// finds one or proves that none exists, and lb rises to T + 1. It stops
// after pmLevelMax levels, when it has spent budget units of lp.work
// (≤ 0: no limit), or when the next level is the plain search below
// bestObj. It returns the ILS iterations and the nodes spent.
func pmLevels(ctx context.Context, in *inst, order [][]int32, lp *pmLag, lam []float64, lb *float64, opt Options, bestObj float64, budget int64, improve func([]int, float64)) (iters, nodes int) {
	root := slices.Clone(lp.state)
	defer lp.setState(root)
	first := pmTarget(in, *lb)
	stop := lp.work + budget
	for T := first; T+1 < bestObj && T-first < pmLevelMax(*lb) && (budget <= 0 || lp.work < stop) && !done(ctx); T = pmTarget(in, *lb) {
		lp.setState(slices.Clone(root))
		st := lp.state
		cut := pmTargetBound(in, T+1)
		if !lp.fixInto(st, lp.eval(lam), cut) {
			*lb = math.Max(*lb, T+1) // no completion can reach T
			continue
		}
		lp.eval(lam)
		seed := slices.Clone(lp.free[:lp.q])
		core := newPMCore(in, order, st)
		total := opt.MaxIter
		if total <= 0 {
			total = max(100, 10*core.in.p)
		}
		r := core.search(ctx, opt, seed, total, T, 17)
		iters += r.iter
		if r.sites != nil && r.obj < bestObj {
			bestObj = r.obj
			improve(core.full(r.sites), r.obj)
		}
		if bestObj <= T {
			return iters, nodes
		}
		lp.setState(slices.Clone(root))
		left := stop - lp.work
		if budget <= 0 {
			left = 0
		} else if left <= 0 {
			return iters, nodes
		}
		bb := lp.branchAndBound(ctx, lam, T+1, *lb, left, func(sites []int, o float64) {
			if o < bestObj {
				bestObj = o
				improve(sites, o)
			}
		})
		nodes += max(1, bb.nodes)
		*lb = math.Max(*lb, math.Min(bb.lb, bestObj))
		if !bb.done {
			return iters, nodes
		}
	}
	return iters, nodes
}
