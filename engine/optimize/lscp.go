package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// scp is a reduced unit-cost set-covering instance: the rows are the
// clients that must be covered (not covered by fixed sites, positive
// weight, not dominated), the columns the candidate sites that survived
// the reductions.
type scp struct {
	nr, nc int
	rows   [][]int32 // per row, the columns covering it (ascending)
	cols   [][]int32 // per column, the rows it covers (ascending)
	site   []int     // column → site
	forced []int     // sites every optimal cover needs (essential columns)
}

// fullCover reports whether reaching need requires covering every active
// client of positive weight (then LSCP is a classic set-covering problem).
func (v *cov) fullCover(need, tol float64) bool {
	minW := math.Inf(1)
	for i := range v.n {
		if v.active[i] && v.w[i] > 0 {
			minW = math.Min(minW, v.w[i])
		}
	}
	if math.IsInf(minW, 1) {
		return false
	}
	return (v.maxReach-v.base)-need < minW-tol
}

// reduceSCP builds the set-covering instance of v (every active client of
// positive weight must be covered) and reduces it: essential columns (the
// only column of a row) are forced, rows whose columns include another
// row's are dropped (covering the smaller row covers them), and columns
// whose rows are a subset of another column's are dropped (unit costs), in
// passes until nothing changes. The optimum of the reduced instance plus
// the forced sites is the optimum of v.
func reduceSCP(ctx context.Context, v *cov) *scp {
	n, m := v.n, v.m
	rowAlive := make([]bool, n)
	for i := range n {
		rowAlive[i] = v.active[i] && v.w[i] > 0
	}
	colAlive := make([]bool, m)
	for _, j := range v.cand {
		colAlive[j] = len(v.covers[j]) > 0
	}
	R := make([][]int32, n)
	C := make([][]int32, m)
	rebuild := func() {
		for i := range n {
			R[i] = R[i][:0]
			if !rowAlive[i] {
				continue
			}
			for _, j := range v.by[i] {
				if colAlive[j] {
					R[i] = append(R[i], j)
				}
			}
		}
		for _, j := range v.cand {
			C[j] = C[j][:0]
			if !colAlive[j] {
				continue
			}
			for _, i := range v.covers[j] {
				if rowAlive[i] {
					C[j] = append(C[j], i)
				}
			}
			if len(C[j]) == 0 {
				colAlive[j] = false
			}
		}
	}
	var forced []int
	cnt := make([]int32, max(n, m))
	var touched []int32
	// The dominance tests cost Σ |C_j|² and Σ |R_i|²; they are skipped on
	// instances where that would be too slow (very large radii).
	const maxWork = 300_000_000
	for pass := 0; pass < 20 && !done(ctx); pass++ {
		changed := false
		rebuild()
		// Essential columns.
		for i := range n {
			if rowAlive[i] && len(R[i]) == 1 {
				j := R[i][0]
				if !colAlive[j] {
					continue
				}
				forced = append(forced, int(j))
				colAlive[j] = false
				for _, k := range C[j] {
					rowAlive[k] = false
				}
				changed = true
			}
		}
		if changed {
			rebuild()
		}
		var workRow, workCol int
		for _, j := range v.cand {
			workRow += len(C[j]) * len(C[j])
		}
		for i := range n {
			workCol += len(R[i]) * len(R[i])
		}
		// Row dominance: drop k when some other row's columns ⊆ k's.
		for k := range n {
			if workRow > maxWork {
				break
			}
			if rowAlive[k] && dominated(k, R, C, rowAlive, cnt, &touched, true) {
				rowAlive[k] = false
				changed = true
			}
		}
		rebuild()
		// Column dominance: drop j when another column covers all its rows.
		for _, j := range v.cand {
			if workCol > maxWork {
				break
			}
			if colAlive[j] && dominated(j, C, R, colAlive, cnt, &touched, false) {
				colAlive[j] = false
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	rebuild()
	p := &scp{forced: forced}
	slices.Sort(p.forced)
	rowID := make([]int32, n)
	for i := range n {
		rowID[i] = -1
		if rowAlive[i] {
			rowID[i] = int32(p.nr)
			p.nr++
		}
	}
	colID := make([]int32, m)
	for j := range m {
		colID[j] = -1
	}
	for _, j := range v.cand {
		if colAlive[j] {
			colID[j] = int32(p.nc)
			p.nc++
			p.site = append(p.site, j)
		}
	}
	p.rows = make([][]int32, p.nr)
	p.cols = make([][]int32, p.nc)
	for i := range n {
		if r := rowID[i]; r >= 0 {
			for _, j := range R[i] {
				c := colID[j]
				p.rows[r] = append(p.rows[r], c)
				p.cols[c] = append(p.cols[c], r)
			}
		}
	}
	return p
}

// cover is a cover under construction with per-row cover counts.
type cover struct {
	p     *scp
	in    []bool
	pos   []int
	sol   []int32
	cnt   []int32
	uncov int
}

func newCover(p *scp) *cover {
	return &cover{p: p, in: make([]bool, p.nc), pos: make([]int, p.nc), cnt: make([]int32, p.nr), uncov: p.nr}
}

func (s *cover) reset() {
	for _, c := range s.sol {
		s.in[c] = false
	}
	s.sol = s.sol[:0]
	clear(s.cnt)
	s.uncov = s.p.nr
}

func (s *cover) add(c int32) {
	s.in[c] = true
	s.pos[c] = len(s.sol)
	s.sol = append(s.sol, c)
	for _, r := range s.p.cols[c] {
		if s.cnt[r] == 0 {
			s.uncov--
		}
		s.cnt[r]++
	}
}

func (s *cover) remove(c int32) {
	k := s.pos[c]
	last := s.sol[len(s.sol)-1]
	s.sol[k], s.pos[last] = last, k
	s.sol = s.sol[:len(s.sol)-1]
	s.in[c] = false
	for _, r := range s.p.cols[c] {
		s.cnt[r]--
		if s.cnt[r] == 0 {
			s.uncov++
		}
	}
}

// redundant reports whether every row of c is covered twice or more.
func (s *cover) redundant(c int32) bool {
	for _, r := range s.p.cols[c] {
		if s.cnt[r] < 2 {
			return false
		}
	}
	return true
}

// dropRedundant removes redundant columns of cands (in the given order).
func (s *cover) dropRedundant(cands []int32) {
	for _, c := range cands {
		if s.in[c] && s.redundant(c) {
			s.remove(c)
		}
	}
}

// byCostDesc orders columns by decreasing reduced cost, then index.
func byCostDesc(cs []int32, rc []float64) {
	slices.SortFunc(cs, func(a, b int32) int {
		if rc[a] != rc[b] {
			if rc[a] > rc[b] {
				return -1
			}
			return 1
		}
		return int(a - b)
	})
}

// greedy completes s by the score of Caprara, Fischetti & Toth (1999): for
// column c with μ uncovered rows and γ = 1 − Σ_{uncovered rows} u, the
// smallest of γ/μ (γ > 0) or γ·μ (γ ≤ 0); u nil gives the classic greedy
// (largest μ). Then redundant columns are removed, costliest first.
func (s *cover) greedy(u []float64, rc []float64, mu []int32, gamma []float64) {
	p := s.p
	for c := range p.nc {
		mu[c], gamma[c] = 0, 1
	}
	for r := range p.nr {
		if s.cnt[r] > 0 {
			continue
		}
		for _, c := range p.rows[r] {
			mu[c]++
			if u != nil {
				gamma[c] -= u[r]
			}
		}
	}
	for s.uncov > 0 {
		bc, bs := int32(-1), math.Inf(1)
		for c := range p.nc {
			m := mu[c]
			if m == 0 || s.in[c] {
				continue
			}
			var sc float64
			if u == nil {
				sc = -float64(m)
			} else if g := gamma[c]; g > 0 {
				sc = g / float64(m)
			} else {
				sc = g * float64(m)
			}
			if sc < bs {
				bc, bs = int32(c), sc
			}
		}
		if bc < 0 {
			break
		}
		for _, r := range p.cols[bc] {
			if s.cnt[r] == 0 {
				for _, c := range p.rows[r] {
					mu[c]--
					if u != nil {
						gamma[c] += u[r]
					}
				}
			}
		}
		s.add(bc)
	}
	cs := slices.Clone(s.sol)
	if rc != nil {
		byCostDesc(cs, rc)
	} else {
		slices.SortFunc(cs, func(a, b int32) int { return len(p.cols[a]) - len(p.cols[b]) })
	}
	s.dropRedundant(cs)
}

// lagrange is Beasley's (1990, "A Lagrangian heuristic for set-covering
// problems", Naval Res. Logistics 37) subgradient optimisation of the
// relaxation of the covering constraints: reduced costs
// C_c = 1 − Σ_{r ∈ c} u_r, L(u) = Σ u + Σ min(0, C_c), Held–Wolfe–Crowder
// steps t = f (1.05 UB − L) / ‖g‖² with f halved after 30 iterations
// without improvement. Every few iterations a primal cover is built from
// the Lagrangian solution (columns of negative reduced cost, completed by
// the Caprara–Fischetti–Toth greedy, redundant columns removed); the best
// cover is kept in best. It returns the best L, its multipliers and the
// iterations done.
func (p *scp) lagrange(ctx context.Context, best *[]int32, u []float64, maxIter, halfAfter int) (float64, []float64, int) {
	s := newCover(p)
	mu := make([]int32, p.nc)
	gamma := make([]float64, p.nc)
	rc := make([]float64, p.nc)
	g := make([]float64, p.nr)
	bestL := math.Inf(-1)
	bestU := slices.Clone(u)
	f, since := 2.0, 0
	it := 0
	for ; it < maxIter; it++ {
		if it&7 == 7 && done(ctx) {
			break
		}
		L := 0.0
		for _, x := range u {
			L += x
		}
		for c := range p.nc {
			x := 1.0
			for _, r := range p.cols[c] {
				x -= u[r]
			}
			rc[c] = x
			if x < 0 {
				L += x
			}
		}
		if L > bestL+1e-9 {
			bestL, since = L, 0
			copy(bestU, u)
		} else if since++; since >= halfAfter {
			f /= 2
			since = 0
		}
		ub := len(*best)
		if math.Ceil(bestL-1e-6) >= float64(ub) || f < 0.005 {
			break
		}
		if it%10 == 0 {
			s.reset()
			for c := range p.nc {
				if rc[c] < 0 {
					s.add(int32(c))
				}
			}
			s.greedy(u, rc, mu, gamma)
			if len(s.sol) < ub {
				*best = slices.Clone(s.sol)
				ub = len(s.sol)
			}
		}
		for r := range p.nr {
			g[r] = 1
		}
		for c := range p.nc {
			if rc[c] < 0 {
				for _, r := range p.cols[c] {
					g[r]--
				}
			}
		}
		norm := 0.0
		for r := range p.nr {
			if u[r] <= 0 && g[r] < 0 {
				g[r] = 0
			}
			norm += g[r] * g[r]
		}
		if norm == 0 {
			// The Lagrangian solution is a cover: L is optimal.
			break
		}
		t := f * (1.05*float64(ub) - L) / norm
		for r := range p.nr {
			u[r] = math.Max(0, u[r]+t*g[r])
		}
	}
	return bestL, bestU, it
}

// solveSCP solves the full-cover case: the new sites (forced included), a
// lower bound on their number and the iterations done.
//
// After the reductions, a greedy cover starts Beasley's Lagrangian
// heuristic, whose multipliers give the lower bound; the column-fixing
// dive of Caprara, Fischetti & Toth and the row-weighting local search
// (independent seeded runs, the best kept by size then run index) improve
// the cover; a gap of one site is then attacked by Lagrangian branch and bound
// within a node budget.
func (v *cov) solveSCP(ctx context.Context, opt Options) ([]int, int, int) {
	p := reduceSCP(ctx, v)
	out := func(cs []int32) []int {
		sites := slices.Clone(p.forced)
		for _, c := range cs {
			sites = append(sites, p.site[c])
		}
		slices.Sort(sites)
		return sites
	}
	nf := len(p.forced)
	if p.nr == 0 {
		return out(nil), nf, 0
	}
	s := newCover(p)
	s.greedy(nil, nil, make([]int32, p.nc), make([]float64, p.nc))
	best := slices.Clone(s.sol)
	u := make([]float64, p.nr)
	for r, cs := range p.rows {
		u[r] = math.Inf(1)
		for _, c := range cs {
			u[r] = math.Min(u[r], 1/float64(len(p.cols[c])))
		}
	}
	L, bestU, iters := p.lagrange(ctx, &best, u, 10000, 100)
	lb := int(math.Ceil(L - 1e-6))
	if lb >= len(best) || done(ctx) {
		return out(best), lb + nf, iters
	}
	best, it := p.dive(ctx, bestU, 0.05, 250, best)
	iters += it
	if lb >= len(best) || done(ctx) {
		return out(best), lb + nf, iters
	}
	total := opt.MaxIter
	if total <= 0 {
		total = min(10_000_000, max(400_000, 4000*p.nc))
	}
	per := max(1, (total+independentRuns-1)/independentRuns)
	start := best
	type run struct {
		cols []int32
		iter int
	}
	rs := parallel(independentRuns, opt.workers(), func(k int) run {
		rng := rand.New(rand.NewPCG(runSeed(opt.Seed, k), uint64(k)))
		b, it := p.rwls(ctx, start, lb, rng, per)
		return run{b, it}
	})
	for _, r := range rs {
		iters += r.iter
		if len(r.cols) < len(best) {
			best = r.cols
		}
	}
	if gap := len(best) - lb; gap == 1 && !done(ctx) {
		root := &scp{nr: p.nr, nc: p.nc, rows: p.rows, cols: p.cols, site: make([]int, p.nc)}
		for c := range root.site {
			root.site[c] = c
		}
		nnz := 0
		for _, rs := range p.cols {
			nnz += len(rs)
		}
		// About 10⁷/nnz nodes: a node costs up to 150 subgradient steps.
		b := &bnb{ctx: ctx, best: best, maxNodes: min(5000, max(50, 10_000_000/max(nnz, 1)))}
		b.node(root, slices.Clone(bestU), nil)
		iters += b.nodes
		best = b.best
		if !b.aborted {
			lb = len(best)
		}
	}
	return out(best), lb + nf, iters
}

// rwls is the row-weighting local search of Gao, Weise & Li (2015, "An
// efficient local search heuristic with row weighting for the unicost set
// covering problem", EJOR 246): whenever the solution is a cover it is
// recorded and the column of least loss removed; otherwise a step removes
// the solution column of least weighted loss (not the one just added) and
// adds, for a random uncovered row, its column of largest weighted gain
// allowed by configuration checking, then the weights of the uncovered
// rows grow by one. Ties go to the column changed longest ago. It returns
// the best cover met and the steps done; it stops at a cover of size lb.
func (p *scp) rwls(ctx context.Context, start []int32, lb int, rng *rand.Rand, steps int) ([]int32, int) {
	w := make([]int64, p.nr)
	for r := range w {
		w[r] = 1
	}
	cnt := make([]int32, p.nr)
	who := make([]int64, p.nr)
	score := make([]int64, p.nc)
	stamp := make([]int64, p.nc)
	conf := make([]bool, p.nc)
	in := make([]bool, p.nc)
	pos := make([]int, p.nc)
	var sol []int32
	uncPos := make([]int, p.nr)
	var unc []int32
	for r := range p.nr {
		uncPos[r] = len(unc)
		unc = append(unc, int32(r))
	}
	for c := range p.nc {
		conf[c] = true
		score[c] = int64(len(p.cols[c]))
	}
	delUnc := func(r int32) {
		k := uncPos[r]
		last := unc[len(unc)-1]
		unc[k], uncPos[last] = last, k
		unc = unc[:len(unc)-1]
	}
	addUnc := func(r int32) {
		uncPos[r] = len(unc)
		unc = append(unc, r)
	}
	touch := func(c int32) {
		for _, r := range p.cols[c] {
			for _, d := range p.rows[r] {
				conf[d] = true
			}
		}
	}
	var now int64
	add := func(c int32) {
		now++
		in[c], pos[c], stamp[c] = true, len(sol), now
		sol = append(sol, c)
		var s int64
		for _, r := range p.cols[c] {
			switch cnt[r] {
			case 0:
				for _, d := range p.rows[r] {
					if d != c {
						score[d] -= w[r]
					}
				}
				delUnc(r)
				s -= w[r]
			case 1:
				score[who[r]] += w[r]
			}
			cnt[r]++
			who[r] += int64(c)
		}
		score[c] = s
		touch(c)
	}
	remove := func(c int32) {
		now++
		k := pos[c]
		last := sol[len(sol)-1]
		sol[k], pos[last] = last, k
		sol = sol[:len(sol)-1]
		in[c], stamp[c] = false, now
		var s int64
		for _, r := range p.cols[c] {
			cnt[r]--
			who[r] -= int64(c)
			switch cnt[r] {
			case 0:
				for _, d := range p.rows[r] {
					if d != c {
						score[d] += w[r]
					}
				}
				addUnc(r)
				s += w[r]
			case 1:
				score[who[r]] -= w[r]
			}
		}
		score[c] = s
		touch(c)
		conf[c] = false
	}
	// bestOut returns the solution column of largest score (least loss),
	// not tabu, oldest first on ties.
	bestOut := func(tabu int32) int32 {
		bc := int32(-1)
		for _, c := range sol {
			if c == tabu {
				continue
			}
			if bc < 0 || score[c] > score[bc] || score[c] == score[bc] && stamp[c] < stamp[bc] {
				bc = c
			}
		}
		return bc
	}
	for _, c := range start {
		add(c)
	}
	best := slices.Clone(start)
	tabu := int32(-1)
	step := 0
	for ; step < steps; step++ {
		if step&255 == 255 && done(ctx) {
			break
		}
		for len(unc) == 0 {
			if len(sol) < len(best) {
				best = slices.Clone(sol)
			}
			if len(best) <= lb || len(sol) == 0 {
				return best, step
			}
			remove(bestOut(-1))
		}
		if c := bestOut(tabu); c >= 0 {
			remove(c)
		}
		r := unc[rng.IntN(len(unc))]
		bc := int32(-1)
		for _, c := range p.rows[r] {
			if !conf[c] {
				continue
			}
			if bc < 0 || score[c] > score[bc] || score[c] == score[bc] && stamp[c] < stamp[bc] {
				bc = c
			}
		}
		if bc < 0 {
			bc = p.rows[r][0]
			for _, c := range p.rows[r] {
				if stamp[c] < stamp[bc] {
					bc = c
				}
			}
		}
		add(bc)
		tabu = bc
		for _, r := range unc {
			w[r]++
			for _, c := range p.rows[r] {
				score[c]++
			}
		}
	}
	if len(unc) == 0 && len(sol) < len(best) {
		best = slices.Clone(sol)
	}
	return best, step
}

// bnb is a depth-first Lagrangian branch and bound on the reduced
// instance: each node relaxes its residual instance (rows not covered by
// the columns fixed in, columns not fixed out) by subgradient optimisation
// warm started from its parent's multipliers, is pruned when the columns
// in plus the rounded-up Lagrangian bound reach the incumbent, fixes out
// the columns whose reduced cost proves them useless, and branches on the
// row with fewest columns: child k takes that row's k-th column (by
// reduced cost) and excludes the earlier ones.
type bnb struct {
	ctx      context.Context
	best     []int32 // root columns
	nodes    int
	maxNodes int
	aborted  bool
}

func (b *bnb) node(q *scp, u []float64, in []int32) {
	if b.nodes >= b.maxNodes || done(b.ctx) {
		b.aborted = true
		return
	}
	b.nodes++
	ub := len(b.best) - len(in) // the residual must be covered by fewer than ub columns
	if q.nr == 0 {
		if ub > 0 {
			b.best = slices.Clone(in)
		}
		return
	}
	if ub <= 1 {
		return // at least one more column needed
	}
	// Lagrangian bound of the residual.
	rc := make([]float64, q.nc)
	g := make([]float64, q.nr)
	bestL := math.Inf(-1)
	bestU := slices.Clone(u)
	f, since := 1.0, 0
	prune := float64(ub-1) + 1e-6 // L above it proves no better cover here
	for it := 0; it < 150; it++ {
		L := 0.0
		for _, x := range u {
			L += x
		}
		for c := range q.nc {
			x := 1.0
			for _, r := range q.cols[c] {
				x -= u[r]
			}
			rc[c] = x
			if x < 0 {
				L += x
			}
		}
		if L > bestL+1e-9 {
			bestL, since = L, 0
			copy(bestU, u)
		} else if since++; since >= 10 {
			f /= 2
			since = 0
		}
		if bestL > prune || f < 0.01 {
			break
		}
		for r := range q.nr {
			g[r] = 1
		}
		for c := range q.nc {
			if rc[c] < 0 {
				for _, r := range q.cols[c] {
					g[r]--
				}
			}
		}
		norm := 0.0
		for r := range q.nr {
			if u[r] <= 0 && g[r] < 0 {
				g[r] = 0
			}
			norm += g[r] * g[r]
		}
		if norm == 0 {
			break
		}
		t := f * (float64(ub) - L) / norm
		for r := range q.nr {
			u[r] = math.Max(0, u[r]+t*g[r])
		}
	}
	if bestL > prune {
		return
	}
	rc = q.reducedCosts(bestU)
	// Primal: the Lagrangian greedy on the residual.
	s := newCover(q)
	s.greedy(bestU, rc, make([]int32, q.nc), make([]float64, q.nc))
	if s.uncov == 0 && len(s.sol) < ub {
		nb := slices.Clone(in)
		for _, c := range s.sol {
			nb = append(nb, int32(q.site[c]))
		}
		b.best = nb
		ub = len(b.best) - len(in)
		prune = float64(ub-1) + 1e-6
		if bestL > prune || ub <= 1 {
			return
		}
	}
	// Reduced-cost fixing and the branching row.
	out := make([]bool, q.nc)
	for c := range q.nc {
		out[c] = bestL+rc[c] > prune
	}
	br, bn := -1, 0
	for r, cs := range q.rows {
		k := 0
		for _, c := range cs {
			if !out[c] {
				k++
			}
		}
		if k == 0 {
			return // every cover of this node is too large
		}
		if br < 0 || k < bn {
			br, bn = r, k
		}
	}
	var order []int32
	for _, c := range q.rows[br] {
		if !out[c] {
			order = append(order, c)
		}
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		switch {
		case rc[a] < rc[b]:
			return -1
		case rc[a] > rc[b]:
			return 1
		}
		return 0
	})
	covered := make([]bool, q.nr)
	for _, c := range order {
		if len(in)+1 >= len(b.best) {
			return
		}
		// Child: c in; the columns before it in order, and the fixed-out
		// ones, out.
		for _, r := range q.cols[c] {
			covered[r] = true
		}
		child, cm, rm := q.subWithout(covered, out)
		for _, r := range q.cols[c] {
			covered[r] = false
		}
		for k := range cm {
			cm[k] = int32(q.site[cm[k]])
		}
		child.site = make([]int, len(cm))
		for k, x := range cm {
			child.site[k] = int(x)
		}
		cu := make([]float64, child.nr)
		for k, r := range rm {
			cu[k] = bestU[r]
		}
		b.node(child, cu, append(slices.Clone(in), int32(q.site[c])))
		if b.aborted {
			return
		}
		out[c] = true
	}
}

// subWithout is sub without the columns marked out; a row left without
// columns keeps an empty list (the caller's child is then infeasible).
func (p *scp) subWithout(covered, out []bool) (*scp, []int32, []int32) {
	q := &scp{}
	rowID := make([]int32, p.nr)
	var rm []int32
	for r := range p.nr {
		rowID[r] = -1
		if !covered[r] {
			rowID[r] = int32(len(rm))
			rm = append(rm, int32(r))
		}
	}
	var cm []int32
	for c := range p.nc {
		if out[c] {
			continue
		}
		var rs []int32
		for _, r := range p.cols[c] {
			if rowID[r] >= 0 {
				rs = append(rs, rowID[r])
			}
		}
		if len(rs) > 0 {
			cm = append(cm, int32(c))
			q.cols = append(q.cols, rs)
		}
	}
	q.nr, q.nc = len(rm), len(cm)
	q.rows = make([][]int32, q.nr)
	for c, rs := range q.cols {
		for _, r := range rs {
			q.rows[r] = append(q.rows[r], int32(c))
		}
	}
	return q, cm, rm
}

// reducedCosts returns 1 − Σ_{r ∈ c} u_r per column.
func (p *scp) reducedCosts(u []float64) []float64 {
	rc := make([]float64, p.nc)
	for c := range p.nc {
		rc[c] = 1
		for _, r := range p.cols[c] {
			rc[c] -= u[r]
		}
	}
	return rc
}

// sub returns the instance restricted to the rows not covered and the
// columns covering some of them, with the maps back to p's columns and
// rows.
func (p *scp) sub(covered []bool) (*scp, []int32, []int32) {
	return p.subWithout(covered, make([]bool, p.nc))
}

// dive is the column-fixing heuristic of Caprara, Fischetti & Toth (1999,
// "A heuristic method for the set covering problem", Oper. Res. 47): it
// alternates subgradient optimisation on the rows not yet covered (warm
// started), a primal cover (the fixed columns plus the Lagrangian greedy
// on the rest) and the fixing of the columns of least reduced cost until
// a share frac of the remaining rows is covered. It returns the best cover
// met (best if none is smaller) and the iterations done.
func (p *scp) dive(ctx context.Context, u0 []float64, frac float64, perPhase int, best []int32) ([]int32, int) {
	covered := make([]bool, p.nr)
	u := slices.Clone(u0)
	var fixed []int32
	full := newCover(p)
	iters := 0
	try := func(cs []int32) {
		full.reset()
		for _, c := range cs {
			full.add(c)
		}
		order := slices.Clone(full.sol)
		slices.SortFunc(order, func(a, b int32) int { return len(p.cols[a]) - len(p.cols[b]) })
		full.dropRedundant(order)
		if len(full.sol) < len(best) {
			best = slices.Clone(full.sol)
		}
	}
	left := p.nr
	for left > 0 && !done(ctx) {
		q, cm, rm := p.sub(covered)
		uq := make([]float64, q.nr)
		for r := range q.nr {
			uq[r] = u[rm[r]]
		}
		s := newCover(q)
		s.greedy(uq, q.reducedCosts(uq), make([]int32, q.nc), make([]float64, q.nc))
		qb := slices.Clone(s.sol)
		L, bu, it := q.lagrange(ctx, &qb, uq, perPhase, 30)
		iters += it
		cs := slices.Clone(fixed)
		for _, c := range qb {
			cs = append(cs, cm[c])
		}
		try(cs)
		if float64(len(fixed))+math.Ceil(L-1e-6) >= float64(len(best)) {
			break // fixing more cannot beat the best cover
		}
		for r := range q.nr {
			u[rm[r]] = bu[r]
		}
		rc := q.reducedCosts(bu)
		order := make([]int32, q.nc)
		for c := range order {
			order[c] = int32(c)
		}
		slices.SortStableFunc(order, func(a, b int32) int {
			switch {
			case rc[a] < rc[b]:
				return -1
			case rc[a] > rc[b]:
				return 1
			}
			return 0
		})
		target := max(1, int(frac*float64(q.nr)))
		got := 0
		for _, c := range order {
			if got >= target {
				break
			}
			gain := 0
			for _, r := range q.cols[c] {
				if !covered[rm[r]] {
					covered[rm[r]] = true
					gain++
				}
			}
			if gain > 0 {
				fixed = append(fixed, cm[c])
				got += gain
			}
		}
		left -= got
	}
	if left == 0 {
		try(fixed)
	}
	return best, iters
}

// dominated reports whether item k (a row or a column of the covering
// matrix) is dominated by another live item of its kind. mine lists each
// item's elements (a row's columns, a column's rows) and theirs the other
// way round; cnt (zero on entry and on return) and touched are scratch.
// With otherSubset, k is dominated by an item whose elements are all among
// k's (rows: a row whose columns ⊆ k's is harder to cover); without, by an
// item that has all of k's elements (columns: one covering all k's rows).
func dominated(k int, mine, theirs [][]int32, alive []bool, cnt []int32, touched *[]int32, otherSubset bool) bool {
	t := (*touched)[:0]
	for _, e := range mine[k] {
		for _, o := range theirs[e] {
			if int(o) != k && alive[o] {
				if cnt[o] == 0 {
					t = append(t, o)
				}
				cnt[o]++
			}
		}
	}
	dom := false
	for _, o := range t {
		need := len(mine[k])
		if otherSubset {
			need = len(mine[o])
		}
		if int(cnt[o]) == need {
			dom = true
		}
		cnt[o] = 0
	}
	*touched = t
	return dom
}
