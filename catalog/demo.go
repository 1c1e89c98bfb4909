package catalog

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
)

// DemoOptions sets the demo city's generator.
type DemoOptions struct {
	Seed     uint64 // the same seed always gives the same city
	Sections int    // census sections, about; 0 means Milan's 6,000
}

// Demo city constants: Milan's scale (181.7 km², 1.35 M residents, 9
// municipi, 88 NIL) around Milan's coordinates, with invented names.
const (
	demoCityName     = "Città demo"
	demoCitySlug     = "demo"
	demoDataset      = "demo"
	demoRadiusM      = 7600.0    // radius of the city before its outline wobbles
	demoPopulation   = 1_352_000 // residents in the latest year
	demoFirstYear    = 2020
	demoLastYear     = 2024
	demoDefaultSeed  = 1
	demoGeneratorVer = "demo-1"
)

var demoCentre = geo.Point{Lon: 9.19, Lat: 45.4642}

// nilsPerMunicipio gives Milan's 88 neighbourhoods to the 9 municipi.
var nilsPerMunicipio = [9]int{12, 9, 9, 10, 9, 10, 11, 8, 10}

// DefaultDemoSeed is the seed of the built-in demo city.
const DefaultDemoSeed uint64 = demoDefaultSeed

type demoSection struct {
	id        string
	cell      [2]int
	x, y      float64 // centre in the unwarped plane, metres from the centre
	r, θ      float64 // polar position of the centre, r relative to the outline
	municipio int     // 1..9
	nil       int     // index into the NIL list
	point     geo.Point
	ring      geo.Ring
	areaKm2   float64
	pop       float64 // residents in the latest year
	empty     bool
}

type demoNIL struct {
	number    int
	municipio int
	name      string
	sections  []int
	r         float64 // mean relative radius
	northEast float64 // 0..1, how far into the north-east arc
	erp       bool    // an ageing public-housing estate
	pocketOld bool    // no elderly services placed here
	pocketKid bool    // no childhood services placed here
	p         structure
}

// structure is a neighbourhood's demographic make-up in the latest year.
type structure struct {
	s65, p75, p80, alone, minori, p02, teen, young, foreign, disab float64
	hhSize, oneP, mono, large, withMinors                          float64
	growth                                                         float64 // yearly population growth
	homeless                                                       float64 // share of residents without a home
}

// Demo builds the demo city: deterministic from the seed.
func Demo(opts DemoOptions) (*Data, error) {
	if opts.Sections == 0 {
		opts.Sections = 6000
	}
	if opts.Sections < 200 || opts.Sections > 1_000_000 {
		return nil, fmt.Errorf("demo city: %d sections is out of range (200 to 1,000,000)", opts.Sections)
	}
	g := &demoGen{rng: rand.New(rand.NewPCG(opts.Seed, 0x5eed_c17e)), opts: opts}
	g.buildLattice()
	g.assignMunicipi()
	g.assignNILs()
	g.population()
	d := &Data{}
	g.areas(d)
	g.vocabulary(d)
	g.demand(d)
	g.facilities(d)
	d.Datasets = []Dataset{{
		ID: demoDataset, Title: fmt.Sprintf("%s: popolazione e servizi sintetici (seme %d)", demoCityName, opts.Seed),
		Publisher: "wi, generatore della città demo", Licence: "CC0-1.0",
		ReferenceDate: time.Date(demoLastYear, 1, 1, 0, 0, 0, 0, time.UTC), Synthetic: true,
		Rows: int64(len(d.Areas) + len(d.Demand) + len(d.Facilities)),
	}}
	d.Meta = []MetaEntry{
		{"schema_version", SchemaVersion},
		{"name", demoCityName},
		{"synthetic", "true"},
		{"generator", demoGeneratorVer},
		{"seed", strconv.FormatUint(opts.Seed, 10)},
		// The demo city describes no one: its secret follows from its seed,
		// so that its answers (and the README's) are the same everywhere.
		{MetaSecret, disclose.SecretFrom("demo seed " + strconv.FormatUint(opts.Seed, 10)).Hex()},
		{"pockets.elderly", strings.Join(g.pocketSlugs(func(n *demoNIL) bool { return n.pocketOld }), ",")},
		{"pockets.childhood", strings.Join(g.pocketSlugs(func(n *demoNIL) bool { return n.pocketKid }), ",")},
	}
	d.Datasets[0].Checksum = Checksum(d)
	return d, nil
}

type demoGen struct {
	rng      *rand.Rand
	opts     DemoOptions
	lat      lattice
	wobble   [6]float64
	sections []demoSection
	nils     []demoNIL
}

// radius is the city's radius before its outline wobbles: Milan's at 6,000
// sections, growing with the square root of the sections beyond, so that a
// larger city keeps Milan's density of people and facilities.
func (g *demoGen) radius() float64 {
	if g.opts.Sections == 6000 {
		return demoRadiusM
	}
	return demoRadiusM * math.Sqrt(float64(g.opts.Sections)/6000)
}

func (g *demoGen) outline(θ float64) float64 {
	w := g.wobble
	return g.radius() * (1 + 0.06*math.Sin(2*θ+w[0]) + 0.05*math.Sin(3*θ+w[1]) + 0.03*math.Sin(5*θ+w[2]))
}

func (g *demoGen) buildLattice() {
	for k := range g.wobble {
		g.wobble[k] = g.rng.Float64() * 2 * math.Pi
	}
	spacing := math.Sqrt(math.Pi * g.radius() * g.radius() / float64(g.opts.Sections))
	half := 1.2 * g.radius()
	n := int(math.Ceil(2 * half / spacing))
	half = float64(n) * spacing / 2
	g.lat.n = n
	plane := make([][2]float64, (n+1)*(n+1))
	for j := 0; j <= n; j++ {
		for i := 0; i <= n; i++ {
			x := -half + float64(i)*spacing + (g.rng.Float64()-0.5)*0.44*spacing
			y := -half + float64(j)*spacing + (g.rng.Float64()-0.5)*0.44*spacing
			plane[j*(n+1)+i] = [2]float64{x, y}
		}
	}
	g.lat.plane = plane
	// Warp radially so that sections are smaller in the dense centre.
	g.lat.vertex = make([]geo.Point, len(plane))
	mPerDegLat := geo.EarthRadiusM * math.Pi / 180
	mPerDegLon := mPerDegLat * math.Cos(demoCentre.Lat*math.Pi/180)
	for k, p := range plane {
		r := math.Hypot(p[0], p[1])
		f := 1.0
		if r > 0 {
			f = math.Pow(r/g.radius(), 0.3)
		}
		lon := demoCentre.Lon + p[0]*f/mPerDegLon
		lat := demoCentre.Lat + p[1]*f/mPerDegLat
		// Round to 1e-6° (about 0.1 m): every cell sharing the vertex gets
		// the same rounded value, so the tiling stays exact.
		g.lat.vertex[k] = geo.Point{Lon: math.Round(lon*1e6) / 1e6, Lat: math.Round(lat*1e6) / 1e6}
	}
	for j := range n {
		for i := range n {
			var cx, cy float64
			for _, v := range cellRing(i, j) {
				p := plane[int(v.j)*(n+1)+int(v.i)]
				cx, cy = cx+p[0]/4, cy+p[1]/4
			}
			θ := math.Atan2(cy, cx)
			rel := math.Hypot(cx, cy) / g.outline(θ)
			if rel >= 1 {
				continue
			}
			s := demoSection{cell: [2]int{i, j}, x: cx, y: cy, r: rel, θ: θ}
			for _, v := range cellRing(i, j) {
				s.ring = append(s.ring, g.lat.at(v))
			}
			s.areaKm2 = s.ring.AreaM2() / 1e6
			s.point = quadCentre(s.ring)
			g.sections = append(g.sections, s)
		}
	}
	// Number sections from north-west to south-east, as census maps do.
	slices.SortStableFunc(g.sections, func(a, b demoSection) int {
		if a.cell[1] != b.cell[1] {
			return b.cell[1] - a.cell[1]
		}
		return a.cell[0] - b.cell[0]
	})
	for k := range g.sections {
		g.sections[k].id = fmt.Sprintf("sez-%05d", k+1)
	}
}

// quadCentre is the centroid of a quadrilateral's vertices, inside it for
// the lattice's mild jitter.
func quadCentre(r geo.Ring) geo.Point {
	var p geo.Point
	for _, v := range r {
		p.Lon += v.Lon / float64(len(r))
		p.Lat += v.Lat / float64(len(r))
	}
	return geo.Point{Lon: math.Round(p.Lon*1e6) / 1e6, Lat: math.Round(p.Lat*1e6) / 1e6}
}

// assignMunicipi gives the centre to municipio 1 and eight wedges to 2–9,
// clockwise from the north-east as in Milan.
func (g *demoGen) assignMunicipi() {
	φ := g.rng.Float64() * 2 * math.Pi
	// bearing sector (0 = north, clockwise) → municipio
	order := [8]int{9, 2, 3, 4, 5, 6, 7, 8}
	for k := range g.sections {
		s := &g.sections[k]
		if s.r < 0.3+0.04*math.Sin(4*s.θ+φ) {
			s.municipio = 1
			continue
		}
		bearing := math.Atan2(s.x, s.y)*180/math.Pi + 9*math.Sin(math.Hypot(s.x, s.y)/1400+φ)
		sector := int(math.Floor(math.Mod(bearing+22.5+720, 360) / 45))
		s.municipio = order[sector%8]
	}
}

// assignNILs splits each municipio into neighbourhoods by k-means on the
// sections' centres, so that neighbourhoods nest in municipi.
func (g *demoGen) assignNILs() {
	for m := 1; m <= 9; m++ {
		var members []int
		for k, s := range g.sections {
			if s.municipio == m {
				members = append(members, k)
			}
		}
		k := nilsPerMunicipio[m-1]
		if len(members) < k {
			k = max(1, len(members))
		}
		seeds := make([][2]float64, k)
		perm := g.rng.Perm(len(members))
		for c := range k {
			s := g.sections[members[perm[c]]]
			seeds[c] = [2]float64{s.x, s.y}
		}
		assign := make([]int, len(members))
		for range 12 {
			for a, idx := range members {
				s := g.sections[idx]
				best, bestD := 0, math.Inf(1)
				for c, sd := range seeds {
					if d := math.Hypot(s.x-sd[0], s.y-sd[1]); d < bestD {
						best, bestD = c, d
					}
				}
				assign[a] = best
			}
			var sum [][3]float64 = make([][3]float64, k)
			for a, idx := range members {
				s := g.sections[idx]
				sum[assign[a]][0] += s.x
				sum[assign[a]][1] += s.y
				sum[assign[a]][2]++
			}
			for c := range seeds {
				if sum[c][2] > 0 {
					seeds[c] = [2]float64{sum[c][0] / sum[c][2], sum[c][1] / sum[c][2]}
				}
			}
		}
		// Order the municipio's neighbourhoods clockwise from the north.
		type cl struct {
			c       int
			bearing float64
		}
		cls := make([]cl, k)
		for c, sd := range seeds {
			cls[c] = cl{c, math.Mod(math.Atan2(sd[0], sd[1])+2*math.Pi, 2*math.Pi)}
		}
		slices.SortFunc(cls, func(a, b cl) int { return cmp.Compare(a.bearing, b.bearing) })
		base := len(g.nils)
		index := make([]int, k)
		for rank, c := range cls {
			index[c.c] = base + rank
			g.nils = append(g.nils, demoNIL{number: base + rank + 1, municipio: m})
		}
		for a, idx := range members {
			n := index[assign[a]]
			g.sections[idx].nil = n
			g.nils[n].sections = append(g.nils[n].sections, idx)
		}
	}
	// Drop neighbourhoods that k-means left empty, renumbering the rest.
	kept := g.nils[:0]
	for _, n := range g.nils {
		if len(n.sections) > 0 {
			n.number = len(kept) + 1
			kept = append(kept, n)
		}
	}
	g.nils = kept
	for k := range g.nils {
		for _, idx := range g.nils[k].sections {
			g.sections[idx].nil = k
		}
	}
	g.nameNILs()
}

func (g *demoGen) nameNILs() {
	reserved := map[int]string{21: "Città Giardino", 54: "Cà Granda"}
	used := map[string]bool{}
	for _, name := range reserved {
		used[name] = true
	}
	for k := range g.nils {
		n := &g.nils[k]
		if name, ok := reserved[n.number]; ok {
			n.name = name
			continue
		}
		for n.name == "" {
			name := nilWords[g.rng.IntN(len(nilWords))] + " " + nilPlaces[g.rng.IntN(len(nilPlaces))]
			if !used[name] {
				used[name], n.name = true, name
			}
		}
	}
}

func (g *demoGen) pocketSlugs(is func(*demoNIL) bool) []string {
	var out []string
	for k := range g.nils {
		if is(&g.nils[k]) {
			out = append(out, nilSlug(g.nils[k].number))
		}
	}
	return out
}

func nilSlug(n int) string       { return "nil-" + strconv.Itoa(n) }
func municipioSlug(m int) string { return "municipio-" + strconv.Itoa(m) }
