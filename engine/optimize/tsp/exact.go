package tsp

import "math"

// heldKarpDP solves the TSP exactly by dynamic programming over subsets
// (O(2^n·n²) time, so only for small n). It returns the tour from start and
// its length.
func heldKarpDP(d *Dist, start int) ([]int, float64) {
	n := d.N
	others := make([]int, 0, n-1)
	for i := 0; i < n; i++ {
		if i != start {
			others = append(others, i)
		}
	}
	m := len(others)
	dp, parent := subsetPaths(d, start, others)
	full := (1 << m) - 1
	best, bj := math.Inf(1), -1
	for j := 0; j < m; j++ {
		v := dp[full*m+j] + d.At(others[j], start)
		if v < best {
			best, bj = v, j
		}
	}
	order := pathFromDP(parent, full, bj, m, others)
	order = append([]int{start}, order...)
	return order, TourLength(d, order)
}

// subsetPaths computes, for every non-empty subset S of others (bit k for
// others[k]) and every j in S, the length of the shortest path that leaves
// start, visits exactly S and ends at others[j] (dp[S*m+j]), with the
// predecessor index in parent (-1 when j is the first node).
func subsetPaths(d *Dist, start int, others []int) ([]float64, []int8) {
	m := len(others)
	size := 1 << m
	dp := make([]float64, size*m)
	parent := make([]int8, size*m)
	for i := range dp {
		dp[i] = math.Inf(1)
		parent[i] = -1
	}
	for j := 0; j < m; j++ {
		dp[(1<<j)*m+j] = d.At(start, others[j])
	}
	for s := 1; s < size; s++ {
		for j := 0; j < m; j++ {
			if s&(1<<j) == 0 {
				continue
			}
			cur := dp[s*m+j]
			if math.IsInf(cur, 1) {
				continue
			}
			row := others[j] * d.N
			for k := 0; k < m; k++ {
				if s&(1<<k) != 0 {
					continue
				}
				t := s | 1<<k
				v := cur + d.D[row+others[k]]
				if v < dp[t*m+k] {
					dp[t*m+k] = v
					parent[t*m+k] = int8(j)
				}
			}
		}
	}
	return dp, parent
}

// pathFromDP rebuilds the path for subset s ending at j, in visiting order.
func pathFromDP(parent []int8, s, j, m int, others []int) []int {
	var rev []int
	for j >= 0 {
		rev = append(rev, others[j])
		p := int(parent[s*m+j])
		s &^= 1 << j
		j = p
	}
	for a, b := 0, len(rev)-1; a < b; a, b = a+1, b-1 {
		rev[a], rev[b] = rev[b], rev[a]
	}
	return rev
}

// budgetDP solves the budgeted problem exactly: among all subsets of nodes
// visited from start whose shortest closed tour is at most budget, it picks
// the one with the largest prize (the shortest tour among equal prizes).
func budgetDP(d *Dist, start int, budget float64, prize []float64) []int {
	n := d.N
	others := make([]int, 0, n-1)
	for i := 0; i < n; i++ {
		if i != start {
			others = append(others, i)
		}
	}
	m := len(others)
	dp, parent := subsetPaths(d, start, others)
	bestS, bestJ := 0, -1
	bestPrize, bestLen := 0.0, 0.0
	for s := 1; s < 1<<m; s++ {
		pr := 0.0
		for k := 0; k < m; k++ {
			if s&(1<<k) != 0 {
				pr += prize[others[k]]
			}
		}
		if pr < bestPrize {
			continue
		}
		l, lj := math.Inf(1), -1
		for j := 0; j < m; j++ {
			if s&(1<<j) == 0 {
				continue
			}
			v := dp[s*m+j] + d.At(others[j], start)
			if v < l {
				l, lj = v, j
			}
		}
		if lj < 0 {
			continue
		}
		order := append([]int{start}, pathFromDP(parent, s, lj, m, others)...)
		if TourLength(d, order) > budget {
			continue
		}
		if pr > bestPrize || (pr == bestPrize && (bestJ < 0 || l < bestLen)) {
			bestS, bestJ, bestPrize, bestLen = s, lj, pr, l
		}
	}
	if bestJ < 0 {
		return []int{start}
	}
	return append([]int{start}, pathFromDP(parent, bestS, bestJ, m, others)...)
}
