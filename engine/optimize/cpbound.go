package optimize

import (
	"cmp"
	"context"
	"math"
	"slices"
)

// lagrange computes a lower bound for the CPMP by relaxing the assignment
// constraints Σ_j x_ij = 1 with multipliers λ_i. What remains splits into
// one 0–1 knapsack per site, K_j(λ) = min Σ_i (w_i d_ij − λ_i) x_ij subject
// to Σ_i q_i x_ij ≤ Q_j, and the choice of the p sites with the smallest
// K_j: L(λ) = Σ_i λ_i + Σ_open K_j. The knapsacks are solved exactly by
// dynamic programming when demands and capacities are small integers, else
// by their LP relaxation (still a valid bound). It also returns the best
// median set met by the Lagrangian heuristic (nil when none was feasible).
func (c *cpInst) lagrange(ctx context.Context, seed cpSol) (float64, []int) {
	n, m := c.n, c.m
	lam := make([]float64, n)
	for i, a := range seed.assign {
		lam[i] = c.cost(i, a)
	}
	ub := seed.obj
	sites := append(slices.Clone(c.fixed), c.cand...)
	K := make([]float64, m)
	X := make([][]float64, m) // per site, x_ij of its knapsack
	for _, j := range sites {
		X[j] = make([]float64, n)
	}
	intDem := true
	for _, q := range c.q {
		if q != math.Trunc(q) {
			intDem = false
		}
	}
	cand := slices.Clone(c.cand)
	g := make([]float64, n)
	best := math.Inf(-1)
	var bestSites []int
	bestUB := math.Inf(1)
	f, since := 2.0, 0
	ks := &knapsack{}
	for it := 0; it < 600; it++ {
		if it&3 == 3 && done(ctx) {
			break
		}
		var L float64
		for _, l := range lam {
			L += l
		}
		for _, j := range sites {
			K[j] = -ks.solve(c, j, lam, X[j], intDem)
		}
		slices.SortFunc(cand, func(a, b int) int {
			if r := cmp.Compare(K[a], K[b]); r != 0 {
				return r
			}
			return cmp.Compare(a, b)
		})
		open := append(slices.Clone(c.fixed), cand[:c.p]...)
		for _, j := range open {
			L += K[j]
		}
		if L > best+1e-12*math.Max(1, math.Abs(L)) {
			best, since = L, 0
		} else if since++; since >= 20 {
			f /= 2
			since = 0
		}
		if it%10 == 0 {
			if t, ok := c.evaluate(cand[:c.p], false); ok && t.obj < bestUB {
				bestUB, bestSites = t.obj, slices.Clone(cand[:c.p])
				ub = math.Min(ub, t.obj)
			}
		}
		if best >= ub-1e-9*math.Max(1, ub) || f < 1e-4 || (c.integer && best > ub-1+1e-6) {
			break
		}
		var norm float64
		for i := range n {
			s := 1.0
			for _, j := range open {
				s -= X[j][i]
			}
			g[i] = s
			norm += s * s
		}
		if norm < 1e-12 {
			break
		}
		t := f * (ub - L) / norm
		for i := range n {
			lam[i] += t * g[i]
		}
	}
	return best, bestSites
}

// knapsack holds scratch space for the per-site knapsacks.
type knapsack struct {
	items []int
	dp    []float64
	take  []bool
}

// solve returns the largest Σ (λ_i − c_ij) x_i subject to Σ q_i x_i ≤ Q_j,
// writing x into x.
func (k *knapsack) solve(c *cpInst, j int, lam, x []float64, intDem bool) float64 {
	clear(x)
	k.items = k.items[:0]
	Q := c.capa[j]
	var base float64
	for i := range c.n {
		pr := lam[i] - c.cost(i, j)
		if pr <= 0 || c.q[i] > Q {
			continue
		}
		if c.q[i] == 0 {
			base += pr
			x[i] = 1
			continue
		}
		k.items = append(k.items, i)
	}
	if len(k.items) == 0 {
		return base
	}
	capInt := int(math.Floor(Q + 1e-9))
	if intDem && float64(len(k.items))*float64(capInt+1) <= 4e6 {
		W := capInt
		k.dp = slices.Grow(k.dp[:0], W+1)[:W+1]
		clear(k.dp)
		k.take = slices.Grow(k.take[:0], len(k.items)*(W+1))[:len(k.items)*(W+1)]
		clear(k.take)
		for t, i := range k.items {
			q := int(c.q[i])
			pr := lam[i] - c.cost(i, j)
			row := k.take[t*(W+1) : (t+1)*(W+1)]
			for w := W; w >= q; w-- {
				if v := k.dp[w-q] + pr; v > k.dp[w] {
					k.dp[w] = v
					row[w] = true
				}
			}
		}
		w := W
		for t := len(k.items) - 1; t >= 0; t-- {
			if k.take[t*(W+1)+w] {
				i := k.items[t]
				x[i] = 1
				w -= int(c.q[i])
			}
		}
		return base + k.dp[W]
	}
	// LP relaxation (Dantzig): by decreasing profit/weight, the last item
	// fractional.
	slices.SortFunc(k.items, func(a, b int) int {
		ra := (lam[a] - c.cost(a, j)) / c.q[a]
		rb := (lam[b] - c.cost(b, j)) / c.q[b]
		if r := cmp.Compare(rb, ra); r != 0 {
			return r
		}
		return cmp.Compare(a, b)
	})
	left, v := Q, base
	for _, i := range k.items {
		pr := lam[i] - c.cost(i, j)
		if c.q[i] <= left {
			x[i] = 1
			left -= c.q[i]
			v += pr
			continue
		}
		fr := left / c.q[i]
		x[i] = fr
		v += fr * pr
		break
	}
	return v
}
