package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
	"github.com/welfare-intelligence/wi/question"
)

// center answers `which center`: the facilities of a service nearest to a
// point (or to an area's representative point), with their capacity and an
// estimate of their spare capacity.
//
// Spare capacity is capacity − demand in the catchment, where the demand is
// the people of the service's first target (latest year) living within the
// service's usual radius of a facility of the service, each assigned to the
// nearest one (so that overlapping catchments split their people instead of
// counting them twice).
func (e *Engine) center(ctx context.Context, p *WhichCenter, l Lang, role Role) (*Result, error) {
	if p.Service == "" && p.Target != "" {
		return e.centerForTarget(ctx, p, l, role)
	}
	svc, ok := e.vocab.Service(p.Service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", p.Service)
	}
	origin := geo.Point{Lon: p.Lon, Lat: p.Lat}
	from := FormatDegrees(p.Lat) + ", " + FormatDegrees(p.Lon)
	if p.Area != "" {
		a, err := e.knownArea(p.Area)
		if err != nil {
			return nil, err
		}
		origin, from = a.Point, a.Name
	}
	facilities, err := e.facilities(ctx, []string{p.Service})
	if err != nil {
		return nil, err
	}
	if len(facilities) == 0 {
		return nil, keyErrorf("service", "il catalogo non ha strutture del servizio %s", "the catalog holds no facilities of service %s", p.Service)
	}
	used := sourceSet{}
	used.facilities(facilities)
	load, err := e.centerLoad(ctx, svc, facilities, used)
	if err != nil {
		return nil, err
	}
	// Spare places need the users a catchment's people call for: without a
	// standard they are not known, and none is estimated.
	noStd := ""
	if load != nil && !load.model.hasStd {
		noStd = load.model.note(l)
		load = nil
	}
	sp := centerSpare{facilities: facilities, load: load}
	if load != nil {
		sp.demand, sp.hide = load.publish(e.publisher(load.target, role))
	}
	rows := make([]centerRow, len(facilities))
	for i, f := range facilities {
		rows[i] = centerRow{i, geo.Haversine(origin, f.Point)}
	}
	slices.SortFunc(rows, func(x, y centerRow) int {
		return cmp.Or(cmp.Compare(x.d, y.d), cmp.Compare(facilities[x.i].ID, facilities[y.i].ID))
	})
	res, withheld := centerTable(topRows(rows, p.Top), sp, svc, l)
	nearest := rows[0]
	withSpare := -1
	for k, r := range rows {
		if s, ok := sp.spare(r.i); ok && s > 0 {
			withSpare = k
			break
		}
	}
	res.Facts = map[string]any{}
	res.Facts["service"] = p.Service
	res.Facts["area"] = p.Area
	res.Facts["lat"], res.Facts["lon"] = origin.Lat, origin.Lon
	res.Facts["facilities"] = len(facilities)
	res.Facts["nearest"] = facilities[nearest.i].ID
	res.Facts["nearest_distance_m"] = math.Round(nearest.d)
	res.Facts["nearest_with_spare"] = ""
	var spareF Facility
	var spareD, spareV float64
	if withSpare >= 0 {
		r := rows[withSpare]
		spareV, _ = sp.spare(r.i)
		spareF, spareD = facilities[r.i], r.d
		res.Facts["nearest_with_spare"] = facilities[r.i].ID
		res.Facts["nearest_with_spare_distance_m"] = math.Round(r.d)
		res.Facts["spare_capacity"] = spareV
	}
	knownCap := 0
	for _, f := range facilities {
		if f.Capacity > 0 {
			knownCap++
		}
	}
	res.Facts["with_capacity"] = knownCap
	if load != nil {
		res.Facts["target"] = load.target.Slug
		res.Facts["year"] = load.year
		res.Facts["radius_m"] = svc.RadiusM
	}
	held := false // some facility's spare capacity is withheld
	for i, f := range facilities {
		held = held || (load != nil && f.Capacity > 0 && sp.hide[i])
	}
	res.Headline = centerHeadline(svc, from, facilities[nearest.i], nearest.d, spareF, spareD, spareV, withSpare, load != nil && knownCap > 0, held, l)
	res.Notes = centerNotes(p, svc, load, noStd, from, len(facilities), knownCap, len(rows), l)
	if load != nil {
		res.Disclosure = Disclosure{
			Rule: disclosureRule(load.target.MinCount, l) + l.Pick(
				" I posti liberi sono calcolati dalla domanda pubblicata e oscurati dove lo è la domanda.",
				" Spare capacity is computed from the published demand, and withheld where demand is."),
			Threshold: load.target.MinCount, Suppressed: withheld,
		}
	}
	res.Sources = e.sources(used)
	return res, nil
}

// centerRow is a facility, by index, at its distance from the origin.
type centerRow struct {
	i int
	d float64
}

// centerSpare is the published demand of each facility's catchment (none
// when load is nil) and what is derived from it.
type centerSpare struct {
	facilities []Facility
	load       *centerLoadResult
	demand     []disclose.Count
	hide       []bool
}

// spare returns the published spare capacity of a facility, and whether
// there is one: computed from the published demand, so that it never
// reveals more than the demand column.
func (c centerSpare) spare(i int) (float64, bool) {
	f := c.facilities[i]
	if f.Capacity <= 0 || c.load == nil || c.hide[i] {
		return 0, false
	}
	n, _ := c.demand[i].Value()
	return math.Floor(f.Capacity - c.load.places(n) + 1e-9), true
}

// over returns by how many places a facility's demand exceeds its capacity
// (whole places, rounded up), 0 when it does not.
func (c centerSpare) over(i int) (float64, bool) {
	s, ok := c.spare(i)
	if !ok {
		return 0, false
	}
	f := c.facilities[i]
	n, _ := c.demand[i].Value()
	if s >= 0 {
		return 0, true
	}
	return math.Ceil(c.load.places(n) - f.Capacity - 1e-9), true
}

// centerTable lays the shown facilities out, with the count of cells withheld.
func centerTable(shown []centerRow, sp centerSpare, svc Service, l Lang) (*Result, int) {
	unit := capacityUnit(svc, l)
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "facility_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "facility_name", Label: l.Pick("struttura", "facility"), Type: TypeString},
			{Name: "address", Label: l.Pick("indirizzo", "address"), Type: TypeString},
			{Name: "operator", Label: l.Pick("gestore", "operator"), Type: TypeString},
			{Name: "distance_m", Label: l.Pick("distanza", "distance"), Type: TypeInt, Unit: "m"},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: unit},
			{Name: "catchment_demand", Label: l.Pick("persone nel bacino", "people in catchment"), Type: TypeInt},
			{Name: "spare_capacity", Label: l.Pick("posti liberi stimati", "estimated spare capacity"), Type: TypeInt, Unit: unit},
			{Name: "over_capacity", Label: l.Pick("oltre la capacità", "over capacity"), Type: TypeInt, Unit: unit},
		},
	}
	if sp.load != nil {
		res.Columns[7].Label = l.Pick(sp.load.target.Name(l)+" nel bacino", sp.load.target.Name(l)+" in catchment")
		res.Columns[7].Unit = unitOf(sp.load.target, l)
	}
	withheld := 0
	for k, r := range shown {
		f := sp.facilities[r.i]
		capV, demV, spV, ovV := Empty(), Empty(), Empty(), Empty()
		if f.Capacity > 0 {
			capV = Float(f.Capacity)
		}
		if sp.load != nil {
			demV = Count(sp.demand[r.i])
			if sp.hide[r.i] {
				withheld++
				if f.Capacity > 0 {
					spV, ovV = Suppressed(), Suppressed()
					withheld += 2
				}
			}
		}
		if s, ok := sp.spare(r.i); ok {
			// Spare places are never negative: a facility over capacity
			// shows 0 free and by how much it is over.
			spV = Int(int64(max(s, 0)))
			o, _ := sp.over(r.i)
			ovV = Int(int64(o))
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(k + 1)), Str(f.ID), Str(f.Name), Str(f.Address), Str(f.Operator),
			Int(int64(math.Round(r.d))), capV, demV, spV, ovV,
		})
	}
	return res, withheld
}

// centerNotes says how distances and spare capacity were found, and what
// could not be.
func centerNotes(p *WhichCenter, svc Service, load *centerLoadResult, noStd, from string, facilities, knownCap, rows int, l Lang) []string {
	notes := []string{l.Pick(
		fmt.Sprintf("Metodo: distanza in linea d'aria (haversine) da %s %s %s.", from, Plural(facilities, "all'unica struttura", fmt.Sprintf("a ciascuna delle %d strutture", facilities)), svc.Name(l)),
		fmt.Sprintf("Method: straight-line (haversine) distance from %s to each of the %d %s facilities.", from, facilities, svc.Name(l)))}
	if p.Area != "" {
		notes = append(notes, l.Pick(
			"Da un'area si misura dal suo punto rappresentativo.",
			"From an area, distances are measured from its representative point."))
	}
	switch {
	case noStd != "":
		notes = append(notes, noStd+l.Pick(" Per questo i posti liberi non sono stimati.", " So spare capacity is not estimated."))
	case load == nil:
		notes = append(notes, l.Pick(
			fmt.Sprintf("Posti liberi non stimabili: il servizio %s non ha %s nel catalogo.", svc.Name(l), centerMissing(svc, Italian)),
			fmt.Sprintf("Spare capacity cannot be estimated: service %s has no %s in the catalog.", svc.Name(l), centerMissing(svc, English))))
	default:
		notes = append(notes, centerSpareNote(load, svc, l))
	}
	if knownCap < facilities {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Capacità nota per %d strutture su %d; per le altre i posti liberi non sono stimabili.", knownCap, facilities),
			fmt.Sprintf("Capacity known for %d of %d facilities; for the others spare capacity cannot be estimated.", knownCap, facilities)))
	}
	if p.Top > 0 && rows > p.Top {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate le %d strutture più vicine su %d (primi=0 per vederle tutte).", p.Top, rows),
			fmt.Sprintf("Showing the %d nearest facilities of %d (top=0 shows them all).", p.Top, rows)))
	}
	if load != nil && load.tbl.spread {
		notes = append(notes, spreadCaveat(load.target, load.tbl.level, l))
	}
	return notes
}

// centerMissing names what the service lacks for a spare-capacity estimate.
func centerMissing(svc Service, l Lang) string {
	if len(svc.Targets) == 0 {
		return l.Pick("un target servito", "target it serves")
	}
	return l.Pick("un raggio abituale", "usual radius")
}

// centerHeadline names the nearest facility with spare capacity (spareAt
// < 0 when none has any published; held when some spare capacity is
// withheld), and the nearest overall when it is another.
func centerHeadline(svc Service, from string, nearest Facility, nearestD float64, spareF Facility, spareD, spare float64, spareAt int, estimable, held bool, l Lang) string {
	near := fmt.Sprintf("%s (%s)", nearest.Name, nearest.ID)
	dist := FormatDistance(math.Round(nearestD), l)
	switch {
	case !estimable:
		return l.Pick(
			fmt.Sprintf("Da %s, la struttura %s più vicina è %s, a %s; i posti liberi non sono stimabili.", from, svc.Name(l), near, dist),
			fmt.Sprintf("From %s, the nearest %s facility is %s, %s away; spare capacity cannot be estimated.", from, svc.Name(l), near, dist))
	case spareAt < 0 && held:
		return l.Pick(
			fmt.Sprintf("Da %s, nessuna struttura %s ha posti liberi stimati pubblicabili; la più vicina è %s, a %s.", from, svc.Name(l), near, dist),
			fmt.Sprintf("From %s, no %s facility has estimated spare capacity that can be published; the nearest is %s, %s away.", from, svc.Name(l), near, dist))
	case spareAt < 0:
		return l.Pick(
			fmt.Sprintf("Da %s, nessuna struttura %s ha posti liberi stimati; la più vicina è %s, a %s.", from, svc.Name(l), near, dist),
			fmt.Sprintf("From %s, no %s facility has estimated spare capacity; the nearest is %s, %s away.", from, svc.Name(l), near, dist))
	}
	unit := capacityUnit(svc, l)
	h := l.Pick(
		fmt.Sprintf("Da %s, la struttura %s più vicina con posti liberi stimati è %s (%s), a %s: %s liberi su %s %s.", from, svc.Name(l),
			spareF.Name, spareF.ID, FormatDistance(math.Round(spareD), l), trimmed(spare, 1, l), trimmed(spareF.Capacity, 1, l), unit),
		fmt.Sprintf("From %s, the nearest %s facility with estimated spare capacity is %s (%s), %s away: %s free of %s %s.", from, svc.Name(l),
			spareF.Name, spareF.ID, FormatDistance(math.Round(spareD), l), trimmed(spare, 1, l), trimmed(spareF.Capacity, 1, l), unit))
	if spareAt > 0 {
		h += l.Pick(fmt.Sprintf(" La più vicina in assoluto è %s, a %s.", near, dist),
			fmt.Sprintf(" The nearest overall is %s, %s away.", near, dist))
	}
	return h
}

// centerLoadResult is the demand in each facility's catchment, as regions:
// only their published counts leave (see publish).
type centerLoadResult struct {
	target Target
	year   int
	tbl    *demandTable
	demand []disclose.Region
	model  demandModel
}

// publish returns the published demand of every catchment for a reader
// and which to withhold: a catchment is a region the question draws
// (withheld when it holds too few sections, or, for a reader of exact
// counts, from 1 to threshold − 1 people); catchments add up to the demand
// served, so a lone withheld one takes the smallest other with it. The
// pattern is over every facility of the service, whatever rows are shown.
func (c *centerLoadResult) publish(pub publisher) ([]disclose.Count, []bool) {
	out := make([]disclose.Count, len(c.demand))
	vals, forced := make([]int64, len(c.demand)), make([]bool, len(c.demand))
	for i, r := range c.demand {
		out[i] = pub.drawn(r)
		vals[i], _ = out[i].Value()
		forced[i] = out[i].Withheld()
	}
	hide, _, _ := protect(vals, make([]string, len(vals)), forced, pub.threshold)
	for i, h := range hide {
		if h {
			out[i] = disclose.Withheld()
		}
	}
	return out, hide
}

// places turns people into the capacity they call for under the standard.
func (c *centerLoadResult) places(people int64) float64 {
	return c.model.expected(float64(people))
}

// centerLoad computes the demand in each facility's catchment (see center),
// with its disclosure pattern over every facility of the service; nil when
// the service has no target or no usual radius.
func (e *Engine) centerLoad(ctx context.Context, svc Service, facilities []Facility, used map[string]bool) (*centerLoadResult, error) {
	if len(svc.Targets) == 0 || svc.RadiusM <= 0 {
		return nil, nil
	}
	// The loads depend only on the catalog and the service: computed once
	// per engine (the costly part at national size), read-only afterwards.
	key := "centerload|" + svc.Slug
	if c, ok := e.memo.Load(key); ok {
		load := c.(*centerLoadResult)
		if load != nil {
			for _, r := range load.tbl.rows {
				used[r.Dataset] = true
			}
		}
		return load, nil
	}
	load, err := e.computeCenterLoad(ctx, svc, facilities, used)
	if err != nil {
		return nil, err
	}
	if load != nil {
		// Keep what the answers read (level, spreading, datasets), not the
		// table of every section.
		slim := &demandTable{level: load.tbl.level, spread: load.tbl.spread}
		seen := map[string]bool{}
		for _, r := range load.tbl.rows {
			if !seen[r.Dataset] {
				seen[r.Dataset] = true
				slim.rows = append(slim.rows, AreaDemand{Dataset: r.Dataset, Level: r.Level})
			}
		}
		load.tbl = slim
	}
	e.memo.Store(key, load)
	return load, nil
}

func (e *Engine) computeCenterLoad(ctx context.Context, svc Service, facilities []Facility, used map[string]bool) (*centerLoadResult, error) {
	// People turn into places with the service's standard (as `which
	// saturation` does): 6 beds per 100 people aged 75+, say.
	model, err := e.demandModelOf(ctx, svc, "")
	if err != nil {
		return nil, nil
	}
	target := model.target
	if !model.hasStd {
		// No expected users without a standard: no catchments to draw.
		return &centerLoadResult{target: target, year: e.vocab.DefaultYear, tbl: &demandTable{}, model: model}, nil
	}
	tbl, err := e.demandTable(ctx, target.Slug, e.vocab.DefaultYear)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, nil
	}
	for _, r := range tbl.rows {
		used[r.Dataset] = true
	}
	assign := newCatchmentAssigner(facilities, svc.RadiusM)
	w := make([]disclose.Region, len(facilities))
	for k, dp := range tbl.points {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		group, d := assign.nearest(dp.p)
		if d > svc.RadiusM {
			continue
		}
		for _, i := range group {
			w[i].Add(dp.w/float64(len(group)), dp.key)
		}
	}
	return &centerLoadResult{target: target, year: e.vocab.DefaultYear, tbl: tbl, demand: w, model: model}, nil
}

// alternatives answers `which alternatives`: where else the demand of an
// area for a service could go. The facilities of the service within the
// radius of the area but outside it, and the facilities of other services
// for the same targets within the radius (inside the area too). The distance
// to an area is the shortest to its representative point or to the
// representative point of one of its finest areas (its census sections), 0
// for a facility inside it: an approximation of the distance to its outline.
func (e *Engine) alternatives(ctx context.Context, p *WhichAlternatives, l Lang, role Role) (*Result, error) {
	svc, ok := e.vocab.Service(p.Service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", p.Service)
	}
	if p.Area == "" {
		return nil, fmt.Errorf("which alternatives needs an area")
	}
	area, err := e.knownArea(p.Area)
	if err != nil {
		return nil, err
	}
	if p.RadiusM <= 0 || math.IsNaN(p.RadiusM) {
		return nil, fmt.Errorf("radius must be positive, got %v m", p.RadiusM)
	}
	all, err := e.facilities(ctx, nil)
	if err != nil {
		return nil, err
	}
	sharedTargets := e.alternativesShared(svc)
	used := sourceSet{}
	same, other, own := e.alternativesFind(all, svc, sharedTargets, area, p.RadiusM, used)
	var sameCap float64
	sameKnown := 0
	for _, a := range same {
		if a.f.Capacity > 0 {
			sameCap += a.f.Capacity
			sameKnown++
		}
	}
	var otherServices []string
	for _, a := range other {
		if !slices.Contains(otherServices, a.f.Service) {
			otherServices = append(otherServices, a.f.Service)
		}
	}
	slices.Sort(otherServices)
	shownSame, shownOther := same, other
	if p.Top > 0 {
		shownSame, shownOther = same[:min(len(same), p.Top)], other[:min(len(other), p.Top)]
	}
	res := e.alternativesTable(append(shownSame, shownOther...), svc, sharedTargets, used, l)
	res.Facts = map[string]any{}
	res.Facts["service"] = p.Service
	res.Facts["area"] = p.Area
	res.Facts["area_name"] = area.Name
	res.Facts["radius_m"] = p.RadiusM
	res.Facts["year"] = p.Year
	res.Facts["alternatives"] = len(same)
	res.Facts["alternatives_capacity"] = sameCap
	res.Facts["other_facilities"] = len(other)
	res.Facts["other_services"] = otherServices
	res.Facts["area_facilities"] = own.n
	res.Facts["area_capacity"] = own.capacity
	demand, err := e.alternativesDemand(ctx, res, svc, area, p.Year, role, used, l)
	if err != nil {
		return nil, err
	}
	otherNames := make([]string, len(otherServices))
	for i, s := range otherServices {
		sv, _ := e.vocab.Service(s)
		otherNames[i] = sv.Name(l)
	}
	res.Headline = alternativesHeadline(p, svc, area, len(same), sameCap, sameKnown, len(other), otherNames, demand, l)
	res.Notes = alternativesNotes(p, svc, area, own, len(same), sameKnown, len(other), l)
	res.Sources = e.sources(used)
	return res, nil
}

// alternativesShared returns the other services sharing a target with
// svc, with the targets they share.
func (e *Engine) alternativesShared(svc Service) map[string][]string {
	sharedTargets := map[string][]string{}
	for _, s := range e.vocab.Services {
		if s.Slug == svc.Slug {
			continue
		}
		for _, t := range s.Targets {
			if slices.Contains(svc.Targets, t) {
				sharedTargets[s.Slug] = append(sharedTargets[s.Slug], t)
			}
		}
	}
	return sharedTargets
}

// centerAlt is an alternative facility at its distance from the area.
type centerAlt struct {
	f    Facility
	d    float64
	same bool
}

// centerOwn is the facilities of the service inside the area.
type centerOwn struct {
	n        int
	capacity float64
}

// alternativesFind returns the facilities of the service outside the area
// and within the radius (same) and those of services sharing a target
// (other), each by distance, and the service's own facilities inside the
// area, whose datasets it adds to used.
func (e *Engine) alternativesFind(all []Facility, svc Service, sharedTargets map[string][]string, area Area, radiusM float64, used sourceSet) (same, other []centerAlt, own centerOwn) {
	pts := []geo.Point{area.Point}
	if finest := e.catchmentFinestLevel(); area.Level != finest {
		for _, a := range e.vocab.Areas {
			if a.Level == finest && e.catchmentInArea(a.ID, area) {
				pts = append(pts, a.Point)
			}
		}
	}
	var cands []int
	var candPts []geo.Point
	for i, f := range all {
		if f.Service == svc.Slug || sharedTargets[f.Service] != nil {
			cands = append(cands, i)
			candPts = append(candPts, f.Point)
		}
	}
	dist := make([]float64, len(cands))
	for k := range dist {
		dist[k] = math.Inf(1)
	}
	index := geo.NewIndex(candPts, radiusM)
	for _, pt := range pts {
		index.Within(pt, radiusM, func(k int, d float64) bool {
			dist[k] = min(dist[k], d)
			return true
		})
	}
	for k, i := range cands {
		f := all[i]
		inside := e.catchmentInArea(f.Area, area)
		if inside {
			dist[k] = 0
		}
		switch {
		case f.Service == svc.Slug && inside:
			own.n++
			own.capacity += f.Capacity
			used[f.Dataset] = true
		case dist[k] > radiusM:
		case f.Service == svc.Slug:
			same = append(same, centerAlt{f, dist[k], true})
		default:
			other = append(other, centerAlt{f, dist[k], false})
		}
	}
	byDistance := func(x, y centerAlt) int { return cmp.Or(cmp.Compare(x.d, y.d), cmp.Compare(x.f.ID, y.f.ID)) }
	slices.SortFunc(same, byDistance)
	slices.SortFunc(other, byDistance)
	return same, other, own
}

// alternativesTable lays the shown alternatives out and adds their
// datasets to used.
func (e *Engine) alternativesTable(shown []centerAlt, svc Service, sharedTargets map[string][]string, used sourceSet, l Lang) *Result {
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "kind", Label: l.Pick("tipo", "kind"), Type: TypeString},
			{Name: "facility_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "facility_name", Label: l.Pick("struttura", "facility"), Type: TypeString},
			{Name: "service", Label: l.Pick("servizio", "service"), Type: TypeString},
			{Name: "serves", Label: l.Pick("per", "serves"), Type: TypeString},
			{Name: "operator", Label: l.Pick("gestore", "operator"), Type: TypeString},
			{Name: "distance_m", Label: l.Pick("distanza dall'area", "distance from the area"), Type: TypeInt, Unit: "m"},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat},
			{Name: "capacity_unit", Label: l.Pick("unità", "unit"), Type: TypeString},
		},
	}
	for k, a := range shown {
		used[a.f.Dataset] = true
		sv, _ := e.vocab.Service(a.f.Service)
		kind := l.Pick("stesso servizio", "same service")
		targets := svc.Targets
		if !a.same {
			kind = l.Pick("altro servizio", "other service")
			targets = sharedTargets[a.f.Service]
		}
		capV := Empty()
		if a.f.Capacity > 0 {
			capV = Float(a.f.Capacity)
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(k + 1)), Str(kind), Str(a.f.ID), Str(a.f.Name), Str(sv.Name(l)), Str(e.centerTargetNames(targets, l)),
			Str(a.f.Operator), Int(int64(math.Round(a.d))), capV, Str(sv.CapacityUnit),
		})
	}
	return res
}

// alternativesDemand writes into res the area's demand of the service's
// first target in the year, withheld as every table of its level withholds
// it, with its disclosure line, and returns it in words ("" when none is
// published).
func (e *Engine) alternativesDemand(ctx context.Context, res *Result, svc Service, area Area, year int, role Role, used sourceSet, l Lang) (string, error) {
	m, err := e.demandModelOf(ctx, svc, "")
	if err != nil {
		return "", nil // a service without targets: no demand to tell
	}
	target := m.target
	series, err := e.store.DemandByYear(ctx, target.Slug, area.Slug)
	if err != nil {
		return "", err
	}
	var demand string
	for _, y := range series {
		if y.Year != year {
			continue
		}
		used[y.Dataset] = true
		c, _, err := e.areaCount(ctx, target, area, y.Year, role)
		if err != nil {
			return "", err
		}
		res.Facts["target"] = target.Slug
		res.Facts["demand"] = fact(c)
		if v, ok := c.Value(); ok {
			demand = FormatInt(v, l) + " " + target.Name(l)
			if m.hasStd {
				demand += l.Pick(fmt.Sprintf(", per i quali lo standard (%s) chiede %s %s", question.StandardKindName(m.std.Kind, l), FormatFloat(m.expected(float64(v)), 0, l), m.unit(l)),
					fmt.Sprintf(", for whom the standard (%s) calls for %s %s", question.StandardKindName(m.std.Kind, l), FormatFloat(m.expected(float64(v)), 0, l), m.unit(l)))
			}
		}
		res.Disclosure = Disclosure{
			Rule:      disclosureRule(target.MinCount, l),
			Threshold: target.MinCount,
		}
		if c.Withheld() {
			res.Disclosure.Suppressed = 1
		}
	}
	return demand, nil
}

// alternativesNotes says how alternatives were found and what is left out.
func alternativesNotes(p *WhichAlternatives, svc Service, area Area, own centerOwn, same, sameKnown, other int, l Lang) []string {
	notes := []string{l.Pick(
		fmt.Sprintf("Metodo: distanza in linea d'aria (haversine) dal punto rappresentativo dell'area o da quello della più vicina delle sue sezioni, un'approssimazione della distanza dal confine; 0 per le strutture dentro l'area. Strutture del servizio %s fuori dall'area ed entro %s; strutture di altri servizi per gli stessi target entro %s, anche dentro l'area.", svc.Name(l), FormatDistance(p.RadiusM, l), FormatDistance(p.RadiusM, l)),
		fmt.Sprintf("Method: straight-line (haversine) distance from the area's representative point or from that of the nearest of its sections, an approximation of the distance from its boundary; 0 for facilities inside the area. Facilities of service %s outside the area and within %s; facilities of other services for the same targets within %s, inside the area too.", svc.Name(l), FormatDistance(p.RadiusM, l), FormatDistance(p.RadiusM, l)))}
	if own.n > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Dentro %s %s %s del servizio (capacità nota %s %s), %s dall'elenco.", area.Name, Plural(own.n, "c'è già", "ci sono già"), Agreed(own.n, "struttura", "strutture", l), trimmed(own.capacity, 1, l), capacityUnit(svc, l), Plural(own.n, "esclusa", "escluse")),
			fmt.Sprintf("%s already holds %d facilities of the service (known capacity %s %s), left out of the list.", area.Name, own.n, trimmed(own.capacity, 1, l), capacityUnit(svc, l))))
	}
	if sameKnown < same {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Capacità nota per %d alternative su %d: la capacità complessiva è sottostimata.", sameKnown, same),
			fmt.Sprintf("Capacity known for %d of %d alternatives: the total capacity is understated.", sameKnown, same)))
	}
	if p.Top > 0 && (same > p.Top || other > p.Top) {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Mostrate al più %d strutture per tipo (%d dello stesso servizio, %d di altri; primi=0 per vederle tutte).", p.Top, same, other),
			fmt.Sprintf("Showing at most %d facilities of each kind (%d of the same service, %d of others; top=0 shows them all).", p.Top, same, other)))
	}
	return notes
}

func alternativesHeadline(p *WhichAlternatives, svc Service, area Area, n int, capacity float64, known, others int, otherNames []string, demand string, l Lang) string {
	dist := FormatDistance(p.RadiusM, l)
	var h string
	switch n {
	case 0:
		h = l.Pick(fmt.Sprintf("Fuori da %s, entro %s, non c'è nessun'altra struttura %s", area.Name, dist, svc.Name(l)),
			fmt.Sprintf("Outside %s, within %s, there is no other %s facility", area.Name, dist, svc.Name(l)))
	case 1:
		h = l.Pick(fmt.Sprintf("Fuori da %s, entro %s, c'è 1 struttura %s", area.Name, dist, svc.Name(l)),
			fmt.Sprintf("Outside %s, within %s, there is 1 other %s facility", area.Name, dist, svc.Name(l)))
	default:
		h = l.Pick(fmt.Sprintf("Fuori da %s, entro %s, ci sono %d strutture %s", area.Name, dist, n, svc.Name(l)),
			fmt.Sprintf("Outside %s, within %s, there are %d other %s facilities", area.Name, dist, n, svc.Name(l)))
	}
	if known > 0 {
		h += l.Pick(fmt.Sprintf(" (capacità nota: %s %s)", trimmed(capacity, 1, l), capacityUnit(svc, l)),
			fmt.Sprintf(" (known capacity: %s %s)", trimmed(capacity, 1, l), capacityUnit(svc, l)))
	}
	switch {
	case others == 1:
		h += l.Pick(fmt.Sprintf("; un'altra di un servizio per gli stessi destinatari (%s)", strings.Join(otherNames, ", ")),
			fmt.Sprintf("; 1 more of another service for the same people (%s)", strings.Join(otherNames, ", ")))
	case others > 1:
		h += l.Pick(fmt.Sprintf("; altre %d di servizi per gli stessi destinatari (%s)", others, strings.Join(otherNames, ", ")),
			fmt.Sprintf("; %d more of other services for the same people (%s)", others, strings.Join(otherNames, ", ")))
	}
	h += "."
	if demand != "" {
		h += l.Pick(fmt.Sprintf(" Nell'area nel %d: %s.", p.Year, demand),
			fmt.Sprintf(" In the area in %d: %s.", p.Year, demand))
	}
	return h
}

// centerTargetNames lists targets by name.
func (e *Engine) centerTargetNames(slugs []string, l Lang) string {
	names := make([]string, len(slugs))
	for i, s := range slugs {
		names[i] = s
		if t, ok := e.vocab.Target(s); ok {
			names[i] = t.Name(l)
		}
	}
	return strings.Join(names, ", ")
}

// centerSpareNote says how spare capacity was estimated.
func centerSpareNote(load *centerLoadResult, svc Service, l Lang) string {
	demand := l.Pick(fmt.Sprintf("%s (%d)", load.target.Name(l), load.year), fmt.Sprintf("the %s (%d)", load.target.Name(l), load.year))
	b := load.model.std
	return l.Pick(
		fmt.Sprintf("Posti liberi stimati = capacità − utenti attesi, cioè %s %s per %s che vivono entro %s da una struttura del servizio, ciascuno assegnato alla più vicina, così che i bacini sovrapposti si dividano le persone: una stima della pressione, non dei posti effettivamente liberi. %s",
			trimmed(b.Value, 2, l), b.NameIT, demand, FormatDistance(svc.RadiusM, l), standardNote(b, l)),
		fmt.Sprintf("Estimated spare capacity = capacity − expected users, that is %s %s for %s living within %s of a facility of the service, each assigned to the nearest one, so that overlapping catchments split their people: an estimate of pressure, not of actual vacancies. %s",
			trimmed(b.Value, 2, l), b.NameEN, demand, FormatDistance(svc.RadiusM, l), standardNote(b, l)))
}

// centerForTarget answers `which center target=T` for a target served by
// several welfare services: the answer of each service (its facilities
// nearest the point or area, with their spare places), merged and ordered
// by distance, with the service of each facility; a service without
// facilities in the catalog is left out. The facts, notes and headline's
// figures are those of the nearest facility's service.
func (e *Engine) centerForTarget(ctx context.Context, p *WhichCenter, l Lang, role Role) (*Result, error) {
	services, err := e.servicesFor(p.Target, nil)
	if err != nil {
		return nil, err
	}
	type part struct {
		service string
		res     *Result
	}
	var parts []part
	for _, s := range services {
		sub := *p
		sub.Service, sub.Target, sub.Top = s, "", 0
		res, err := e.center(ctx, &sub, l, role)
		if IsAnswerError(err) {
			continue // no facility of this service
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, part{s, res})
	}
	if len(parts) == 0 {
		return nil, keyErrorf("target", "il catalogo non ha strutture dei servizi che servono %s (%s)", "the catalog holds no facilities of the services serving %s (%s)", p.Target, strings.Join(services, ", "))
	}
	first := parts[0].res
	dist := slices.IndexFunc(first.Columns, func(c Column) bool { return c.Name == "distance_m" })
	name := slices.IndexFunc(first.Columns, func(c Column) bool { return c.Name == "facility_name" })
	if dist < 0 || name < 0 {
		return nil, fmt.Errorf("which center: the answer has no distance or facility name")
	}
	res := &Result{Columns: slices.Insert(slices.Clone(first.Columns), name+1, Column{Name: "service", Label: l.Pick("servizio", "service"), Type: TypeString})}
	type row struct {
		cells   []Value
		m       float64
		service string
		from    *Result
	}
	var rows []row
	for _, pt := range parts {
		svc, _ := e.vocab.Service(pt.service)
		for _, r := range pt.res.Rows {
			m, _ := number(r[dist].Raw())
			rows = append(rows, row{slices.Insert(slices.Clone(r), name+1, Str(svc.Name(l))), m, pt.service, pt.res})
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(a.m, b.m) })
	total := len(rows)
	if p.Top > 0 && len(rows) > p.Top {
		rows = rows[:p.Top]
	}
	for i, r := range rows {
		if len(r.cells) > 0 && res.Columns[0].Name == "rank" {
			r.cells[0] = Int(int64(i + 1))
		}
		res.Rows = append(res.Rows, r.cells)
	}
	nearest := first
	if len(rows) > 0 {
		nearest = rows[0].from
	}
	res.Facts, res.Disclosure, res.Caveats = nearest.Facts, nearest.Disclosure, nearest.Caveats
	seen := map[string]bool{}
	var names []string
	for _, pt := range parts {
		names = append(names, pt.service)
		for _, s := range pt.res.Sources {
			if !seen[s.ID] {
				seen[s.ID] = true
				res.Sources = append(res.Sources, s)
			}
		}
	}
	from := FormatDegrees(p.Lat) + ", " + FormatDegrees(p.Lon)
	if a, ok := e.area(p.Area); ok && p.Area != "" {
		from = a.Name
	}
	if len(rows) == 0 {
		res.Headline = fmt.Sprintf(l.Pick("Da %s: nessuna struttura dei servizi per %s (%s).", "From %s: no facility of the services for %s (%s)."), from, p.Target, strings.Join(names, ", "))
	} else {
		r := rows[0]
		res.Headline = fmt.Sprintf(l.Pick("Da %s, la struttura più vicina dei servizi che servono %s (%s) è %v (%s), a %s.",
			"From %s, the nearest facility of the services serving %s (%s) is %v (%s), at %s."),
			from, p.Target, strings.Join(names, ", "), r.cells[name].Raw(), r.service, FormatDistance(r.m, l))
	}
	res.Notes = append(res.Notes, fmt.Sprintf(l.Pick(
		"Servizi di welfare che servono %s: %s; per ciascuno le strutture più vicine, ordinate per distanza; posti liberi stimati come per una domanda su un solo servizio.",
		"Welfare services serving %s: %s; for each the nearest facilities, ordered by distance; spare places estimated as for a question about one service."), p.Target, strings.Join(names, ", ")))
	if p.Top > 0 && total > p.Top {
		res.Notes = append(res.Notes, fmt.Sprintf(l.Pick("Mostrate le %d strutture più vicine su %d (primi=0 per vederle tutte).", "Showing the %d nearest facilities of %d (top=0 shows them all)."), p.Top, total))
	}
	return res, nil
}
