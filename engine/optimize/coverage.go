package optimize

import (
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/geo"
)

// Coverage is a covering instance: which clients each site covers within
// the service radius.
type Coverage struct {
	Clients, Sites int
	// Weight is the demand per client; nil means 1 each.
	Weight []float64
	// Covers lists per site the clients it covers, ascending.
	Covers [][]int32
	// Fixed lists existing sites, always open: their coverage counts but
	// they are not "new".
	Fixed []int
	// Forbidden lists sites that may not open.
	Forbidden []int
}

// NewCoverage builds the coverage of a distance matrix: site j covers
// client i when d(i, j) ≤ radius. weight nil means 1 each.
func NewCoverage(m *Matrix, weight []float64, radius float64) *Coverage {
	c := &Coverage{Clients: m.Clients, Sites: m.Sites, Weight: weight, Covers: make([][]int32, m.Sites)}
	for i := range m.Clients {
		row := m.D[i*m.Sites : (i+1)*m.Sites]
		for j, d := range row {
			if d <= radius {
				c.Covers[j] = append(c.Covers[j], int32(i))
			}
		}
	}
	return c
}

// CoverageFromPoints builds the coverage of clients by sites within radius
// (metres) without a distance matrix: a uniform grid of cells of about the
// radius answers each client's query from its neighbouring cells, so the
// work grows with the number of covered pairs, not with clients × sites.
// Distances are haversine (geographic: X = longitude, Y = latitude) or
// Euclidean. Client weights are their Demand.
func CoverageFromPoints(clients, sites []Point, geographic bool, radius float64) *Coverage {
	c := &Coverage{Clients: len(clients), Sites: len(sites), Covers: make([][]int32, len(sites))}
	c.Weight = make([]float64, len(clients))
	for i, p := range clients {
		c.Weight[i] = p.Demand
	}
	if len(sites) == 0 || len(clients) == 0 || math.IsNaN(radius) || radius < 0 {
		return c
	}
	if geographic {
		gp := make([]geo.Point, len(sites))
		for j, s := range sites {
			gp[j] = geo.Point{Lon: s.X, Lat: s.Y}
		}
		ix := geo.NewIndex(gp, math.Max(radius, 1))
		for i, p := range clients {
			ix.Within(geo.Point{Lon: p.X, Lat: p.Y}, radius, func(j int, _ float64) bool {
				c.Covers[j] = append(c.Covers[j], int32(i))
				return true
			})
		}
		return c
	}
	cell := math.Max(radius, 1e-9)
	if math.IsInf(cell, 1) {
		for j := range sites {
			c.Covers[j] = make([]int32, len(clients))
			for i := range clients {
				c.Covers[j][i] = int32(i)
			}
		}
		return c
	}
	key := func(x, y float64) [2]int64 {
		return [2]int64{int64(math.Floor(x / cell)), int64(math.Floor(y / cell))}
	}
	grid := map[[2]int64][]int32{}
	for j, s := range sites {
		k := key(s.X, s.Y)
		grid[k] = append(grid[k], int32(j))
	}
	for i, p := range clients {
		k := key(p.X, p.Y)
		for dx := int64(-1); dx <= 1; dx++ {
			for dy := int64(-1); dy <= 1; dy++ {
				for _, j := range grid[[2]int64{k[0] + dx, k[1] + dy}] {
					s := sites[j]
					if math.Hypot(p.X-s.X, p.Y-s.Y) <= radius {
						c.Covers[j] = append(c.Covers[j], int32(i))
					}
				}
			}
		}
	}
	return c
}

// cov is a validated covering instance, reduced: clients covered by the
// fixed sites or by no allowed site are taken out, and only allowed sites
// remain as candidates.
type cov struct {
	n, m     int
	w        []float64 // weight per client (all clients)
	total    float64   // total weight of all clients
	base     float64   // weight covered by the fixed sites
	maxReach float64   // weight coverable by fixed + all allowed sites
	fixed    []int
	cand     []int     // allowed sites
	covers   [][]int32 // per site, the clients it covers that fixed sites do not (deduplicated)
	by       [][]int32 // per client, the allowed sites covering it (active clients only)
	active   []bool    // client not covered by fixed sites and coverable
	pairs    int       // Σ |by|: the covering pairs of active clients
	integer  bool
	lpTree   bool // the best-first branch and bound solves each node's LP (mclp_lp.go)
}

// newCov validates c.
func newCov(c *Coverage, what string) (*cov, error) {
	if c == nil {
		return nil, fmt.Errorf("%s: nil coverage", what)
	}
	if c.Clients <= 0 {
		return nil, fmt.Errorf("%s: the instance has no clients", what)
	}
	if c.Sites <= 0 {
		return nil, fmt.Errorf("%s: the instance has no candidate sites", what)
	}
	if len(c.Covers) != c.Sites {
		return nil, fmt.Errorf("%s: Covers has %d entries, want one per site (%d)", what, len(c.Covers), c.Sites)
	}
	w, err := checkWeights(c.Weight, c.Clients, "weight", what)
	if err != nil {
		return nil, err
	}
	v := &cov{n: c.Clients, m: c.Sites, w: w, integer: true}
	for _, x := range w {
		v.total += x
		if x != math.Trunc(x) {
			v.integer = false
		}
	}
	isFixed := make([]bool, c.Sites)
	forb := make([]bool, c.Sites)
	for _, j := range c.Forbidden {
		if j < 0 || j >= c.Sites {
			return nil, fmt.Errorf("%s: forbidden site %d out of range [0,%d)", what, j, c.Sites)
		}
		forb[j] = true
	}
	for _, j := range c.Fixed {
		if j < 0 || j >= c.Sites {
			return nil, fmt.Errorf("%s: fixed site %d out of range [0,%d)", what, j, c.Sites)
		}
		if forb[j] {
			return nil, fmt.Errorf("%s: site %d is both fixed and forbidden", what, j)
		}
		if !isFixed[j] {
			isFixed[j] = true
			v.fixed = append(v.fixed, j)
		}
	}
	slices.Sort(v.fixed)
	covered := make([]bool, c.Clients)
	for j, list := range c.Covers {
		for _, i := range list {
			if i < 0 || int(i) >= c.Clients {
				return nil, fmt.Errorf("%s: site %d covers client %d, out of range [0,%d)", what, j, i, c.Clients)
			}
		}
		if isFixed[j] {
			for _, i := range list {
				covered[i] = true
			}
		}
	}
	for i, ok := range covered {
		if ok {
			v.base += w[i]
		}
	}
	v.covers = make([][]int32, c.Sites)
	v.by = make([][]int32, c.Clients)
	v.active = make([]bool, c.Clients)
	seen := make([]int, c.Clients) // last site + 1 that listed the client
	for j := range c.Sites {
		if forb[j] || isFixed[j] {
			continue
		}
		v.cand = append(v.cand, j)
		for _, i := range c.Covers[j] {
			if covered[i] || seen[i] == j+1 {
				continue
			}
			seen[i] = j + 1
			v.covers[j] = append(v.covers[j], i)
			v.by[i] = append(v.by[i], int32(j))
		}
	}
	v.maxReach = v.base
	for i := range c.Clients {
		v.pairs += len(v.by[i])
		if len(v.by[i]) > 0 {
			v.active[i] = true
			v.maxReach += w[i]
		}
	}
	return v, nil
}
