package catalog

import (
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/geo"
)

// lattice is the demo city's tiling: a square grid whose vertices are
// jittered and warped (denser towards the centre), so that every census
// section is a quadrilateral sharing its edges exactly with its neighbours.
// Vertices are addressed by integer lattice indices, which makes unions of
// sections exact.
type lattice struct {
	n      int         // cells per side
	vertex []geo.Point // (n+1)² vertices in lon/lat, index j*(n+1)+i
	plane  [][2]float64
}

type vkey struct{ i, j int32 }

func (l *lattice) at(k vkey) geo.Point { return l.vertex[int(k.j)*(l.n+1)+int(k.i)] }

// cellRing returns the corners of cell (i, j) counter-clockwise.
func cellRing(i, j int) [4]vkey {
	a, b := int32(i), int32(j)
	return [4]vkey{{a, b}, {a + 1, b}, {a + 1, b + 1}, {a, b + 1}}
}

// union returns the outline of a set of cells as a multipolygon: the edges
// that two cells of the set share cancel out, the rest are chained into rings.
func (l *lattice) union(cells [][2]int) geo.MultiPolygon {
	type edge struct{ a, b vkey }
	has := make(map[edge]bool, 4*len(cells))
	for _, c := range cells {
		r := cellRing(c[0], c[1])
		for k := range 4 {
			has[edge{r[k], r[(k+1)%4]}] = true
		}
	}
	out := make(map[vkey][]vkey)
	for e := range has {
		if !has[edge{e.b, e.a}] {
			out[e.a] = append(out[e.a], e.b)
		}
	}
	starts := make([]vkey, 0, len(out))
	for v := range out {
		starts = append(starts, v)
		// Edges leaving a vertex come from a map: order them, so that the
		// rings do not depend on map iteration.
		slices.SortFunc(out[v], cmpKey)
	}
	slices.SortFunc(starts, cmpKey)
	var rings []geo.Ring
	for _, s := range starts {
		for len(out[s]) > 0 {
			ring := geo.Ring{}
			prev, cur := s, s
			for first := true; first || cur != s; first = false {
				next := pickTurn(prev, cur, out[cur], first)
				out[cur] = slices.DeleteFunc(out[cur], func(v vkey) bool { return v == next })
				ring = append(ring, l.at(cur))
				prev, cur = cur, next
			}
			rings = append(rings, dropCollinear(ring))
		}
	}
	return assemble(rings)
}

func cmpKey(x, y vkey) int {
	if x.j != y.j {
		return int(x.j - y.j)
	}
	return int(x.i - y.i)
}

// pickTurn chooses the edge leaving cur: at a vertex where the outline
// touches itself the sharpest left turn keeps the rings simple.
func pickTurn(prev, cur vkey, outs []vkey, first bool) vkey {
	if len(outs) == 1 || first {
		return outs[0]
	}
	din := [2]int32{cur.i - prev.i, cur.j - prev.j}
	best, bestScore := outs[0], -2
	for _, o := range outs {
		d := [2]int32{o.i - cur.i, o.j - cur.j}
		cross := din[0]*d[1] - din[1]*d[0] // > 0: left turn
		dot := din[0]*d[0] + din[1]*d[1]
		score := 0
		switch {
		case cross > 0:
			score = 2
		case dot > 0:
			score = 1
		}
		if score > bestScore {
			best, bestScore = o, score
		}
	}
	return best
}

// dropCollinear removes vertices that lie on the straight line between
// their neighbours; the lattice's jitter makes that rare, but it keeps rings
// free of repeated points.
func dropCollinear(r geo.Ring) geo.Ring {
	out := r[:0:0]
	for i, p := range r {
		a, b := r[(i+len(r)-1)%len(r)], r[(i+1)%len(r)]
		cross := (p.Lon-a.Lon)*(b.Lat-a.Lat) - (p.Lat-a.Lat)*(b.Lon-a.Lon)
		if math.Abs(cross) > 1e-18 {
			out = append(out, p)
		}
	}
	return out
}

// assemble groups counter-clockwise outer rings with the clockwise holes
// they enclose.
func assemble(rings []geo.Ring) geo.MultiPolygon {
	var mp geo.MultiPolygon
	var holes []geo.Ring
	for _, r := range rings {
		if r.AreaM2() > 0 {
			mp = append(mp, geo.Polygon{r})
		} else {
			holes = append(holes, r)
		}
	}
	for _, h := range holes {
		best, bestA := -1, math.Inf(1)
		for i, pg := range mp {
			for _, p := range h {
				if pg[0].Contains(p) {
					if a := pg[0].AreaM2(); a < bestA {
						best, bestA = i, a
					}
					break
				}
			}
		}
		if best >= 0 {
			mp[best] = append(mp[best], h)
		}
	}
	return mp
}
