package optimize

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// cpInst is a validated capacitated p-median instance.
type cpInst struct {
	*inst
	q    []float64 // demand per client
	capa []float64 // capacity per site
	near [][]int32 // per site, the other allowed sites by increasing distance (site as client location unknown: by cost profile)
}

// CPMP solves the capacitated p-median problem: open P new sites (besides
// the fixed ones) and assign every client, whole, to one open site so that
// the demand assigned to a site does not exceed its capacity, minimising the
// sum of weight × distance.
//
// The medians are searched by an iterated local search (swap moves and
// Cooper-style relocation of each median within its cluster); for a set of
// medians the assignment — a generalised assignment problem — is built by
// the regret heuristic of Martello & Toth and improved by shift and swap
// moves. The lower bound relaxes the assignment constraints in a Lagrangian
// fashion, leaving one 0–1 knapsack per site (solved exactly by dynamic
// programming for integer demands, else by its LP bound).
func CPMP(ctx context.Context, pr *Problem, opt Options) (*Solution, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	base, err := newInst(pr, "CPMP")
	if err != nil {
		return nil, err
	}
	c := &cpInst{inst: base}
	if pr.Capacity == nil {
		return nil, fmt.Errorf("CPMP: the problem has no capacities (Capacity is nil)")
	}
	if len(pr.Capacity) != base.m {
		return nil, fmt.Errorf("CPMP: Capacity has %d entries, want one per site (%d)", len(pr.Capacity), base.m)
	}
	for j, x := range pr.Capacity {
		if math.IsNaN(x) || x < 0 {
			return nil, fmt.Errorf("CPMP: capacity of site %d is %v; it must be ≥ 0", j, x)
		}
	}
	c.capa = pr.Capacity
	dem := pr.Demand
	if dem == nil {
		dem = pr.Weight
	}
	if c.q, err = checkWeights(dem, base.n, "demand", "CPMP"); err != nil {
		return nil, err
	}
	if err := c.checkCapacity(); err != nil {
		return nil, err
	}
	// Per site, the other candidate sites by similarity of cost (distance
	// from the site's nearest client profile is unknown in general, so use
	// the column distance Σ_i |d_ij − d_ik| over a sample of clients).
	c.near = c.neighbours(12)

	seed, ok := c.initial(ctx)
	if !ok {
		return nil, fmt.Errorf("CPMP: the heuristics found no feasible assignment (capacities are tight): %w", ErrInfeasible)
	}
	lb, lagSites := c.lagrange(ctx, seed)
	if lagSites != nil {
		if t, ok := c.evaluate(lagSites, true); ok {
			if t = c.polish(ctx, t); t.obj < seed.obj {
				seed = t
			}
		}
	}
	total := opt.MaxIter
	if total <= 0 {
		total = 4 * max(15, base.p+len(base.fixed))
	}
	per := max(1, (total+independentRuns-1)/independentRuns)
	target := lb + 1e-9*math.Max(1, math.Abs(lb))
	if base.integer {
		target = math.Ceil(lb - 1e-6)
	}
	best := seed
	iters := 0
	if !done(ctx) && base.p > 0 && seed.obj > target {
		type res struct {
			s  cpSol
			it int
		}
		rs := parallel(independentRuns, opt.workers(), func(run int) res {
			s, it := c.ils(ctx, seed, run, runSeed(opt.Seed, run), per, target)
			return res{s, it}
		})
		for _, r := range rs {
			iters += r.it
			if r.s.obj < best.obj-1e-9*math.Max(1, best.obj) {
				best = r.s
			}
		}
	}
	// Exact reassignment to the best medians (node-limited).
	best.assign, best.obj = c.gapExact(ctx, c.openOf(best.sites), best.assign, best.obj, 200_000)
	sol := &Solution{Assign: best.assign, Objective: c.costOf(best.assign), Iter: iters}
	sol.Open, sol.New = openLists(base.fixed, best.sites)
	sol.Method = "ILS over medians (swap + relocation); regret GAP heuristic with shift/swap search; Lagrangian bound (knapsack per site)"
	sol.finish(lb, true, base.integer, start)
	return sol, nil
}

// checkCapacity rejects instances no choice of sites can serve.
func (c *cpInst) checkCapacity() error {
	var total, maxQ float64
	for _, x := range c.q {
		total += x
		maxQ = math.Max(maxQ, x)
	}
	var capFixed float64
	var caps []float64
	best := 0.0
	for j := range c.m {
		if c.isFixed[j] {
			capFixed += c.capa[j]
			best = math.Max(best, c.capa[j])
		} else if c.allowed[j] {
			caps = append(caps, c.capa[j])
			best = math.Max(best, c.capa[j])
		}
	}
	if maxQ > best {
		return fmt.Errorf("CPMP: a client's demand %v exceeds every site's capacity (largest %v): %w", maxQ, best, ErrInfeasible)
	}
	slices.SortFunc(caps, func(a, b float64) int { return cmp.Compare(b, a) })
	most := capFixed
	for _, x := range caps[:c.p] {
		most += x
	}
	if total > most*(1+1e-12) {
		return fmt.Errorf("CPMP: total demand %v exceeds the largest capacity %d new and %d fixed sites can offer (%v): %w", total, c.p, len(c.fixed), most, ErrInfeasible)
	}
	return nil
}

// neighbours returns per allowed site its k most similar allowed sites
// (smallest mean |d_ij − d_ij'| over clients): swap candidates.
func (c *cpInst) neighbours(k int) [][]int32 {
	near := make([][]int32, c.m)
	if len(c.cand) <= k+1 {
		for _, j := range c.cand {
			for _, f := range c.cand {
				if f != j {
					near[j] = append(near[j], int32(f))
				}
			}
		}
		return near
	}
	// Sample clients to keep this O(m² · s).
	step := max(1, c.n/64)
	type cand struct {
		f int
		v float64
	}
	buf := make([]cand, 0, len(c.cand))
	for _, j := range c.cand {
		buf = buf[:0]
		for _, f := range c.cand {
			if f == j {
				continue
			}
			var v float64
			for i := 0; i < c.n; i += step {
				v += math.Abs(c.dist(i, j) - c.dist(i, f))
			}
			buf = append(buf, cand{f, v})
		}
		slices.SortFunc(buf, func(a, b cand) int {
			if r := cmp.Compare(a.v, b.v); r != 0 {
				return r
			}
			return cmp.Compare(a.f, b.f)
		})
		for _, x := range buf[:k] {
			near[j] = append(near[j], int32(x.f))
		}
	}
	return near
}

func (c *cpInst) openOf(newSites []int) []int {
	open := append(slices.Clone(c.fixed), newSites...)
	slices.Sort(open)
	return open
}

func (c *cpInst) cost(i, j int) float64 { return c.w[i] * c.d[i*c.m+j] }

// gap assigns every client to one of open respecting capacities: the regret
// heuristic of Martello & Toth, then shift and (if full) swap moves with an
// overload penalty. It returns the assignment, its cost and whether it is
// feasible.
func (c *cpInst) gap(open []int, full bool) ([]int, float64, bool) {
	n := c.n
	res := make([]float64, c.m) // residual capacity
	for _, j := range open {
		res[j] = c.capa[j]
	}
	assign := make([]int, n)
	for i := range assign {
		assign[i] = -1
	}
	left := make([]int, n)
	for i := range left {
		left[i] = i
	}
	over := false
	for len(left) > 0 {
		bi, bk, bj := -1, -1, -1
		breg := math.Inf(-1)
		for k, i := range left {
			c1, c2 := math.Inf(1), math.Inf(1)
			j1 := -1
			for _, j := range open {
				if res[j]+1e-9 < c.q[i] {
					continue
				}
				v := c.cost(i, j)
				if v < c1 {
					c2, c1, j1 = c1, v, j
				} else if v < c2 {
					c2 = v
				}
			}
			if j1 < 0 {
				continue
			}
			reg := c2 - c1
			if reg > breg {
				bi, bk, bj, breg = i, k, j1, reg
			}
		}
		if bi < 0 {
			// No client fits anywhere: overload the roomiest site.
			over = true
			for _, i := range left {
				bj := open[0]
				for _, j := range open {
					if res[j] > res[bj] {
						bj = j
					}
				}
				assign[i] = bj
				res[bj] -= c.q[i]
			}
			break
		}
		assign[bi] = bj
		res[bj] -= c.q[bi]
		left = slices.Delete(left, bk, bk+1)
	}
	c.improveGAP(open, assign, res, full || over)
	var obj float64
	feasible := true
	for i, j := range assign {
		obj += c.cost(i, j)
		_ = i
	}
	for _, j := range open {
		if res[j] < -1e-9 {
			feasible = false
		}
	}
	return assign, obj, feasible
}

// improveGAP applies improving shift and swap moves; overload is reduced
// first, then cost.
func (c *cpInst) improveGAP(open, assign []int, res []float64, swaps bool) {
	over := func(r float64) float64 { return math.Max(0, -r) }
	const eps = 1e-9
	for pass := 0; pass < 100; pass++ {
		improved := false
		// Shifts.
		for i := range c.n {
			a := assign[i]
			qi := c.q[i]
			ca := c.cost(i, a)
			for _, b := range open {
				if b == a {
					continue
				}
				dOver := over(res[a]+qi) + over(res[b]-qi) - over(res[a]) - over(res[b])
				dCost := c.cost(i, b) - ca
				if dOver < -eps || (dOver <= eps && res[b]-qi >= -eps && dCost < -eps) {
					res[a] += qi
					res[b] -= qi
					assign[i] = b
					a, ca = b, c.cost(i, b)
					improved = true
				}
			}
		}
		if swaps {
			for i := range c.n {
				for i2 := i + 1; i2 < c.n; i2++ {
					a, b := assign[i], assign[i2]
					if a == b {
						continue
					}
					dq := c.q[i] - c.q[i2]
					ra, rb := res[a]+dq, res[b]-dq
					dOver := over(ra) + over(rb) - over(res[a]) - over(res[b])
					dCost := c.cost(i, b) + c.cost(i2, a) - c.cost(i, a) - c.cost(i2, b)
					if dOver < -eps || (dOver <= eps && ra >= -eps && rb >= -eps && dCost < -eps) {
						res[a], res[b] = ra, rb
						assign[i], assign[i2] = b, a
						improved = true
					}
				}
			}
		}
		if !improved {
			return
		}
	}
}

// cpSol is a CPMP solution: new medians, assignment, cost.
type cpSol struct {
	sites  []int
	assign []int
	obj    float64
}

func (s cpSol) clone() cpSol {
	return cpSol{slices.Clone(s.sites), slices.Clone(s.assign), s.obj}
}

func (c *cpInst) costOf(assign []int) float64 {
	var o float64
	for i, a := range assign {
		o += c.cost(i, a)
	}
	return o
}

// residual returns the residual capacities of an assignment.
func (c *cpInst) residual(open, assign []int) []float64 {
	res := make([]float64, c.m)
	for _, j := range open {
		res[j] = c.capa[j]
	}
	for i, a := range assign {
		res[a] -= c.q[i]
	}
	return res
}

// evaluate assigns clients to fixed + sites; ok false when infeasible.
func (c *cpInst) evaluate(sites []int, full bool) (cpSol, bool) {
	open := c.openOf(sites)
	a, o, ok := c.gap(open, full)
	if ok && full && c.n <= 24 {
		// Small instances: the assignment exactly (node-limited).
		a, o = c.gapExact(context.Background(), open, a, o, 20_000)
	}
	return cpSol{slices.Clone(sites), a, o}, ok
}

// polish alternates relocation (each new median moves to the site that
// serves its cluster most cheaply and can hold its load, as in Cooper's
// alternating heuristic) and reassignment, keeping only improvements.
func (c *cpInst) polish(ctx context.Context, s cpSol) cpSol {
	s = s.clone()
	isOpen := make([]bool, c.m)
	for round := 0; round < 20 && !done(ctx); round++ {
		clear(isOpen)
		for _, j := range c.fixed {
			isOpen[j] = true
		}
		for _, j := range s.sites {
			isOpen[j] = true
		}
		moved := false
		for k, j := range s.sites {
			var members []int
			var load, cur float64
			for i, a := range s.assign {
				if a == j {
					members = append(members, i)
					load += c.q[i]
					cur += c.cost(i, j)
				}
			}
			bf, bv := -1, cur
			for _, f := range c.cand {
				if isOpen[f] || c.capa[f]+1e-9 < load {
					continue
				}
				v := 0.0
				for _, i := range members {
					if v += c.cost(i, f); v >= bv {
						break
					}
				}
				if v < bv-1e-9*math.Max(1, bv) {
					bf, bv = f, v
				}
			}
			if bf >= 0 {
				isOpen[j], isOpen[bf] = false, true
				s.sites[k] = bf
				for _, i := range members {
					s.assign[i] = bf
				}
				moved = true
			}
		}
		open := c.openOf(s.sites)
		res := c.residual(open, s.assign)
		c.improveGAP(open, s.assign, res, true)
		s.obj = c.costOf(s.assign)
		if !moved {
			break
		}
		if a, o, ok := c.gap(open, true); ok && o < s.obj-1e-9*math.Max(1, s.obj) {
			s.assign, s.obj = a, o
		}
	}
	return s
}

// initial builds a first solution: the uncapacitated p-median medians
// (fast interchange), then assignment and polishing; failing that, the
// largest capacities.
func (c *cpInst) initial(ctx context.Context) (cpSol, bool) {
	if c.p == 0 {
		return c.evaluate(nil, true)
	}
	s := newLS(c.inst, nil)
	s.load(greedyPM(c.inst, nil, 0))
	s.descend(ctx)
	if sol, ok := c.evaluate(s.sites, true); ok {
		return c.polish(ctx, sol), true
	}
	cand := slices.Clone(c.cand)
	slices.SortStableFunc(cand, func(a, b int) int { return cmp.Compare(c.capa[b], c.capa[a]) })
	if sol, ok := c.evaluate(cand[:c.p], true); ok {
		return c.polish(ctx, sol), true
	}
	return cpSol{}, false
}

// descend applies improving median swaps (first improvement over the
// similar-site neighbourhood, screened with the quick assignment) followed
// by polishing, until none improves.
func (c *cpInst) descend(ctx context.Context, s cpSol, rng *rand.Rand) cpSol {
	isOpen := make([]bool, c.m)
	for improved := true; improved && !done(ctx); {
		improved = false
		clear(isOpen)
		for _, j := range s.sites {
			isOpen[j] = true
		}
		for _, j := range c.fixed {
			isOpen[j] = true
		}
		sites := slices.Clone(s.sites)
	scan:
		for _, k := range rng.Perm(len(sites)) {
			r := sites[k]
			for _, f32 := range c.near[r] {
				f := int(f32)
				if isOpen[f] {
					continue
				}
				sites[k] = f
				if t, ok := c.evaluate(sites, false); ok && t.obj < s.obj-1e-9*math.Max(1, s.obj) {
					if t2 := c.polish(ctx, t); t2.obj < s.obj {
						s = t2
						improved = true
						break scan
					}
				}
				sites[k] = r
			}
		}
	}
	return s
}

// ils is one iterated local search run over the medians.
func (c *cpInst) ils(ctx context.Context, seed cpSol, run int, rs uint64, iters int, target float64) (cpSol, int) {
	rng := rand.New(rand.NewPCG(rs, uint64(run)))
	cur := seed.clone()
	if run > 0 {
		// A different start: sample greedy medians.
		s := newLS(c.inst, nil)
		q := max(2, int(math.Ceil(math.Log2(float64(len(c.cand))/float64(c.p)+1))))
		s.load(greedyPM(c.inst, rng, 2*q))
		s.descend(ctx)
		if t, ok := c.evaluate(s.sites, true); ok {
			cur = c.polish(ctx, t)
		}
	}
	cur = c.descend(ctx, cur, rng)
	best := cur.clone()
	it := 0
	for ; it < iters && best.obj > target && !done(ctx); it++ {
		sites := slices.Clone(cur.sites)
		isOpen := make([]bool, c.m)
		for _, j := range sites {
			isOpen[j] = true
		}
		for _, j := range c.fixed {
			isOpen[j] = true
		}
		for range 1 + rng.IntN(min(2, c.p)) {
			if len(c.cand) == c.p {
				break
			}
			var f int
			for {
				if f = c.cand[rng.IntN(len(c.cand))]; !isOpen[f] {
					break
				}
			}
			x := rng.IntN(c.p)
			isOpen[sites[x]], isOpen[f] = false, true
			sites[x] = f
		}
		t, ok := c.evaluate(sites, true)
		if !ok {
			continue
		}
		t = c.descend(ctx, c.polish(ctx, t), rng)
		if t.obj < best.obj-1e-9*math.Max(1, best.obj) {
			best = t.clone()
		}
		if t.obj <= cur.obj+1e-9*math.Max(1, cur.obj) || rng.Float64() < 0.1 {
			cur = t
		}
	}
	return best, it
}

// gapExact improves an assignment to the fixed medians open by depth-first
// branch and bound over clients (largest demand first; bound: cost so far
// plus each remaining client's cheapest site with room). It stops after
// maxNodes nodes and returns the best assignment found and its cost.
func (c *cpInst) gapExact(ctx context.Context, open, assign []int, obj float64, maxNodes int) ([]int, float64) {
	order := make([]int, c.n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(c.q[b], c.q[a]) })
	res := make([]float64, c.m)
	for _, j := range open {
		res[j] = c.capa[j]
	}
	// minRest[k] = Σ over order[k:] of the cheapest cost (capacities ignored).
	minRest := make([]float64, c.n+1)
	for k := c.n - 1; k >= 0; k-- {
		i := order[k]
		b := math.Inf(1)
		for _, j := range open {
			b = math.Min(b, c.cost(i, j))
		}
		minRest[k] = minRest[k+1] + b
	}
	best, bestObj := slices.Clone(assign), obj
	cur := make([]int, c.n)
	nodes := 0
	eps := 1e-9 * math.Max(1, obj)
	type opt struct {
		j int
		v float64
	}
	var rec func(k int, cost float64)
	rec = func(k int, cost float64) {
		if nodes >= maxNodes || cost+minRest[k] >= bestObj-eps {
			return
		}
		if nodes++; nodes&1023 == 0 && done(ctx) {
			nodes = maxNodes
			return
		}
		if k == c.n {
			bestObj = cost
			copy(best, cur)
			return
		}
		i := order[k]
		var opts [64]opt
		os := opts[:0]
		for _, j := range open {
			if res[j]+1e-9 >= c.q[i] {
				os = append(os, opt{j, c.cost(i, j)})
			}
		}
		slices.SortFunc(os, func(a, b opt) int { return cmp.Compare(a.v, b.v) })
		for _, o := range os {
			res[o.j] -= c.q[i]
			cur[i] = o.j
			rec(k+1, cost+o.v)
			res[o.j] += c.q[i]
		}
	}
	rec(0, 0)
	return best, bestObj
}
