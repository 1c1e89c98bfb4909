package optimize

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
)

// An exact LP relaxation of maximal covering for the branch and bound,
//
//	min −Σ w_i z_i  s.t.  z_i − Σ_{j covers i} y_j + s_i = 0,  Σ_j y_j + s_0 = p,
//	0 ≤ y_j ≤ 1 (a node fixes some to 0 or 1),  0 ≤ z_i ≤ 1,  s ≥ 0,
//
// solved by a bounded dual simplex warm-started from the parent's basis.
// Its basis is mostly unit columns (a client's z_i or slack s_i, the
// slack s_0): only the basic y columns, as many as the rows no unit
// column holds, need a factorisation, a dense r × r one (r is about the
// number of fractional sites). The LP's duals λ_i = −π_i are multipliers
// of the Lagrangian relaxation, so the bound reported is L(λ) evaluated
// by lagEval: valid whatever the simplex's accuracy.
type mcLP struct {
	v      *cov
	rowCli []int   // row r ≥ 1 → client; row 0 is the count constraint
	cliRow []int32 // client → row, −1 if inactive
	ny, nz int     // y columns 0..ny−1 (site ySite[c]), z columns ny..ny+nz−1 (row c−ny+1)
	ySite  []int
	siteY  []int32   // site → y column, −1 if not a candidate
	yRows  [][]int32 // y column → client rows it covers (coefficient −1; row 0 has +1)
	nr     int
	ncol   int // ny + nz + nr (slacks: column ny+nz+r for row r)
	cost   []float64
	lo, up []float64
	rhs0   float64

	// Basis.
	basic  []bool
	x, d   []float64
	beta   []float64 // per basic column: ‖e_rᵀ B⁻¹‖² (dual steepest edge)
	unitAt []int32   // row → its basic unit column (z or slack), −1 if none
	ybas   []int     // basic y columns
	rowsY  []int     // rows without a basic unit column (len == len(ybas))
	lu     []float64 // L and U, row by row
	lut    []float64 // the same, column by column
	buf    []float64
	ybuf   []float64
	rbuf   []float64
	rowIdx []int32 // row → its index in rowsY, −1 for a unit row (factor's scratch)
	perm   []int
	iters  int

	// Positions of the basic columns: a unit column sits at its row, the
	// b-th basic y column at rowsY[b] (at the last factorisation); later
	// pivots are kept as eta vectors (product form of the inverse).
	posCol []int // position → basic column
	colPos []int // column → position, −1 if nonbasic
	etas   []lpEta
	cur    *lpBasis // the basis in place, as last returned by basis (nil after a pivot)
}

// lpEta is one pivot since the factorisation: the entering column's
// B⁻¹A_q (over positions, sparse) and the position it took.
type lpEta struct {
	pos int
	idx []int32
	val []float64
	piv float64
}

// mcLPRefactor is the number of pivots between factorisations.
const mcLPRefactor = 64

// lpBasis is a node's starting basis: per column, lpAtLower, lpAtUpper or
// lpBasic. Keeping where a nonbasic column sits matters: most reduced
// costs of this degenerate LP are 0, and moving such columns to the other
// bound undoes the parent's primal solution (355 dual simplex iterations
// per node on SJC818 r400 p30 when they all went back to their lower
// bound).
type lpBasis struct {
	st   []int8
	beta []float64 // dual steepest-edge weights of the basic columns
}

func (b *lpBasis) clone() *lpBasis {
	return &lpBasis{st: slices.Clone(b.st), beta: slices.Clone(b.beta)}
}

const (
	lpAtLower int8 = iota
	lpAtUpper
	lpBasic
)

func (v *cov) newMcLP(p int, seed uint64) *mcLP {
	lp := &mcLP{v: v, cliRow: make([]int32, v.n), siteY: make([]int32, v.m)}
	lp.rowCli = append(lp.rowCli, -1)
	for i := range v.n {
		lp.cliRow[i] = -1
		if v.active[i] {
			lp.cliRow[i] = int32(len(lp.rowCli))
			lp.rowCli = append(lp.rowCli, i)
		}
	}
	lp.nr = len(lp.rowCli)
	for j := range lp.siteY {
		lp.siteY[j] = -1
	}
	for _, j := range v.cand {
		lp.siteY[j] = int32(len(lp.ySite))
		lp.ySite = append(lp.ySite, j)
		var rows []int32
		for _, i := range v.covers[j] {
			if r := lp.cliRow[i]; r > 0 {
				rows = append(rows, r)
			}
		}
		lp.yRows = append(lp.yRows, rows)
	}
	lp.ny, lp.nz = len(lp.ySite), lp.nr-1
	lp.ncol = lp.ny + lp.nz + lp.nr
	lp.cost = make([]float64, lp.ncol)
	lp.lo = make([]float64, lp.ncol)
	lp.up = make([]float64, lp.ncol)
	rng := rand.New(rand.NewPCG(seed, 0x4c50))
	scale := 1e-9 * math.Max(1, v.total)
	for c := range lp.ny {
		// A tiny positive cost per site breaks the dual degeneracy of the
		// equal-cost y columns (the bound is L(λ), so it stays valid).
		lp.cost[c] = scale * (1 + rng.Float64())
		lp.up[c] = 1
	}
	for r := 1; r < lp.nr; r++ {
		c := lp.ny + r - 1
		lp.cost[c] = -v.w[lp.rowCli[r]]
		lp.up[c] = 1
	}
	for r := range lp.nr {
		lp.up[lp.ny+lp.nz+r] = math.Inf(1)
	}
	lp.rhs0 = float64(p)
	lp.basic = make([]bool, lp.ncol)
	lp.x = make([]float64, lp.ncol)
	lp.d = make([]float64, lp.ncol)
	lp.beta = make([]float64, lp.ncol)
	lp.unitAt = make([]int32, lp.nr)
	lp.posCol = make([]int, lp.nr)
	lp.colPos = make([]int, lp.ncol)
	return lp
}

// slackBasis is the all-slack basis, dual feasible with every y at 0 and
// every z at 1.
func (lp *mcLP) slackBasis() *lpBasis {
	b := &lpBasis{st: make([]int8, lp.ncol), beta: make([]float64, lp.ncol)}
	for r := 1; r < lp.nr; r++ {
		b.st[lp.ny+r-1] = lpAtUpper
	}
	for r := range lp.nr {
		b.st[lp.ny+lp.nz+r] = lpBasic
		b.beta[lp.ny+lp.nz+r] = 1 // B = I
	}
	return b
}

// unitRow returns the row of a unit column (z or slack), −1 for a y column.
func (lp *mcLP) unitRow(c int) int {
	switch {
	case c < lp.ny:
		return -1
	case c < lp.ny+lp.nz:
		return c - lp.ny + 1
	default:
		return c - lp.ny - lp.nz
	}
}

// coef returns column c's coefficient in row r (y columns only).
func (lp *mcLP) yCoef(c, r int) float64 {
	if r == 0 {
		return 1
	}
	for _, rr := range lp.yRows[c] {
		if int(rr) == r {
			return -1
		}
	}
	return 0
}

// load installs basis b and the site states (fixed y bounds), computes
// the primal values and reduced costs; it reports false if b is singular.
func (lp *mcLP) load(b *lpBasis, state []int8) bool {
	for c := range lp.ny {
		switch state[lp.ySite[c]] {
		case siteOpen:
			lp.lo[c], lp.up[c] = 1, 1
		case siteClosed:
			lp.lo[c], lp.up[c] = 0, 0
		default:
			lp.lo[c], lp.up[c] = 0, 1
		}
	}
	if b == lp.cur {
		// The basis in place (a child taken right after its parent):
		// keep its factors, only the bounds changed.
		lp.refresh()
		return true
	}
	lp.cur = nil
	copy(lp.beta, b.beta)
	for c, st := range b.st {
		lp.basic[c] = st == lpBasic
		lp.x[c] = lp.lo[c]
		if st == lpAtUpper && !math.IsInf(lp.up[c], 1) {
			lp.x[c] = lp.up[c]
		}
	}
	if !lp.factor() {
		return false
	}
	lp.refresh()
	return true
}

// factor builds the LU factors (partial pivoting) of the basic y columns
// restricted to the rows without a basic unit column.
func (lp *mcLP) factor() bool {
	for r := range lp.unitAt {
		lp.unitAt[r] = -1
	}
	lp.ybas = lp.ybas[:0]
	for c, isB := range lp.basic {
		if !isB {
			continue
		}
		if r := lp.unitRow(c); r >= 0 {
			if lp.unitAt[r] >= 0 {
				return false
			}
			lp.unitAt[r] = int32(c)
		} else {
			lp.ybas = append(lp.ybas, c)
		}
	}
	lp.etas = lp.etas[:0]
	lp.rowsY = lp.rowsY[:0]
	for r := range lp.nr {
		if lp.unitAt[r] < 0 {
			lp.rowsY = append(lp.rowsY, r)
		}
	}
	k := len(lp.ybas)
	if len(lp.rowsY) != k {
		return false
	}
	if cap(lp.lu) < k*k {
		lp.lu = make([]float64, k*k)
	}
	a := lp.lu[:k*k]
	clear(a)
	if len(lp.rowIdx) != lp.nr {
		lp.rowIdx = make([]int32, lp.nr)
	}
	for r := range lp.rowIdx {
		lp.rowIdx[r] = -1
	}
	for i, r := range lp.rowsY {
		lp.rowIdx[r] = int32(i)
	}
	i0 := lp.rowIdx[0]
	for b, c := range lp.ybas {
		if i0 >= 0 {
			a[int(i0)*k+b] = 1
		}
		for _, r := range lp.yRows[c] {
			if i := lp.rowIdx[r]; i >= 0 {
				a[int(i)*k+b] = -1
			}
		}
	}
	for c := range lp.colPos {
		lp.colPos[c] = -1
	}
	for r, c := range lp.unitAt {
		if c >= 0 {
			lp.posCol[r], lp.colPos[c] = int(c), r
		}
	}
	for b, c := range lp.ybas {
		lp.posCol[lp.rowsY[b]], lp.colPos[c] = c, lp.rowsY[b]
	}
	if cap(lp.perm) < k {
		lp.perm = make([]int, k)
	}
	perm := lp.perm[:k]
	for i := range perm {
		perm[i] = i
	}
	for col := range k {
		piv, best := -1, 1e-11
		for i := col; i < k; i++ {
			if v := math.Abs(a[i*k+col]); v > best {
				piv, best = i, v
			}
		}
		if piv < 0 {
			return false
		}
		if piv != col {
			for t := range k {
				a[piv*k+t], a[col*k+t] = a[col*k+t], a[piv*k+t]
			}
			perm[piv], perm[col] = perm[col], perm[piv]
		}
		inv := 1 / a[col*k+col]
		for i := col + 1; i < k; i++ {
			f := a[i*k+col] * inv
			if f == 0 {
				continue
			}
			a[i*k+col] = f
			for t := col + 1; t < k; t++ {
				a[i*k+t] -= f * a[col*k+t]
			}
		}
	}
	if cap(lp.lut) < k*k {
		lp.lut = make([]float64, k*k)
		lp.buf = make([]float64, k)
		lp.ybuf = make([]float64, k)
		lp.rbuf = make([]float64, k)
	}
	lut := lp.lut[:k*k]
	for i := range k {
		for t := range k {
			lut[t*k+i] = a[i*k+t]
		}
	}
	return true
}

// solveM solves M x = b in place (b indexed like rowsY, x like ybas),
// column by column so that zeros of the right-hand side are skipped.
func (lp *mcLP) solveM(b []float64) {
	k := len(lp.ybas)
	lut, perm := lp.lut[:k*k], lp.perm[:k]
	y := lp.buf[:k]
	for i := range k {
		y[i] = b[perm[i]]
	}
	for t := range k {
		if yt := y[t]; yt != 0 {
			col := lut[t*k : t*k+k]
			for i := t + 1; i < k; i++ {
				y[i] -= col[i] * yt
			}
		}
	}
	for t := k - 1; t >= 0; t-- {
		col := lut[t*k : t*k+k]
		y[t] /= col[t]
		if yt := y[t]; yt != 0 {
			for i := range t {
				y[i] -= col[i] * yt
			}
		}
	}
	copy(b, y)
}

// solveMT solves Mᵀ x = b in place (b indexed like ybas, x like rowsY).
func (lp *mcLP) solveMT(b []float64) {
	k := len(lp.ybas)
	a, perm := lp.lu[:k*k], lp.perm[:k]
	// P M = L U, so Mᵀ = Uᵀ Lᵀ P: solve Uᵀ w = b, Lᵀ u = w, x = Pᵀ u.
	w := lp.buf[:k]
	copy(w, b)
	for t := range k {
		row := a[t*k : t*k+k]
		w[t] /= row[t]
		if wt := w[t]; wt != 0 {
			for i := t + 1; i < k; i++ {
				w[i] -= row[i] * wt
			}
		}
	}
	for t := k - 1; t >= 0; t-- {
		if wt := w[t]; wt != 0 {
			row := a[t*k : t*k+k]
			for i := range t {
				w[i] -= row[i] * wt
			}
		}
	}
	for i := range k {
		b[perm[i]] = w[i]
	}
}

// ftran returns B⁻¹ a for a column a given over rows (dense), indexed by
// position, in out.
func (lp *mcLP) ftran(a []float64, out []float64) {
	k := len(lp.ybas)
	yb := lp.ybuf[:k]
	for i, r := range lp.rowsY {
		yb[i] = a[r]
	}
	lp.solveM(yb)
	for r, c := range lp.unitAt {
		if c >= 0 {
			out[r] = a[r]
		}
	}
	for b, c := range lp.ybas {
		v := yb[b]
		out[lp.rowsY[b]] = v
		if v == 0 {
			continue
		}
		if lp.unitAt[0] >= 0 {
			out[0] -= v
		}
		for _, r := range lp.yRows[c] {
			if lp.unitAt[r] >= 0 {
				out[r] += v
			}
		}
	}
	for _, e := range lp.etas {
		xp := out[e.pos] / e.piv
		if xp != 0 {
			for t, i := range e.idx {
				out[i] -= e.val[t] * xp
			}
		}
		out[e.pos] = xp
	}
}

// btran returns ρ = wᵀ B⁻¹ over rows for w over positions (w is consumed).
func (lp *mcLP) btran(w, rho []float64) {
	for t := len(lp.etas) - 1; t >= 0; t-- {
		e := lp.etas[t]
		s := w[e.pos]
		for u, i := range e.idx {
			s -= w[i] * e.val[u]
		}
		w[e.pos] = s / e.piv
	}
	// Base: ρ_r = w_r on the unit rows; Mᵀ ρ_Y = w_Y − A_UYᵀ ρ_U.
	clear(rho)
	for r, c := range lp.unitAt {
		if c >= 0 {
			rho[r] = w[r]
		}
	}
	k := len(lp.ybas)
	rb := lp.rbuf[:k]
	for b, c := range lp.ybas {
		s := w[lp.rowsY[b]]
		if lp.unitAt[0] >= 0 {
			s -= rho[0]
		}
		for _, r := range lp.yRows[c] {
			if lp.unitAt[r] >= 0 {
				s += rho[r]
			}
		}
		rb[b] = s
	}
	lp.solveMT(rb)
	for i, r := range lp.rowsY {
		rho[r] = rb[i]
	}
}

// column writes column c over rows into a (cleared by the caller).
func (lp *mcLP) column(c int, a []float64) {
	if r := lp.unitRow(c); r >= 0 {
		a[r] = 1
		return
	}
	a[0] = 1
	for _, r := range lp.yRows[c] {
		a[r] = -1
	}
}

// refresh recomputes the nonbasic values (at the bound their reduced cost
// asks for), the basic values and the reduced costs from scratch.
func (lp *mcLP) refresh() {
	// Duals: πᵀ = c_Bᵀ B⁻¹.
	pi := make([]float64, lp.nr)
	w := make([]float64, lp.nr)
	for pos, c := range lp.posCol {
		w[pos] = lp.cost[c]
	}
	lp.btran(w, pi)
	lp.setReduced(pi)
	// Nonbasic values, then basic ones: x_B = B⁻¹ (b − N x_N).
	a := make([]float64, lp.nr)
	a[0] = lp.rhs0
	for c := range lp.ncol {
		if lp.basic[c] {
			continue
		}
		// Each nonbasic column stays at its bound unless its reduced
		// cost asks for the other one.
		switch {
		case lp.lo[c] == lp.up[c]:
			lp.x[c] = lp.lo[c]
		case lp.d[c] < -1e-12 && !math.IsInf(lp.up[c], 1):
			lp.x[c] = lp.up[c]
		case lp.d[c] > 1e-12 || lp.x[c] != lp.up[c]:
			lp.x[c] = lp.lo[c]
		}
		if lp.x[c] == 0 {
			continue
		}
		if r := lp.unitRow(c); r >= 0 {
			a[r] -= lp.x[c]
		} else {
			a[0] -= lp.x[c]
			for _, r := range lp.yRows[c] {
				a[r] += lp.x[c]
			}
		}
	}
	xp := make([]float64, lp.nr)
	lp.ftran(a, xp)
	for pos, c := range lp.posCol {
		lp.x[c] = xp[pos]
	}
}

// setReduced sets d_c = c_c − πᵀ A_c for every column (0 for basic ones).
func (lp *mcLP) setReduced(pi []float64) {
	for c := range lp.ncol {
		if lp.basic[c] {
			lp.d[c] = 0
			continue
		}
		if r := lp.unitRow(c); r >= 0 {
			lp.d[c] = lp.cost[c] - pi[r]
			continue
		}
		s := pi[0]
		for _, r := range lp.yRows[c] {
			s -= pi[r]
		}
		lp.d[c] = lp.cost[c] - s
	}
}

// duals returns λ_i = −π_r per client (0 for inactive ones).
func (lp *mcLP) duals(lam []float64) {
	pi := make([]float64, lp.nr)
	// π_r = c_u − d_u for unit columns: for row r, slack column has
	// c = 0, so π_r = −d_slack(r) whether basic (d = 0) or not.
	for r := range lp.nr {
		pi[r] = -lp.d[lp.ny+lp.nz+r]
	}
	for i := range lam {
		lam[i] = 0
		if r := lp.cliRow[i]; r > 0 {
			lam[i] = math.Min(lp.v.w[i], math.Max(0, -pi[r]))
		}
	}
}

// solve runs dual simplex iterations until the basis is primal feasible
// (optimal) or maxIter; it reports whether it reached optimality.
func (lp *mcLP) solve(maxIter int, stop func() bool) bool {
	const tolP, tolPiv = 1e-9, 1e-9
	a := make([]float64, lp.nr)
	alpha := make([]float64, lp.nr)
	w := make([]float64, lp.nr)
	rho := make([]float64, lp.nr)
	row := make([]float64, lp.ncol)
	tau := make([]float64, lp.nr)
	var cands []lpBreak
	for it := 0; it < maxIter; it++ {
		if it&31 == 31 && stop != nil && stop() {
			return false
		}
		// Leaving: the basic column of largest violation relative to
		// its steepest-edge weight (Forrest & Goldfarb 1992).
		p, score := -1, 0.0
		for _, c := range lp.posCol {
			v := math.Max(lp.lo[c]-lp.x[c], lp.x[c]-lp.up[c])
			if v > tolP && v*v > score*lp.beta[c] {
				p, score = c, v*v/lp.beta[c]
			}
		}
		if p < 0 {
			return true
		}
		lp.iters++
		lp.cur = nil
		s := 1.0 // x_p below its lower bound
		bound := lp.lo[p]
		if lp.x[p] > lp.up[p] {
			s, bound = -1, lp.up[p]
		}
		pp := lp.colPos[p]
		// ρ = e_ppᵀ B⁻¹ over rows.
		clear(w)
		w[pp] = 1
		lp.btran(w, rho)
		// Pivot row and the breakpoints of the dual ratio test.
		cands = cands[:0]
		for c := range lp.ncol {
			if lp.basic[c] || lp.lo[c] == lp.up[c] {
				row[c] = 0
				continue
			}
			var v float64
			if r := lp.unitRow(c); r >= 0 {
				v = rho[r]
			} else {
				v = rho[0]
				for _, r := range lp.yRows[c] {
					v -= rho[r]
				}
			}
			row[c] = v
			sv := s * v
			atLower := lp.x[c] <= lp.lo[c]
			if atLower && sv >= -tolPiv || !atLower && sv <= tolPiv {
				continue
			}
			cands = append(cands, lpBreak{c, math.Abs(lp.d[c]) / math.Abs(v)})
		}
		if len(cands) == 0 {
			return false // dual unbounded: the node is infeasible
		}
		// Bound-flipping ratio test (the "long step" of Fourer 1994,
		// Koberstein 2005): pass the breakpoints of boxed columns, which
		// flip to their other bound, while the dual objective still
		// improves, i.e. while the primal infeasibility left is positive.
		slices.SortFunc(cands, func(a, b lpBreak) int { return cmp.Compare(a.t, b.t) })
		slope := math.Abs(lp.x[p] - bound)
		q, nflip := -1, 0
		for k, cb := range cands {
			c := cb.c
			width := lp.up[c] - lp.lo[c]
			if math.IsInf(width, 1) || slope-math.Abs(row[c])*width <= 0 {
				// The entering column: among the breakpoints within a
				// tolerance of this one, the largest pivot.
				q = c
				for _, cc := range cands[k+1:] {
					if cc.t > cb.t+1e-9 {
						break
					}
					if math.Abs(row[cc.c]) > math.Abs(row[q]) {
						q = cc.c
					}
				}
				nflip = k
				break
			}
			slope -= math.Abs(row[c]) * width
		}
		if q < 0 {
			// Every breakpoint flips and the row stays infeasible: take
			// the last one as entering.
			nflip = len(cands) - 1
			q = cands[nflip].c
		}
		best := 0.0
		for _, cb := range cands {
			if cb.c == q {
				best = cb.t
			}
		}
		// Flip the columns passed (not q), and move the basic values.
		clear(a)
		flipped := false
		for _, cb := range cands[:nflip] {
			c := cb.c
			if c == q {
				continue
			}
			var dx float64
			if lp.x[c] <= lp.lo[c] {
				dx = lp.up[c] - lp.lo[c]
				lp.x[c] = lp.up[c]
			} else {
				dx = lp.lo[c] - lp.up[c]
				lp.x[c] = lp.lo[c]
			}
			if r := lp.unitRow(c); r >= 0 {
				a[r] += dx
			} else {
				a[0] += dx
				for _, r := range lp.yRows[c] {
					a[r] -= dx
				}
			}
			flipped = true
		}
		if flipped {
			lp.ftran(a, alpha)
			for pos, c := range lp.posCol {
				lp.x[c] -= alpha[pos]
			}
		}
		// Column of q over positions.
		clear(a)
		lp.column(q, a)
		lp.ftran(a, alpha)
		if math.Abs(alpha[pp]) < tolPiv || math.Abs(alpha[pp]-row[q]) > 1e-6*(1+math.Abs(row[q])) {
			// Numerical trouble: refactorise and go on.
			if len(lp.etas) == 0 || !lp.factor() {
				return false
			}
			lp.refresh()
			continue
		}
		// Steepest-edge weights: β_p = ‖ρ‖² exactly, τ = B⁻¹ρ.
		var betaP float64
		for _, v := range rho {
			betaP += v * v
		}
		lp.ftran(rho, tau)
		ap := alpha[pp]
		for pos, c := range lp.posCol {
			if pos == pp || alpha[pos] == 0 {
				continue
			}
			r := alpha[pos] / ap
			lp.beta[c] = math.Max(lp.beta[c]-2*r*tau[pos]+r*r*betaP, 1e-4)
		}
		lp.beta[q] = math.Max(betaP/(ap*ap), 1e-4)
		// Dual update.
		t := best
		for c := range lp.ncol {
			if !lp.basic[c] && row[c] != 0 {
				lp.d[c] += s * t * row[c]
			}
		}
		lp.d[q] = 0
		// Primal update.
		delta := (lp.x[p] - bound) / alpha[pp]
		xq := lp.x[q] + delta
		for pos, c := range lp.posCol {
			if alpha[pos] != 0 {
				lp.x[c] -= delta * alpha[pos]
			}
		}
		lp.x[p], lp.x[q] = bound, xq
		lp.d[p] = s * t
		// Basis change.
		lp.basic[p], lp.basic[q] = false, true
		lp.posCol[pp], lp.colPos[q], lp.colPos[p] = q, pp, -1
		e := lpEta{pos: pp, piv: alpha[pp]}
		for pos, v := range alpha {
			if pos != pp && v != 0 {
				e.idx = append(e.idx, int32(pos))
				e.val = append(e.val, v)
			}
		}
		lp.etas = append(lp.etas, e)
		if len(lp.etas) >= mcLPRefactor {
			if !lp.factor() {
				return false
			}
			lp.refresh()
		}
	}
	return false
}

// lpBreak is a breakpoint of the dual ratio test: a column and its ratio.
type lpBreak struct {
	c int
	t float64
}

// objective is the LP's primal value Σ w z (perturbation excluded).
func (lp *mcLP) objective() float64 {
	var o float64
	for r := 1; r < lp.nr; r++ {
		o += lp.v.w[lp.rowCli[r]] * lp.x[lp.ny+r-1]
	}
	return o
}

// basis returns a copy of the current basis.
func (lp *mcLP) basis() *lpBasis {
	b := &lpBasis{st: make([]int8, lp.ncol), beta: slices.Clone(lp.beta)}
	lp.cur = b
	for c := range b.st {
		switch {
		case lp.basic[c]:
			b.st[c] = lpBasic
		case lp.x[c] == lp.up[c] && lp.lo[c] != lp.up[c]:
			b.st[c] = lpAtUpper
		}
	}
	return b
}

// mcLPRows is the largest number of active clients (the LP's rows) for
// which the best-first tree uses the LP: the root LP of random cities
// took 0.3 s at 1,500 rows (r = 500 m, p = 50), 3.3 s at 3,000 and did
// not end in 60 s at 6,000, where the basic site columns number about 800.
const mcLPRows = 2500

// activeClients counts the clients some candidate covers and no fixed
// site does.
func (v *cov) activeClients() int {
	n := 0
	for _, a := range v.active {
		if a {
			n++
		}
	}
	return n
}

// mcLPNodeIters caps the dual simplex iterations of a node (91 on average
// on SJC818 r400 p30); a node stopped early still has a valid bound.
const mcLPNodeIters = 2000
