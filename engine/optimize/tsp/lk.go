package tsp

// Lin–Kernighan-style move on the array tour, built from sequential 2-opt
// flips (the "flip" formulation of D. Applegate, W. Cook and A. Rohe,
// "Chained Lin–Kernighan for large traveling salesman problems", INFORMS
// J. Computing 15, 2003): the edge (t1, t2) is removed; at each level an
// edge (t2, t3) to a near neighbour t3 of t2 is added and the tour edge
// (t3, t4) on the side that keeps a Hamiltonian cycle is removed, which
// is one reversal, leaving t4 next to t1. The move ends as soon as closing
// with (t4, t1) shortens the tour, goes deeper while the partial gain
// stays positive (at most lkDepth flips, lkBreadth alternatives per
// level), and undoes its flips otherwise (from the search's journal, so
// that the array comes back exactly as it was). Depth 2 covers the
// sequential 3-opt moves with reversal ("or2opt"/"or3opt"), depth 3 the
// segment insertions of Or-opt at any segment length, which is why the
// search drops its Or-opt move when this one is used. A flip is tried only
// when some neighbour of the new end t4 could still extend the move with a
// positive gain (the first of its neighbours is the nearest), otherwise
// the next level would stop at once.

// lkDepth is the largest number of flips in one move.
const lkDepth = 6

// lkBreadth is the number of alternatives t3 tried at each level (the last
// value for deeper levels).
var lkBreadth = [...]int{5, 3, 2, 1} // read-only

// lkMinN and lkMaxN bound the instances that use the move (and, with it,
// the Metropolis acceptance and larger kicks of ils.go). Below lkMinN,
// 2-opt and Or-opt alone reach the same tours sooner (eil51 … a280 at their
// optima with seeds 1–3 either way, in about half the time without the
// move; measured again with the Metropolis acceptance: kroA100, ch150 and
// a280 at their optima with seeds 1–5 either way, 30–60% slower with it;
// the route question's stops are fewer still); above lkMaxN each flip, up
// to n/2 swaps in the array, is too slow.
const (
	lkMinN = 400
	lkMaxN = 20000
)

// lkFlip turns the tour edges (t1, t2) and (t3, t4) into (t1, t4) and
// (t2, t3), where t2 is adjacent to t1 and t4 is the neighbour of t3 on
// the side that keeps a single cycle.
func (s *search) lkFlip(t1, t2, t4 int32) {
	if s.succ(t1) == t2 {
		s.reversePath(t2, t4) // t1 t2 … t4 t3 → t1 t4 … t2 t3
	} else {
		s.reversePath(t4, t2) // t3 t4 … t2 t1 → t3 t2 … t4 t1
	}
}

// lkPartner returns t4 for the flip adding (t2, t3) with t2 adjacent to t1.
func (s *search) lkPartner(t1, t2, t3 int32) int32 {
	if s.succ(t1) == t2 {
		return s.pred(t3)
	}
	return s.succ(t3)
}

// improveLK looks for an improving Lin–Kernighan move removing a tour edge
// at t1; on success the tour is changed and the touched nodes queued.
func (s *search) improveLK(t1 int32) bool {
	if s.n < 8 {
		return false
	}
	for side := 0; side < 2; side++ {
		t2 := s.succ(t1)
		if side == 1 {
			t2 = s.pred(t1)
		}
		s.lkAdded = s.lkAdded[:0]
		s.lkTouched = append(s.lkTouched[:0], t1, t2)
		if s.lkStep(t1, t2, s.dist(t1, t2), 0) {
			for _, c := range s.lkTouched {
				s.push(c)
			}
			return true
		}
	}
	return false
}

// lkStep extends the move at level depth: (t1, t2) is the open edge, g the
// weight removed minus the weight added so far.
func (s *search) lkStep(t1, t2 int32, g float64, depth int) bool {
	breadth := lkBreadth[min(depth, len(lkBreadth)-1)]
	tried := 0
	sp, pp := s.succ(t2), s.pred(t2)
	nbd := s.nbd[t2]
	for k, t3 := range s.nb[t2] {
		g1 := g - nbd[k]
		if g1 <= gainEps {
			break // neighbours are sorted: the rest add longer edges
		}
		if t3 == t1 || t3 == sp || t3 == pp {
			continue
		}
		t4 := s.lkPartner(t1, t2, t3)
		if s.lkIsAdded(t3, t4) {
			continue
		}
		g2 := g1 + s.dist(t3, t4)
		closed := g2 - s.dist(t4, t1)
		if closed > gainEps {
			s.delta -= closed
			s.lkFlip(t1, t2, t4)
			s.lkTouched = append(s.lkTouched, t3, t4)
			return true
		}
		if depth+1 >= lkDepth {
			continue
		}
		tried++
		if g2-s.nbd[t4][0] <= gainEps {
			// no neighbour of t4 can extend the move: the next level
			// would stop at once, so skip its flip and undo
			if tried >= breadth {
				break
			}
			continue
		}
		mark := len(s.jr)
		s.lkFlip(t1, t2, t4)
		s.lkAdded = append(s.lkAdded, t2, t3)
		nt := len(s.lkTouched)
		s.lkTouched = append(s.lkTouched, t3, t4)
		if s.lkStep(t1, t4, g2, depth+1) {
			return true
		}
		s.lkTouched = s.lkTouched[:nt]
		s.lkAdded = s.lkAdded[:len(s.lkAdded)-2]
		s.undoTo(mark) // back to (t1,t2),(t3,t4), the same array
		if tried >= breadth {
			break
		}
	}
	return false
}

// lkIsAdded reports whether the edge (a, b) was added earlier in the
// current move (such an edge may not be removed again).
func (s *search) lkIsAdded(a, b int32) bool {
	for k := 0; k+1 < len(s.lkAdded); k += 2 {
		x, y := s.lkAdded[k], s.lkAdded[k+1]
		if x == a && y == b || x == b && y == a {
			return true
		}
	}
	return false
}
