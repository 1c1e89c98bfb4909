package tsp

import (
	"context"
	"fmt"
	"math"
	"sort"
	"time"
)

// WithinBudget chooses which nodes to visit when the closed tour through all
// of them is longer than budget: it returns a tour from start over a subset
// whose length is at most budget, trying to maximise the total prize of the
// visited nodes (prize[i] ≥ 0; the prize of start is ignored and start is
// never dropped). Dropped lists the nodes left out, in increasing order.
//
// When the full tour fits, it is returned with no node dropped. Otherwise,
// for at most ExactLimit nodes the subset is chosen exactly by dynamic
// programming (Optimal is set); for larger instances nodes with the lowest
// prize per length saved are dropped until the tour fits, the tour is
// re-optimised, and dropped nodes are re-inserted greedily (highest prize
// per added length first) while the budget allows, repeating until nothing
// changes. The returned tour has no lower bound (Bound and Gap are NaN).
func WithinBudget(ctx context.Context, d *Dist, start int, budget float64, prize []float64, opt Options) (t *Tour, dropped []int, err error) {
	t0 := time.Now()
	if err := d.Validate(); err != nil {
		return nil, nil, err
	}
	n := d.N
	if start < 0 || start >= n {
		return nil, nil, fmt.Errorf("tsp: start node %d out of range [0,%d)", start, n)
	}
	if err := checkOptions(opt); err != nil {
		return nil, nil, err
	}
	if math.IsNaN(budget) || budget < 0 {
		return nil, nil, fmt.Errorf("tsp: budget %g must be a non-negative number", budget)
	}
	if len(prize) != n {
		return nil, nil, fmt.Errorf("tsp: %d prizes for %d nodes", len(prize), n)
	}
	for i, p := range prize {
		if i != start && (math.IsNaN(p) || math.IsInf(p, 0) || p < 0) {
			return nil, nil, fmt.Errorf("tsp: prize[%d] = %g, must be a finite non-negative number", i, p)
		}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	full, err := Solve(ctx, d, start, opt)
	if err != nil {
		return nil, nil, err
	}
	if full.Length <= budget {
		full.Seconds = time.Since(t0).Seconds()
		return full, nil, nil
	}
	var order []int
	method := "budget-dp"
	optimal := false
	if n <= ExactLimit {
		order = budgetDP(d, start, budget, prize)
		optimal = true
	} else {
		method = "budget-drop-insert+ils"
		order = budgetHeuristic(ctx, d, full.Order, budget, prize, opt)
	}
	order = rotate(order, start)
	in := make([]bool, n)
	for _, v := range order {
		in[v] = true
	}
	for i := 0; i < n; i++ {
		if !in[i] {
			dropped = append(dropped, i)
		}
	}
	t = &Tour{
		Order:   order,
		Length:  TourLength(d, order),
		Bound:   math.NaN(),
		Gap:     math.NaN(),
		Optimal: optimal,
		Method:  method,
		Seconds: time.Since(t0).Seconds(),
	}
	return t, dropped, nil
}

// budgetHeuristic drops, re-optimises and re-inserts as WithinBudget
// describes. tour starts at the start node, which is never dropped.
func budgetHeuristic(ctx context.Context, d *Dist, tour []int, budget float64, prize []float64, opt Options) []int {
	n := d.N
	cur := append([]int(nil), tour...)
	out := make([]bool, n) // dropped
	reoptEvery := n / 10
	if reoptEvery < 1 {
		reoptEvery = 1
	}
	sinceReopt := 0
	for len(cur) > 1 && TourLength(d, cur) > budget {
		// the node with the lowest prize per length saved
		bk, bScore, bSave := -1, math.Inf(1), math.Inf(-1)
		m := len(cur)
		for k := 1; k < m; k++ {
			a, x, b := cur[k-1], cur[k], cur[(k+1)%m]
			save := d.At(a, x) + d.At(x, b) - d.At(a, b)
			score := math.Inf(1)
			if save > 1e-12 {
				score = prize[x] / save
			}
			if score < bScore || (score == bScore && save > bSave) {
				bk, bScore, bSave = k, score, save
			}
		}
		out[cur[bk]] = true
		cur = append(cur[:bk], cur[bk+1:]...)
		sinceReopt++
		if sinceReopt >= reoptEvery && TourLength(d, cur) > budget {
			cur = reoptimise(ctx, d, cur, opt, 2)
			sinceReopt = 0
		}
	}
	for round := 0; round < 10; round++ {
		cur = reoptimise(ctx, d, cur, opt, 0)
		if !insertGreedy(d, &cur, out, budget, prize) {
			break
		}
	}
	return cur
}

// insertGreedy inserts dropped nodes of positive prize, highest prize per
// added length first, at their cheapest position while the tour stays
// within budget. It reports whether any node was inserted.
func insertGreedy(d *Dist, cur *[]int, out []bool, budget float64, prize []float64) bool {
	changed := false
	for {
		tour := *cur
		m := len(tour)
		l := TourLength(d, tour)
		type cand struct {
			x, k  int
			ratio float64
		}
		var cands []cand
		for x := range out {
			if !out[x] || prize[x] <= 0 {
				continue
			}
			bk, bc := -1, math.Inf(1)
			for k := 0; k < m; k++ {
				a, b := tour[k], tour[(k+1)%m]
				c := d.At(a, x) + d.At(x, b) - d.At(a, b)
				if m == 1 {
					c = 2 * d.At(a, x)
				}
				if c < bc {
					bk, bc = k, c
				}
			}
			if l+bc > budget*(1+1e-12) {
				continue
			}
			r := math.Inf(1)
			if bc > 0 {
				r = prize[x] / bc
			}
			cands = append(cands, cand{x, bk, r})
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].ratio != cands[j].ratio {
				return cands[i].ratio > cands[j].ratio
			}
			return prize[cands[i].x] > prize[cands[j].x]
		})
		inserted := false
		for _, c := range cands {
			next := make([]int, 0, m+1)
			next = append(next, tour[:c.k+1]...)
			next = append(next, c.x)
			next = append(next, tour[c.k+1:]...)
			if TourLength(d, next) <= budget {
				*cur = next
				out[c.x] = false
				inserted, changed = true, true
				break
			}
		}
		if !inserted {
			return changed
		}
	}
}

// reoptimise returns the nodes of tour (tour[0] first) in an order no
// longer than the given one, by exact DP for small sets or by iterated
// local search from the given order. iterFactor > 0 limits the kicks to
// iterFactor×len(tour).
func reoptimise(ctx context.Context, d *Dist, tour []int, opt Options, iterFactor int) []int {
	m := len(tour)
	if m <= 3 {
		return tour
	}
	sub := NewDist(m)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			sub.D[i*m+j] = d.At(tour[i], tour[j])
		}
	}
	var order []int
	if m <= ExactLimit {
		order, _ = heldKarpDP(sub, 0)
	} else {
		o := opt
		if iterFactor > 0 {
			o.MaxIter = iterFactor * m
		} else if o.MaxIter == 0 {
			o.MaxIter = DefaultMaxIter(m)
		}
		init := make([]int, m)
		for i := range init {
			init[i] = i
		}
		order = rotate(runILS(ctx, sub, init, o).order, 0)
	}
	res := make([]int, m)
	for i, v := range order {
		res[i] = tour[v]
	}
	if TourLength(d, res) <= TourLength(d, tour) {
		return res
	}
	return tour
}
