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

// mcLS is the interchange local search for maximal covering, with the same
// bookkeeping as the p-median fast interchange: for a swap (insert f,
// remove the site r)
//
//	profit(f, r) = gain(f) − loss(r) + extra(f, r)
//
// gain(f): weight of uncovered clients f covers; loss(r): weight of the
// clients only r covers; extra(f, r): weight of the clients only r covers
// that f covers too.
type mcLS struct {
	v     *cov
	p     int
	open  []bool
	sites []int
	pos   []int
	cnt   []int32 // per client, open new sites covering it
	who   []int   // per client, Σ of the open sites covering it (the site when cnt = 1)
	gain  []float64
	loss  []float64
	extra []float64 // m × p
	obj   float64   // covered weight among active clients
	lossK []float64
	aff   []int32
	mark  []bool
	dl    time.Time // descents stop past it (zero: no deadline)
	// bestSparse's scratch: per site the best value and position, and a
	// visit stamp.
	bestV []float64
	bestK []int32
	stamp []int64
	gen   int64
	// moveTo's scratch: membership of the target, and the calls made.
	inT   []bool
	moves int
}

func newMcLS(v *cov, p int) *mcLS {
	return &mcLS{v: v, p: p,
		open: make([]bool, v.m), pos: make([]int, v.m),
		cnt: make([]int32, v.n), who: make([]int, v.n),
		gain: make([]float64, v.m), loss: make([]float64, v.m),
		extra: make([]float64, v.m*max(p, 1)), mark: make([]bool, v.n)}
}

// load opens sites (at most p) and rebuilds every structure.
func (s *mcLS) load(sites []int) {
	v := s.v
	clear(s.open)
	clear(s.cnt)
	clear(s.who)
	clear(s.gain)
	clear(s.loss)
	clear(s.extra)
	for j := range s.pos {
		s.pos[j] = -1
	}
	s.sites = append(s.sites[:0], sites...)
	for k, j := range s.sites {
		s.open[j], s.pos[j] = true, k
		for _, i := range v.covers[j] {
			s.cnt[i]++
			s.who[i] += j
		}
	}
	s.obj = 0
	for i := range v.n {
		if v.active[i] {
			if s.cnt[i] > 0 {
				s.obj += v.w[i]
			}
			s.contrib(i, 1)
		}
	}
}

func (s *mcLS) contrib(i int, sign float64) {
	v := s.v
	w := v.w[i] * sign
	if w == 0 {
		return
	}
	switch s.cnt[i] {
	case 0:
		for _, f := range v.by[i] {
			s.gain[f] += w
		}
	case 1:
		r := s.who[i]
		k := s.pos[r]
		s.loss[r] += w
		for _, f := range v.by[i] {
			if !s.open[f] {
				s.extra[int(f)*s.p+k] += w
			}
		}
	}
}

// best returns the best swap; with inF/inR the swap is restricted.
func (s *mcLS) best(inF, inR []bool) (f, k int, profit float64) {
	s.lossK = growFloats(s.lossK, s.p)
	if inF == nil && inR == nil && len(s.sites) == s.p && s.v.pairs < len(s.v.cand)*s.p {
		return s.bestSparse()
	}
	return bestSwap(s.v.cand, s.p, s.sites, s.open, s.gain, s.loss, s.extra, s.lossK, inF, inR)
}

// bestSparse is bestSwap without restrictions, visiting only the pairs
// (f, k) with extra(f, k) > 0 possible (f covers a client that only the
// site at k covers) besides the best pair with no extra per f: the work is
// the candidates plus the clients covered once times their covering
// sites, instead of candidates × p. It returns the same swap as bestSwap.
func (s *mcLS) bestSparse() (f, k int, profit float64) { return s.bestVisit(nil, 0) }

// bestVisit is bestSparse restricted, when tabu is not nil, to the swaps
// whose inserted and removed sites are not tabu (tabu[j] > it). f < 0 when
// no swap is allowed.
func (s *mcLS) bestVisit(tabu []int, it int) (f, k int, profit float64) {
	v, p := s.v, s.p
	if len(s.bestV) < v.m {
		s.bestV = make([]float64, v.m)
		s.bestK = make([]int32, v.m)
		s.stamp = make([]int64, v.m)
	}
	allowed := func(j int) bool { return tabu == nil || tabu[j] <= it }
	kMin, lMin := -1, math.Inf(1)
	for kk, r := range s.sites {
		if allowed(r) && s.loss[r] < lMin {
			kMin, lMin = kk, s.loss[r]
		}
	}
	if kMin < 0 {
		return -1, -1, math.Inf(-1)
	}
	for _, ff := range v.cand {
		if !s.open[ff] {
			s.bestV[ff], s.bestK[ff] = s.gain[ff]-lMin+s.extra[ff*p+kMin], int32(kMin)
		}
	}
	for kk, r := range s.sites {
		if !allowed(r) {
			continue
		}
		s.gen++
		lr := s.loss[r]
		for _, i := range v.covers[r] {
			if s.cnt[i] != 1 {
				continue
			}
			for _, f32 := range v.by[i] {
				ff := int(f32)
				if s.open[ff] || s.stamp[ff] == s.gen {
					continue
				}
				s.stamp[ff] = s.gen
				val := s.gain[ff] - lr + s.extra[ff*p+kk]
				if val > s.bestV[ff] || val == s.bestV[ff] && int32(kk) < s.bestK[ff] {
					s.bestV[ff], s.bestK[ff] = val, int32(kk)
				}
			}
		}
	}
	f, k, profit = -1, -1, math.Inf(-1)
	for _, ff := range v.cand {
		if !s.open[ff] && allowed(ff) && s.bestV[ff] > profit {
			f, k, profit = ff, int(s.bestK[ff]), s.bestV[ff]
		}
	}
	return f, k, profit
}

// swap inserts f in place of the site at position k.
func (s *mcLS) swap(f, k int) {
	v := s.v
	r := s.sites[k]
	s.aff = s.aff[:0]
	for _, list := range [2][]int32{v.covers[f], v.covers[r]} {
		for _, i := range list {
			if !s.mark[i] {
				s.mark[i] = true
				s.aff = append(s.aff, i)
				s.contrib(int(i), -1)
				if s.cnt[i] > 0 {
					s.obj -= v.w[i]
				}
			}
		}
	}
	for _, i := range v.covers[r] {
		s.cnt[i]--
		s.who[i] -= r
	}
	for _, i := range v.covers[f] {
		s.cnt[i]++
		s.who[i] += f
	}
	s.open[r], s.pos[r] = false, -1
	s.open[f], s.pos[f] = true, k
	s.sites[k] = f
	s.gain[f], s.loss[r] = 0, 0
	clear(s.extra[f*s.p : f*s.p+s.p])
	for j := k; j < len(s.extra); j += s.p {
		s.extra[j] = 0
	}
	for _, i := range s.aff {
		s.mark[i] = false
		s.contrib(int(i), 1)
		if s.cnt[i] > 0 {
			s.obj += v.w[i]
		}
	}
}

// moveTo makes target (p distinct sites) the open set by swaps, at the
// cost of the sites that differ instead of a rebuild (load); every
// mcReload calls it rebuilds, so that rounding in the incremental
// objective cannot build up.
func (s *mcLS) moveTo(target []int) {
	if s.moves++; s.moves%mcReload == 0 || len(s.sites) != s.p || len(target) != s.p {
		s.load(target)
		return
	}
	if len(s.inT) < s.v.m {
		s.inT = make([]bool, s.v.m)
	}
	for _, j := range target {
		s.inT[j] = true
	}
	t := 0
	for k := range s.sites {
		if s.inT[s.sites[k]] {
			continue
		}
		for s.open[target[t]] {
			t++
		}
		s.swap(target[t], k)
	}
	for _, j := range target {
		s.inT[j] = false
	}
}

// mcReload is how many moveTo calls share one rebuild.
const mcReload = 1000

func (s *mcLS) eps() float64 { return 1e-9 * math.Max(1, s.v.total) }

// descend applies best-improvement swaps until none improves.
func (s *mcLS) descend(ctx context.Context) {
	if s.p == 0 || len(s.sites) < s.p {
		return
	}
	for n := 0; ; n++ {
		if n&3 == 3 && (done(ctx) || past(s.dl)) {
			return
		}
		f, k, profit := s.best(nil, nil)
		if f < 0 || profit <= s.eps() {
			return
		}
		s.swap(f, k)
	}
}

// exact recomputes the covered weight (active clients) of sites.
func (v *cov) exact(sites []int) float64 {
	seen := make([]bool, v.n)
	var o float64
	for _, j := range sites {
		for _, i := range v.covers[j] {
			if !seen[i] {
				seen[i] = true
				o += v.w[i]
			}
		}
	}
	return o
}

// greedyMC adds p sites by largest marginal coverage; with rng, each step
// picks at random among the sample best (a GRASP restricted candidate list).
func (v *cov) greedyMC(p int, rng *rand.Rand, rcl int) []int {
	gain := make([]float64, v.m)
	for _, j := range v.cand {
		for _, i := range v.covers[j] {
			gain[j] += v.w[i]
		}
	}
	covered := make([]bool, v.n)
	chosen := make([]bool, v.m)
	var sites []int
	type cg struct {
		j int
		g float64
	}
	top := make([]cg, 0, rcl)
	for len(sites) < p {
		top = top[:0]
		for _, j := range v.cand {
			if chosen[j] {
				continue
			}
			if rng == nil {
				if len(top) == 0 || gain[j] > top[0].g {
					top = append(top[:0], cg{j, gain[j]})
				}
				continue
			}
			// Keep the rcl best.
			if len(top) < rcl || gain[j] > top[len(top)-1].g {
				x := cg{j, gain[j]}
				pos, _ := slices.BinarySearchFunc(top, x, func(a, b cg) int { return cmp.Compare(b.g, a.g) })
				top = slices.Insert(top, pos, x)
				if len(top) > rcl {
					top = top[:rcl]
				}
			}
		}
		if len(top) == 0 {
			break
		}
		pick := top[0].j
		if rng != nil {
			pick = top[rng.IntN(len(top))].j
		}
		chosen[pick] = true
		sites = append(sites, pick)
		for _, i := range v.covers[pick] {
			if !covered[i] {
				covered[i] = true
				for _, f := range v.by[i] {
					gain[f] -= v.w[i]
				}
			}
		}
	}
	return sites
}

// mcRun is one ILS run's outcome.
type mcRun struct {
	sites []int
	obj   float64
	iter  int
	elite [][]int // the run's elite pool (each sorted)
}

// ilsMC is one iterated local search run (GRASP start, interchange
// descent, random swaps as perturbation, path relinking to an elite pool).
// It stops early once obj ≥ stopAt.
//
// It also ends at the deadline dl (zero: none) and, when stallMax > 0, after
// stallMax iterations without improving its best.
func (v *cov) ilsMC(ctx context.Context, p int, seed []int, run int, rs uint64, iters int, stopAt float64, dl time.Time, rep *reporter, stallMax int) mcRun {
	rng := rand.New(rand.NewPCG(rs, uint64(run)))
	s := newMcLS(v, p)
	s.dl = dl
	if run == 0 && seed != nil {
		s.load(seed)
	} else {
		s.load(v.greedyMC(p, rng, 3))
	}
	s.descend(ctx)
	cur, curObj := slices.Clone(s.sites), s.obj
	best, bestObj := slices.Clone(cur), curObj
	pool := &elite{size: 10}
	pool.add(cur, -curObj)
	eps := s.eps()
	// Adaptive strength: kicks of one or two swaps, growing while the
	// search stalls and back to one on an improvement of the current
	// solution.
	maxK := max(1, min(p, len(v.cand)-p, 10))
	// Tabu walk after each descent (mclp_tabu.go), under a time budget
	// and on instances with few covering pairs only (see mcTabuPairs).
	useTabu := !dl.IsZero() && v.pairs <= mcTabuPairs
	var tabu []int
	if useTabu {
		tabu = make([]int, v.m)
	}
	tenure := func() int { return mcTenureMin + rng.IntN(max(2, p/mcTenureDiv)) }
	strength := 1
	it, stall := 0, 0
	for ; it < iters && bestObj < stopAt-eps && len(v.cand) > p; it++ {
		if done(ctx) || past(dl) || stallMax > 0 && stall >= stallMax {
			break
		}
		s.moveTo(cur)
		for range min(maxK, strength+rng.IntN(2)) {
			s.swap(s.kickSite(rng), rng.IntN(p))
		}
		s.descend(ctx)
		if useTabu {
			s.tabuWalk(ctx, tabu, mcTabuStall, tenure)
		}
		sites, obj := slices.Clone(s.sites), s.obj
		if len(pool.sites) > 1 && it%3 == 0 {
			g := pool.sites[rng.IntN(len(pool.sites))]
			if mid := s.relink(g); mid != nil {
				s.load(mid)
				s.descend(ctx)
				if s.obj > obj+eps {
					sites, obj = slices.Clone(s.sites), s.obj
				}
			}
		}
		pool.add(sites, -obj)
		if obj > bestObj+eps {
			best, bestObj, stall = slices.Clone(sites), obj, 0
			rep.report("local search", v.base+bestObj, math.NaN(), false)
		} else {
			stall++
		}
		switch {
		case obj > curObj+eps:
			strength = 1
		case stall > 0 && stall%10 == 0:
			strength = min(maxK, strength+1)
		}
		switch {
		case obj >= curObj-eps || obj >= bestObj*(1-accept*rng.Float64()):
			// Equal or better, or worse by a small random margin of the
			// best (a threshold acceptance that lets the search drift).
			cur, curObj = sites, obj
		case stall > 0 && stall%25 == 0:
			k := rng.IntN(len(pool.sites))
			cur, curObj = slices.Clone(pool.sites[k]), -pool.obj[k]
		}
	}
	return mcRun{sites: best, obj: v.exact(best), iter: it, elite: pool.sites}
}

// accept is the largest relative margin below the best by which the
// iterated local search may accept a worse solution (0.1%: on SJC818,
// r = 400 m, p = 30 it reached 28,703 in 10 s against 28,670 when only
// equal or better solutions were accepted; the optimum is 28,709).
const accept = 0.001

// kickSite returns a closed site to open in a kick: mostly one covering a
// random uncovered client (the kick then moves towards demand left out),
// else any closed candidate.
func (s *mcLS) kickSite(rng *rand.Rand) int {
	v := s.v
	if rng.IntN(4) != 0 {
		for range 40 {
			i := rng.IntN(v.n)
			if !v.active[i] || s.cnt[i] > 0 || v.w[i] <= 0 {
				continue
			}
			if f := int(v.by[i][rng.IntN(len(v.by[i]))]); !s.open[f] {
				return f
			}
			break
		}
	}
	for {
		if f := v.cand[rng.IntN(len(v.cand))]; !s.open[f] {
			return f
		}
	}
}

// relink walks from the current solution towards guide and returns the
// best intermediate solution, or nil.
func (s *mcLS) relink(guide []int) []int {
	v := s.v
	inF, inR, diff := relinkSets(v.m, s.open, s.sites, guide)
	if diff < 2 {
		return nil
	}
	var bestSites []int
	bestObj := math.Inf(-1)
	for step := 0; step < diff-1; step++ {
		f, k, _ := s.best(inF, inR)
		if f < 0 {
			break
		}
		inR[s.sites[k]], inF[f] = false, false
		s.swap(f, k)
		if s.obj > bestObj {
			bestObj, bestSites = s.obj, slices.Clone(s.sites)
		}
	}
	return bestSites
}

// lagrangeMC computes an upper bound on the weight p new sites can cover
// (active clients only) by relaxing the coverage constraints
// z_i ≤ Σ_{j covers i} y_j with multipliers λ_i ≥ 0:
//
//	L(λ) = Σ_i max(0, w_i − λ_i) + (sum of the p largest Λ_j = Σ_{i ∈ N_j} λ_i)
//
// minimised by subgradient optimisation (Galvão & ReVelle 1996). lbObj is a
// known feasible value; the search stops once L < stopBelow (a proof for
// LSCP) or L ≤ lbObj (optimality). It also reports the best primal set met.
func (v *cov) lagrangeMC(ctx context.Context, p int, lbObj, stopBelow float64, maxIter int) (float64, []int, float64) {
	if p >= len(v.cand) {
		return v.maxReach - v.base, slices.Clone(v.cand), v.maxReach - v.base
	}
	lam := v.startLam()
	big := make([]float64, v.m)
	cand := slices.Clone(v.cand)
	g := make([]float64, v.n)
	cntOpen := make([]int32, v.n)
	best := math.Inf(1)
	bestLam := slices.Clone(lam)
	var bestSites []int
	bestPrimal := lbObj
	f, since := 2.0, 0
	eps := 1e-9 * math.Max(1, v.total)
	for it := 0; it < maxIter; it++ {
		if it&7 == 7 && done(ctx) {
			break
		}
		var L float64
		for i := range v.n {
			if v.active[i] {
				L += math.Max(0, v.w[i]-lam[i])
			}
		}
		for _, j := range cand {
			var s float64
			for _, i := range v.covers[j] {
				s += lam[i]
			}
			big[j] = s
		}
		slices.SortFunc(cand, func(a, b int) int {
			if r := cmp.Compare(big[b], big[a]); r != 0 {
				return r
			}
			return cmp.Compare(a, b)
		})
		for _, j := range cand[:p] {
			L += big[j]
		}
		if L < best-1e-12*math.Max(1, math.Abs(L)) {
			best, since = L, 0
			copy(bestLam, lam)
		} else if since++; since >= 30 {
			f /= 2
			since = 0
		}
		clear(cntOpen)
		for _, j := range cand[:p] {
			for _, i := range v.covers[j] {
				cntOpen[i]++
			}
		}
		if it%5 == 0 {
			var o float64
			for i := range v.n {
				if cntOpen[i] > 0 {
					o += v.w[i]
				}
			}
			if o > bestPrimal+eps || bestSites == nil && o >= bestPrimal-eps {
				bestPrimal, bestSites = o, slices.Clone(cand[:p])
			}
		}
		if best < stopBelow || best <= bestPrimal+eps || f < 1e-5 {
			break
		}
		if v.integer && math.Floor(best+1e-6) <= bestPrimal+eps {
			break
		}
		var norm float64
		for i := range v.n {
			if !v.active[i] {
				continue
			}
			z := 0.0
			if v.w[i] > lam[i] {
				z = 1
			}
			gi := float64(cntOpen[i]) - z
			if lam[i] <= 0 && gi > 0 {
				gi = 0 // projected: λ cannot go below 0
			}
			g[i] = gi
			norm += gi * gi
		}
		if norm == 0 {
			break
		}
		t := f * (L - bestPrimal) / norm
		if t <= 0 {
			t = f * 1e-3 * math.Max(1, L) / norm
		}
		for i := range v.n {
			if v.active[i] {
				lam[i] = math.Max(0, lam[i]-t*g[i])
			}
		}
	}
	return best, bestSites, bestPrimal
}

// MCLP solves the maximal covering location problem (Church & ReVelle
// 1974): open p new sites, besides the fixed ones, maximising the weight of
// the covered clients (the fixed sites' coverage included).
//
// It builds a greedy start improved by an interchange local search (the
// fast interchange bookkeeping adapted to coverage, with the best swap
// found by visiting only the pairs that share once-covered clients),
// computes an upper bound by Lagrangian relaxation of the coverage
// constraints (deflected subgradient steps), runs an adaptive iterated
// local search with path relinking (kicks towards uncovered demand whose
// strength grows while the search stalls, threshold acceptance), then a
// Lagrangian branch and bound with reduced-cost fixing, which proves
// optimality where the tree closes, and, where it does not, region
// problems: a few neighbouring sites placed again exactly among the
// candidates around them, the rest fixed (mclp_region.go).
//
// Without Options.TimeLimit the effort is fixed (iterations, a node
// budget, a number of region problems), so a seed reproduces its answer.
// With it, the search runs until the budget is spent or optimality is
// proved, each phase taking a share of the time the earlier ones left:
// the root bound at most an eighth, the local search until it stalls or a
// quarter, the branch and bound a tenth (depth first), the region problems
// until they find nothing better or half (on instances with at most
// 100,000 covering pairs, three quarters, with regions of up to 2p/3
// sites), the branch and bound again a
// third (best bound first, so that the reported bound falls), then, on instances with at most
// 100,000 covering pairs, core problems (elite solutions' shared sites
// fixed, mclp_core.go) half, and the local search the rest. Under a budget,
// on those instances, a tabu walk also follows every descent of the local
// search (mclp_tabu.go).
func MCLP(ctx context.Context, c *Coverage, p int, opt Options) (*Solution, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v, err := newCov(c, "MCLP")
	if err != nil {
		return nil, err
	}
	if p < 0 {
		return nil, fmt.Errorf("MCLP: p = %d must be ≥ 0", p)
	}
	if p > len(v.cand) {
		return nil, fmt.Errorf("MCLP: p = %d new sites requested but only %d sites may open (%d sites, %d fixed, %d forbidden)", p, len(v.cand), v.m, len(v.fixed), v.m-len(v.cand)-len(v.fixed))
	}
	sites, obj, ub, iters := v.solveMC(ctx, p, math.Inf(1), opt, false)
	sol := &Solution{Objective: v.base + obj, Iter: iters}
	sol.Open, sol.New = openLists(v.fixed, sites)
	sol.Method = MethodMCLP
	sol.finish(v.base+ub, false, v.integer, start)
	return sol, nil
}

// solveMC returns p sites, their covered weight (active clients), an upper
// bound and the iterations done. stopAt ends the search early once reached.
//
// With giveUp, the search is skipped when the bound shows stopAt out of
// reach (a feasibility question).
//
// The phases, and how a time budget (ignored for feasibility questions)
// shares the time among them, are MCLP's.
func (v *cov) solveMC(ctx context.Context, p int, stopAt float64, opt Options, giveUp bool) ([]int, float64, float64, int) {
	start := time.Now()
	if p == 0 {
		return []int{}, 0, 0, 0
	}
	reach := v.maxReach - v.base
	if p == len(v.cand) {
		s := slices.Clone(v.cand)
		return s, v.exact(s), reach, 0
	}
	if giveUp {
		// Feasibility questions (p-center's radii) are many calls: the
		// time budget is the caller's, not each call's.
		opt.TimeLimit, opt.Progress = 0, nil
	}
	dl := opt.deadline(start)
	rep := newReporter(opt.Progress, start).keepBest(+1)
	// share returns the time when the fraction f of the budget left is
	// spent (zero without a budget): each phase takes a share of what the
	// earlier ones left, so that a slow machine shortens every phase
	// instead of skipping the late ones.
	share := func(f float64) time.Time {
		if dl.IsZero() {
			return time.Time{}
		}
		now := time.Now()
		return now.Add(time.Duration(f * float64(dl.Sub(now))))
	}
	s := newMcLS(v, p)
	s.load(v.greedyMC(p, nil, 1))
	s.descend(ctx)
	bestSites, bestObj := slices.Clone(s.sites), v.exact(s.sites)
	rep.report("greedy", v.base+bestObj, math.NaN(), true)
	stop := math.Min(stopAt, reach)
	eps := 1e-9 * math.Max(1, v.total)
	delta := eps
	if v.integer {
		delta = 1 - 1e-6
	}
	// Root bound: subgradient on the Lagrangian relaxation.
	lam := v.startLam()
	work := v.newLagWork()
	root := v.node(make([]int8, v.m), p)
	lagStop := bestObj
	if giveUp && stop < math.Inf(1) {
		lagStop = stop - delta // a feasibility question: prove stop unreachable
	}
	// Without a time budget: plain steps first (they prove the easy
	// instances quickly), then, on small instances, a deflected run from
	// scratch (closer to the LP bound), keeping the better. With one: the
	// deflected run only, whose multipliers also guide the branch and
	// bound's dives better.
	var r lagResult
	if dl.IsZero() {
		lam0 := slices.Clone(lam)
		r = v.subgradientTo(ctx, root, lam, lagStop, delta, math.Inf(1), 1500, work, dl, 0)
		cheap := 1500*v.pairs <= 100_000_000 // the second run doubles the root's work
		if cheap && r.bound >= math.Max(lagStop, r.primalObj)+delta && !done(ctx) {
			r2 := v.subgradientTo(ctx, root, lam0, math.Max(lagStop, r.primalObj), delta, math.Inf(1), 1500, work, dl, rootDeflect)
			if r2.primalObj > r.primalObj {
				r.primal, r.primalObj = r2.primal, r2.primalObj
			}
			if r2.bound < r.bound {
				r.bound, lam = r2.bound, lam0
			}
		}
	} else {
		r = v.subgradientTo(ctx, root, lam, lagStop, delta, math.Inf(1), 1500, work, share(1.0/8), rootDeflect)
	}
	ub := math.Min(r.bound, reach)
	rep.report("bound", v.base+bestObj, v.base+ub, true)
	if r.primal != nil && r.primalObj > bestObj+eps {
		s.load(r.primal)
		s.descend(ctx)
		if o := v.exact(s.sites); o > bestObj+eps {
			bestSites, bestObj = slices.Clone(s.sites), o
		}
	}
	target := ub
	if v.integer {
		target = math.Floor(ub + 1e-6)
	}
	if giveUp && target < stop-eps {
		return bestSites, bestObj, ub, 0
	}
	stop = math.Min(stop, target)
	iters := 0
	var elite [][]int
	if bestObj < stop-eps && !done(ctx) && !past(dl) {
		total := opt.MaxIter
		ilsDL, stallMax := time.Time{}, 0
		if total <= 0 {
			total = max(200, 10*p)
			if !dl.IsZero() {
				total = math.MaxInt / 2
				ilsDL = share(1.0 / 4)
				stallMax = max(100, 4*p)
			}
		}
		per := max(1, (total+independentRuns-1)/independentRuns)
		seed := bestSites
		rs := parallel(independentRuns, opt.workers(), func(run int) mcRun {
			return v.ilsMC(ctx, p, seed, run, runSeed(opt.Seed, run), per, stop, ilsDL, rep, stallMax)
		})
		for _, r := range rs {
			iters += r.iter
			elite = append(elite, r.elite...)
			if r.obj > bestObj+eps {
				bestSites, bestObj = r.sites, r.obj
			}
		}
	}
	// Close the gap by branch and bound (not for feasibility questions,
	// whose answer the search above settles or the bound refutes): first
	// with the fixed node budget, or a tenth of the time left, which proves
	// the instances whose bound is tight, depth first (its dives also find
	// better solutions); then, when the tree did not close, region problems
	// (neighbouring sites placed again exactly, mclp_region.go) raise the
	// incumbent; under a time budget the branch and bound then runs again,
	// best bound first so that the bound it reports falls, a third of the
	// time left, core problems (few covering pairs only,
	// mclp_core.go) until seven eighths, and the local search to the end.
	if !giveUp && bestObj < stop-eps && !done(ctx) && !past(dl) {
		proved := false
		bnb := func(nodes int, bbDL time.Time, bestFirst bool) {
			b := v.branchMC(ctx, p, bestObj, lam, nodes, bbDL, rep, ub, bestFirst)
			if b.sites != nil && b.obj > bestObj+eps {
				bestSites = v.padSites(b.sites, p)
				bestObj = v.exact(bestSites)
			}
			if b.proved {
				ub, proved = bestObj, true
				return
			}
			ub = math.Min(ub, b.bound)
			target = ub
			if v.integer {
				target = math.Floor(ub + 1e-6)
			}
			stop = math.Min(stop, target)
		}
		more := func() bool { return !proved && bestObj < stop-eps && !done(ctx) && !past(dl) }
		if dl.IsZero() {
			bnb(mcDefaultNodes(v), dl, false)
		} else {
			// A tenth of the time left: enough where the bound is tight.
			bnb(math.MaxInt, share(1.0/10), false)
		}
		if more() {
			rounds, rdl, maxFree := regionRounds(p), time.Time{}, regionFreeMax
			if !dl.IsZero() {
				rounds, rdl = math.MaxInt, share(1.0/2)
				if v.pairs <= mcTabuPairs {
					// Few covering pairs: large regions too (two thirds
					// of the sites), and three quarters of the time left
					// (mclp_region.go, regionFreeJump).
					maxFree, rdl = 2*p/3, share(3.0/4)
				}
			}
			var n int
			bestSites, bestObj, n = v.regionSearchTo(ctx, p, bestSites, bestObj, stop, lam, rdl, rep, uint64(opt.Seed), rounds, maxFree)
			iters += n
		}
		if !dl.IsZero() && more() {
			// On small instances the best-first tree solves each node's
			// LP exactly (mclp_lp.go): its bound is the LP's, which
			// proves what the Lagrangian tree cannot (SJC818 r400 p30),
			// and its LP rounding finds solutions too, so it gets nine
			// tenths of the time left instead of a third.
			f := 1.0 / 3
			if v.pairs <= mcTabuPairs && v.activeClients() <= mcLPRows {
				v.lpTree, f = true, 0.9
				defer func() { v.lpTree = false }()
			}
			bnb(math.MaxInt, share(f), true)
		}
		if !dl.IsZero() && v.pairs <= mcTabuPairs && more() {
			// Core problems: the best solution's sites shared with elite
			// solutions fixed, the rest chosen exactly.
			var n int
			bestSites, bestObj, n = v.coreSearch(ctx, p, bestSites, bestObj, elite, lam, share(1.0/2), rep, uint64(opt.Seed), math.MaxInt)
			iters += n
		}
		if !dl.IsZero() && opt.MaxIter <= 0 && more() {
			// The rest of the budget goes back to the local search, from
			// the best solution.
			seed := bestSites
			rs := parallel(independentRuns, opt.workers(), func(run int) mcRun {
				r := run
				if run%2 == 0 {
					r = 0 // half the runs start from the best solution
				}
				return v.ilsMC(ctx, p, seed, r, runSeed(opt.Seed, run)^0x1f5, math.MaxInt/2, stop, dl, rep, 0)
			})
			for _, r := range rs {
				iters += r.iter
				if r.obj > bestObj+eps {
					bestSites, bestObj = r.sites, r.obj
				}
			}
		}
	}
	rep.report("done", v.base+bestObj, v.base+ub, true)
	return bestSites, bestObj, ub, iters
}

// mcDefaultNodes is the branch-and-bound node budget without a time
// budget: about 5·10⁷ client visits of subgradient work (a tenth of a
// second or so), enough to prove small and medium instances.
func mcDefaultNodes(v *cov) int {
	var work int
	for _, j := range v.cand {
		work += len(v.covers[j])
	}
	return max(5, min(500, 50_000_000/max(1, 60*work)))
}

// padSites completes sites to p distinct candidates (opening more sites
// never covers less).
func (v *cov) padSites(sites []int, p int) []int {
	sites = slices.Clone(sites)
	if len(sites) >= p {
		return sites[:p]
	}
	in := make(map[int]bool, len(sites))
	for _, j := range sites {
		in[j] = true
	}
	for _, j := range v.cand {
		if len(sites) == p {
			break
		}
		if !in[j] {
			sites = append(sites, j)
		}
	}
	return sites
}

// LSCP solves the location set covering problem in its partial form: open
// the fewest new sites so that the covered weight (the fixed sites'
// coverage included) reaches share ∈ (0, 1] of the total weight of all
// clients (Toregas et al. 1971; share = 1 is the classic problem).
//
// Clients covered by the fixed sites count as covered. When the share
// requires every coverable client of positive weight (a full cover), the
// instance is a unit-cost set-covering problem: it is reduced (essential
// sites, row and column dominance), Beasley's (1990) Lagrangian heuristic
// gives the lower bound (the subgradient-optimised Lagrangian value rounded
// up) and primal covers, improved by the column-fixing dive of Caprara,
// Fischetti & Toth (1999) and the row-weighting local search of Gao, Weise
// & Li (2015); a gap of one site is attacked by Lagrangian branch
// and bound within a node budget. For a partial cover, a greedy cover with
// redundant-site removal gives a first answer, shrunk by a swap local
// search, then the maximal covering search with one site fewer, warm-started
// from the current cover, is tried repeatedly; the lower bound is the
// smallest k whose Lagrangian maximal covering bound reaches the target.
// Options.MaxIter, when set, is the search effort (for a full cover, the
// local search steps over all runs). For a partial cover,
// Options.TimeLimit makes the search run until the budget is spent (each k
// retried with doubled effort) and Options.Progress receives the number of
// sites found as Objective and the lower bound as Bound; the full cover
// ends by its own effort or the context. When even every allowed site cannot
// reach the share the error wraps ErrInfeasible and states the largest
// reachable share.
func LSCP(ctx context.Context, c *Coverage, share float64, opt Options) (*Solution, error) {
	start := time.Now()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v, err := newCov(c, "LSCP")
	if err != nil {
		return nil, err
	}
	if math.IsNaN(share) || share <= 0 || share > 1 {
		return nil, fmt.Errorf("LSCP: share %v must be in (0, 1]", share)
	}
	sites, lb, iters, method, err := v.solveSC(ctx, share, opt)
	if err != nil {
		return nil, err
	}
	sol := &Solution{Objective: float64(len(sites)), Iter: iters}
	sol.Open, sol.New = openLists(v.fixed, sites)
	sol.Method = method
	sol.finish(float64(lb), true, true, start)
	return sol, nil
}

// MethodMCLP is how maximal covering is solved.
const MethodMCLP = "greedy + interchange local search (fast-interchange bookkeeping) + adaptive ILS with path relinking + Lagrangian branch and bound with reduced-cost fixing + region problems (neighbouring sites placed again exactly) + best-first branch and bound on the LP relaxation (bounded dual simplex) on small instances; Lagrangian upper bound (deflected subgradient, or at the LP's duals)"

// Methods reported by LSCP.
const (
	// MethodSCP is the full set cover: reductions, Lagrangian heuristic,
	// column fixing and row weighting.
	MethodSCP = "set-covering reductions (essential columns, row and column dominance) + Beasley's Lagrangian heuristic " +
		"(subgradient, primal covers by the Caprara–Fischetti–Toth greedy) + large-neighbourhood search; Lagrangian lower bound"
	// MethodPartialSC is the partial set cover (a coverage below 100%).
	MethodPartialSC = "greedy + redundant-site removal + swap local search + maximal-covering ILS and region problems with one site fewer (warm-started); Lagrangian lower bound"
)

// solveSC returns the fewest new sites found reaching share, a lower bound
// on their number, the iterations done and the method used.
//
// When the share requires every coverable client (full cover), the
// set-covering solver of lscp.go runs; otherwise the partial cover is
// solved through maximal covering (solveSCMC).
func (v *cov) solveSC(ctx context.Context, share float64, opt Options) ([]int, int, int, string, error) {
	tol := 1e-9 * math.Max(1, v.total)
	goal := share * v.total
	if v.maxReach < goal-tol {
		return nil, 0, 0, "", fmt.Errorf("LSCP: share %.6g unreachable: every allowed site together covers %.6g of the total weight (%.6g of %.6g): %w",
			share, v.maxReach/math.Max(v.total, 1e-300), v.maxReach, v.total, ErrInfeasible)
	}
	need := goal - v.base // weight the new sites must cover
	if need <= tol {
		return []int{}, 0, 0, MethodSCP, nil
	}
	if v.fullCover(need, tol) {
		sites, lb, iters := v.solveSCP(ctx, opt)
		return sites, lb, iters, MethodSCP, nil
	}
	sites, lb, iters := v.solveSCMC(ctx, need, tol, opt)
	return sites, lb, iters, MethodPartialSC, nil
}
