package tsp

import (
	"context"
	"math"
)

// heldKarpBound returns the Held–Karp lower bound on the optimal closed
// tour: the best 1-tree bound L(π) = w_π(1-tree) − 2Σπ found by subgradient
// optimisation, with Polyak steps towards the upper bound ub. The special
// node of the 1-tree is node 0. When every distance is an integer the bound
// is rounded up. It stops early when ctx ends, returning the best bound so
// far (π = 0 gives a valid bound after one O(n²) spanning tree).
func heldKarpBound(ctx context.Context, d *Dist, ub float64) float64 {
	n := d.N
	if n < 3 {
		return ub
	}
	integral := true
	for _, v := range d.D {
		if v != math.Trunc(v) {
			integral = false
			break
		}
	}
	pi := make([]float64, n)
	bestPi := make([]float64, n)
	deg := make([]int, n)
	g := make([]float64, n)
	gPrev := make([]float64, n)
	rest := make([]int, 0, n)
	rkey := make([]float64, 0, n)
	rpar := make([]int, 0, n)

	// oneTree computes the minimum 1-tree for the penalties pi, fills deg,
	// and returns L(π).
	oneTree := func() float64 {
		for i := range deg {
			deg[i] = 0
		}
		total := 0.0
		// Prim on nodes 1..n-1, over a shrinking list of the nodes not yet
		// in the tree (one fused update-and-select pass per node)
		rest, rkey, rpar = rest[:0], rkey[:0], rpar[:0]
		for v := 2; v < n; v++ {
			rest = append(rest, v)
			rkey = append(rkey, math.Inf(1))
			rpar = append(rpar, -1)
		}
		u := 1
		for len(rest) > 0 {
			row := d.D[u*n : (u+1)*n]
			pu := pi[u]
			bi, bw := -1, math.Inf(1)
			for k, v := range rest {
				if w := row[v] + pu + pi[v]; w < rkey[k] {
					rkey[k], rpar[k] = w, u
				}
				if rkey[k] < bw {
					bi, bw = k, rkey[k]
				}
			}
			v := rest[bi]
			total += bw
			deg[v]++
			deg[rpar[bi]]++
			last := len(rest) - 1
			rest[bi], rkey[bi], rpar[bi] = rest[last], rkey[last], rpar[last]
			rest, rkey, rpar = rest[:last], rkey[:last], rpar[:last]
			u = v
		}
		// the two cheapest edges at node 0
		a, b := -1, -1
		wa, wb := math.Inf(1), math.Inf(1)
		for v := 1; v < n; v++ {
			w := d.D[v] + pi[0] + pi[v]
			if w < wa {
				b, wb = a, wa
				a, wa = v, w
			} else if w < wb {
				b, wb = v, w
			}
		}
		total += wa + wb
		deg[0] = 2
		deg[a]++
		deg[b]++
		s := 0.0
		for _, p := range pi {
			s += p
		}
		return total - 2*s
	}

	best := math.Inf(-1)
	maxIter := 1000
	if c := 4e8 / float64(n*n); c < float64(maxIter) {
		maxIter = int(c)
	}
	if maxIter < 20 {
		maxIter = 20
	}
	lambda := 1.0
	sinceBest := 0
	period := n / 2
	if period < 20 {
		period = 20
	}
	for it := 0; it < maxIter; it++ {
		if it > 0 && ctx.Err() != nil {
			break
		}
		l := oneTree()
		if it == 0 || l > best+1e-12*math.Max(1, math.Abs(best)) {
			best = l
			copy(bestPi, pi)
			sinceBest = 0
		} else {
			sinceBest++
			if sinceBest >= period {
				// restart from the best penalties with half the step
				lambda /= 2
				sinceBest = 0
				if lambda < 1e-4 {
					break
				}
				copy(pi, bestPi)
				for i := range gPrev {
					gPrev[i] = 0
				}
				l = oneTree()
			}
		}
		norm := 0.0
		for i := range g {
			g[i] = float64(deg[i] - 2)
			norm += g[i] * g[i]
		}
		if norm == 0 {
			// the 1-tree is a tour: L(π) is the optimum
			break
		}
		bound := best
		if integral {
			bound = math.Ceil(best - 1e-7)
		}
		if bound >= ub-1e-9*math.Max(1, ub) {
			break
		}
		gap := ub - l
		if gap <= 0 {
			gap = 1e-6 * math.Max(1, ub)
		}
		// Polyak step towards ub along Crowder's damped direction (0.7 of
		// the current subgradient, 0.3 of the previous one)
		t := lambda * gap / norm
		for i := range pi {
			v := 0.7*g[i] + 0.3*gPrev[i]
			pi[i] += t * v
			gPrev[i] = g[i]
		}
	}
	if integral {
		best = math.Ceil(best - 1e-7)
	}
	if best > ub {
		best = ub
	}
	return best
}
