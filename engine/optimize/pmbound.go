package optimize

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// pmLag is the Lagrangian relaxation of a p-median instance (Beasley 1993),
// possibly restricted by branching decisions. The assignment constraints
// Σ_j x_ij = 1 are relaxed with multipliers λ_i; for given λ the relaxation
// opens the q free candidates with the most negative
//
//	C_j = Σ_i min(0, w_i d_ij − λ_i)
//
// besides the sites forced open, and L(λ) = Σ_i λ_i + Σ_open C_j is a lower
// bound on the optimum of the (restricted) problem.
type pmLag struct {
	in     *inst
	state  []int8 // per site: 1 open (fixed or branched), −1 closed, 0 free candidate
	q      int    // free candidates to open
	forced []int  // sites forced open
	free   []int  // free candidates, sorted by C after eval
	active []int  // forced ∪ free
	c      []float64
	g      []float64
	open   []int
	isOpen []bool    // marks open
	order  [][]int32 // per client, allowed and fixed sites by distance (nil: scan rows)
	work   int64     // entries visited by eval and the subgradients, a deterministic clock
	walk   int       // mean sites per client visited by the last eval's walk
}

// newPMLag prepares the relaxation; order (from sortedOrders, may be nil)
// lets eval visit per client only the sites nearer than its multiplier.
func newPMLag(in *inst, order [][]int32) *pmLag {
	lp := &pmLag{in: in, c: make([]float64, in.m), g: make([]float64, in.n), isOpen: make([]bool, in.m), order: order}
	st := make([]int8, in.m)
	for j := range in.m {
		switch {
		case in.isFixed[j]:
			st[j] = 1
		case !in.allowed[j]:
			st[j] = -1
		}
	}
	lp.setState(st)
	return lp
}

// setState installs branching decisions; it reports false when no
// completion exists.
func (lp *pmLag) setState(st []int8) bool {
	in := lp.in
	lp.state = st
	lp.forced, lp.free, lp.active = lp.forced[:0], lp.free[:0], lp.active[:0]
	newOpen := 0
	for j, v := range st {
		switch v {
		case 1:
			lp.forced = append(lp.forced, j)
			if !in.isFixed[j] {
				newOpen++
			}
		case 0:
			lp.free = append(lp.free, j)
		}
	}
	lp.active = append(append(lp.active, lp.forced...), lp.free...)
	lp.q = in.p - newOpen
	return lp.q >= 0 && lp.q <= len(lp.free)
}

// initLambda starts the multipliers at each client's cost in the local
// search's current solution, a good dual estimate.
func (lp *pmLag) initLambda(s *ls) []float64 {
	lam := make([]float64, lp.in.n)
	for i := range lam {
		lam[i] = lp.in.w[i] * s.d1[i]
	}
	return lam
}

// eval computes C and L(λ); lp.free ends sorted by C and lp.open holds the
// relaxation's open sites.
func (lp *pmLag) eval(lam []float64) float64 {
	in := lp.in
	m := in.m
	c := lp.c
	var L float64
	if lp.order != nil {
		// Only the sites with w_i d_ij < λ_i contribute: walk each
		// client's sites by increasing distance up to λ_i. Sites outside
		// active (closed) collect values that are never read.
		clear(c)
		work := m
		for i := range in.n {
			li, wi := lam[i], in.w[i]
			L += li
			row := in.d[i*m : (i+1)*m]
			o := lp.order[i]
			k := 0
			for ; k < len(o); k++ {
				j := o[k]
				v := wi*row[j] - li
				if v >= 0 {
					break
				}
				c[j] += v
			}
			work += k
		}
		lp.work += int64(2 * work) // the walk, and the subgradient's
		lp.walk = work / in.n
		return lp.pick(L)
	}
	lp.work += int64(2 * in.n * len(lp.active))
	for _, j := range lp.active {
		c[j] = 0
	}
	for i := range in.n {
		li, wi := lam[i], in.w[i]
		L += li
		row := in.d[i*m : (i+1)*m]
		if len(lp.active) == m {
			for j, dj := range row {
				if v := wi*dj - li; v < 0 {
					c[j] += v
				}
			}
		} else {
			for _, j := range lp.active {
				if v := wi*row[j] - li; v < 0 {
					c[j] += v
				}
			}
		}
	}
	return lp.pick(L)
}

// pick sorts the free candidates by C, opens the forced ones and the q
// best free ones, and returns L(λ) given Σ λ.
func (lp *pmLag) pick(L float64) float64 {
	c := lp.c
	for _, j := range lp.open {
		lp.isOpen[j] = false
	}
	slices.SortFunc(lp.free, func(a, b int) int {
		if r := cmp.Compare(c[a], c[b]); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	lp.open = append(append(lp.open[:0], lp.forced...), lp.free[:lp.q]...)
	for _, j := range lp.open {
		L += c[j]
		lp.isOpen[j] = true
	}
	return L
}

// subgrad maximises L(λ) by subgradient optimisation with Polyak steps
// towards ub (Held, Wolfe & Crowder), halving the step factor f after
// patience iterations without improvement. lam ends at the best
// multipliers. onPrimal receives the relaxation's open sets (a Lagrangian
// heuristic) with their true objective.
func (lp *pmLag) subgrad(ctx context.Context, lam []float64, ub float64, maxIter int, f float64, patience int, onPrimal func([]int, float64)) float64 {
	in := lp.in
	n, m := in.n, in.m
	best := math.Inf(-1)
	bestLam := slices.Clone(lam)
	since := 0
	for it := range maxIter {
		if it&7 == 7 && done(ctx) {
			break
		}
		L := lp.eval(lam)
		if L > best+1e-12*math.Max(1, math.Abs(L)) {
			best = L
			copy(bestLam, lam)
			since = 0
		} else if since++; since >= patience {
			f /= 2
			since = 0
		}
		if onPrimal != nil && it%5 == 0 {
			sites := make([]int, 0, in.p)
			for _, j := range lp.open {
				if !in.isFixed[j] {
					sites = append(sites, j)
				}
			}
			o := evalPM(in, sites)
			onPrimal(sites, o)
			ub = math.Min(ub, o)
		}
		if best >= pmTargetBound(in, ub) || f < 1e-6 {
			break
		}
		var norm float64
		for i := range n {
			cnt := 0
			li, wi := lam[i], in.w[i]
			row := in.d[i*m : (i+1)*m]
			if lp.order != nil && lp.walk < len(lp.open) {
				for _, j := range lp.order[i] {
					if wi*row[j] >= li {
						break
					}
					if lp.isOpen[j] {
						cnt++
					}
				}
			} else {
				for _, j := range lp.open {
					if wi*row[j] < li {
						cnt++
					}
				}
			}
			lp.g[i] = float64(1 - cnt)
			norm += lp.g[i] * lp.g[i]
		}
		if norm == 0 {
			break // the relaxed solution is feasible and complementary
		}
		t := f * (ub - L) / norm
		if t <= 0 {
			t = f * 1e-3 * math.Max(1, math.Abs(L)) / norm
		}
		for i := range n {
			lam[i] += t * lp.g[i]
		}
	}
	copy(lam, bestLam)
	return best
}

// fixInto applies reduced-cost fixing to st (the current state, just
// evaluated: L = L(λ), lp.c and lp.free sorted): a free site is forced
// open when closing it lifts the bound to cut, closed when opening it
// does, so that every solution of value below cut keeps these choices.
// It installs st and reports false when no completion remains.
func (lp *pmLag) fixInto(st []int8, L, cut float64) bool {
	q := lp.q
	if q > 0 && q < len(lp.free) {
		last, next := lp.c[lp.free[q-1]], lp.c[lp.free[q]]
		for k, j := range lp.free {
			if k < q && L-lp.c[j]+next >= cut {
				st[j] = 1 // closing j cannot beat cut
			} else if k >= q && L+lp.c[j]-last >= cut {
				st[j] = -1 // opening j cannot beat cut
			}
		}
		return lp.setState(st)
	}
	return true
}

// bbResult is the outcome of the branch and bound.
type bbResult struct {
	lb    float64 // valid lower bound (= ub when the tree was exhausted)
	nodes int
	done  bool
}

type bbNode struct {
	state []int8
	lam   []float64
	bound float64   // the parent's bound
	order [][]int32 // sorted sites, filtered to a superset of the node's active ones
}

// filterOrder keeps in order only the sites not closed in st.
func filterOrder(order [][]int32, st []int8, size int) [][]int32 {
	out := make([][]int32, len(order))
	buf := make([]int32, 0, len(order)*size)
	for i, o := range order {
		start := len(buf)
		for _, j := range o {
			if st[j] >= 0 {
				buf = append(buf, j)
			}
		}
		out[i] = buf[start:len(buf):len(buf)]
	}
	return out
}

// branchAndBound proves (or improves) ub by a depth-first Lagrangian branch
// and bound on the site variables (Beasley 1993), with reduced-cost fixing
// at every node. rootLB is the root bound, lam the root multipliers.
// It stops when the tree is exhausted, the context ends, or it has spent
// maxWork units of lp.work (≤ 0: no limit).
func (lp *pmLag) branchAndBound(ctx context.Context, lam []float64, ub, rootLB float64, maxWork int64, onPrimal func([]int, float64)) bbResult {
	in := lp.in
	stop := lp.work + maxWork
	primal := func(sites []int, o float64) {
		onPrimal(sites, o)
		ub = math.Min(ub, o)
	}
	root := slices.Clone(lp.state)
	rootOrder := lp.order
	defer func() { lp.order = rootOrder }()
	stack := []bbNode{{state: root, lam: slices.Clone(lam), bound: rootLB, order: rootOrder}}
	res := bbResult{}
	for len(stack) > 0 && (maxWork <= 0 || lp.work < stop) && !done(ctx) {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if nd.bound >= pmTargetBound(in, ub) {
			continue
		}
		res.nodes++
		lp.order = nd.order
		if !lp.setState(nd.state) {
			continue
		}
		lb := lp.subgrad(ctx, nd.lam, ub, 150, 0.5, 10, primal)
		if lb >= pmTargetBound(in, ub) {
			continue
		}
		// Reduced-cost fixing at the best multipliers.
		L := lp.eval(nd.lam)
		lb = math.Max(lb, L)
		if !lp.fixInto(nd.state, L, pmTargetBound(in, ub)) {
			continue
		}
		q := lp.q
		if nd.order != nil && len(nd.order) > 0 && 2*len(lp.active) < len(nd.order[0]) {
			// Drop the closed sites from the walks of this subtree.
			nd.order = filterOrder(nd.order, nd.state, len(lp.active))
			lp.order = nd.order
		}
		if q == 0 || q == len(lp.free) {
			// A single completion: evaluate it.
			sites := make([]int, 0, in.p)
			for j, v := range nd.state {
				if (v == 1 && !in.isFixed[j]) || (v == 0 && q > 0) {
					sites = append(sites, j)
				}
			}
			primal(sites, evalPM(in, sites))
			continue
		}
		// Branch on the free site the relaxation likes most.
		lp.eval(nd.lam)
		j := lp.free[0]
		closed := slices.Clone(nd.state)
		closed[j] = -1
		opened := nd.state
		opened[j] = 1
		stack = append(stack,
			bbNode{state: closed, lam: slices.Clone(nd.lam), bound: lb, order: nd.order},
			bbNode{state: opened, lam: nd.lam, bound: lb, order: nd.order})
	}
	res.lb = ub
	for _, nd := range stack {
		res.lb = math.Min(res.lb, nd.bound)
	}
	res.done = len(stack) == 0
	lp.setState(root)
	return res
}
