package catalog

import (
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// population sets each neighbourhood's make-up (older centre, younger
// periphery, more foreign residents to the north-east, a few ageing
// public-housing estates) and each section's residents.
func (g *demoGen) population() {
	for k := range g.nils {
		n := &g.nils[k]
		var r, ne float64
		for _, idx := range n.sections {
			s := g.sections[idx]
			r += s.r
			// north-east arc: bearing around 20–80°
			b := math.Atan2(s.x, s.y) * 180 / math.Pi
			ne += math.Max(0, math.Cos((b-50)*math.Pi/180)) * s.r
		}
		n.r = r / float64(len(n.sections))
		n.northEast = ne / float64(len(n.sections))
	}
	// Ageing public-housing estates: six outer neighbourhoods.
	outer := g.nilsWhere(func(n *demoNIL) bool { return n.r > 0.6 })
	for _, k := range pick(g.rng, outer, 6) {
		g.nils[k].erp = true
	}
	for k := range g.nils {
		n := &g.nils[k]
		c := 0.5 - n.r // > 0 towards the centre
		p := structure{
			s65:     0.235 + 0.06*c + g.norm(0.02),
			p75:     0.55 + g.norm(0.03),
			p80:     0.68 + g.norm(0.03),
			alone:   0.33 + 0.12*c + g.norm(0.03),
			minori:  0.152 - 0.03*c + g.norm(0.012),
			p02:     0.145 + g.norm(0.01),
			teen:    0.22 + g.norm(0.01),
			young:   0.19 + g.norm(0.02),
			foreign: 0.17 + 0.22*n.northEast - 0.08*math.Max(0, 0.3-n.r)/0.3 + g.norm(0.03),
			disab:   0.045 + g.norm(0.006),
			hhSize:  1.9 + 0.4*n.r + g.norm(0.06),
			oneP:    0.50 - 0.12*n.r + g.norm(0.02),
			mono:    0.085 + g.norm(0.012),
			large:   0.02 + g.norm(0.004),
			growth:  0.004 + g.norm(0.006),
			// Homelessness gathers in the centre and around the stations.
			homeless: 0.0008 + 0.004*math.Max(0, 0.35-n.r)/0.35,
		}
		if n.erp {
			p.s65 += 0.06
			p.alone += 0.06
			p.foreign += 0.08
		}
		p.foreign = clamp(p.foreign, 0.05, 0.45)
		p.large += 0.06 * p.foreign
		p.withMinors = clamp(p.minori*1.35, 0.1, 0.35)
		n.p = p
	}
	// Residents: dense mid-ring, fewer in the business centre and the
	// outskirts; parks and rail yards are empty sections.
	nilFactor := make([]float64, len(g.nils))
	for k := range nilFactor {
		nilFactor[k] = math.Exp(g.norm(0.25))
	}
	var total float64
	for k := range g.sections {
		s := &g.sections[k]
		density := 6000 + 9000*math.Exp(-math.Pow((s.r-0.4)/0.35, 2))
		if s.r < 0.12 {
			density *= 0.7
		}
		s.pop = density * s.areaKm2 * nilFactor[s.nil] * math.Exp(g.norm(0.35))
		if g.rng.Float64() < 0.04 {
			s.pop, s.empty = 0, true
		}
		total += s.pop
	}
	scale := float64(demoPopulation) * float64(g.opts.Sections) / 6000 / total
	for k := range g.sections {
		g.sections[k].pop *= scale
	}
	// Pockets deliberately left without services: four outer neighbourhoods
	// with many older people, three with many small children.
	byOld := g.nilsWhere(func(n *demoNIL) bool { return n.r > 0.55 })
	slices.SortFunc(byOld, func(a, b int) int {
		return int(math.Round(g.nilPop(b)*g.nils[b].p.s65*g.nils[b].p.alone - g.nilPop(a)*g.nils[a].p.s65*g.nils[a].p.alone))
	})
	for _, k := range pick(g.rng, byOld[:min(10, len(byOld))], 4) {
		g.nils[k].pocketOld = true
	}
	kids := g.nilsWhere(func(n *demoNIL) bool { return n.r > 0.5 && !n.pocketOld })
	for _, k := range pick(g.rng, kids, 3) {
		g.nils[k].pocketKid = true
	}
}

func (g *demoGen) nilPop(k int) float64 {
	var p float64
	for _, idx := range g.nils[k].sections {
		p += g.sections[idx].pop
	}
	return p
}

func (g *demoGen) nilsWhere(is func(*demoNIL) bool) []int {
	var out []int
	for k := range g.nils {
		if is(&g.nils[k]) {
			out = append(out, k)
		}
	}
	return out
}

// pick draws n distinct elements of from, in the order of from.
func pick(rng interface{ Perm(int) []int }, from []int, n int) []int {
	n = min(n, len(from))
	perm := rng.Perm(len(from))[:n]
	slices.Sort(perm)
	out := make([]int, n)
	for i, p := range perm {
		out[i] = from[p]
	}
	return out
}

func (g *demoGen) norm(sd float64) float64 { return g.rng.NormFloat64() * sd }

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// binom draws from a binomial distribution: exactly for small n·p, by the
// rounded normal approximation otherwise, always within [0, n].
func (g *demoGen) binom(n int64, p float64) int64 {
	if n <= 0 || p <= 0 {
		return 0
	}
	if p >= 1 {
		return n
	}
	mean := float64(n) * p
	if v := mean * (1 - p); v > 9 {
		x := int64(math.Round(mean + math.Sqrt(v)*g.rng.NormFloat64()))
		return max(0, min(n, x))
	}
	var k int64
	for range n {
		if g.rng.Float64() < p {
			k++
		}
	}
	return k
}

// areas writes sections, neighbourhoods, municipi and the city, with the
// outline of each coarser level computed as the exact union of its sections.
func (g *demoGen) areas(d *Data) {
	var cityCells [][2]int
	muniCells := make([][][2]int, 10)
	for _, s := range g.sections {
		cityCells = append(cityCells, s.cell)
		muniCells[s.municipio] = append(muniCells[s.municipio], s.cell)
	}
	add := func(id, level, parent, code, slug, name string, mp geo.MultiPolygon, point geo.Point) {
		d.Areas = append(d.Areas, AreaRow{
			ID: id, Level: level, ParentID: parent, Code: code, Slug: slug, Name: name,
			Lon: point.Lon, Lat: point.Lat, AreaKm2: round6(mp.AreaM2() / 1e6), GeoJSON: mp.GeoJSON(), Dataset: demoDataset,
		})
	}
	add(demoCitySlug, question.LevelCity, "", "", demoCitySlug, demoCityName, g.lat.union(cityCells), g.representative(allIndexes(len(g.sections))))
	for m := 1; m <= 9; m++ {
		var members []int
		for k, s := range g.sections {
			if s.municipio == m {
				members = append(members, k)
			}
		}
		add(municipioSlug(m), question.LevelMunicipio, demoCitySlug, fmt.Sprint(m), municipioSlug(m), fmt.Sprintf("Municipio %d", m),
			g.lat.union(muniCells[m]), g.representative(members))
	}
	for _, n := range g.nils {
		var cells [][2]int
		for _, idx := range n.sections {
			cells = append(cells, g.sections[idx].cell)
		}
		slug := nilSlug(n.number)
		add(slug, question.LevelNIL, municipioSlug(n.municipio), fmt.Sprint(n.number), slug, n.name, g.lat.union(cells), g.representative(n.sections))
	}
	for _, s := range g.sections {
		add(s.id, question.LevelSection, nilSlug(g.nils[s.nil].number), s.id[4:], s.id, "Sezione "+s.id[4:],
			geo.MultiPolygon{{s.ring}}, s.point)
	}
}

// representative returns the centre of the member section nearest to the
// members' mean centre: a point certainly inside the area.
func (g *demoGen) representative(members []int) geo.Point {
	var mean geo.Point
	for _, idx := range members {
		mean.Lon += g.sections[idx].point.Lon / float64(len(members))
		mean.Lat += g.sections[idx].point.Lat / float64(len(members))
	}
	best, bestD := members[0], math.Inf(1)
	for _, idx := range members {
		if d := geo.Haversine(mean, g.sections[idx].point); d < bestD {
			best, bestD = idx, d
		}
	}
	return g.sections[best].point
}

func allIndexes(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func (g *demoGen) vocabulary(d *Data) {
	d.Targets = slices.Clone(StandardTargets)
	for _, s := range demoServices {
		d.Services = append(d.Services, s.Service)
	}
	d.Benchmarks = slices.Clone(demoStandards)
}

// demand draws every target in every section for every year, nesting the
// groups (80+ within 75+ within 65+; older people living alone within
// one-person households) so that the counts are consistent.
func (g *demoGen) demand(d *Data) {
	for year := demoFirstYear; year <= demoLastYear; year++ {
		back := float64(demoLastYear - year)
		for _, s := range g.sections {
			p := g.nils[s.nil].p
			pop := int64(math.Round(s.pop * (1 - p.growth*back)))
			s65 := p.s65 - 0.0015*back
			minShare := p.minori + 0.001*back
			anz := g.binom(pop, s65)
			a75 := g.binom(anz, p.p75)
			a80 := g.binom(a75, p.p80)
			soli := g.binom(anz, p.alone-0.001*back)
			nonAuto := g.binom(a80, 0.30) + g.binom(anz-a80, 0.05)
			minori := g.binom(pop-anz, minShare/(1-s65))
			p02 := g.binom(minori, p.p02)
			teen := g.binom(minori-p02, p.teen/(1-p.p02))
			// 3–13 is eleven single years: 3 of pre-school, 5 of primary, 3 of lower secondary.
			mid := minori - p02 - teen
			inf := g.binom(mid, 3.0/11)
			bamb := g.binom(mid-inf, 5.0/8)
			ragazzi := mid - inf - bamb
			young := g.binom(pop-anz-minori, p.young/(1-s65-minShare))
			foreign := g.binom(pop, p.foreign-0.004*back)
			minStr := min(foreign, g.binom(minori, math.Min(0.9, 1.2*(p.foreign-0.004*back))))
			disab := g.binom(pop, p.disab)
			neet := g.binom(young, 0.09+0.12*p.foreign)
			active := pop - anz - minori + g.binom(teen, 0.75)
			homeless := g.binom(pop, p.homeless)
			soli80 := min(soli, g.binom(a80, math.Min(0.95, 1.25*p.alone)))
			fam := int64(math.Round(float64(pop) / p.hhSize))
			fam = max(min(fam, pop), min(pop, 1))
			soli = min(soli, fam)
			oneP := soli + g.binom(fam-soli, clamp((p.oneP*float64(fam)-float64(soli))/math.Max(1, float64(fam-soli)), 0, 1))
			rest := fam - oneP
			mono := g.binom(rest, clamp(p.mono/(1-p.oneP), 0, 1))
			large := g.binom(rest-mono, clamp(p.large/(1-p.oneP-p.mono), 0, 1))
			withMin := g.binom(rest, clamp(p.withMinors/(1-p.oneP), 0, 1))
			poor := g.binom(fam, clamp(0.04+0.12*p.foreign, 0, 1))
			// Households of older people only: those living alone, and couples.
			oldFam := min(fam, soli+g.binom((anz-soli)/2, 0.8))
			foreignFam := g.binom(fam, clamp(0.9*p.foreign, 0, 1))
			disabFam := min(fam, g.binom(disab, 0.9))
			counts := []struct {
				t string
				n int64
			}{
				{"residenti", pop}, {"anziani", anz}, {"anziani-75", a75}, {"grandi-anziani", a80},
				{"anziani-soli", soli}, {"non-autosufficienti", nonAuto}, {"minori", minori},
				{"prima-infanzia", p02}, {"adolescenti", teen}, {"giovani", young}, {"stranieri", foreign},
				{"minori-stranieri", minStr}, {"disabili", disab}, {"famiglie", fam},
				{"famiglie-unipersonali", oneP}, {"famiglie-monogenitoriali", mono},
				{"famiglie-numerose", large}, {"famiglie-con-minori", withMin},
				{"infanzia", inf}, {"bambini", bamb}, {"ragazzi", ragazzi}, {"neet", neet},
				{"popolazione-attiva", active}, {"senza-dimora", homeless}, {"grandi-anziani-soli", soli80},
				{"famiglie-in-poverta", poor}, {"famiglie-anziane", oldFam}, {"famiglie-straniere", foreignFam},
				{"famiglie-con-disabili", disabFam},
			}
			for _, c := range counts {
				d.Demand = append(d.Demand, DemandRow{AreaID: s.id, Target: c.t, Year: year, Count: c.n, Dataset: demoDataset})
			}
		}
	}
}

// facilities places each service's facilities in sections drawn in
// proportion to the demand of the target that draws them, never in the
// pockets kept without that kind of service.
func (g *demoGen) facilities(d *Data) {
	latest := map[string][]float64{}
	index := map[string]int{}
	for k, s := range g.sections {
		index[s.id] = k
	}
	for _, r := range d.Demand {
		if r.Year != demoLastYear {
			continue
		}
		if latest[r.Target] == nil {
			latest[r.Target] = make([]float64, len(g.sections))
		}
		latest[r.Target][index[r.AreaID]] = float64(r.Count)
	}
	orgs := g.organizations(d)
	next := map[string]int{}
	// A pocket stays under-served only if no facility stands near its edge
	// either: keep a buffer of 700 m around its sections free.
	nearOld, nearKid := g.nearPockets(func(n *demoNIL) bool { return n.pocketOld }, 700), g.nearPockets(func(n *demoNIL) bool { return n.pocketKid }, 700)
	for _, svc := range demoServices {
		weights := slices.Clone(latest[svc.placeBy])
		for k := range g.sections {
			if (svc.elderly && nearOld[k]) || (svc.childhood && nearKid[k]) {
				weights[k] = 0
			}
		}
		count := svc.count * g.opts.Sections / 6000
		for f := range count {
			k := drawWeighted(g.rng.Float64(), weights)
			s := g.sections[k]
			// A point inside the section, between its centre and a corner.
			corner := s.ring[g.rng.IntN(4)]
			t := 0.6 * g.rng.Float64()
			pt := geo.Point{
				Lon: round6(s.point.Lon + t*(corner.Lon-s.point.Lon)),
				Lat: round6(s.point.Lat + t*(corner.Lat-s.point.Lat)),
			}
			capacity := math.Round(svc.capMin + g.rng.Float64()*(svc.capMax-svc.capMin))
			kind := svc.operators[f%len(svc.operators)]
			org := orgs[kind][next[kind]%len(orgs[kind])]
			next[kind]++
			street := streets[g.rng.IntN(len(streets))]
			d.Facilities = append(d.Facilities, FacilityRow{
				ID:      fmt.Sprintf("%s-%03d", svc.Slug, f+1),
				Service: svc.Slug, Name: svc.short + " " + trimStreet(street),
				Organization: org, Address: fmt.Sprintf("%s %d", street, 1+g.rng.IntN(180)),
				Lon: pt.Lon, Lat: pt.Lat, Capacity: capacity, AreaID: s.id, Dataset: demoDataset,
			})
		}
	}
}

// nearPockets marks the sections within bufferM of a section of a pocket.
func (g *demoGen) nearPockets(is func(*demoNIL) bool, bufferM float64) []bool {
	var pts []geo.Point
	for _, s := range g.sections {
		if is(&g.nils[s.nil]) {
			pts = append(pts, s.point)
		}
	}
	index := geo.NewIndex(pts, bufferM)
	near := make([]bool, len(g.sections))
	for k, s := range g.sections {
		near[k] = index.AnyWithin(s.point, bufferM)
	}
	return near
}

// trimStreet drops the street's kind: "Via dei Tigli" → "dei Tigli".
func trimStreet(s string) string {
	for _, p := range []string{"Via ", "Viale ", "Piazza "} {
		if len(s) > len(p) && s[:len(p)] == p {
			return s[len(p):]
		}
	}
	return s
}

// drawWeighted returns the index drawn by u ∈ [0, 1) over the weights.
func drawWeighted(u float64, w []float64) int {
	var total float64
	for _, x := range w {
		total += x
	}
	target := u * total
	for i, x := range w {
		if target < x {
			return i
		}
		target -= x
	}
	return len(w) - 1
}

// organizations lists who runs the demo city's facilities, by kind.
func (g *demoGen) organizations(d *Data) map[string][]string {
	out := map[string][]string{}
	add := func(id, name, kind string) {
		d.Organizations = append(d.Organizations, Organization{ID: id, Name: name, Kind: kind})
		out[kind] = append(out[kind], id)
	}
	add("comune", "Comune della "+demoCityName, "comune")
	add("ats", "ATS della "+demoCityName, "ats")
	for i, n := range coopNames {
		add(fmt.Sprintf("ets-%02d", i+1), "Cooperativa sociale "+n, "ets")
	}
	for i, n := range fondNames {
		add(fmt.Sprintf("fondazione-%02d", i+1), n, "fondazione")
	}
	for i, n := range firmNames {
		add(fmt.Sprintf("impresa-%02d", i+1), n, "impresa")
	}
	return out
}
