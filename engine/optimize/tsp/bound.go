package tsp

import (
	"context"
	"math"
	"slices"
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
		return closeOneTree(d, pi, deg, total)
	}

	maxIter := 1000
	if c := 4e8 / float64(n*n); c < float64(maxIter) {
		maxIter = int(c)
	}
	if maxIter < 20 {
		maxIter = 20
	}
	period := n / 2
	if period < 20 {
		period = 20
	}
	lambda := 1.0
	if n >= sparseBoundMinN {
		// most of the ascent on the sparse candidate graph, whose 1-trees
		// cost O(m log n) instead of O(n²); its values are not bounds (the
		// graph may miss a tree edge), only its penalties are kept, and
		// the dense 1-trees below give the bound from them
		if tree := sparseOneTree(d, pi, deg); tree != nil {
			if _, ok := ascend(ctx, tree, pi, bestPi, deg, g, gPrev, sparseBoundIter, 1.0, period, ub, integral); ok {
				copy(pi, bestPi)
				maxIter = min(maxIter, denseAfterSparse)
				lambda = lambdaAfterSparse
				period = min(period, 20)
			}
		}
	}
	best, _ := ascend(ctx, oneTree, pi, bestPi, deg, g, gPrev, maxIter, lambda, period, ub, integral)
	if integral {
		best = math.Ceil(best - 1e-7)
	}
	if best > ub {
		best = ub
	}
	return best
}

// ascend runs the subgradient optimisation of the penalties pi for at most
// maxIter 1-trees (oneTree fills deg and returns L(π), or NaN when it
// cannot span the nodes), starting with the step factor lambda, halved
// after period 1-trees without progress, with Polyak steps towards ub. It
// leaves in bestPi the penalties of the best L(π) and returns that value,
// and false when oneTree failed.
func ascend(ctx context.Context, oneTree func() float64, pi, bestPi []float64, deg []int, g, gPrev []float64, maxIter int, lambda float64, period int, ub float64, integral bool) (float64, bool) {
	for i := range gPrev {
		gPrev[i] = 0
	}
	best := math.Inf(-1)
	sinceBest := 0
	for it := 0; it < maxIter; it++ {
		if it > 0 && ctx.Err() != nil {
			break
		}
		l := oneTree()
		if math.IsNaN(l) {
			return best, false
		}
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
	return best, true
}

// sparseBoundMinN is the smallest instance whose bound ascent starts on
// the sparse candidate graph (the same as lkMinN: smaller instances,
// eil51 … a280 and the route question's stops among them, keep the dense
// ascent unchanged); sparseBoundIter is the number of sparse 1-trees,
// denseAfterSparse and lambdaAfterSparse the number of dense 1-trees after
// them and their first step factor. On 1,000 uniform points this gives a
// bound 0.2% higher (23,405 against 23,352) in a third of the time of the
// 400 dense 1-trees.
const (
	sparseBoundMinN   = 400
	sparseBoundIter   = 150
	denseAfterSparse  = 40
	lambdaAfterSparse = 0.1
)

// sparseOneTree returns a function computing the minimum 1-tree for the
// penalties pi on the graph of the 10 nearest neighbours of every node
// (both ways) plus node 0's two cheapest edges, filling deg; it returns NaN
// when that graph does not connect the nodes other than 0. The function
// is nil for n < 5.
func sparseOneTree(d *Dist, pi []float64, deg []int) func() float64 {
	n := d.N
	if n < 5 {
		return nil
	}
	nb := neighbours(d, neighbourK)
	adj := make([][]int32, n)
	for i := 1; i < n; i++ {
		for _, j := range nb[i] {
			if j == 0 {
				continue
			}
			if !slices.Contains(adj[i], j) {
				adj[i] = append(adj[i], j)
			}
			if !slices.Contains(adj[j], int32(i)) {
				adj[j] = append(adj[j], int32(i))
			}
		}
	}
	inTree := make([]bool, n)
	key := make([]float64, n)
	par := make([]int32, n)
	type item struct {
		k float64
		v int32
	}
	var h []item
	push := func(it item) {
		h = append(h, it)
		c := len(h) - 1
		for c > 0 {
			p := (c - 1) / 2
			if h[p].k <= h[c].k {
				break
			}
			h[p], h[c] = h[c], h[p]
			c = p
		}
	}
	pop := func() item {
		top := h[0]
		last := len(h) - 1
		h[0] = h[last]
		h = h[:last]
		c := 0
		for {
			l := 2*c + 1
			if l >= len(h) {
				break
			}
			if r := l + 1; r < len(h) && h[r].k < h[l].k {
				l = r
			}
			if h[c].k <= h[l].k {
				break
			}
			h[c], h[l] = h[l], h[c]
			c = l
		}
		return top
	}
	return func() float64 {
		for i := range deg {
			deg[i] = 0
			inTree[i] = false
			key[i] = math.Inf(1)
		}
		total := 0.0
		h = h[:0]
		u := int32(1)
		inTree[u] = true
		added := 1
		for {
			pu := pi[u]
			row := d.D[int(u)*n : (int(u)+1)*n]
			for _, v := range adj[u] {
				if inTree[v] {
					continue
				}
				if w := row[v] + pu + pi[v]; w < key[v] {
					key[v], par[v] = w, u
					push(item{w, v})
				}
			}
			for len(h) > 0 && (inTree[h[0].v] || h[0].k > key[h[0].v]) {
				pop()
			}
			if len(h) == 0 {
				break
			}
			it := pop()
			u = it.v
			inTree[u] = true
			added++
			total += it.k
			deg[u]++
			deg[par[u]]++
		}
		if added < n-1 {
			return math.NaN()
		}
		return closeOneTree(d, pi, deg, total)
	}
}

// closeOneTree completes a 1-tree whose spanning tree on the nodes other
// than 0 weighs total (penalised): it adds the two cheapest penalised
// edges at node 0, counts them in deg, and returns L(π), the 1-tree's
// weight minus twice the penalties.
func closeOneTree(d *Dist, pi []float64, deg []int, total float64) float64 {
	a, b := -1, -1
	wa, wb := math.Inf(1), math.Inf(1)
	for v := 1; v < len(pi); v++ {
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
