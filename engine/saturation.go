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

// satInput is what the saturation analyses resolve first: the service's
// demand model (its eligible target and standard, if any) and every
// facility of the service.
type satInput struct {
	model      demandModel
	facilities []Facility
	unknownCap int
}

func (e *Engine) satResolve(ctx context.Context, service, want string) (*satInput, error) {
	svc, ok := e.vocab.Service(service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", service)
	}
	if svc.RadiusM <= 0 {
		return nil, keyErrorf("service", "il servizio %s non ha un raggio abituale: i bacini non si possono tracciare", "service %s has no usual radius: its catchments cannot be drawn", service)
	}
	model, err := e.demandModelOf(ctx, svc, want)
	if err != nil {
		return nil, err
	}
	in := &satInput{model: model}
	if in.facilities, err = e.facilities(ctx, []string{service}); err != nil {
		return nil, err
	}
	if len(in.facilities) == 0 {
		return nil, keyErrorf("service", "il catalogo non ha strutture del servizio %s", "the catalog holds no facilities of service %s", service)
	}
	for _, f := range in.facilities {
		if f.Capacity <= 0 {
			in.unknownCap++
		}
	}
	if in.unknownCap == len(in.facilities) {
		return nil, keyErrorf("service", "il catalogo non ha la capacità delle %d strutture del servizio %s: la saturazione non si può calcolare", "the catalog holds no capacity for the %d facilities of service %s: no saturation can be computed", len(in.facilities), service)
	}
	return in, nil
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
	svc := in.model.service
	key := fmt.Sprintf("catchments|%s|%s|%d|%g", svc.Slug, target, year, svc.RadiusM)
	if c, ok := e.memo.Load(key); ok {
		return c.(satCatch)
	}
	c := satCatchments(tbl, satIndex(in.facilities, svc.RadiusM), svc.RadiusM)
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

// saturation ranks a service's facilities by the users expected in their
// catchment against their capacity, under the service's standard; without
// a standard, by their places per 1,000 eligible people in the catchment
// against the city's.
func (e *Engine) saturation(ctx context.Context, p *WhichSaturation, l Lang, role Role) (*Result, error) {
	in, err := e.satResolve(ctx, p.Service, "")
	if err != nil {
		return nil, err
	}
	m := in.model
	svc, target := m.service, m.target
	city, _ := e.area(e.vocab.CityArea)
	city.Level = LevelCity
	scope := city
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
		return nil, keyErrorf("area", "il catalogo non ha strutture del servizio %s in %s", "the catalog holds no facilities of service %s in %s", p.Service, scope.Name)
	}
	// Without a standard, each catchment's ratio is read against the city's:
	// the capacity of every facility with a known one per the city's
	// published count.
	cityRatio := math.NaN()
	if !m.hasStd {
		c, _, err := e.areaCount(ctx, target, city, p.Year, role)
		if err != nil {
			return nil, err
		}
		var capacity float64
		for _, f := range in.facilities {
			capacity += max(f.Capacity, 0)
		}
		if v, ok := c.Value(); ok && !gapSmall(c, target.MinCount) {
			cityRatio = m.ratio(capacity, float64(v))
		}
	}
	res, withheldCells := e.satTable(topRows(rows, p.Top), m, cityRatio, l)
	over, under := 0, 0
	for _, r := range rows {
		if r.group() == 0 && m.hasStd {
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
	if m.hasStd {
		res.Facts["benchmark"] = m.std.ID
	}
	res.Facts["facilities"] = len(rows)
	res.Facts["over_capacity"] = over
	res.Facts["under_used"] = under
	res.Facts["max_load"], res.Facts["max_load_facility"] = nil, ""
	if m.hasStd && rows[0].group() == 0 {
		res.Facts["max_load"], res.Facts["max_load_facility"] = rows[0].load, rows[0].f.ID
	}
	if m.hasStd {
		res.Headline = satHeadline(e.areaName(scopeSlug), p.Year, m, len(rows), over, rows[0], l)
	} else {
		res.Headline = satRatioHeadline(e.areaName(scopeSlug), p.Year, m, rows, cityRatio, l)
	}
	res.Notes = satNotes(in, p.Area != "", p.Top, len(rows), l)
	res.Caveats = []string{distanceCaveat(l)}
	if tbl.spread {
		res.Caveats = append(res.Caveats, spreadCaveat(target, tbl.level, l))
	}
	res.Disclosure = Disclosure{Rule: satRule(target.MinCount, l), Threshold: target.MinCount, Suppressed: withheldCells}
	res.Sources = e.sources(used)
	return res, nil
}

// satRow is a facility of `which saturation`.
type satRow struct {
	f                    Facility
	full, shared         disclose.Count // published
	hideFull, hideShared bool
	std                  bool    // the service has a standard: demand and load are known
	demand, load         float64 // users expected and their share of capacity; load NaN when capacity is unknown
	ratio                float64 // without a standard: places per 1,000 eligible people; NaN when not computable
	nilSlug              string
}

// group orders rows: known loads (or ratios), then unknown ones, then
// withheld.
func (r satRow) group() int {
	switch {
	case r.hideShared:
		return 2
	case r.std && math.IsNaN(r.load), !r.std && math.IsNaN(r.ratio):
		return 1
	}
	return 0
}

// satRows lists the facilities standing in the scope, the highest load
// (or the lowest ratio) first; unknown ones next and withheld rows last, by
// ID, so that their place reveals nothing.
func (e *Engine) satRows(in *satInput, pubC satPub, scope Area) []satRow {
	m := in.model
	var rows []satRow
	for j, f := range in.facilities {
		if !e.gapHolds(scope, f) {
			continue
		}
		r := satRow{f: f, full: pubC.full[j], shared: pubC.shared[j], std: m.hasStd,
			hideFull: pubC.hideFull[j], hideShared: pubC.hideShared[j], load: math.NaN(), ratio: math.NaN()}
		r.nilSlug, _ = e.ancestors(f.Area)
		ns, _ := r.shared.Value() // from the published share
		switch {
		case m.hasStd:
			r.demand = m.expected(float64(ns))
			if f.Capacity > 0 {
				r.load = r.demand / f.Capacity
			}
		case f.Capacity > 0:
			r.ratio = m.ratio(f.Capacity, float64(ns))
		}
		rows = append(rows, r)
	}
	slices.SortStableFunc(rows, func(x, y satRow) int {
		if c := cmp.Compare(x.group(), y.group()); c != 0 {
			return c
		}
		if x.group() == 0 {
			if c := cmp.Compare(y.load, x.load); m.hasStd && c != 0 {
				return c
			}
			if c := cmp.Compare(x.ratio, y.ratio); !m.hasStd && c != 0 {
				return c
			}
		}
		return cmp.Compare(x.f.ID, y.f.ID)
	})
	return rows
}

// satTable lays the shown rows out, with the count of cells withheld: with
// a standard, the users expected and the load; without, the ratio and how
// it compares with the city's.
func (e *Engine) satTable(shown []satRow, m demandModel, cityRatio float64, l Lang) (*Result, int) {
	target, capUnit := m.target, m.unit(l)
	cols := []Column{
		{Name: "rank", Label: "#", Type: TypeInt},
		{Name: "facility_id", Label: l.Pick("codice", "id"), Type: TypeString},
		{Name: "facility_name", Label: l.Pick("struttura", "facility"), Type: TypeString},
		{Name: "area_name", Label: levelName(LevelNIL, l), Type: TypeString},
		{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeInt, Unit: capUnit},
		{Name: "catchment_count", Label: l.Pick(target.Name(l)+" nel raggio", target.Name(l)+" within the radius"), Type: TypeInt, Unit: unitOf(target, l)},
		{Name: "shared_count", Label: l.Pick(target.Name(l)+" (quota)", target.Name(l)+" (share)"), Type: TypeInt, Unit: unitOf(target, l)},
	}
	if m.hasStd {
		cols = append(cols,
			Column{Name: "expected_users", Label: l.Pick("utenti attesi", "expected users"), Type: TypeInt, Unit: capUnit},
			Column{Name: "load", Label: l.Pick("utenti attesi per posto", "expected users per place"), Type: TypeFloat})
	} else {
		cols = append(cols, Column{Name: "ratio", Label: m.ratioLabel(l), Type: TypeFloat})
	}
	cols = append(cols, Column{Name: "status", Label: l.Pick("stato", "status"), Type: TypeString})
	res := &Result{Columns: cols}
	withheldCells := 0
	for i, r := range shown {
		vals := []Value{Int(int64(i + 1)), Str(r.f.ID), Str(r.f.Name), Str(e.satAreaName(r.nilSlug)), Int(int64(math.Round(r.f.Capacity)))}
		if r.f.Capacity <= 0 {
			vals[4] = Empty()
		}
		vals = append(vals, Count(r.full))
		if r.hideFull {
			withheldCells++
		}
		switch {
		case r.hideShared && m.hasStd:
			withheldCells += 4
			vals = append(vals, Count(r.shared), Suppressed(), Suppressed(), Suppressed())
		case r.hideShared:
			withheldCells += 3
			vals = append(vals, Count(r.shared), Suppressed(), Suppressed())
		case m.hasStd:
			vals = append(vals, Count(r.shared), Int(int64(r.demand)), gapFloat(r.load), Str(satStatus(r.load, l)))
		default:
			vals = append(vals, Count(r.shared), gapFloat(r.ratio), Str(satRatioStatus(r, cityRatio, l)))
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, withheldCells
}

// satNotes says how loads are computed and what the table leaves out.
func satNotes(in *satInput, inArea bool, top, rows int, l Lang) []string {
	notes := []string{satMethod(in, l)}
	if in.model.hasStd {
		notes = append(notes, l.Pick(
			"Utenti attesi per posto: oltre 1 la struttura ha nel bacino più utenti attesi che posti, sotto 0,5 è sottoutilizzata.",
			"Expected users per place: above 1 the facility has more expected users in its catchment than places, below 0.5 it is under-used."))
	} else {
		notes = append(notes, l.Pick(
			"Lo stato confronta la dotazione del bacino con quella della città: sotto l'80% è «sotto la media», sotto la metà «meno della metà della media», oltre il 125% «sopra la media».",
			"The status compares the catchment's supply with the city's: below 80% it is “below average”, below half “under half the average”, above 125% “above average”."))
	}
	if inArea {
		notes = append(notes, l.Pick(
			"Sono elencate le strutture che si trovano nell'area; i loro bacini contano anche chi vive fuori dall'area.",
			"The facilities listed stand in the area; their catchments count people living outside it too."))
	}
	if in.unknownCap > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Attenzione: %d strutture su %d non hanno la capacità nel catalogo: il loro carico non è calcolato, ma prendono comunque la loro quota di persone.", in.unknownCap, len(in.facilities)),
			fmt.Sprintf("Caution: %d of %d facilities have no capacity in the catalog: their load is not computed, but they still take their share of people.", in.unknownCap, len(in.facilities))))
	}
	if top > 0 && rows > top {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d strutture su %d (primi=0 per vederle tutte).", top, rows),
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

// satRatioStatus compares a catchment's ratio with the city's.
func satRatioStatus(r satRow, cityRatio float64, l Lang) string {
	switch {
	case r.f.Capacity <= 0:
		return l.Pick("capacità non nota", "capacity unknown")
	case math.IsNaN(r.ratio):
		return l.Pick("nessuno nel bacino", "nobody in the catchment")
	case math.IsNaN(cityRatio):
		return ""
	case r.ratio < 0.5*cityRatio:
		return l.Pick("meno della metà della media", "under half the average")
	case r.ratio < 0.8*cityRatio:
		return l.Pick("sotto la media", "below average")
	case r.ratio > 1.25*cityRatio:
		return l.Pick("sopra la media", "above average")
	}
	return l.Pick("nella media", "average")
}

// satMethod says how the people in a catchment were counted and what they
// are measured against.
func satMethod(in *satInput, l Lang) string {
	svc, t := in.model.service, in.model.target
	d := FormatDistance(svc.RadiusM, l)
	s := l.Pick(
		fmt.Sprintf("Metodo: bacino = %s entro %s (raggio abituale del servizio, distanza in linea d'aria) dalla struttura; chi è nel raggio di più strutture di %s è diviso in parti uguali tra loro (quota), così nessuno è contato due volte.", t.Name(l), d, svc.Name(l)),
		fmt.Sprintf("Method: catchment = %s within %s (the service's usual radius, straight-line distance) of the facility; people within reach of several %s facilities are split equally among them (share), so that nobody is counted twice.", t.Name(l), d, svc.Name(l)))
	if in.model.hasStd {
		b := in.model.std
		s += l.Pick(
			fmt.Sprintf(" Utenti attesi = quota × %s / %s, arrotondati per eccesso.", trimmed(b.Value, 2, l), FormatFloat(b.Per, 0, l)),
			fmt.Sprintf(" Expected users = share × %s / %s, rounded up.", trimmed(b.Value, 2, l), FormatFloat(b.Per, 0, l)))
	}
	return s + " " + in.model.note(l)
}

func satRule(threshold int, l Lang) string {
	return disclosureRule(threshold, l) + l.Pick(
		" Utenti attesi, carichi e rapporti sono calcolati dai conteggi pubblicati e oscurati con essi.",
		" Expected users, loads and ratios are computed from the published counts, and withheld with them.")
}

func satHeadline(scope string, year int, m demandModel, n, over int, top satRow, l Lang) string {
	svc := m.service
	var h string
	switch {
	case n == 1:
		h = l.Pick(
			fmt.Sprintf("%s, %d: l'unica struttura di %s %s nel bacino più utenti attesi che posti", scope, year, svc.Name(l), Plural(over, "ha", "non ha")),
			fmt.Sprintf("%s, %d: the only %s facility %s more expected users in its catchment than places", scope, year, svc.Name(l), Plural(over, "has", "does not have")))
	case over > 0:
		h = l.Pick(
			fmt.Sprintf("%s, %d: %s di %s su %d %s nel bacino più utenti attesi che posti", scope, year, Agreed(over, "struttura", "strutture", l), svc.Name(l), n, Plural(over, "ha", "hanno")),
			fmt.Sprintf("%s, %d: %d of %d %s facilities have more expected users in their catchment than places", scope, year, over, n, svc.Name(l)))
	default:
		h = l.Pick(
			fmt.Sprintf("%s, %d: nessuna delle %d strutture di %s ha nel bacino più utenti attesi che posti", scope, year, n, svc.Name(l)),
			fmt.Sprintf("%s, %d: none of the %d %s facilities has more expected users in its catchment than places", scope, year, n, svc.Name(l)))
	}
	h += " (" + m.standardShort(l) + " " + l.Pick(fmt.Sprintf("ogni %s %s", FormatFloat(m.std.Per, 0, l), m.target.Name(l)), fmt.Sprintf("per %s %s", FormatFloat(m.std.Per, 0, l), m.target.Name(l))) + ")"
	if top.group() != 0 {
		return h + "."
	}
	figures := l.Pick(fmt.Sprintf("%s utenti attesi per %s %s", FormatFloat(top.demand, 0, l), FormatFloat(top.f.Capacity, 0, l), m.unit(l)),
		fmt.Sprintf("%s expected users for %s %s", FormatFloat(top.demand, 0, l), FormatFloat(top.f.Capacity, 0, l), m.unit(l)))
	if n == 1 {
		return h + ": " + figures + "."
	}
	return h + l.Pick(fmt.Sprintf("; la più carica è %s, con %s.", top.f.Name, figures), fmt.Sprintf("; the most loaded is %s, with %s.", top.f.Name, figures))
}

// satRatioHeadline is the headline without a standard: the range of the
// catchments' ratios against the city's, the least supplied named.
func satRatioHeadline(scope string, year int, m demandModel, rows []satRow, cityRatio float64, l Lang) string {
	svc := m.service
	h := l.Pick(fmt.Sprintf("%s, %d: per %s non c'è uno standard di utenza", scope, year, svc.Name(l)),
		fmt.Sprintf("%s, %d: %s has no take-up standard", scope, year, svc.Name(l)))
	var known []satRow
	for _, r := range rows {
		if r.group() == 0 {
			known = append(known, r)
		}
	}
	if len(known) == 0 {
		return h + l.Pick("; nessuna struttura ha un rapporto pubblicabile.", "; no facility has a ratio that can be published.")
	}
	lo, hi := known[0].ratio, known[len(known)-1].ratio
	city := ""
	if !math.IsNaN(cityRatio) {
		city = l.Pick(fmt.Sprintf(" (città: %s)", FormatFloat(cityRatio, 1, l)), fmt.Sprintf(" (city: %s)", FormatFloat(cityRatio, 1, l)))
	}
	if len(known) == 1 {
		return h + l.Pick(fmt.Sprintf("; nel bacino di %s ci sono %s %s%s.", known[0].f.Name, FormatFloat(lo, 1, l), m.ratioLabel(l), city),
			fmt.Sprintf("; the catchment of %s has %s %s%s.", known[0].f.Name, FormatFloat(lo, 1, l), m.ratioLabel(l), city))
	}
	return h + l.Pick(fmt.Sprintf("; nei bacini delle strutture si va da %s a %s %s%s; la meno dotata è %s.", FormatFloat(lo, 1, l), FormatFloat(hi, 1, l), m.ratioLabel(l), city, known[0].f.Name),
		fmt.Sprintf("; the facilities' catchments range from %s to %s %s%s; the least supplied is %s.", FormatFloat(lo, 1, l), FormatFloat(hi, 1, l), m.ratioLabel(l), city, known[0].f.Name))
}
