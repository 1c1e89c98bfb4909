package optimize

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
)

// This file holds the fast interchange local search of Resende & Werneck
// (2003, 2004), an implementation of Whitaker's (1983) swap neighbourhood in
// which every swap (insert f, remove r) is valued at once from three arrays:
//
//	profit(f, r) = gain(f) − loss(r) + extra(f, r)
//
// gain(f): saving of inserting f alone; loss(r): cost of removing r alone;
// extra(f, r): correction for the clients that lose r but find f nearer than
// their second closest. A swap touches only the clients whose closest or
// second closest site changes, so after the first pass a move costs about
// O(affected · neighbours + m · p).

// ls is the state of one p-median local search.
type ls struct {
	in    *inst
	order [][]int32 // per client, allowed and fixed sites by increasing distance (nil when too large)
	big   float64   // distance standing for "no second site"

	open   []bool
	sites  []int // swappable (new) open sites; position k of a site is stable across swaps
	pos    []int // site → position in sites, or -1
	c1, c2 []int32
	d1, d2 []float64
	gain   []float64
	loss   []float64
	extra  []float64 // m × p, extra[f*p+pos[r]]
	obj    float64
	moves  int

	aff   []int     // scratch: affected clients
	lossK []float64 // scratch: loss per position
}

// newLS prepares a local search for in; order may be shared between searches.
func newLS(in *inst, order [][]int32) *ls {
	s := &ls{in: in, order: order, big: 2*in.maxD + 1}
	s.open = make([]bool, in.m)
	s.pos = make([]int, in.m)
	s.c1 = make([]int32, in.n)
	s.c2 = make([]int32, in.n)
	s.d1 = make([]float64, in.n)
	s.d2 = make([]float64, in.n)
	s.gain = make([]float64, in.m)
	s.loss = make([]float64, in.m)
	s.extra = make([]float64, in.m*max(in.p, 1))
	return s
}

// sortedOrders returns per client the fixed and allowed sites sorted by
// distance, or nil when that would take too much memory.
func sortedOrders(in *inst) [][]int32 {
	var sites []int32
	for j := range in.m {
		if in.allowed[j] || in.isFixed[j] {
			sites = append(sites, int32(j))
		}
	}
	if float64(in.n)*float64(len(sites)) > 16e6 { // 64 MB
		return nil
	}
	order := make([][]int32, in.n)
	buf := make([]int32, in.n*len(sites))
	for i := range in.n {
		o := buf[i*len(sites) : (i+1)*len(sites) : (i+1)*len(sites)]
		copy(o, sites)
		row := in.d[i*in.m : (i+1)*in.m]
		slices.SortStableFunc(o, func(a, b int32) int {
			da, db := row[a], row[b]
			switch {
			case da < db:
				return -1
			case da > db:
				return 1
			}
			return 0
		})
		order[i] = o
	}
	return order
}

// load sets the open new sites and rebuilds every structure.
func (s *ls) load(newSites []int) {
	in := s.in
	clear(s.open)
	for j := range s.pos {
		s.pos[j] = -1
	}
	for _, j := range in.fixed {
		s.open[j] = true
	}
	s.sites = append(s.sites[:0], newSites...)
	for k, j := range s.sites {
		s.open[j] = true
		s.pos[j] = k
	}
	clear(s.gain)
	clear(s.loss)
	clear(s.extra)
	s.obj = 0
	for i := range in.n {
		s.nearest(i)
		s.obj += in.w[i] * s.d1[i]
		s.contrib(i, 1)
	}
}

// nearest recomputes the closest and second closest open sites of client i.
func (s *ls) nearest(i int) {
	in := s.in
	c1, c2 := int32(-1), int32(-1)
	d1, d2 := s.big, s.big
	if s.order != nil {
		row := in.d[i*in.m:]
		for _, j := range s.order[i] {
			if s.open[j] {
				if c1 < 0 {
					c1, d1 = j, row[j]
				} else {
					c2, d2 = j, row[j]
					break
				}
			}
		}
	} else {
		row := in.d[i*in.m : (i+1)*in.m]
		visit := func(j int) {
			dj := row[j]
			if dj < d1 {
				c2, d2 = c1, d1
				c1, d1 = int32(j), dj
			} else if dj < d2 {
				c2, d2 = int32(j), dj
			}
		}
		for _, j := range in.fixed {
			visit(j)
		}
		for _, j := range s.sites {
			visit(j)
		}
	}
	s.c1[i], s.c2[i], s.d1[i], s.d2[i] = c1, c2, d1, d2
}

// contrib adds (sign = 1) or removes (sign = −1) client i's share of gain,
// loss and extra.
func (s *ls) contrib(i int, sign float64) {
	in := s.in
	w := in.w[i] * sign
	if w == 0 {
		return
	}
	d1, d2 := s.d1[i], s.d2[i]
	k := -1
	if r := s.c1[i]; r >= 0 {
		k = s.pos[r]
	}
	p := in.p
	if k >= 0 {
		s.loss[s.sites[k]] += w * (d2 - d1)
	}
	row := in.d[i*in.m:]
	add := func(f int32) {
		df := row[f]
		if df < d1 {
			s.gain[f] += w * (d1 - df)
			if k >= 0 {
				s.extra[int(f)*p+k] += w * (d2 - d1)
			}
		} else if k >= 0 {
			s.extra[int(f)*p+k] += w * (d2 - df)
		}
	}
	if s.order != nil {
		for _, f := range s.order[i] {
			if row[f] >= d2 {
				break
			}
			if !s.open[f] {
				add(f)
			}
		}
	} else {
		for _, f := range in.cand {
			if !s.open[f] && row[f] < d2 {
				add(int32(f))
			}
		}
	}
}

// best returns the best swap (insert f, remove the site at position k) and
// its profit (saving). With restrict, f must satisfy inF and the removed
// site inR.
func (s *ls) best(inF, inR []bool) (f, k int, profit float64) {
	s.lossK = growFloats(s.lossK, s.in.p)
	return bestSwap(s.in.cand, s.in.p, s.sites, s.open, s.gain, s.loss, s.extra, s.lossK, inF, inR)
}

// bestSwap is the fast-interchange evaluation shared by the p-median and
// maximal-covering searches (Resende & Werneck 2004): inserting f and
// removing the site at position k of sites is worth
// gain[f] − loss[sites[k]] + extra[f·p+k], p the stride of extra. It
// returns the best swap, or f = −1. With inF/inR, f must be in inF and the
// removed site in inR. lossK is scratch space of length p.
func bestSwap(cand []int, p int, sites []int, open []bool, gain, loss, extra, lossK []float64, inF, inR []bool) (f, k int, profit float64) {
	f, k, profit = -1, -1, math.Inf(-1)
	for kk, r := range sites {
		lossK[kk] = loss[r]
		if inR != nil && !inR[r] {
			lossK[kk] = math.Inf(1)
		}
	}
	for _, ff := range cand {
		if open[ff] || (inF != nil && !inF[ff]) {
			continue
		}
		g := gain[ff]
		ex := extra[ff*p : ff*p+p]
		for kk := range p {
			if v := g - lossK[kk] + ex[kk]; v > profit {
				f, k, profit = ff, kk, v
			}
		}
	}
	return f, k, profit
}

// growFloats returns buf with length n, reusing its storage when it can.
func growFloats(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	return buf[:n]
}

// swap inserts f in place of the new site at position k.
func (s *ls) swap(f, k int) {
	in := s.in
	r := s.sites[k]
	s.aff = s.aff[:0]
	for i := range in.n {
		if s.c1[i] == int32(r) || s.c2[i] == int32(r) || in.d[i*in.m+f] < s.d2[i] {
			s.aff = append(s.aff, i)
			s.contrib(i, -1)
		}
	}
	s.open[r], s.pos[r] = false, -1
	s.open[f], s.pos[f] = true, k
	s.sites[k] = f
	// Clear residues of floating-point cancellation: every contribution to
	// these entries was just removed.
	s.gain[f], s.loss[r] = 0, 0
	clear(s.extra[f*in.p : f*in.p+in.p])
	for j := k; j < len(s.extra); j += in.p {
		s.extra[j] = 0
	}
	for _, i := range s.aff {
		s.obj -= in.w[i] * s.d1[i]
		s.nearest(i)
		s.obj += in.w[i] * s.d1[i]
		s.contrib(i, 1)
	}
	s.moves++
}

// eps is the smallest saving accepted as an improvement.
func (s *ls) eps() float64 { return 1e-9 * math.Max(1, math.Abs(s.obj)) }

// descend applies best-improvement swaps until none improves.
func (s *ls) descend(ctx context.Context) {
	if s.in.p == 0 {
		return
	}
	for n := 0; ; n++ {
		if n&15 == 15 && done(ctx) {
			return
		}
		f, k, profit := s.best(nil, nil)
		if f < 0 || profit <= s.eps() {
			return
		}
		s.swap(f, k)
	}
}

// exactObj recomputes the objective of the current sites from the closest
// distances the search keeps (each an exact matrix entry, summed in client
// order, so it equals evalPM without its n × p scan; TestExactObjMatches
// checks it).
func (s *ls) exactObj() float64 {
	var obj float64
	for i, d := range s.d1 {
		obj += s.in.w[i] * d
	}
	return obj
}

// evalPM is the p-median objective of fixed + newSites.
func evalPM(in *inst, newSites []int) float64 {
	var obj float64
	for i := range in.n {
		row := in.d[i*in.m : (i+1)*in.m]
		b := math.Inf(1)
		for _, j := range in.fixed {
			if row[j] < b {
				b = row[j]
			}
		}
		for _, j := range newSites {
			if row[j] < b {
				b = row[j]
			}
		}
		obj += in.w[i] * b
	}
	return obj
}

// relink walks from the current solution towards guide (path relinking,
// Resende & Werneck 2004): each step makes the best swap that inserts a
// site of guide and removes one not in guide. It returns the best
// intermediate solution strictly inside the path, or nil.
func (s *ls) relink(guide []int) []int {
	in := s.in
	inF, inR, diff := relinkSets(in.m, s.open, s.sites, guide)
	if diff < 2 {
		return nil
	}
	var bestSites []int
	bestObj := math.Inf(1)
	for step := 0; step < diff-1; step++ {
		f, k, _ := s.best(inF, inR)
		if f < 0 {
			break
		}
		inR[s.sites[k]] = false
		inF[f] = false
		s.swap(f, k)
		if s.obj < bestObj {
			bestObj = s.obj
			bestSites = slices.Clone(s.sites)
		}
	}
	return bestSites
}

// perturb makes k random swaps.
func (s *ls) perturb(rng *rand.Rand, k int) {
	in := s.in
	closed := len(in.cand) - in.p
	if closed == 0 || in.p == 0 {
		return
	}
	for range k {
		var f int
		for {
			f = in.cand[rng.IntN(len(in.cand))]
			if !s.open[f] {
				break
			}
		}
		s.swap(f, rng.IntN(in.p))
	}
}

// relinkSets prepares a path-relinking walk from the open sites towards
// guide: inF marks the guide's sites still closed (to insert), inR the open
// sites outside the guide (to remove), diff counts the first.
func relinkSets(m int, open []bool, sites, guide []int) (inF, inR []bool, diff int) {
	inG := make([]bool, m)
	for _, j := range guide {
		inG[j] = true
	}
	inF = make([]bool, m)
	inR = make([]bool, m)
	for _, j := range guide {
		if !open[j] {
			inF[j] = true
			diff++
		}
	}
	for _, j := range sites {
		if !inG[j] {
			inR[j] = true
		}
	}
	return inF, inR, diff
}
