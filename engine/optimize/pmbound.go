package optimize

import (
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
	free   []int  // free candidates, partitioned by C after eval (see pick)
	active []int  // forced ∪ free
	c      []float64
	open   []int
	isOpen []bool      // marks open
	order  [][]int32   // per client, allowed and fixed sites by distance (nil: scan rows)
	wd     [][]float64 // per client, w_i d_ij along order, read in sequence rather than d by site (nil: too large)
	kw     []int32     // per client, the sites of order walked by the last eval (those with w_i d_ij < λ_i)
	work   int64       // entries visited by eval and the subgradients, a deterministic clock

	// Settings of the next subgradient runs (zero values: the root's).
	deflect     float64   // weight of the previous direction (0: plain steps)
	primalEvery int       // iterations between primal evaluations (0: 5)
	ybar        []float64 // per site: the relaxed open choices averaged over the last run
	dir         []float64 // the last direction (deflected steps)
}

// newPMLag prepares the relaxation; order (from sortedOrders, may be nil)
// lets eval visit per client only the sites nearer than its multiplier.
// Beside it, w_i d_ij is stored in walk order (up to 8·10⁶ entries) so
// that the walks read memory in sequence: eval took 18% less time on
// the pmed39-like trees (profile, same nodes).
func newPMLag(in *inst, order [][]int32) *pmLag {
	lp := &pmLag{in: in, c: make([]float64, in.m), isOpen: make([]bool, in.m), order: order, kw: make([]int32, in.n)}
	if order != nil && float64(in.n)*float64(len(order[0])) <= 8e6 { // 64 MB
		lp.wd = make([][]float64, in.n)
		buf := make([]float64, 0, in.n*len(order[0]))
		for i, o := range order {
			start := len(buf)
			row := in.d[i*in.m : (i+1)*in.m]
			for _, j := range o {
				buf = append(buf, in.w[i]*row[j])
			}
			lp.wd[i] = buf[start:len(buf):len(buf)]
		}
	}
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

// eval computes C and L(λ); lp.free ends partitioned by C (see pick) and
// lp.open holds the relaxation's open sites.
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
			li := lam[i]
			L += li
			o := lp.order[i]
			k := 0
			if lp.wd != nil {
				wd := lp.wd[i]
				for ; k < len(wd); k++ {
					v := wd[k] - li
					if v >= 0 {
						break
					}
					c[o[k]] += v
				}
			} else {
				wi, row := in.w[i], in.d[i*m:(i+1)*m]
				for ; k < len(o); k++ {
					j := o[k]
					v := wi*row[j] - li
					if v >= 0 {
						break
					}
					c[j] += v
				}
			}
			lp.kw[i] = int32(k)
			work += k
		}
		lp.work += int64(2 * work) // the walk, and the subgradient's
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

// pick selects the q free candidates of smallest C (ties by index), opens
// them and the forced ones, and returns L(λ) given Σ λ. It leaves lp.free
// partitioned, not sorted: when 0 < q < len(free), free[:q] holds the
// chosen sites with the smallest first and the largest last, and free[q]
// is the smallest of the rest (otherwise free is untouched). fixInto reads
// free[q-1] and free[q], the fallback branching free[0]; nothing else
// needs the order. A selection is linear where the sort it replaces took a
// tenth of the tree's time.
func (lp *pmLag) pick(L float64) float64 {
	c := lp.c
	for _, j := range lp.open {
		lp.isOpen[j] = false
	}
	f, q := lp.free, lp.q
	less := func(a, b int) bool { return c[a] < c[b] || c[a] == c[b] && a < b }
	if q > 0 && q < len(f) {
		selectFirst(f, q, less) // the q-th smallest at f[q-1], the smaller ones before it
		b := q
		for x := q + 1; x < len(f); x++ {
			if less(f[x], f[b]) {
				b = x
			}
		}
		f[q], f[b] = f[b], f[q]
		b = 0
		for x := 1; x < q-1; x++ {
			if less(f[x], f[b]) {
				b = x
			}
		}
		f[0], f[b] = f[b], f[0]
	}
	lp.open = append(append(lp.open[:0], lp.forced...), f[:q]...)
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
// heuristic) with their true objective. With lp.deflect > 0 each step
// follows the subgradient plus lp.deflect times the previous direction
// (Camerini, Fratta & Maffioli 1975). lp.ybar ends holding the relaxed
// open choices averaged with geometric weights over the run, an estimate
// of the LP solution's y (the volume algorithm of Barahona & Anbil 2000
// averages the same way).
func (lp *pmLag) subgrad(ctx context.Context, lam []float64, ub float64, maxIter int, f float64, patience int, onPrimal func([]int, float64)) float64 {
	in := lp.in
	n, m := in.n, in.m
	best := math.Inf(-1)
	bestLam := slices.Clone(lam)
	since := 0
	every := lp.primalEvery
	if every <= 0 {
		every = 5
	}
	if len(lp.ybar) != m {
		lp.ybar = make([]float64, m)
		lp.dir = make([]float64, n)
	}
	clear(lp.dir)
	for it := range maxIter {
		if it&7 == 7 && done(ctx) {
			break
		}
		L := lp.eval(lam)
		a := pmYbarAlpha
		if it == 0 {
			a = 1
		}
		for _, j := range lp.active {
			lp.ybar[j] *= 1 - a
		}
		for _, j := range lp.open {
			lp.ybar[j] += a
		}
		if L > best+1e-12*math.Max(1, math.Abs(L)) {
			best = L
			copy(bestLam, lam)
			since = 0
		} else if since++; since >= patience {
			f /= 2
			since = 0
		}
		if onPrimal != nil && it%every == 0 {
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
		var norm, gnorm float64
		for i := range n {
			cnt := 0
			li, wi := lam[i], in.w[i]
			row := in.d[i*m : (i+1)*m]
			if k := int(lp.kw[i]); lp.order != nil && k < len(lp.open) {
				// The sites eval walked are those with w_i d_ij < λ_i:
				// count the open ones among them, or test the open
				// sites, whichever list is shorter.
				for _, j := range lp.order[i][:k] {
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
			g := float64(1 - cnt)
			gnorm += g * g
			g += lp.deflect * lp.dir[i]
			lp.dir[i] = g
			norm += g * g
		}
		if gnorm == 0 {
			break // the relaxed solution is feasible and complementary
		}
		if norm == 0 {
			clear(lp.dir)
			continue
		}
		t := f * (ub - L) / norm
		if t <= 0 {
			t = f * 1e-3 * math.Max(1, math.Abs(L)) / norm
		}
		for i := range n {
			lam[i] += t * lp.dir[i]
		}
	}
	copy(lam, bestLam)
	return best
}

// pmYbarAlpha is the weight of the newest relaxed choice in lp.ybar.
const pmYbarAlpha = 0.1

// fixInto applies reduced-cost fixing to st (the current state, just
// evaluated: L = L(λ), lp.c and lp.free partitioned by pick): a free site is forced
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
	state  []int8
	lam    []float64
	bound  float64     // the parent's bound
	order  [][]int32   // sorted sites, filtered to a superset of the node's active ones
	wd     [][]float64 // w_i d_ij along order
	opened int         // the site the branch opened, or −1
}

// filterWalks keeps in order (and wd, unless nil) only the sites not
// closed in st.
func filterWalks(order [][]int32, wd [][]float64, st []int8, size int) ([][]int32, [][]float64) {
	out := make([][]int32, len(order))
	buf := make([]int32, 0, len(order)*size)
	var outD [][]float64
	var bufD []float64
	if wd != nil {
		outD = make([][]float64, len(order))
		bufD = make([]float64, 0, len(order)*size)
	}
	for i, o := range order {
		start := len(buf)
		for k, j := range o {
			if st[j] >= 0 {
				buf = append(buf, j)
				if wd != nil {
					bufD = append(bufD, wd[i][k])
				}
			}
		}
		out[i] = buf[start:len(buf):len(buf)]
		if wd != nil {
			outD[i] = bufD[start:len(bufD):len(bufD)]
		}
	}
	return out, outD
}

// Settings of the nodes below the root. On the generated pmed27-like
// (n = 600, p = 10) and pmed39-like (n = 900, p = 10) shapes, whose
// Lagrangian bound is 1% below the optimum, the former nodes (150 plain
// steps of initial factor 0.5, patience 10, from the parent's multipliers)
// took 2,008 nodes (4.9 s) and over 3,600 (unproved within the default
// effort); 120 deflected steps of factor 0.5 took 750 nodes on the first
// (464 with the clipping of branchAndBound, 788 on the second), and with
// the clipping and the branching of branchAndBound, 30 deflected steps of
// factor 1 and patience 20 take 494 and 578 nodes (0.5 and 1.0 s). Over
// fourteen small-p instances (those two, the pmed22/32/35/36 shapes and
// eight other seeds) 20 steps or 60–250 steps did more work, factor 2 left
// trees open, and factor 0.7 or deflection 0.5 or 0.85 did 5–10% more work.
const (
	pmNodeIters    = 30
	pmNodeStep     = 1.0
	pmNodePatience = 20
	pmNodeDeflect  = 0.7
)

// branchAndBound proves (or improves) ub by a depth-first Lagrangian branch
// and bound on the site variables (Beasley 1993), with reduced-cost fixing
// at every node. rootLB is the root bound, lam the root multipliers.
// It stops when the tree is exhausted, the context ends, or it has spent
// maxWork units of lp.work (≤ 0: no limit).
//
// A node starts from its parent's best multipliers and refines them by a
// few deflected subgradient steps (pmNodeIters). It branches on the free
// site whose averaged relaxed choice (lp.ybar) is the most fractional, the
// y_j of the LP solution nearest ½, rather than the site the relaxation
// likes most (fourteen small-p instances: 3,988 → 3,104 nodes, 11% less
// CPU), and explores the open child first. Best-bound-first order gave the
// same trees: the incumbent is already optimal when they start.
func (lp *pmLag) branchAndBound(ctx context.Context, lam []float64, ub, rootLB float64, maxWork int64, onPrimal func([]int, float64)) bbResult {
	in := lp.in
	stop := lp.work + maxWork
	primal := func(sites []int, o float64) {
		onPrimal(sites, o)
		ub = math.Min(ub, o)
	}
	root := slices.Clone(lp.state)
	rootOrder, rootWD := lp.order, lp.wd
	defer func() {
		lp.order, lp.wd = rootOrder, rootWD
		lp.deflect, lp.primalEvery = 0, 0
	}()
	// The relaxed choice is scored once per node (primalEvery equals the
	// node's steps), at its starting multipliers (the parent's, clipped at
	// an opened site): the incumbent rarely improves in the tree.
	lp.deflect, lp.primalEvery = pmNodeDeflect, pmNodeIters
	stack := []bbNode{{state: root, lam: slices.Clone(lam), bound: rootLB, order: rootOrder, wd: rootWD, opened: -1}}
	res := bbResult{}
	for len(stack) > 0 && (maxWork <= 0 || lp.work < stop) && !done(ctx) {
		nd := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if nd.bound >= pmTargetBound(in, ub) {
			continue
		}
		res.nodes++
		lp.order, lp.wd = nd.order, nd.wd
		if !lp.setState(nd.state) {
			continue // a guard: a child of a branched node always has a completion
		}
		if nd.opened >= 0 {
			// Every client is served at most at its distance to the site
			// just opened: a multiplier above it only lowers L (Σ λ falls
			// by as much as that site's C rises, and no other C falls), so
			// the parent's multipliers are clipped there. This halved the
			// pmed27-like tree (2,008 → 1,052 nodes with the old steps).
			for i := range in.n {
				nd.lam[i] = math.Min(nd.lam[i], in.w[i]*in.d[i*in.m+nd.opened])
			}
		}
		lb := lp.subgrad(ctx, nd.lam, ub, pmNodeIters, pmNodeStep, pmNodePatience, primal)
		lb = math.Max(lb, nd.bound) // a child's optimum is no better than its parent's bound
		if lb >= pmTargetBound(in, ub) {
			continue
		}
		ybar := slices.Clone(lp.ybar)
		// Reduced-cost fixing at the best multipliers.
		L := lp.eval(nd.lam)
		lb = math.Max(lb, L)
		if !lp.fixInto(nd.state, L, pmTargetBound(in, ub)) {
			continue
		}
		q := lp.q
		if nd.order != nil && len(nd.order) > 0 && 2*len(lp.active) < len(nd.order[0]) {
			// Drop the closed sites from the walks of this subtree.
			nd.order, nd.wd = filterWalks(nd.order, nd.wd, nd.state, len(lp.active))
			lp.order, lp.wd = nd.order, nd.wd
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
		j := pmBranchSite(lp.free, ybar)
		if j < 0 {
			lp.eval(nd.lam)
			j = lp.free[0]
		}
		closed := slices.Clone(nd.state)
		closed[j] = -1
		opened := nd.state
		opened[j] = 1
		stack = append(stack,
			bbNode{state: closed, lam: slices.Clone(nd.lam), bound: lb, order: nd.order, wd: nd.wd, opened: -1},
			bbNode{state: opened, lam: nd.lam, bound: lb, order: nd.order, wd: nd.wd, opened: j})
	}
	res.lb = ub
	for _, nd := range stack {
		res.lb = math.Min(res.lb, nd.bound)
	}
	res.done = len(stack) == 0
	lp.setState(root)
	return res
}

// pmBranchSite returns the free site to branch on: the most fractional in
// the averaged relaxed choices ybar (ties by smaller index), or −1 when
// every free site leans clearly one way (all within 0.05 of 0 or 1); the
// caller then takes the site the relaxation likes most.
func pmBranchSite(free []int, ybar []float64) int {
	j, bf := -1, -1.0
	for _, k := range free {
		f := math.Min(ybar[k], 1-ybar[k])
		if f > bf+1e-9 || f > bf-1e-9 && k < j {
			j, bf = k, f
		}
	}
	if bf < 0.05 {
		return -1
	}
	return j
}
