package geo

import "math"

// Index is a uniform grid over points for radius queries. Cells are squares
// of a fixed size in metres on a local equirectangular projection; every
// candidate is confirmed with the haversine distance, so answers are exact.
type Index struct {
	pts    []Point
	cellM  float64
	lat0   float64 // latitude of the projection's reference parallel
	kx, ky float64 // metres per degree of longitude and latitude at lat0
	cells  map[[2]int64][]int64
	lo, hi [2]int64 // bounding box of the occupied cells
}

// NewIndex builds a grid of cells of cellM metres over the points. A cell
// about the size of the usual query radius works best.
func NewIndex(pts []Point, cellM float64) *Index {
	ix := &Index{pts: pts, cellM: cellM, cells: make(map[[2]int64][]int64)}
	if len(pts) > 0 {
		var s float64
		for _, p := range pts {
			s += p.Lat
		}
		ix.lat0 = s / float64(len(pts))
	}
	ix.ky = EarthRadiusM * math.Pi / 180
	ix.kx = ix.ky * math.Cos(ix.lat0*math.Pi/180)
	for i, p := range pts {
		c := ix.cell(p)
		if i == 0 {
			ix.lo, ix.hi = c, c
		}
		for k := range 2 {
			ix.lo[k], ix.hi[k] = min(ix.lo[k], c[k]), max(ix.hi[k], c[k])
		}
		ix.cells[c] = append(ix.cells[c], int64(i))
	}
	return ix
}

// Len returns the number of indexed points.
func (ix *Index) Len() int { return len(ix.pts) }

func (ix *Index) cell(p Point) [2]int64 {
	return [2]int64{
		int64(math.Floor(p.Lon * ix.kx / ix.cellM)),
		int64(math.Floor(p.Lat * ix.ky / ix.cellM)),
	}
}

// Within calls fn with the index and distance of every point within r metres
// of p, in no particular order; fn returns false to stop early.
func (ix *Index) Within(p Point, r float64, fn func(i int, d float64) bool) {
	if len(ix.pts) == 0 {
		return
	}
	// The projection's scale drifts away from lat0: widen the search by the
	// worst ratio over the query's latitude band, plus one cell.
	scale := math.Cos(ix.lat0*math.Pi/180) / math.Cos((math.Abs(p.Lat)+r/ix.ky)*math.Pi/180)
	spanX := int64(math.Ceil(r*math.Max(1, scale)/ix.cellM)) + 1
	spanY := int64(math.Ceil(r/ix.cellM)) + 1
	c := ix.cell(p)
	for dx := -spanX; dx <= spanX; dx++ {
		for dy := -spanY; dy <= spanY; dy++ {
			for _, i := range ix.cells[[2]int64{c[0] + dx, c[1] + dy}] {
				if d := Haversine(p, ix.pts[i]); d <= r {
					if !fn(int(i), d) {
						return
					}
				}
			}
		}
	}
}

// AnyWithin reports whether some point lies within r metres of p. It
// searches rings of cells outwards from p's own cell, so that where points
// are dense it stops after a few distance computations.
func (ix *Index) AnyWithin(p Point, r float64) bool {
	if len(ix.pts) == 0 {
		return false
	}
	scale := math.Cos(ix.lat0*math.Pi/180) / math.Cos((math.Abs(p.Lat)+r/ix.ky)*math.Pi/180)
	spanX := int64(math.Ceil(r*math.Max(1, scale)/ix.cellM)) + 1
	spanY := int64(math.Ceil(r/ix.cellM)) + 1
	c := ix.cell(p)
	for ring := int64(0); ring <= max(spanX, spanY); ring++ {
		for dx := -min(ring, spanX); dx <= min(ring, spanX); dx++ {
			for dy := -min(ring, spanY); dy <= min(ring, spanY); dy++ {
				if max(abs64(dx), abs64(dy)) != ring {
					continue
				}
				for _, i := range ix.cells[[2]int64{c[0] + dx, c[1] + dy}] {
					if Haversine(p, ix.pts[i]) <= r {
						return true
					}
				}
			}
		}
	}
	return false
}

// Nearest returns the index of the point nearest to p and its distance, or
// -1 when the index is empty. It searches rings of cells outwards.
func (ix *Index) Nearest(p Point) (int, float64) {
	best, bestD := -1, math.Inf(1)
	if len(ix.pts) == 0 {
		return best, bestD
	}
	c := ix.cell(p)
	// Past this ring every occupied cell has been searched.
	last := max(abs64(c[0]-ix.lo[0]), abs64(c[0]-ix.hi[0]), abs64(c[1]-ix.lo[1]), abs64(c[1]-ix.hi[1]))
	for ring := int64(0); ; ring++ {
		for dx := -ring; dx <= ring; dx++ {
			for dy := -ring; dy <= ring; dy++ {
				if max(abs64(dx), abs64(dy)) != ring {
					continue
				}
				for _, i := range ix.cells[[2]int64{c[0] + dx, c[1] + dy}] {
					if d := Haversine(p, ix.pts[i]); d < bestD {
						best, bestD = int(i), d
					}
				}
			}
		}
		// Every point outside the searched square is at least ring cells away
		// (allowing 10% for the projection's drift).
		if best >= 0 && float64(ring)*ix.cellM*0.9 >= bestD {
			return best, bestD
		}
		if ring >= last {
			return best, bestD
		}
	}
}

func abs64(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}
