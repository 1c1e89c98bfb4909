package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
)

// Saturation thresholds of the load (demand over capacity).
const (
	satOver  = 1.0 // above: more demand than capacity
	satUnder = 0.5 // below: under-used
)

// satInput is what the saturation analyses resolve first: the service, its
// primary target (the benchmark's when there is one, else the service's
// first target), the benchmark if any, and every facility of the service.
type satInput struct {
	service    Service
	target     Target
	bench      Benchmark
	hasBench   bool
	facilities []Facility
	unknownCap int
}

func (e *Engine) satResolve(ctx context.Context, service string) (*satInput, error) {
	svc, ok := e.vocab.Service(service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", service)
	}
	if svc.RadiusM <= 0 {
		return nil, answerErrorf("il servizio %s non ha un raggio abituale: i bacini non si possono tracciare", "service %s has no usual radius: its catchments cannot be drawn", service)
	}
	in := &satInput{service: svc}
	var err error
	if in.bench, in.hasBench, err = e.gapBenchmark(ctx, service); err != nil {
		return nil, err
	}
	slug := in.bench.Target
	if !in.hasBench {
		if len(svc.Targets) == 0 {
			return nil, fmt.Errorf("service %s serves no target in the catalog", service)
		}
		slug = svc.Targets[0]
	}
	if in.target, ok = e.vocab.Target(slug); !ok {
		return nil, fmt.Errorf("service %s serves target %q, which the catalog does not know", service, slug)
	}
	if in.facilities, err = e.facilities(ctx, []string{service}); err != nil {
		return nil, err
	}
	if len(in.facilities) == 0 {
		return nil, answerErrorf("il catalogo non ha strutture del servizio %s", "the catalog holds no facilities of service %s", service)
	}
	for _, f := range in.facilities {
		if f.Capacity <= 0 {
			in.unknownCap++
		}
	}
	if in.unknownCap == len(in.facilities) {
		return nil, answerErrorf("il catalogo non ha la capacità delle %d strutture del servizio %s: la saturazione non si può calcolare", "the catalog holds no capacity for the %d facilities of service %s: no saturation can be computed", len(in.facilities), service)
	}
	return in, nil
}

// places turns people into the capacity they call for: the benchmark's
// Value per Per people when the service has one, else one place each.
func (in *satInput) places(people float64) float64 {
	if in.hasBench {
		return people * in.bench.Value / in.bench.Per
	}
	return people
}

// satIndex indexes the facilities for catchment queries.
func satIndex(fs []Facility, radiusM float64) *geo.Index {
	pts := make([]geo.Point, len(fs))
	for i, f := range fs {
		pts[i] = f.Point
	}
	return geo.NewIndex(pts, radiusM)
}

// satCatch holds, for each facility, the records of the people of the table
// within the radius (full) and of its share of them (shared): each point's
// people are split equally among the facilities whose radius reaches it, so
// that shares add up to the people with a facility in reach and none is
// counted twice. They are regions: only their published counts leave.
type satCatch struct{ full, shared []disclose.Region }

func satCatchments(tbl *demandTable, index *geo.Index, radiusM float64) satCatch {
	c := satCatch{make([]disclose.Region, index.Len()), make([]disclose.Region, index.Len())}
	var near []int
	for _, dp := range tbl.points {
		near = near[:0]
		index.Within(dp.p, radiusM, func(j int, _ float64) bool {
			near = append(near, j)
			return true
		})
		for _, j := range near {
			c.full[j].Add(dp.w, dp.key)
			c.shared[j].Add(dp.w/float64(len(near)), dp.key)
		}
	}
	return c
}

// satCatchmentsFor returns satCatchments for the service, target and year,
// computed once per engine: they depend only on the catalog, and they are
// the costly part at national size. Callers must not modify them.
func (e *Engine) satCatchmentsFor(tbl *demandTable, in *satInput, target string, year int) satCatch {
	key := fmt.Sprintf("catchments|%s|%s|%d|%g", in.service.Slug, target, year, in.service.RadiusM)
	if c, ok := e.memo.Load(key); ok {
		return c.(satCatch)
	}
	c := satCatchments(tbl, satIndex(in.facilities, in.service.RadiusM), in.service.RadiusM)
	e.memo.Store(key, c)
	return c
}

// satPub is every facility's catchment as a reader may see it.
type satPub struct {
	full, shared         []disclose.Count
	hideFull, hideShared []bool
}

// satPublish publishes the catchments: each a region drawn by the
// question, withheld when it holds too few sections (or, for a reader of
// exact counts, from 1 to threshold − 1 people). Shares add up to the
// people with a facility in reach, so a lone withheld share takes the
// smallest other with it. The pattern is over every facility of the
// service, whatever rows a question shows.
func satPublish(c satCatch, pub publisher) satPub {
	n := len(c.full)
	out := satPub{full: make([]disclose.Count, n), shared: make([]disclose.Count, n), hideFull: make([]bool, n)}
	vals, forced := make([]int64, n), make([]bool, n)
	for j := range n {
		out.full[j] = pub.drawn(c.full[j])
		out.hideFull[j] = out.full[j].Withheld() || gapSmall(out.full[j], pub.threshold)
		out.shared[j] = pub.drawn(c.shared[j])
		vals[j], _ = out.shared[j].Value()
		forced[j] = out.shared[j].Withheld()
	}
	out.hideShared, _, _ = protect(vals, make([]string, n), forced, pub.threshold)
	for j := range n {
		if out.hideFull[j] {
			out.full[j] = disclose.Withheld()
		}
		if out.hideShared[j] {
			out.shared[j] = disclose.Withheld()
		}
	}
	return out
}

// saturation ranks a service's facilities by the demand in their catchment
// against their capacity.
func (e *Engine) saturation(ctx context.Context, p *WhichSaturation, l Lang, role Role) (*Result, error) {
	in, err := e.satResolve(ctx, p.Service)
	if err != nil {
		return nil, err
	}
	svc, target := in.service, in.target
	scope, _ := e.area(e.vocab.CityArea)
	scope.Level = LevelCity
	if p.Area != "" {
		if scope, err = e.knownArea(p.Area); err != nil {
			return nil, err
		}
	}
	tbl, err := e.heldTable(ctx, target.Slug, p.Year)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	used.table(tbl)
	used.facilities(in.facilities)
	pubC := satPublish(e.satCatchmentsFor(tbl, in, target.Slug, p.Year), e.publisher(target, role))
	rows := e.satRows(in, pubC, scope)
	if len(rows) == 0 {
		return nil, answerErrorf("il catalogo non ha strutture del servizio %s in %s", "the catalog holds no facilities of service %s in %s", p.Service, scope.Name)
	}
	res, withheldCells := e.satTable(topRows(rows, p.Top), svc, target, l)
	over, under := 0, 0
	for _, r := range rows {
		if !r.hideShared && !math.IsNaN(r.load) {
			if r.load > satOver {
				over++
			} else if r.load < satUnder {
				under++
			}
		}
	}
	scopeSlug := scope.Slug
	if p.Area == "" {
		scopeSlug = e.vocab.CityArea
	}
	res.Facts = map[string]any{}
	res.Facts["service"] = p.Service
	res.Facts["target"] = target.Slug
	res.Facts["year"] = p.Year
	res.Facts["area"] = scopeSlug
	res.Facts["radius_m"] = svc.RadiusM
	res.Facts["benchmark"] = ""
	if in.hasBench {
		res.Facts["benchmark"] = in.bench.ID
	}
	res.Facts["facilities"] = len(rows)
	res.Facts["over_capacity"] = over
	res.Facts["under_used"] = under
	res.Facts["max_load"], res.Facts["max_load_facility"] = nil, ""
	if rows[0].group() == 0 {
		res.Facts["max_load"], res.Facts["max_load_facility"] = rows[0].load, rows[0].f.ID
	}
	res.Headline = satHeadline(e.areaName(scopeSlug), p.Year, svc, len(rows), over, rows[0].f.Name, rows[0].load, rows[0].group() == 0, l)
	res.Notes = satNotes(in, p.Area != "", p.Top, len(rows), l)
	res.Disclosure = Disclosure{Rule: satRule(target.MinCount, l), Threshold: target.MinCount, Suppressed: withheldCells}
	res.Sources = e.sources(used)
	return res, nil
}

// satRow is a facility of `which saturation`.
type satRow struct {
	f                    Facility
	full, shared         disclose.Count // published
	hideFull, hideShared bool
	demand, load         float64 // load NaN when capacity is unknown
	nilSlug              string
}

// group orders rows: known loads, then unknown capacities, then withheld.
func (r satRow) group() int {
	switch {
	case r.hideShared:
		return 2
	case math.IsNaN(r.load):
		return 1
	}
	return 0
}

// satRows lists the facilities standing in the scope, the highest load
// first; unknown capacities next and withheld rows last, by ID, so that
// their place reveals nothing.
func (e *Engine) satRows(in *satInput, pubC satPub, scope Area) []satRow {
	var rows []satRow
	for j, f := range in.facilities {
		if !e.gapHolds(scope, f) {
			continue
		}
		r := satRow{f: f, full: pubC.full[j], shared: pubC.shared[j],
			hideFull: pubC.hideFull[j], hideShared: pubC.hideShared[j], load: math.NaN()}
		r.nilSlug, _ = e.ancestors(f.Area)
		ns, _ := r.shared.Value()
		r.demand = in.places(float64(ns)) // from the published share

		if f.Capacity > 0 {
			r.load = r.demand / f.Capacity
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(x, y satRow) int {
		if c := cmp.Compare(x.group(), y.group()); c != 0 {
			return c
		}
		if x.group() == 0 {
			if c := cmp.Compare(y.load, x.load); c != 0 {
				return c
			}
		}
		return cmp.Compare(x.f.ID, y.f.ID)
	})
	return rows
}

// satTable lays the shown rows out, with the count of cells withheld.
func (e *Engine) satTable(shown []satRow, svc Service, target Target, l Lang) (*Result, int) {
	capUnit := l.Pick(svc.CapacityUnit, "places")
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "facility_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "facility_name", Label: l.Pick("struttura", "facility"), Type: TypeString},
			{Name: "area_name", Label: levelName(LevelNIL, l), Type: TypeString},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: capUnit},
			{Name: "catchment_count", Label: l.Pick(target.Name(l)+" nel raggio", target.Name(l)+" within the radius"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "shared_count", Label: l.Pick(target.Name(l)+" (quota)", target.Name(l)+" (share)"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "demand", Label: l.Pick("domanda", "demand"), Type: TypeFloat, Unit: capUnit},
			{Name: "load", Label: l.Pick("carico", "load"), Type: TypeFloat},
			{Name: "status", Label: l.Pick("stato", "status"), Type: TypeString},
		},
	}
	withheldCells := 0
	for i, r := range shown {
		vals := []Value{Int(int64(i + 1)), Str(r.f.ID), Str(r.f.Name), Str(e.satAreaName(r.nilSlug)), gapFloat(r.f.Capacity)}
		if r.f.Capacity <= 0 {
			vals[4] = Empty()
		}
		vals = append(vals, Count(r.full))
		if r.hideFull {
			withheldCells++
		}
		if r.hideShared {
			withheldCells += 4
			vals = append(vals, Count(r.shared), Suppressed(), Suppressed(), Suppressed())
		} else {
			vals = append(vals, Count(r.shared), Float(r.demand), gapFloat(r.load), Str(satStatus(r.load, l)))
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, withheldCells
}

// satNotes says how loads are computed and what the table leaves out.
func satNotes(in *satInput, inArea bool, top, rows int, l Lang) []string {
	notes := []string{satMethod(in, l), l.Pick(
		"Il carico è la domanda diviso la capacità: oltre 1 la struttura ha più domanda che posti, sotto 0,5 è sottoutilizzata.",
		"The load is demand divided by capacity: above 1 the facility has more demand than places, below 0.5 it is under-used.")}
	if inArea {
		notes = append(notes, l.Pick(
			"Sono elencate le strutture che si trovano nell'area; i loro bacini contano anche chi vive fuori dall'area.",
			"The facilities listed stand in the area; their catchments count people living outside it too."))
	}
	if in.unknownCap > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Attenzione: %d strutture su %d non hanno la capacità nel catalogo: il loro carico non è calcolato, ma prendono comunque la loro quota di domanda.", in.unknownCap, len(in.facilities)),
			fmt.Sprintf("Caution: %d of %d facilities have no capacity in the catalog: their load is not computed, but they still take their share of demand.", in.unknownCap, len(in.facilities))))
	}
	if top > 0 && rows > top {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d strutture su %d (top=0 per vederle tutte).", top, rows),
			fmt.Sprintf("Showing the first %d facilities of %d (top=0 shows them all).", top, rows)))
	}
	return notes
}

// satAreaName is an area's name, or "" for no area.
func (e *Engine) satAreaName(slug string) string {
	if slug == "" {
		return ""
	}
	return e.areaName(slug)
}

func satStatus(load float64, l Lang) string {
	switch {
	case math.IsNaN(load):
		return l.Pick("capacità non nota", "capacity unknown")
	case load > satOver:
		return l.Pick("oltre la capacità", "over capacity")
	case load < satUnder:
		return l.Pick("sottoutilizzata", "under-used")
	}
	return l.Pick("in equilibrio", "balanced")
}

// satMethod says how the demand in a catchment was counted.
func satMethod(in *satInput, l Lang) string {
	svc, t := in.service, in.target
	d := FormatDistance(svc.RadiusM, l)
	s := l.Pick(
		fmt.Sprintf("Metodo: bacino = %s entro %s (raggio abituale del servizio, distanza haversine) dalla struttura; chi è nel raggio di più strutture di %s è diviso in parti uguali tra loro (quota), così nessuno è contato due volte.", t.Name(l), d, svc.Name(l)),
		fmt.Sprintf("Method: catchment = %s within %s (the service's usual radius, haversine distance) of the facility; people within reach of several %s facilities are split equally among them (share), so that nobody is counted twice.", t.Name(l), d, svc.Name(l)))
	if in.hasBench {
		b := in.bench
		s += l.Pick(
			fmt.Sprintf(" Domanda = quota × %s / %s, i posti che il riferimento %s chiede per quelle persone.", trimmed(b.Value, 2, l), FormatFloat(b.Per, 0, l), b.ID),
			fmt.Sprintf(" Demand = share × %s / %s, the places benchmark %s asks for those people.", trimmed(b.Value, 2, l), FormatFloat(b.Per, 0, l), b.ID))
	} else {
		s += l.Pick(" Il servizio non ha un riferimento: domanda = quota, un posto per persona.",
			" The service has no benchmark: demand = share, one place per person.")
	}
	return s
}

func satRule(threshold int, l Lang) string {
	return disclosureRule(threshold, l) + l.Pick(
		" Domanda e carico sono calcolati dai conteggi pubblicati e oscurati con essi.",
		" Demand and load are computed from the published counts, and withheld with them.")
}

func satHeadline(scope string, year int, svc Service, n, over int, topName string, topLoad float64, topShown bool, l Lang) string {
	var h string
	if over > 0 {
		h = l.Pick(
			fmt.Sprintf("%s, %d: %s di %s su %d %s nel bacino più domanda che posti", scope, year, Agreed(over, "struttura", "strutture", l), svc.Name(l), n, Plural(over, "ha", "hanno")),
			fmt.Sprintf("%s, %d: %d of %d %s facilities have more demand in their catchment than places", scope, year, over, n, svc.Name(l)))
	} else {
		h = l.Pick(
			fmt.Sprintf("%s, %d: %s di %s %s nel bacino più domanda che posti", scope, year, Plural(n, "l'unica struttura", fmt.Sprintf("nessuna delle %d strutture", n)), svc.Name(l), Plural(n, "non ha", "ha")),
			fmt.Sprintf("%s, %d: none of the %d %s facilities has more demand in its catchment than places", scope, year, n, svc.Name(l)))
	}
	if topShown {
		h += l.Pick(fmt.Sprintf("; la più carica è %s (domanda pari a %s volte i posti).", topName, FormatFloat(topLoad, 2, l)),
			fmt.Sprintf("; the most loaded is %s (demand %s times its places).", topName, FormatFloat(topLoad, 2, l)))
	} else {
		h += "."
	}
	return h
}
