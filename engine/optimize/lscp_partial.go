package optimize

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"time"
)

// solveSCMC covers need (weight of active clients) with the fewest new
// sites it finds. A greedy cover with redundant-site removal gives the
// first answer, shrunk by a fast swap search (runPartialLS, independent
// runs); then, one site at a time, k − 1 sites reaching need are sought by
// the maximal covering ILS with early stop, warm-started from the cover
// minus a site of least loss (and from GRASP starts), a second attempt
// with twice the effort continuing from the closest miss, then region
// problems (mclp_region.go) from the closest miss. The lower bound
// is the smallest k whose Lagrangian maximal covering bound reaches need.
func (v *cov) solveSCMC(ctx context.Context, need, tol float64, opt Options) ([]int, int, int) {
	start := time.Now()
	rep := newReporter(opt.Progress, start)
	dl := opt.deadline(start)
	sites := v.dropRedundant(v.greedySC(need, tol), need, tol)
	rep.report("greedy", float64(len(sites)), math.NaN(), true)
	lb := v.partialBound(ctx, need, tol, len(sites), dl)
	rep.report("bound", float64(len(sites)), float64(lb), true)
	if len(sites) <= lb || done(ctx) {
		return sites, lb, 0
	}
	per := 0
	if opt.MaxIter > 0 {
		per = max(1, (opt.MaxIter+independentRuns-1)/independentRuns)
	}
	iters := 0
	const retries = 2 // attempts per k, the second with twice the effort
	// A step may scan every candidate: bound the work on large instances.
	steps := min(partialLSSteps, max(1000, 200_000_000/max(1, len(v.cand))))
	if opt.MaxIter > 0 {
		steps = min(steps, 100*opt.MaxIter)
	}
	// With a time budget, the interchange search retries each k with
	// doubled effort until the budget is spent; without, it makes one
	// attempt per k and stops after partialILSTotal work.
	{
		start := sites
		rs := parallel(independentRuns, opt.workers(), func(run int) mcRun {
			rng := rand.New(rand.NewPCG(runSeed(opt.Seed, run), 0x5c))
			s, it := v.runPartialLS(ctx, start, lb, need, tol, rng, steps, dl)
			return mcRun{sites: s, iter: it}
		})
		for _, r := range rs {
			iters += r.iter
			if len(r.sites) < len(sites) {
				sites = r.sites
			}
		}
		rep.report("local search", float64(len(sites)), float64(lb), true)
	}
	var work float64 // iterations × candidates × sites of the interchange search
	for len(sites) > lb && !done(ctx) && !past(dl) {
		k := len(sites) - 1

		order := v.lossOrder(sites)
		budget := per
		if budget <= 0 {
			budget = max(50, k)
			// Each iteration scans sites × candidates: cap the work.
			budget = min(budget, max(4, partialILSWork/max(1, len(v.cand)*k)))
		}
		cur := sites
		var found, near []int
		nearObj := math.Inf(-1)
		tries := retries
		switch {
		case opt.MaxIter > 0:
		case dl.IsZero():
			if len(v.cand)*k > 1_000_000 {
				tries = 1 // without a time budget, one attempt per k when large
			}
		default:
			tries = 12 // with one, until it is spent
		}
		for a := 0; a < tries && found == nil && !done(ctx) && !past(dl); a++ {
			b := budget << a
			work += float64(b) * independentRuns * float64(len(v.cand)) * float64(k)
			rs := parallel(independentRuns, opt.workers(), func(run int) mcRun {
				var seed []int
				r := run
				switch {
				case a > 0 && run != 1:
					seed, r = near, 0
				case a == 0 && run%2 == 0:
					d := order[min(run/2, len(order)-1)]
					seed = slices.Delete(slices.Clone(cur), d, d+1)
					r = 0
				}
				return v.ilsMC(ctx, k, seed, r, runSeed(opt.Seed, run)^uint64(k)<<20^uint64(a)<<40, b, need-tol, dl, nil, 0)
			})
			for _, r := range rs {
				iters += r.iter
				if found == nil && r.obj >= need-tol {
					found = r.sites
				}
				if r.obj > nearObj {
					near, nearObj = r.sites, r.obj
				}
			}
		}
		if found == nil && near != nil && !done(ctx) && !past(dl) {
			// The interchange search missed by a little: region problems
			// (neighbouring sites placed again exactly) from the closest
			// miss, until they reach need or find nothing better.
			rounds := regionRounds(k)
			if !dl.IsZero() {
				rounds = math.MaxInt
			}
			r, obj, n := v.regionSearch(ctx, k, near, nearObj, need-tol, v.startLam(), dl, nil, uint64(opt.Seed)^uint64(k), rounds)
			iters += n
			if obj >= need-tol {
				found = r
			}
		}
		if found == nil || dl.IsZero() && opt.MaxIter <= 0 && work > partialILSTotal {
			if found != nil {
				sites = v.dropRedundant(found, need, tol)
			}
			break
		}
		sites = v.dropRedundant(found, need, tol)
		rep.report("interchange", float64(len(sites)), float64(lb), true)
	}
	return sites, lb, iters
}

// lossOrder returns the positions of sites by increasing loss (weight only
// that site covers), ties by position.
func (v *cov) lossOrder(sites []int) []int {
	cnt := make([]int32, v.n)
	for _, j := range sites {
		for _, i := range v.covers[j] {
			cnt[i]++
		}
	}
	loss := make([]float64, len(sites))
	order := make([]int, len(sites))
	for k, j := range sites {
		order[k] = k
		for _, i := range v.covers[j] {
			if cnt[i] == 1 {
				loss[k] += v.w[i]
			}
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(loss[a], loss[b]) })
	return order
}

// greedySC adds sites by largest marginal coverage until need is met.
func (v *cov) greedySC(need, tol float64) []int {
	gain := make([]float64, v.m)
	for _, j := range v.cand {
		for _, i := range v.covers[j] {
			gain[j] += v.w[i]
		}
	}
	covered := make([]bool, v.n)
	var sites []int
	var got float64
	for got < need-tol {
		bj := -1
		for _, j := range v.cand {
			if bj < 0 || gain[j] > gain[bj] {
				bj = j
			}
		}
		if bj < 0 || gain[bj] <= 0 {
			break
		}
		sites = append(sites, bj)
		got += gain[bj]
		for _, i := range v.covers[bj] {
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

// partialBound is the smallest k ≤ hi whose Lagrangian maximal covering
// bound reaches need. One vector of multipliers bounds every k at once
// (L_k(λ) = Σ max(0, w−λ) + the k largest Λ_j), so each subgradient run,
// warm-started from the last, proves as many k infeasible as it can; a
// binary search picks the k to aim at.
func (v *cov) partialBound(ctx context.Context, need, tol float64, hi int, dl time.Time) int {
	lb := 1
	lam := v.startLam()
	lam0 := slices.Clone(lam)
	var budget time.Duration // the time budget, if any
	if !dl.IsZero() {
		budget = time.Until(dl)
	}
	w := v.newLagWork()
	root := v.node(make([]int8, v.m), 0)
	// Subgradient steps per k tried: 800 on small instances, fewer on
	// large ones (each step visits every covered pair).
	var work int
	for _, j := range v.cand {
		work += len(v.covers[j])
	}
	iters := max(200, min(800, 400_000_000/max(1, work*bits.Len(uint(hi)))))
	delta := 1e-9 * math.Max(1, v.total)
	goal := need - tol
	lo, top := 1, hi-1 // is k = mid provably too few?
	for lo <= top && !done(ctx) {
		mid := (lo + top) / 2
		root.k = mid
		r := v.subgradientTo(ctx, root, lam, goal-delta, delta, goal, iters, w, dl, rootDeflect)
		retry := work <= 100_000 || !dl.IsZero() && time.Until(dl) > time.Duration(0.75*float64(budget))
		if retry && r.bound >= goal && r.primalObj < goal {
			// Not refuted from the warm start: try once from scratch.
			fresh := slices.Clone(lam0)
			if r2 := v.subgradientTo(ctx, root, fresh, goal-delta, delta, goal, iters, w, dl, rootDeflect); r2.bound < r.bound {
				r, lam = r2, fresh
			}
		}
		// The largest k the multipliers refute.
		if k := v.refuted(root, lam, goal, w); k >= lb {
			lb = k + 1
			lo = max(lo, k+1)
		}
		if r.bound >= goal {
			top = mid - 1
		}
	}
	return min(lb, hi)
}

// refuted returns the largest k whose Lagrangian bound at lam stays below
// goal (0 when none).
func (v *cov) refuted(nd *mcNode, lam []float64, goal float64, w *lagWork) int {
	L := nd.base
	for _, i := range nd.lives {
		L += math.Max(0, v.w[i]-lam[i])
	}
	vals := make([]float64, 0, len(nd.free))
	for _, j := range nd.free {
		var s float64
		for _, i := range v.covers[j] {
			s += lam[i]
		}
		vals = append(vals, s)
	}
	slices.SortFunc(vals, func(a, b float64) int { return cmp.Compare(b, a) })
	k := 0
	for k < len(vals) && L+vals[k] < goal {
		L += vals[k]
		k++
	}
	return k // L_0 ≥ goal leaves k = 0
}

// dropRedundant removes sites while the rest still covers need, least
// useful first.
func (v *cov) dropRedundant(sites []int, need, tol float64) []int {
	sites = slices.Clone(sites)
	for {
		cnt := make([]int32, v.n)
		for _, j := range sites {
			for _, i := range v.covers[j] {
				cnt[i]++
			}
		}
		got := 0.0
		for i, c := range cnt {
			if c > 0 {
				got += v.w[i]
			}
		}
		bk, bl := -1, math.Inf(1)
		for k, j := range sites {
			var l float64
			for _, i := range v.covers[j] {
				if cnt[i] == 1 {
					l += v.w[i]
				}
			}
			if got-l >= need-tol && l < bl {
				bk, bl = k, l
			}
		}
		if bk < 0 {
			return sites
		}
		sites = slices.Delete(sites, bk, bk+1)
	}
}

// partialILSWork caps, without a time budget, the iterations of the
// interchange search for k sites at about this over k × candidates.
const partialILSWork = 20_000_000

// partialILSTotal caps, without a time budget, the interchange search's
// total iterations × candidates × sites.
const partialILSTotal = 400_000_000

// partialLSSteps is the number of swap steps per run of runPartialLS.
const partialLSSteps = 20000

// pcLS is a swap local search for partial covering with k sites: the
// covered weight is kept with per-site gain (uncovered weight a closed site
// would cover) and loss (weight only an open site covers), updated
// incrementally as sites open and close.
type pcLS struct {
	v          *cov
	open       []bool
	sites      []int
	pos        []int
	cnt        []int32
	who        []int
	gain, loss []float64
	obj        float64
	unc        []int32 // uncovered active clients of positive weight
	upos       []int32
	addAt      []int
	remAt      []int
}

func newPcLS(v *cov) *pcLS {
	s := &pcLS{v: v, open: make([]bool, v.m), pos: make([]int, v.m),
		cnt: make([]int32, v.n), who: make([]int, v.n),
		gain: make([]float64, v.m), loss: make([]float64, v.m),
		upos: make([]int32, v.n), addAt: make([]int, v.m), remAt: make([]int, v.m)}
	for _, j := range v.cand {
		for _, i := range v.covers[j] {
			s.gain[j] += v.w[i]
		}
	}
	for i := range v.n {
		s.upos[i] = -1
		if v.active[i] && v.w[i] > 0 {
			s.upos[i] = int32(len(s.unc))
			s.unc = append(s.unc, int32(i))
		}
	}
	for j := range s.addAt {
		s.addAt[j], s.remAt[j] = math.MinInt/2, math.MinInt/2
	}
	return s
}

func (s *pcLS) uncDel(i int32) {
	p := s.upos[i]
	if p < 0 {
		return
	}
	last := s.unc[len(s.unc)-1]
	s.unc[p], s.upos[last] = last, p
	s.unc = s.unc[:len(s.unc)-1]
	s.upos[i] = -1
}

func (s *pcLS) uncAdd(i int32) {
	if s.v.w[i] <= 0 {
		return
	}
	s.upos[i] = int32(len(s.unc))
	s.unc = append(s.unc, i)
}

func (s *pcLS) add(f int) {
	v := s.v
	s.open[f] = true
	s.pos[f] = len(s.sites)
	s.sites = append(s.sites, f)
	for _, i := range v.covers[f] {
		w := v.w[i]
		switch s.cnt[i] {
		case 0:
			for _, g := range v.by[i] {
				s.gain[g] -= w
			}
			s.loss[f] += w
			s.obj += w
			s.uncDel(i)
		case 1:
			s.loss[s.who[i]] -= w
		}
		s.cnt[i]++
		s.who[i] += f
	}
}

func (s *pcLS) remove(r int) {
	v := s.v
	k := s.pos[r]
	last := s.sites[len(s.sites)-1]
	s.sites[k], s.pos[last] = last, k
	s.sites = s.sites[:len(s.sites)-1]
	s.open[r], s.pos[r] = false, -1
	for _, i := range v.covers[r] {
		w := v.w[i]
		s.cnt[i]--
		s.who[i] -= r
		switch s.cnt[i] {
		case 0:
			for _, g := range v.by[i] {
				s.gain[g] += w
			}
			s.loss[r] -= w
			s.obj -= w
			s.uncAdd(i)
		case 1:
			s.loss[s.who[i]] += w
		}
	}
	s.loss[r] = 0
}

// minLoss returns the open site of least loss not added after step tabu
// (any site when all are), ties to the one open longest.
func (s *pcLS) minLoss(tabu int) int {
	br, bt := -1, false
	for _, r := range s.sites {
		t := s.addAt[r] > tabu
		if br < 0 || (bt && !t) || (t == bt && (s.loss[r] < s.loss[br] || s.loss[r] == s.loss[br] && s.addAt[r] < s.addAt[br])) {
			br, bt = r, t
		}
	}
	return br
}

// runPartialLS runs the swap search from the cover start for steps steps:
// whenever the open sites reach need, they are recorded and the site of
// least loss closes; otherwise the site of least loss closes and the
// closed site of largest gain opens (among those covering a random
// uncovered client, or among all), with short tabu tenures.
func (v *cov) runPartialLS(ctx context.Context, start []int, lb int, need, tol float64, rng *rand.Rand, steps int, dl time.Time) ([]int, int) {
	s := newPcLS(v)
	for _, j := range start {
		s.add(j)
	}
	best := slices.Clone(start)
	goal := need - tol
	it := 0
	for ; it < steps && len(best) > lb; it++ {
		if it&255 == 255 && (done(ctx) || past(dl)) {
			break
		}
		if s.obj >= goal {
			if len(s.sites) < len(best) {
				best = slices.Clone(s.sites)
			}
			r := s.minLoss(math.MaxInt)
			s.remove(r)
			s.remAt[r] = it
			continue
		}
		r := s.minLoss(it - 2)
		s.remove(r)
		s.remAt[r] = it
		tt := it - 1 - rng.IntN(4)
		f := -1
		var pool []int32
		if len(s.unc) > 0 && rng.IntN(2) == 0 {
			pool = v.by[s.unc[rng.IntN(len(s.unc))]]
		}
		if pool != nil {
			for _, g32 := range pool {
				g := int(g32)
				if s.open[g] || (s.remAt[g] > tt && s.obj+s.gain[g] < goal) {
					continue
				}
				if f < 0 || s.gain[g] > s.gain[f] || s.gain[g] == s.gain[f] && s.remAt[g] < s.remAt[f] {
					f = g
				}
			}
		}
		if f < 0 {
			for _, g := range v.cand {
				if s.open[g] || (s.remAt[g] > tt && s.obj+s.gain[g] < goal) {
					continue
				}
				if f < 0 || s.gain[g] > s.gain[f] || s.gain[g] == s.gain[f] && s.remAt[g] < s.remAt[f] {
					f = g
				}
			}
		}
		if f < 0 {
			f = r
		}
		s.add(f)
		s.addAt[f] = it
	}
	if v.exact(best) < goal { // cannot happen; be safe
		return slices.Clone(start), it
	}
	return best, it
}
