package optimize

import (
	"math"
	"math/rand/v2"
)

// Brute-force references for the small-instance tests.

// combos calls fn with every k-subset of items (fn must not keep the slice).
func combos(items []int, k int, fn func([]int)) {
	cur := make([]int, 0, k)
	var rec func(start int)
	rec = func(start int) {
		if len(cur) == k {
			fn(cur)
			return
		}
		for x := start; x <= len(items)-(k-len(cur)); x++ {
			cur = append(cur, items[x])
			rec(x + 1)
			cur = cur[:len(cur)-1]
		}
	}
	rec(0)
}

// freeSites lists the sites neither fixed nor forbidden.
func freeSites(m int, fixed, forbidden []int) []int {
	bad := map[int]bool{}
	for _, j := range fixed {
		bad[j] = true
	}
	for _, j := range forbidden {
		bad[j] = true
	}
	var out []int
	for j := range m {
		if !bad[j] {
			out = append(out, j)
		}
	}
	return out
}

func wOf(pr *Problem, i int) float64 {
	if pr.Weight == nil {
		return 1
	}
	return pr.Weight[i]
}

func capped(pr *Problem, i, j int) float64 {
	d := pr.Dist.At(i, j)
	if pr.Cutoff > 0 && d > pr.Cutoff {
		return pr.Cutoff
	}
	return d
}

// brutePMedian returns the optimal p-median objective.
func brutePMedian(pr *Problem) float64 {
	best := math.Inf(1)
	combos(freeSites(pr.Dist.Sites, pr.Fixed, pr.Forbidden), pr.P, func(s []int) {
		open := append(append([]int{}, pr.Fixed...), s...)
		var o float64
		for i := range pr.Dist.Clients {
			b := math.Inf(1)
			for _, j := range open {
				b = math.Min(b, capped(pr, i, j))
			}
			o += wOf(pr, i) * b
		}
		best = math.Min(best, o)
	})
	return best
}

// brutePCenter returns the optimal p-center objective (clients of positive
// weight).
func brutePCenter(pr *Problem) float64 {
	best := math.Inf(1)
	combos(freeSites(pr.Dist.Sites, pr.Fixed, pr.Forbidden), pr.P, func(s []int) {
		open := append(append([]int{}, pr.Fixed...), s...)
		var o float64
		for i := range pr.Dist.Clients {
			if wOf(pr, i) == 0 {
				continue
			}
			b := math.Inf(1)
			for _, j := range open {
				b = math.Min(b, capped(pr, i, j))
			}
			o = math.Max(o, b)
		}
		best = math.Min(best, o)
	})
	return best
}

// bruteCPMP returns the optimal CPMP objective (+Inf when infeasible), by
// enumerating medians and assignments (depth-first with a cost cut).
func bruteCPMP(pr *Problem) float64 {
	n := pr.Dist.Clients
	dem := func(i int) float64 {
		if pr.Demand != nil {
			return pr.Demand[i]
		}
		return wOf(pr, i)
	}
	best := math.Inf(1)
	combos(freeSites(pr.Dist.Sites, pr.Fixed, pr.Forbidden), pr.P, func(s []int) {
		open := append(append([]int{}, pr.Fixed...), s...)
		res := make([]float64, len(open))
		for k, j := range open {
			res[k] = pr.Capacity[j]
		}
		var rec func(i int, cost float64)
		rec = func(i int, cost float64) {
			if cost >= best {
				return
			}
			if i == n {
				best = cost
				return
			}
			for k, j := range open {
				if res[k] >= dem(i)-1e-9 {
					res[k] -= dem(i)
					rec(i+1, cost+wOf(pr, i)*capped(pr, i, j))
					res[k] += dem(i)
				}
			}
		}
		rec(0, 0)
	})
	return best
}

// bruteMCLP returns the optimal covered weight with p new sites.
func bruteMCLP(c *Coverage, p int) float64 {
	best := -1.0
	combos(freeSites(c.Sites, c.Fixed, c.Forbidden), p, func(s []int) {
		best = math.Max(best, coveredWeight(c, append(append([]int{}, c.Fixed...), s...)))
	})
	return best
}

// bruteLSCP returns the fewest new sites reaching share, or -1.
func bruteLSCP(c *Coverage, share float64) int {
	var total float64
	for _, w := range c.Weight {
		total += w
	}
	free := freeSites(c.Sites, c.Fixed, c.Forbidden)
	for k := 0; k <= len(free); k++ {
		ok := false
		combos(free, k, func(s []int) {
			if !ok && coveredWeight(c, append(append([]int{}, c.Fixed...), s...)) >= share*total-1e-9 {
				ok = true
			}
		})
		if ok {
			return k
		}
	}
	return -1
}

// coveredWeight recomputes, independently of the solver, the weight of the
// clients covered by the open sites.
func coveredWeight(c *Coverage, open []int) float64 {
	cov := make([]bool, c.Clients)
	for _, j := range open {
		for _, i := range c.Covers[j] {
			cov[i] = true
		}
	}
	var s float64
	for i, ok := range cov {
		if ok {
			s += c.Weight[i]
		}
	}
	return s
}

// randomProblem builds a small Euclidean instance with random weights,
// fixed and forbidden sites.
func randomProblem(rng *rand.Rand, n, m int, integer bool) *Problem {
	type pt struct{ x, y float64 }
	cl := make([]pt, n)
	st := make([]pt, m)
	for i := range cl {
		cl[i] = pt{rng.Float64() * 100, rng.Float64() * 100}
	}
	for j := range st {
		st[j] = pt{rng.Float64() * 100, rng.Float64() * 100}
	}
	d := NewMatrix(n, m)
	for i := range n {
		for j := range m {
			v := math.Hypot(cl[i].x-st[j].x, cl[i].y-st[j].y)
			if integer {
				v = math.Round(v)
			}
			d.Set(i, j, v)
		}
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = float64(1 + rng.IntN(9))
	}
	pr := &Problem{Dist: d, Weight: w}
	perm := rng.Perm(m)
	nf := rng.IntN(2)
	nb := rng.IntN(3)
	pr.Fixed = append(pr.Fixed, perm[:nf]...)
	pr.Forbidden = append(pr.Forbidden, perm[nf:nf+nb]...)
	pr.P = 1 + rng.IntN(min(3, m-nf-nb))
	return pr
}
