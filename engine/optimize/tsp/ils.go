package tsp

import (
	"context"
	"math"
	"math/rand"
	"sort"
	"sync"
	"sync/atomic"
)

// neighbourK is the length of the candidate (nearest-neighbour) lists.
const neighbourK = 10

// kickSpan is the largest segment length of a segment-local double bridge,
// kickSpanLK the same with the Lin–Kernighan move.
const (
	kickSpan   = 30
	kickSpanLK = 80
)

// gainEps is the smallest gain accepted as an improvement.
const gainEps = 1e-9

// ilsResult is the outcome of runILS.
type ilsResult struct {
	order   []int
	length  float64
	iters   int
	stopped bool
}

// runILS runs opt.Runs independent iterated local searches over
// opt.Workers goroutines and returns the best tour (the lowest run index
// among equal lengths). init, when not nil, is the starting tour of every
// run instead of the greedy construction.
func runILS(ctx context.Context, d *Dist, init []int, opt Options) ilsResult {
	n := d.N
	if n <= 3 {
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		if init != nil {
			copy(order, init)
		}
		return ilsResult{order: order, length: TourLength(d, order)}
	}
	runs := opt.Runs
	if runs == 0 {
		runs = DefaultRuns
	}
	w := min(workers(opt), runs)
	maxIter := opt.MaxIter
	if maxIter == 0 {
		maxIter = DefaultMaxIter(n)
	}
	perRun := (maxIter + runs - 1) / runs
	var stop atomic.Bool
	if ctx.Err() != nil {
		stop.Store(true)
	} else if ctx.Done() != nil {
		cancel := context.AfterFunc(ctx, func() { stop.Store(true) })
		defer cancel()
	}
	nb := neighbours(d, neighbourK)
	var start []int32
	if init != nil {
		start = make([]int32, n)
		for i, v := range init {
			start[i] = int32(v)
		}
	} else {
		start = greedyEdge(d, nb)
	}
	results := make([]ilsResult, runs)
	var next atomic.Int64
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				r := int(next.Add(1)) - 1
				if r >= runs {
					return
				}
				s := newSearch(d, nb, start, runSeed(opt.Seed, r))
				results[r] = s.iterate(perRun, &stop)
			}
		}()
	}
	wg.Wait()
	best := 0
	total := 0
	stopped := false
	for k := range results {
		total += results[k].iters
		stopped = stopped || results[k].stopped
		if results[k].length < results[best].length {
			best = k
		}
	}
	r := results[best]
	r.iters = total
	r.stopped = stopped
	return r
}

// runSeed derives the seed of run k from seed (splitmix64).
func runSeed(seed int64, k int) int64 {
	z := uint64(seed) + uint64(k+1)*0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return int64(z ^ (z >> 31))
}

// neighbours returns, for every node, its k nearest other nodes, nearest
// first (ties broken by index).
func neighbours(d *Dist, k int) [][]int32 {
	n := d.N
	if k > n-1 {
		k = n - 1
	}
	nb := make([][]int32, n)
	buf := make([]int32, 0, k+1)
	for i := 0; i < n; i++ {
		row := d.D[i*n : (i+1)*n]
		buf = buf[:0]
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			v := row[j]
			if len(buf) == k && v >= row[buf[k-1]] {
				continue
			}
			// insertion into the sorted buffer
			p := len(buf)
			if p < k {
				buf = append(buf, int32(j))
			} else {
				p = k - 1
			}
			for p > 0 && row[buf[p-1]] > v {
				buf[p] = buf[p-1]
				p--
			}
			buf[p] = int32(j)
		}
		nb[i] = append([]int32(nil), buf...)
	}
	return nb
}

// greedyEdge builds a tour with the greedy-edge heuristic on the candidate
// edges, then joins the fragments by nearest free endpoint.
func greedyEdge(d *Dist, nb [][]int32) []int32 {
	n := d.N
	type edge struct {
		i, j int32
		w    float64
	}
	var edges []edge
	for i := range nb {
		for _, j := range nb[i] {
			a, b := int32(i), j
			if a > b {
				a, b = b, a
			}
			edges = append(edges, edge{a, b, d.At(int(a), int(b))})
		}
	}
	sort.Slice(edges, func(x, y int) bool {
		ex, ey := edges[x], edges[y]
		if ex.w != ey.w {
			return ex.w < ey.w
		}
		if ex.i != ey.i {
			return ex.i < ey.i
		}
		return ex.j < ey.j
	})
	uf := make([]int32, n)
	for i := range uf {
		uf[i] = int32(i)
	}
	find := func(x int32) int32 {
		for uf[x] != x {
			uf[x] = uf[uf[x]]
			x = uf[x]
		}
		return x
	}
	adj := make([][2]int32, n)
	deg := make([]int, n)
	for i := range adj {
		adj[i] = [2]int32{-1, -1}
	}
	link := func(a, b int32) {
		adj[a][deg[a]] = b
		deg[a]++
		adj[b][deg[b]] = a
		deg[b]++
	}
	added := 0
	for _, e := range edges {
		if added == n-1 {
			break
		}
		if e.i == e.j || deg[e.i] >= 2 || deg[e.j] >= 2 {
			continue
		}
		ri, rj := find(e.i), find(e.j)
		if ri == rj {
			continue
		}
		uf[ri] = rj
		link(e.i, e.j)
		added++
	}
	// Walk the fragments, joining each end to the nearest free endpoint.
	visited := make([]bool, n)
	order := make([]int32, 0, n)
	var ends []int32
	for i := 0; i < n; i++ {
		if deg[i] < 2 {
			ends = append(ends, int32(i))
		}
	}
	cur := ends[0]
	for {
		// walk the fragment starting at endpoint cur
		prev := int32(-1)
		x := cur
		for {
			visited[x] = true
			order = append(order, x)
			next := int32(-1)
			for t := 0; t < deg[x]; t++ {
				if y := adj[x][t]; y != prev && !visited[y] {
					next = y
				}
			}
			if next < 0 {
				break
			}
			prev, x = x, next
		}
		if len(order) == n {
			break
		}
		best, bw := int32(-1), math.Inf(1)
		for _, e := range ends {
			if !visited[e] {
				if w := d.At(int(x), int(e)); w < bw {
					best, bw = e, w
				}
			}
		}
		cur = best
	}
	return order
}

// search is one iterated-local-search run on an array tour.
type search struct {
	n    int
	d    []float64
	nb   [][]int32
	nbd  [][]float64 // nbd[a][k] = dist(a, nb[a][k])
	tour []int32
	pos  []int32
	// don't-look bits: a FIFO of active nodes
	queue   []int32
	qHead   int
	qLen    int
	inQueue []bool
	rng     *rand.Rand
	buf     []int32
	// Lin–Kernighan move state (lk.go): edges added so far, as pairs, and
	// the nodes touched; useLK enables the move.
	lkAdded   []int32
	lkTouched []int32
	useLK     bool
	span      int // kickSpan or kickSpanLK
	// delta is the change of the tour length since it was last reset (the
	// kick's, minus every improving move's gain).
	delta float64
	// jr is the journal of the changes to the tour array since the last
	// accepted tour, undone in reverse order when a kicked tour is
	// rejected (and by the Lin–Kernighan move for its tentative flips);
	// jbuf holds the snapshots. Without record the journal is cleared
	// after every improving move.
	jr     []jEntry
	jbuf   []int32
	record bool
}

// jEntry is one change to the tour array: the l positions from i
// (cyclically) were reversed (snap < 0) or overwritten, their old contents
// being jbuf[snap:snap+l].
type jEntry struct {
	i, l, snap int32
}

func newSearch(d *Dist, nb [][]int32, start []int32, seed int64) *search {
	n := d.N
	s := &search{
		n: n, d: d.D, nb: nb,
		tour:    append([]int32(nil), start...),
		pos:     make([]int32, n),
		queue:   make([]int32, n),
		inQueue: make([]bool, n),
		rng:     rand.New(rand.NewSource(seed)),
		buf:     make([]int32, 0, 4),
		useLK:   n >= lkMinN && n <= lkMaxN,
	}
	s.span = kickSpan
	if s.useLK {
		s.span = kickSpanLK
	}
	for i, c := range s.tour {
		s.pos[c] = int32(i)
	}
	s.nbd = make([][]float64, n)
	for a := range nb {
		row := make([]float64, len(nb[a]))
		for k, c := range nb[a] {
			row[k] = d.D[a*n+int(c)]
		}
		s.nbd[a] = row
	}
	return s
}

func (s *search) dist(a, b int32) float64 { return s.d[int(a)*s.n+int(b)] }

func (s *search) succ(a int32) int32 {
	p := s.pos[a] + 1
	if int(p) == s.n {
		p = 0
	}
	return s.tour[p]
}

func (s *search) pred(a int32) int32 {
	p := s.pos[a] - 1
	if p < 0 {
		p = int32(s.n - 1)
	}
	return s.tour[p]
}

func (s *search) push(a int32) {
	if s.inQueue[a] {
		return
	}
	s.inQueue[a] = true
	t := s.qHead + s.qLen
	if t >= s.n {
		t -= s.n
	}
	s.queue[t] = a
	s.qLen++
}

func (s *search) pop() int32 {
	a := s.queue[s.qHead]
	s.qHead++
	if s.qHead == s.n {
		s.qHead = 0
	}
	s.qLen--
	s.inQueue[a] = false
	return a
}

func (s *search) length() float64 {
	l := 0.0
	for i := 1; i < s.n; i++ {
		l += s.dist(s.tour[i-1], s.tour[i])
	}
	return l + s.dist(s.tour[s.n-1], s.tour[0])
}

// revRange reverses the l tour positions from i (cyclically), and
// journals it.
func (s *search) revRange(i, l int) {
	s.jr = append(s.jr, jEntry{int32(i), int32(l), -1})
	s.reverseAt(i, l)
}

// reverseAt reverses the l tour positions from i (cyclically).
func (s *search) reverseAt(i, l int) {
	n := s.n
	j := i + l - 1
	if j >= n {
		j -= n
	}
	tour, pos := s.tour, s.pos
	for k := 0; k < l/2; k++ {
		ci, cj := tour[i], tour[j]
		tour[i], tour[j] = cj, ci
		pos[cj], pos[ci] = int32(i), int32(j)
		i++
		if i == n {
			i = 0
		}
		j--
		if j < 0 {
			j = n - 1
		}
	}
}

// snapshot journals the current contents of the l tour positions from i
// (cyclically), before they are overwritten.
func (s *search) snapshot(i, l int) {
	s.jr = append(s.jr, jEntry{int32(i), int32(l), int32(len(s.jbuf))})
	for k := 0; k < l; k++ {
		s.jbuf = append(s.jbuf, s.tour[i])
		i++
		if i == s.n {
			i = 0
		}
	}
}

// undoTo undoes the journalled changes after the first mark entries.
func (s *search) undoTo(mark int) {
	for len(s.jr) > mark {
		e := s.jr[len(s.jr)-1]
		s.jr = s.jr[:len(s.jr)-1]
		if e.snap < 0 {
			s.reverseAt(int(e.i), int(e.l))
			continue
		}
		old := s.jbuf[e.snap : e.snap+e.l]
		p := int(e.i)
		for _, c := range old {
			s.tour[p] = c
			s.pos[c] = int32(p)
			p++
			if p == s.n {
				p = 0
			}
		}
		s.jbuf = s.jbuf[:e.snap]
	}
}

// clearJournal forgets the journalled changes (the tour is accepted).
func (s *search) clearJournal() {
	s.jr = s.jr[:0]
	s.jbuf = s.jbuf[:0]
}

// reversePath reverses the forward path from a to b (inclusive), or its
// complement when that is shorter: both give the same cyclic tour.
func (s *search) reversePath(a, b int32) {
	n := s.n
	i, j := int(s.pos[a]), int(s.pos[b])
	l := j - i
	if l < 0 {
		l += n
	}
	l++
	if 2*l > n {
		i, j = j+1, i-1
		if i == n {
			i = 0
		}
		if j < 0 {
			j = n - 1
		}
		l = n - l
	}
	s.revRange(i, l)
}

// move2opt replaces the tour edges (a,b) and (c,d) by (a,c) and (b,d); b
// and d are either both successors or both predecessors of a and c.
func (s *search) move2opt(a, b, c, d int32) {
	if s.succ(a) == b {
		s.reversePath(b, c)
	} else {
		s.reversePath(a, d)
	}
}

// improve2opt looks for an improving 2-opt move at a.
func (s *search) improve2opt(a int32) bool {
	for dir := 0; dir < 2; dir++ {
		var b int32
		if dir == 0 {
			b = s.succ(a)
		} else {
			b = s.pred(a)
		}
		dab := s.dist(a, b)
		nbd := s.nbd[a]
		for k, c := range s.nb[a] {
			g1 := dab - nbd[k]
			if g1 <= gainEps {
				break
			}
			var d int32
			if dir == 0 {
				d = s.succ(c)
			} else {
				d = s.pred(c)
			}
			if c == b || d == a {
				continue
			}
			if g := g1 + s.dist(c, d) - s.dist(b, d); g > gainEps {
				s.delta -= g
				s.move2opt(a, b, c, d)
				s.push(a)
				s.push(b)
				s.push(c)
				s.push(d)
				return true
			}
		}
	}
	return false
}

// improveOrOpt looks for an improving move of a segment of 1–3 nodes that
// has a at one end, to a position next to a neighbour of either end, in
// either orientation.
func (s *search) improveOrOpt(a int32) bool {
	n := s.n
	for dir := 0; dir < 2; dir++ {
		next, prev := s.succ, s.pred
		if dir == 1 {
			next, prev = s.pred, s.succ
		}
		s1 := a
		s2 := a
		for l := 1; l <= 3 && l <= n-3; l++ {
			if l > 1 {
				s2 = next(s2)
			}
			p := prev(s1)
			nx := next(s2)
			g0 := s.dist(p, s1) + s.dist(s2, nx) - s.dist(p, nx)
			if g0 <= gainEps {
				continue
			}
			// end x of the segment gets joined to a neighbour c of x; the
			// other end y to e, a tour neighbour of c.
			for end := 0; end < 2; end++ {
				x, y := s1, s2
				if end == 1 {
					x, y = s2, s1
				}
				nbd := s.nbd[x]
				for k, c := range s.nb[x] {
					dxc := nbd[k]
					if dxc >= g0 {
						break
					}
					if s.inSegment(c, s1, l, next) {
						continue
					}
					for side := 0; side < 2; side++ {
						var e int32
						if side == 0 {
							e = s.succ(c)
						} else {
							e = s.pred(c)
						}
						if s.inSegment(e, s1, l, next) {
							continue
						}
						if g := g0 - dxc - s.dist(y, e) + s.dist(c, e); g > gainEps {
							s.delta -= g
							s.moveSegment(s1, s2, l, dir, x, c, e)
							s.push(p)
							s.push(nx)
							s.push(s1)
							s.push(s2)
							s.push(c)
							s.push(e)
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// inSegment reports whether c is one of the l nodes from s1 following next.
func (s *search) inSegment(c, s1 int32, l int, next func(int32) int32) bool {
	x := s1
	for k := 0; k < l; k++ {
		if x == c {
			return true
		}
		x = next(x)
	}
	return false
}

// moveSegment moves the segment s1..s2 (l nodes, from s1 in direction dir)
// between the adjacent nodes c and e, joining end x to c and the other end
// to e.
func (s *search) moveSegment(s1, s2 int32, l, dir int, x, c, e int32) {
	n := s.n
	f, last := s1, s2 // forward-first and forward-last nodes of the segment
	if dir == 1 {
		f, last = s2, s1
	}
	u := c // u precedes the other of c, e in the array orientation
	if s.succ(c) != e {
		u = e
	}
	// the node joined to u
	var xu int32
	if u == c {
		xu = x
	} else if x == s1 {
		xu = s2
	} else {
		xu = s1
	}
	reversed := xu != f
	i := int(s.pos[f])
	j := int(s.pos[last])
	seg := s.buf[:0]
	for k, p := 0, i; k < l; k++ {
		seg = append(seg, s.tour[p])
		p++
		if p == n {
			p = 0
		}
	}
	if reversed {
		for a, b := 0, l-1; a < b; a, b = a+1, b-1 {
			seg[a], seg[b] = seg[b], seg[a]
		}
	}
	// k = length of the forward path from succ(last) to u
	k := int(s.pos[u]) - j
	if k < 0 {
		k += n
	}
	m := n - l - k // length of the forward path from w to pred(f)
	if k <= m {
		// shift succ(last)..u back by l places, then write the segment
		s.snapshot(i, k+l)
		p, q := i, j+1
		if q == n {
			q = 0
		}
		for t := 0; t < k; t++ {
			c := s.tour[q]
			s.tour[p] = c
			s.pos[c] = int32(p)
			p++
			if p == n {
				p = 0
			}
			q++
			if q == n {
				q = 0
			}
		}
		for _, c := range seg {
			s.tour[p] = c
			s.pos[c] = int32(p)
			p++
			if p == n {
				p = 0
			}
		}
	} else {
		// shift w..pred(f) forward by l places, then write the segment before it
		st := j - (m + l) + 1
		if st < 0 {
			st += n
		}
		s.snapshot(st, m+l)
		p, q := j, i-1
		if q < 0 {
			q = n - 1
		}
		for t := 0; t < m; t++ {
			c := s.tour[q]
			s.tour[p] = c
			s.pos[c] = int32(p)
			p--
			if p < 0 {
				p = n - 1
			}
			q--
			if q < 0 {
				q = n - 1
			}
		}
		for t := l - 1; t >= 0; t-- {
			c := seg[t]
			s.tour[p] = c
			s.pos[c] = int32(p)
			p--
			if p < 0 {
				p = n - 1
			}
		}
	}
}

// localSearch applies improving 2-opt and Or-opt moves (2-opt and
// Lin–Kernighan moves with useLK) until no active node has one (or stop is
// set).
func (s *search) localSearch(stop *atomic.Bool) {
	count := 0
	for s.qLen > 0 {
		a := s.pop()
		for s.improve2opt(a) || s.useLK && s.improveLK(a) || !s.useLK && s.improveOrOpt(a) {
			if !s.record {
				s.clearJournal()
			}
		}
		count++
		if count&1023 == 0 && stop.Load() {
			return
		}
	}
}

// kick applies a segment-local double bridge: two adjacent segments of at
// most kickSpan nodes swap places (three journalled reversals).
func (s *search) kick() {
	n := s.n
	span := s.span
	if span > (n-2)/2 {
		span = (n - 2) / 2
	}
	if span < 1 {
		span = 1
	}
	la := 1 + s.rng.Intn(span)
	lb := 1 + s.rng.Intn(span)
	i := s.rng.Intn(n)        // position before the first segment
	at := func(k int) int32 { // the node k places after position i
		k += i
		if k >= n {
			k -= n
		}
		return s.tour[k]
	}
	// ... p a1 … a2 b1 … b2 q … becomes … p b1 … b2 a1 … a2 q …
	p, a1, a2, b1, b2, q := at(0), at(1), at(la), at(la+1), at(la+lb), at(la+lb+1)
	s.delta += s.dist(p, b1) + s.dist(b2, a1) + s.dist(a2, q) -
		s.dist(p, a1) - s.dist(a2, b1) - s.dist(b2, q)
	s.push(p)
	s.push(a1)
	s.push(a2)
	s.push(b1)
	s.push(b2)
	s.push(q)
	first := i + 1
	if first == n {
		first = 0
	}
	s.revRange(first, la+lb) // b2 … b1 a2 … a1
	s.revRange(first, lb)    // b1 … b2 a2 … a1
	mid := first + lb
	if mid >= n {
		mid -= n
	}
	s.revRange(mid, la) // b1 … b2 a1 … a2
}

// iterate runs the local search from the start tour, then maxIter kicks,
// and returns the best tour seen. Below lkMinN nodes a kicked tour is
// accepted when it is no longer than the current one, and otherwise undone
// from the journal (the length of every kicked tour is recomputed, O(n)).
// With the Lin–Kernighan move the length is tracked from the kicks' and
// moves' gains, with no O(n) work per kick, and a longer tour is also
// accepted, with the Metropolis probability exp(−Δ/T) at a temperature
// falling linearly over the run from tempStart times the average edge of
// the first local optimum to 0.
func (s *search) iterate(maxIter int, stop *atomic.Bool) ilsResult {
	n := s.n
	for i := 0; i < n; i++ {
		s.push(s.tour[i])
	}
	s.record = false
	s.localSearch(stop)
	s.clearJournal()
	s.record = true
	bestLen := s.length()
	best := append([]int32(nil), s.tour...)
	exact := !s.useLK
	temp := 0.0
	if !exact {
		temp = tempStart * bestLen / float64(n)
	}
	cur := bestLen // length of the current tour
	iters := 0
	stopped := false
	for iters < maxIter {
		if stop.Load() {
			stopped = true
			break
		}
		iters++
		s.delta = 0
		s.kick()
		s.localSearch(stop)
		tol := gainEps * math.Max(1, cur)
		var l float64
		if exact {
			l = s.length()
		} else {
			l = cur + s.delta
			if l < bestLen-tol {
				l = s.length() // a new best: no rounding drift
			}
		}
		switch {
		case l <= cur+tol:
			if l < cur {
				cur = l
			}
			if cur < bestLen {
				bestLen = cur
				copy(best, s.tour)
			} else if exact {
				copy(best, s.tour)
			}
			s.clearJournal()
		case temp > 0 && l-cur < temp*(1-float64(iters)/float64(maxIter))*s.rng.ExpFloat64():
			cur = s.length()
			s.clearJournal()
		default:
			s.undoTo(0)
			for s.qLen > 0 {
				s.pop()
			}
		}
	}
	if stop.Load() && iters < maxIter {
		stopped = true
	}
	order := make([]int, n)
	for i, c := range best {
		order[i] = int(c)
	}
	return ilsResult{order: order, length: bestLen, iters: iters}.withStopped(stopped)
}

// tempStart is the Metropolis temperature at the first kick, as a fraction
// of the average edge length of the first local optimum.
const tempStart = 0.3

func (r ilsResult) withStopped(b bool) ilsResult {
	r.stopped = b
	return r
}
