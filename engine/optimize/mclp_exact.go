package optimize

import (
	"cmp"
	"container/heap"
	"context"
	"math"
	"slices"
	"time"
)

// Exact side of maximal covering: the Lagrangian relaxation of the coverage
// constraints z_i ≤ Σ_{j covers i} y_j (Galvão & ReVelle 1996) evaluated on a
// subproblem where some sites are forced open or closed, Lagrangian
// reduced-cost fixing (a site whose forced opening, or closing, pushes the
// bound below what the incumbent already achieves is fixed the other way),
// and a branch and bound on the sites (depth first, or best bound first)
// with the Lagrangian bound at every node, warm-started from the parent's
// multipliers.

// Site states in a subproblem.
const (
	siteFree   int8 = 0
	siteOpen   int8 = 1
	siteClosed int8 = 2
)

// mcNode is a maximal covering subproblem: the sites' states, and derived
// from them the clients still to decide (live: not covered by an open site
// and coverable by a free one), the weight the open sites cover and the
// number of free sites still to open.
type mcNode struct {
	state []int8 // per site (candidates only matter)
	free  []int  // free candidates
	live  []bool // per client
	lives []int32
	base  float64 // weight covered by the open sites (active clients)
	open  []int   // sites forced open
	k     int     // free sites still to open
}

// startLam returns the starting multipliers of the Lagrangian relaxation:
// each active client's weight shared among its covering sites and one
// more, 0 for the others.
func (v *cov) startLam() []float64 {
	lam := make([]float64, v.n)
	for i := range v.n {
		if v.active[i] {
			lam[i] = v.w[i] / float64(len(v.by[i])+1)
		}
	}
	return lam
}

// node derives a subproblem from the site states for p new sites.
func (v *cov) node(state []int8, p int) *mcNode {
	nd := &mcNode{state: state, live: make([]bool, v.n)}
	covered := make([]bool, v.n)
	for _, j := range v.cand {
		if state[j] == siteOpen {
			nd.open = append(nd.open, j)
			for _, i := range v.covers[j] {
				if !covered[i] {
					covered[i] = true
					nd.base += v.w[i]
				}
			}
		}
	}
	for _, j := range v.cand {
		if state[j] != siteFree {
			continue
		}
		nd.free = append(nd.free, j)
		for _, i := range v.covers[j] {
			if !covered[i] && !nd.live[i] {
				nd.live[i] = true
				nd.lives = append(nd.lives, i)
			}
		}
	}
	nd.k = p - len(nd.open)
	return nd
}

// lagEval evaluates L(λ) on the node: Σ_live max(0, w−λ) + base + the k
// largest Λ_j over free sites. big receives Λ_j per site; top receives
// the chosen sites (the k largest, ties by index). It returns L and the
// k-th and (k+1)-th largest Λ.
func (v *cov) lagEval(nd *mcNode, lam, big []float64, top *[]int, order *[]int) (L, kth, next float64) {
	L = nd.base
	for _, i := range nd.lives {
		L += math.Max(0, v.w[i]-lam[i])
	}
	for _, j := range nd.free {
		var s float64
		for _, i := range v.covers[j] {
			s += lam[i] // λ is 0 off the live clients
		}
		big[j] = s
	}
	o := append((*order)[:0], nd.free...)
	*order = o
	k := nd.k
	if k >= len(o) {
		*top = append((*top)[:0], o...)
		for _, j := range o {
			L += big[j]
		}
		return L, 0, 0
	}
	selectTop(o, big, k)
	*top = append((*top)[:0], o[:k]...)
	kth = math.Inf(1)
	for _, j := range o[:k] {
		L += big[j]
		kth = math.Min(kth, big[j])
	}
	next = math.Inf(-1)
	for _, j := range o[k:] {
		next = math.Max(next, big[j])
	}
	if k == 0 {
		kth = math.Inf(1)
	}
	return L, kth, next
}

// selectTop reorders idx so that its first k entries are the k largest by
// val (ties by smaller index), by quickselect.
func selectTop(idx []int, val []float64, k int) {
	selectFirst(idx, k, func(a, b int) bool { // a before b
		if val[a] != val[b] {
			return val[a] > val[b]
		}
		return a < b
	})
}

// selectFirst reorders idx so that idx[k-1] is the k-th in the strict
// total order less and the ones before it precede it (Hoare's selection
// with a median-of-three pivot).
func selectFirst(idx []int, k int, less func(a, b int) bool) {
	lo, hi := 0, len(idx)-1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if less(idx[mid], idx[lo]) {
			idx[mid], idx[lo] = idx[lo], idx[mid]
		}
		if less(idx[hi], idx[lo]) {
			idx[hi], idx[lo] = idx[lo], idx[hi]
		}
		if less(idx[hi], idx[mid]) {
			idx[hi], idx[mid] = idx[mid], idx[hi]
		}
		pv := idx[mid]
		i, j := lo, hi
		for i <= j {
			for less(idx[i], pv) {
				i++
			}
			for less(pv, idx[j]) {
				j--
			}
			if i <= j {
				idx[i], idx[j] = idx[j], idx[i]
				i++
				j--
			}
		}
		switch {
		case k-1 <= j:
			hi = j
		case k-1 >= i:
			lo = i
		default:
			return
		}
	}
}

// xbarAlpha is the weight of the newest relaxed choice in x̄.
const xbarAlpha = 0.1

// rootDeflect weighs the previous direction in the long subgradient runs
// (the root bound): 0.7 brought the bound closest to the LP optimum on
// SJC818 and the demo city (e.g. 28,804 against GLPK's LP 28,793.7 where
// plain steps stop at 28,841). The warm-started node runs of a depth-first
// tree use short plain steps, which closed trees faster; those of a
// best-first tree short deflected ones (mcNodeIters).
const rootDeflect = 0.7

// lagWork holds the buffers of the subgradient search.
type lagWork struct {
	big, g, bestLam []float64
	xbar            []float64
	f0              float64 // initial step factor of the subgradient runs (0: 2); read by subgradientTo, reset by the caller
	cnt             []int32
	top, order      []int
}

func (v *cov) newLagWork() *lagWork {
	return &lagWork{big: make([]float64, v.m), g: make([]float64, v.n), bestLam: make([]float64, v.n), cnt: make([]int32, v.n)}
}

// lagResult is the outcome of a subgradient search on a node.
type lagResult struct {
	bound     float64 // best (smallest) L found
	primal    []int   // best primal set met (open + chosen free sites)
	primalObj float64 // its covered weight (active clients)
	iters     int
}

// subgradientTo minimises L(λ) on the node from the multipliers lam
// (which it leaves at the best ones found) by projected subgradient steps
// from the step factor w.f0, and reads a primal solution from the relaxed
// choice now and then. It stops after maxIter steps, once the bound shows
// that nothing beats lb by more than delta (the node can be pruned), once
// a primal solution reaches enough, or when the steps vanish. deflect
// weighs the previous direction in each step (0: plain steps); w.xbar ends
// holding the relaxed choices averaged over the run.
func (v *cov) subgradientTo(ctx context.Context, nd *mcNode, lam []float64, lb, delta, enough float64, maxIter int, w *lagWork, dl time.Time, deflect float64) lagResult {
	res := lagResult{bound: math.Inf(1), primalObj: math.Inf(-1)}
	for i := range v.n {
		if !nd.live[i] {
			lam[i] = 0
		}
	}
	f, since := 2.0, 0
	if w.f0 > 0 {
		f = w.f0
	}
	for _, i := range nd.lives {
		w.g[i] = 0
	}
	if w.xbar == nil {
		w.xbar = make([]float64, v.m)
	}
	for it := 0; it < maxIter; it++ {
		res.iters = it + 1
		if it&15 == 15 && (done(ctx) || past(dl)) {
			break
		}
		L, _, _ := v.lagEval(nd, lam, w.big, &w.top, &w.order)
		// x̄: the relaxed choices averaged with geometric weights, an
		// estimate of the LP solution that tells how firmly each site is
		// open (Barahona & Anbil's volume algorithm averages the same way).
		a := xbarAlpha
		if it == 0 {
			a = 1
		}
		for _, j := range nd.free {
			w.xbar[j] *= 1 - a
		}
		for _, j := range w.top {
			w.xbar[j] += a
		}
		if L < res.bound-1e-12*math.Max(1, math.Abs(L)) {
			res.bound, since = L, 0
			copy(w.bestLam, lam)
		} else if since++; since >= 30 {
			f /= 2
			since = 0
		}
		// The relaxed choice is a feasible set of sites: score it.
		for _, i := range nd.lives {
			w.cnt[i] = 0
		}
		obj := nd.base
		for _, j := range w.top {
			for _, i := range v.covers[j] {
				if nd.live[i] {
					if w.cnt[i] == 0 {
						obj += v.w[i]
					}
					w.cnt[i]++
				}
			}
		}
		if obj > res.primalObj {
			res.primalObj = obj
			res.primal = append(append(res.primal[:0], nd.open...), w.top...)
		}
		best := math.Max(lb, res.primalObj)
		if res.bound < best+delta || f < 1e-5 || res.primalObj >= enough {
			break
		}
		var norm float64
		for _, i := range nd.lives {
			z := 0.0
			if v.w[i] > lam[i] {
				z = 1
			}
			gi := float64(w.cnt[i]) - z
			if lam[i] <= 0 && gi > 0 {
				gi = 0
			}
			gi += deflect * w.g[i] // deflected direction (Camerini, Fratta & Maffioli 1975)
			if lam[i] <= 0 && gi > 0 {
				gi = 0
			}
			w.g[i] = gi
			norm += gi * gi
		}
		if norm == 0 {
			break
		}
		t := f * (L - best) / norm
		if t <= 0 {
			t = f * 1e-3 * math.Max(1, L) / norm
		}
		for _, i := range nd.lives {
			lam[i] = math.Max(0, lam[i]-t*w.g[i])
		}
	}
	if !math.IsInf(res.bound, 1) {
		copy(lam, w.bestLam)
	}
	return res
}

// fixSites applies Lagrangian reduced-cost fixing at the multipliers lam:
// a free site outside the relaxed choice whose opening would bring the
// bound below lb+delta is closed; one inside whose closing would is
// opened. It changes state in place and reports how many sites it fixed.
func (v *cov) fixSites(nd *mcNode, lam []float64, lb, delta float64, w *lagWork) (int, float64) {
	L, kth, next := v.lagEval(nd, lam, w.big, &w.top, &w.order)
	if nd.k <= 0 || nd.k >= len(nd.free) {
		return 0, L
	}
	in := make(map[int]bool, len(w.top))
	for _, j := range w.top {
		in[j] = true
	}
	fixed := 0
	for _, j := range nd.free {
		if in[j] {
			if L-w.big[j]+next < lb+delta {
				nd.state[j] = siteOpen
				fixed++
			}
		} else if L-kth+w.big[j] < lb+delta {
			nd.state[j] = siteClosed
			fixed++
		}
	}
	return fixed, L
}

// bnbMC is the outcome of the branch and bound.
type bnbMC struct {
	sites  []int   // best solution (new sites), nil if none better than lb
	obj    float64 // its covered weight
	bound  float64 // upper bound on the optimum (valid when proved or over open nodes)
	proved bool    // the search tree was exhausted
	nodes  int
}

// branchMC runs a Lagrangian branch and bound for p new sites
// with incumbent value lb, from the root multipliers lam, within maxNodes
// nodes, the context and the deadline dl, depth first or (bestFirst) best
// bound first. The returned bound is the largest bound of the nodes left
// open and of the incumbent; with proved, the incumbent (or the returned
// sites) is optimal.
func (v *cov) branchMC(ctx context.Context, p int, lb float64, lam []float64, maxNodes int, dl time.Time, rep *reporter, rootBound float64, bestFirst bool) bnbMC {
	return v.branchMCFrom(ctx, p, lb, lam, maxNodes, dl, rep, rootBound, make([]int8, v.m), bestFirst)
}

// branchMCFrom is branchMC on the subproblem whose site states are root
// (sites forced open or closed); its bound and proof hold for that
// subproblem only. root is consumed: the tree's nodes change its states.
//
// Depth first, the search goes on under the child that opens the branching
// site (the chosen site of largest Λ) and keeps the other on a stack: its
// dives find solutions, and it closes trees whose bound is tight. Best
// first, both children go on a heap ordered by the parent's bound, the
// newest first among equal bounds, so that the search goes on under the
// child the averaged choice leans to while its bound is the largest and
// otherwise resumes from the open node of largest bound: the bound over
// open nodes falls as the tree is explored and a time-limited run reports
// it. Best first branches on the most fractional site of the averaged
// relaxed choices (an estimate of the LP solution, as in the volume
// algorithm of Barahona & Anbil 2000), which separates near-equivalent
// solutions far better than the site of largest Λ.
//
// A node starts from its parent's multipliers, or from lam, the
// multipliers given, when the open nodes already hold too many.
func (v *cov) branchMCFrom(ctx context.Context, p int, lb float64, lam []float64, maxNodes int, dl time.Time, rep *reporter, rootBound float64, root []int8, bestFirst bool) bnbMC {
	delta := 1e-9 * math.Max(1, v.total)
	if v.integer {
		delta = 1 - 1e-6
	}
	out := bnbMC{obj: lb, bound: rootBound}
	w := v.newLagWork()
	useLP := bestFirst && v.lpTree
	var xlp *mcLP
	if useLP {
		xlp = v.newMcLP(p, 1)
	}
	stopLP := func() bool { return done(ctx) || past(dl) }
	ls := newMcLS(v, p)
	eps := 1e-9 * math.Max(1, v.total)
	// improve records a better solution, polished by the interchange
	// local search.
	improve := func(sites []int, obj float64) {
		if obj <= out.obj+eps {
			return
		}
		sites = v.padSites(sites, p)
		ls.load(sites)
		ls.descend(ctx)
		if o := v.exact(ls.sites); o > obj {
			sites, obj = slices.Clone(ls.sites), o
		}
		out.obj, out.sites = obj, sites
		rep.report("branch and bound", v.base+out.obj, math.NaN(), false)
	}
	var open mcHeap
	seq := 0 // frames made, for the heap's ties
	// Multipliers (and LP bases) are stored with at most keepLam frames
	// (about 256 MB); the others start from rootLam (and the subgradient).
	perFrame := 8 * v.n
	if useLP {
		perFrame += 9 * xlp.ncol
	}
	keepLam := max(64, (256<<20)/(perFrame+1))
	held := 1
	// A best-first tree that does not close keeps about one open node per
	// node explored; past about 384 MB of site states the search stops
	// there (its bound stays valid) and leaves the time to the next phase.
	maxOpen := max(1024, (384<<20)/(v.m+64))
	rootLam := slices.Clone(lam)
	cur := &mcFrame{state: root, lam: slices.Clone(lam), bound: rootBound}
	for {
		if cur == nil {
			if len(open) == 0 {
				break
			}
			if bestFirst {
				cur = heap.Pop(&open).(*mcFrame)
			} else {
				cur, open = open[len(open)-1], open[:len(open)-1]
			}
		}
		if out.nodes >= maxNodes || len(open) >= maxOpen || done(ctx) || past(dl) {
			// Not exhausted: the bound is the largest over open nodes,
			// unless none of them can beat the incumbent any more.
			ub := cur.bound
			for _, fr := range open {
				ub = math.Max(ub, fr.bound) // open[0] on a heap
			}
			if ub < out.obj+delta {
				break
			}
			out.bound = math.Min(rootBound, math.Max(out.obj, ub))
			return out
		}
		fr := cur
		cur = nil
		if fr.lam != nil {
			held--
		}
		if fr.bound < out.obj+delta {
			continue
		}
		out.nodes++
		nd := v.node(fr.state, p)
		if nd.k < 0 {
			continue
		}
		if nd.k == 0 || nd.k >= len(nd.free) {
			// A leaf: the open sites, plus every free one.
			sites := append(slices.Clone(nd.open), nd.free[:min(len(nd.free), max(nd.k, 0))]...)
			improve(sites, v.exact(sites))
			continue
		}
		if fr.lam == nil {
			fr.lam = slices.Clone(rootLam)
		}
		iters, deflect := 400, 0.0
		if !bestFirst && out.nodes > 1 {
			iters = 60
		} else if out.nodes > 1 {
			// Warm-started from the parent's multipliers: short deflected
			// steps refine them instead of throwing them away.
			iters, deflect, w.f0 = mcNodeIters, rootDeflect, mcNodeStep
		}
		var bound float64
		if useLP && fr.basis != nil && !xlp.load(fr.basis, nd.state) {
			fr.basis = nil // singular: the subgradient below, for this subtree
		}
		if useLP && fr.basis != nil {
			// The node's LP, warm-started from the parent's basis: its
			// duals give the Lagrangian bound, its y the branching.
			xlp.solve(mcLPNodeIters, stopLP)
			xlp.duals(fr.lam)
			bound, _, _ = v.lagEval(nd, fr.lam, w.big, &w.top, &w.order)
			for _, j := range nd.free {
				w.xbar[j] = xlp.x[xlp.siteY[j]]
			}
			fr.basis = xlp.basis()
			sites := append(slices.Clone(nd.open), w.top...)
			improve(sites, v.exact(sites))
			// The LP's own rounding: the free sites of largest y.
			w.order = append(w.order[:0], nd.free...)
			selectTop(w.order, w.xbar, nd.k)
			sites = append(sites[:len(nd.open)], w.order[:nd.k]...)
			improve(sites, v.exact(sites))
			if bound >= out.obj+delta && !math.IsInf(bound, 1) {
				if n, _ := v.fixSites(nd, fr.lam, out.obj, delta, w); n > 0 {
					nd = v.node(nd.state, p)
					if nd.k <= 0 || nd.k >= len(nd.free) {
						bound = math.Inf(1)
					}
				}
			}
			iters = 0
		}
		for round := 0; iters > 0; round++ {
			r := v.subgradientTo(ctx, nd, fr.lam, out.obj, delta, math.Inf(1), iters, w, dl, deflect)
			if r.primal != nil {
				improve(r.primal, r.primalObj)
			}
			bound = r.bound
			if bound < out.obj+delta {
				break
			}
			n, _ := v.fixSites(nd, fr.lam, out.obj, delta, w)
			if n == 0 {
				break
			}
			nd = v.node(nd.state, p)
			if nd.k <= 0 || nd.k >= len(nd.free) {
				bound = math.Inf(1) // re-examine as a leaf
				break
			}
			if round >= 3 {
				break
			}
			iters = 40
		}
		w.f0 = 0
		if useLP && fr.basis == nil && out.nodes == 1 && bound >= out.obj+delta && nd.k > 0 && nd.k < len(nd.free) {
			// The root's LP from the slack basis.
			if xlp.load(xlp.slackBasis(), nd.state) {
				xlp.solve(math.MaxInt, stopLP)
				xlp.duals(w.g)
				if L, _, _ := v.lagEval(nd, w.g, w.big, &w.top, &w.order); L < bound {
					bound = L
					copy(fr.lam, w.g)
				}
				for _, j := range nd.free {
					w.xbar[j] = xlp.x[xlp.siteY[j]]
				}
				fr.basis = xlp.basis()
			}
		}
		nb := math.Min(fr.bound, bound)
		if nb < out.obj+delta {
			continue
		}
		if nd.k <= 0 || nd.k >= len(nd.free) {
			cur = &mcFrame{state: nd.state, bound: nb} // a leaf needs no multipliers
			continue
		}
		v.lagEval(nd, fr.lam, w.big, &w.top, &w.order)
		bj := v.branchSite(nd, w, bestFirst)
		closed := slices.Clone(nd.state)
		closed[bj] = siteClosed
		opened := nd.state
		opened[bj] = siteOpen
		// Go on towards the side the averaged choice leans to (best
		// first), or the opening (depth first).
		first, other := &mcFrame{state: opened, bound: nb}, &mcFrame{state: closed, bound: nb}
		if bestFirst && w.xbar[bj] < 0.5 {
			first.state, other.state = closed, opened
		}
		if held < keepLam {
			first.lam, first.basis = fr.lam, fr.basis
			held++
		}
		if held < keepLam {
			other.lam = slices.Clone(fr.lam)
			if fr.basis != nil {
				other.basis = fr.basis.clone()
			}
			held++
		}
		if bestFirst {
			seq++
			other.seq = seq
			heap.Push(&open, other)
			seq++
			first.seq = seq
			heap.Push(&open, first)
		} else {
			open = append(open, other) // a stack
			cur = first
		}
	}
	out.proved = true
	out.bound = out.obj
	return out
}

// mcNodeIters and mcNodeStep are the subgradient steps of a node below
// the root and their initial step factor (the root's is 2): from the
// parent's multipliers, deflected steps starting at a quarter of the
// root's size. On SJC818 (r = 400 m, p = 30, optimum 28,709), searched
// best bound first from the optimum for 15 s, the bound over open nodes
// fell to 28,747 with these, 28,751–28,789 with 30–200 steps or factors
// 0.03–1, and never left the root's 28,813 with the root's plain steps.
const (
	mcNodeIters = 120
	mcNodeStep  = 0.5
)

// branchSite returns the free site to branch on (nd has more free sites
// than it opens): with frac, the most fractional in the averaged relaxed
// choices (ties by larger Λ); otherwise, or when every site leans clearly
// one way, the chosen site of largest Λ, and failing that a free site.
func (v *cov) branchSite(nd *mcNode, w *lagWork, frac bool) int {
	bj, bf := -1, 0.0
	for _, j := range nd.free {
		if !frac {
			break
		}
		f := math.Min(w.xbar[j], 1-w.xbar[j])
		if f > bf+1e-9 || f > bf-1e-9 && bj >= 0 && w.big[j] > w.big[bj] {
			bj, bf = j, f
		}
	}
	if bj >= 0 && bf >= 0.05 {
		return bj
	}
	bj = -1
	for _, j := range w.top {
		if bj < 0 || cmp.Compare(w.big[j], w.big[bj]) > 0 {
			bj = j
		}
	}
	if bj < 0 {
		bj = nd.free[0]
	}
	return bj
}

// mcFrame is an open node of the branch and bound: its site states, the
// multipliers to start from (nil: the root's), its parent's bound and its
// rank of creation (best first).
type mcFrame struct {
	state []int8
	lam   []float64
	basis *lpBasis // the LP basis to start from (best first with the LP)
	bound float64
	seq   int
}

// mcHeap is a max-heap of open nodes by bound, the newest first among
// equal bounds.
type mcHeap []*mcFrame

func (h mcHeap) Len() int { return len(h) }
func (h mcHeap) Less(i, j int) bool {
	return h[i].bound > h[j].bound || h[i].bound == h[j].bound && h[i].seq > h[j].seq
}
func (h mcHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *mcHeap) Push(x any)   { *h = append(*h, x.(*mcFrame)) }
func (h *mcHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
