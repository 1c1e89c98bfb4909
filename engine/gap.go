package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/question"
)

// gapInput is what the benchmark analyses resolve first.
type gapInput struct {
	service    Service
	bench      Benchmark
	target     Target
	facilities []Facility
	unknownCap int // facilities without capacity data
}

// gapResolve finds a service, its benchmark and its facilities. It is an
// error when the service has no benchmark, or when it has facilities but
// none with capacity data.
func (e *Engine) gapResolve(ctx context.Context, service string) (*gapInput, error) {
	svc, ok := e.vocab.Service(service)
	if !ok {
		return nil, fmt.Errorf("unknown service %q", service)
	}
	m, err := e.demandModelOf(ctx, svc, "")
	if err != nil {
		return nil, err
	}
	if !m.hasStd {
		return nil, m.noStandardError("il divario", "the gap")
	}
	b, target := m.std, m.target
	fs, err := e.facilities(ctx, []string{service})
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		// No facility at all is missing data, not zero capacity: a catalog
		// without the city's nurseries must not report every place missing.
		return nil, keyErrorf("service", "il catalogo non ha strutture del servizio %s: il divario non si può misurare (importa prima le strutture con una ricetta)", "the catalog holds no facilities of service %s: the gap cannot be measured (import the facilities with a recipe first)", service)
	}
	in := &gapInput{service: svc, bench: b, target: target, facilities: fs}
	for _, f := range fs {
		if f.Capacity <= 0 {
			in.unknownCap++
		}
	}
	if len(fs) > 0 && in.unknownCap == len(fs) {
		return nil, keyErrorf("service", "il catalogo non ha la capacità delle %d strutture del servizio %s: il divario non si può calcolare", "the catalog holds no capacity for the %d facilities of service %s: no gap can be computed", len(fs), service)
	}
	return in, nil
}

// gapHolds reports whether a facility stands in an area (by the area it is
// recorded in and that area's ancestors).
func (e *Engine) gapHolds(area Area, f Facility) bool {
	if area.Level == LevelCity || f.Area == area.ID {
		return true
	}
	ns, ms := e.ancestors(f.Area)
	return (area.Level == LevelNIL && ns == area.Slug) || (area.Level == LevelMunicipio && ms == area.Slug)
}

// gapAreaCount returns the published count of a target in an area for a
// year, withheld as the tables of the area's level withhold it (sections
// are never published one by one), with the demand table it came from.
func (e *Engine) gapAreaCount(ctx context.Context, target Target, area Area, year int, role Role) (disclose.Count, *demandTable, error) {
	tbl, err := e.demandTable(ctx, target.Slug, year)
	if err != nil {
		return disclose.Withheld(), nil, err
	}
	if len(tbl.rows) == 0 {
		return disclose.Withheld(), nil, keyErrorf("year", "il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", target.Slug, year)
	}
	switch area.Level {
	case LevelCity, LevelMunicipio:
	case LevelNIL:
		if tbl.level == LevelMunicipio {
			return disclose.Withheld(), nil, keyErrorf("area", "il catalogo conta %s solo per municipio: chiedi di un municipio o della città", "the catalog holds %s only by municipio: ask about a municipio or the city", target.Slug)
		}
	default:
		if tbl.level != LevelSection {
			return disclose.Withheld(), nil, keyErrorf("area", "il catalogo conta %s per %s, non per sezione di censimento: chiedi di un'area più grande", "the catalog holds %s by %s, not by census section: ask about a larger area", target.Slug, tbl.level)
		}
	}
	c, found, err := e.areaCount(ctx, target, area, year, role)
	if err != nil {
		return disclose.Withheld(), nil, err
	}
	if !found {
		return disclose.Zero(), tbl, nil // nobody of the target counted there
	}
	if area.Level == LevelCity && gapSmall(c, target.MinCount) {
		c = disclose.Withheld() // the threshold rule, for a role that sees exact counts
	}
	return c, tbl, nil
}

// gapSmall reports whether a published figure is a count from 1 to
// threshold − 1: only an exact figure can be (perturbed counts never are),
// and the threshold rule withholds it.
func gapSmall(c disclose.Count, threshold int) bool {
	v, ok := c.Value()
	return ok && v > 0 && v < int64(threshold)
}

// gap ranks areas by the places a service lacks against its benchmark.
func (e *Engine) gap(ctx context.Context, p *WhereGap, l Lang, role Role) (*Result, error) {
	in, err := e.gapResolve(ctx, p.Service)
	if err != nil {
		return nil, err
	}
	b, target, svc := in.bench, in.target, in.service
	scope, err := e.scopeOf(p.Area, p.Level)
	if err != nil {
		return nil, err
	}
	tbl, err := e.rankingTable(ctx, b.Target, p.Year, p.Level)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	used.table(tbl)
	totals, hideT, _, err := e.levelTable(ctx, target, p.Year, role)
	if err != nil {
		return nil, err
	}
	pub := e.publisher(target, role)
	used.facilities(in.facilities)
	caps := e.gapCapacities(in.facilities)

	// Accessibility, both variants, averaged over each area's people, from
	// published counts (see gapAccessScores). The catchments depend only on
	// the catalog, the service and the year: found once per engine (the
	// costly part at national size); the scores once per precision.
	published := map[string]disclose.Count{"city": totals.cityPub}
	for i, s := range totals.nils {
		published["n:"+s] = totals.nilPub[i]
	}
	for i, s := range totals.munis {
		published["m:"+s] = totals.muniPub[i]
	}
	acc := e.gapAccessFor(tbl, caps.supply, svc, target, p.Year, role, pub, published)

	var rows []gapRow
	for _, a := range totals.scopeCells(p.Level, p.Area) {
		rows = append(rows, gapRowOf(b, acc, a.slug, totals.pub(a), hideT.hides(a), caps.of(a), gapKey(a)))
	}
	// Most places missing first, then the lowest ratio; withheld rows go
	// last, by area, so that their place in the ranking reveals nothing.
	rankWithheldLast(rows, func(r gapRow) bool { return r.hide }, func(r gapRow) string { return r.slug },
		func(x, y gapRow) int {
			return cmp.Or(cmp.Compare(y.missing, x.missing), gapCompareRatio(x.ratio, y.ratio))
		})
	shown := topRows(rows, p.Top)
	res, withheldCells := e.gapTable(shown, svc, target, b, p.Level, l)
	res.Facts = map[string]any{}
	var missingAreas float64
	below := 0
	for _, r := range rows {
		if !r.hide && r.count.Positive() {
			missingAreas += r.missing
			if r.ratio < b.Value {
				below++
			}
		}
	}

	// The figures of the whole scope, withheld as the same cell is in the
	// table of its level.
	all := gapRowOf(b, acc, e.vocab.CityArea, totals.cityPub, gapSmall(totals.cityPub, target.MinCount), caps.city, "city")
	if a, ok := totals.scopeCell(scope); ok {
		all = gapRowOf(b, acc, a.slug, totals.pub(a), hideT.hides(a), caps.of(a), gapKey(a))
	}
	hideAll := all.hide
	res.Facts["service"] = p.Service
	res.Facts["target"] = b.Target
	res.Facts["year"] = p.Year
	res.Facts["area"] = all.slug
	res.Facts["benchmark"] = b.ID
	res.Facts["benchmark_value"] = b.Value
	res.Facts["benchmark_per"] = b.Per
	res.Facts["benchmark_kind"] = b.Kind
	res.Facts["facilities"] = len(in.facilities)
	res.Facts["capacity"] = all.capacity
	res.Facts["areas"] = len(rows)
	res.Facts["areas_below"] = below
	res.Facts["places_missing_areas"] = missingAreas
	res.Facts["target_count"] = fact(all.count)
	gapScopeFacts(res.Facts, all)
	var worst string
	var worstMissing float64
	if len(shown) > 1 && !shown[0].hide && shown[0].missing > 0 {
		worst, worstMissing = e.areaName(shown[0].slug), shown[0].missing
	}
	allN, _ := all.count.Value()
	res.Headline = gapHeadline(e.areaName(all.slug), p.Year, svc, target, b, allN, hideAll, all.capacity, all.ratio, all.missing, below, len(rows), worst, worstMissing, l)
	res.Notes = append(res.Notes, standardNote(b, l), gapMethodNote(svc, target, b, l), gapAccessNote(svc.RadiusM, acc.excluded, l))
	res.Notes = append(res.Notes, gapCaveats(in, caps.unplaced, role, l)...)
	res.Notes = withTopNote(res.Notes, p.Top, len(rows), l)
	res.Disclosure = peopleDisclosure(target, withheldCells, l)
	res.Sources = e.sources(used)
	return res, nil
}

// gapCaps is the capacity of a service by the area each facility stands
// in, and the supply for the accessibility scores.
type gapCaps struct {
	nil, muni map[string]float64
	city      float64
	unplaced  int // facilities with capacity but no area
	supply    []AccessSupply
}

func (e *Engine) gapCapacities(facilities []Facility) *gapCaps {
	c := &gapCaps{nil: map[string]float64{}, muni: map[string]float64{}, supply: make([]AccessSupply, 0, len(facilities))}
	for _, f := range facilities {
		if f.Capacity <= 0 {
			continue
		}
		ns, ms := e.ancestors(f.Area)
		c.nil[ns] += f.Capacity
		c.muni[ms] += f.Capacity
		c.city += f.Capacity
		if ms == "" {
			c.unplaced++
		}
		c.supply = append(c.supply, AccessSupply{f.Point, f.Capacity})
	}
	return c
}

// of is the capacity standing in an area.
func (c *gapCaps) of(a areaCell) float64 {
	if a.muni {
		return c.muni[a.slug]
	}
	return c.nil[a.slug]
}

// gapKey is an area's key in the accessibility scores.
func gapKey(a areaCell) string {
	if a.muni {
		return "m:" + a.slug
	}
	return "n:" + a.slug
}

// gapRow is an area of the gap ranking, or the whole scope.
type gapRow struct {
	slug     string
	count    disclose.Count // published (withheld where the level withholds it)
	hide     bool
	capacity float64
	missing  float64
	ratio    float64 // capacity per Per people; NaN when nobody lives here
	acc2     float64 // NaN when nobody lives here
	accE     float64
	held2    bool // score withheld: not computable from published counts
	heldE    bool
}

func gapRowOf(b Benchmark, acc gapAccess, slug string, count disclose.Count, hide bool, capacity float64, accKey string) gapRow {
	if hide {
		count = disclose.Withheld()
	}
	n, _ := count.Value()
	r := gapRow{slug: slug, count: count, hide: hide || count.Withheld(), capacity: capacity, ratio: math.NaN(),
		acc2: acc.step[accKey], accE: acc.gauss[accKey], held2: acc.heldStep[accKey], heldE: acc.heldGauss[accKey]}
	if _, ok := acc.step[accKey]; !ok {
		r.acc2 = math.NaN()
	}
	if _, ok := acc.gauss[accKey]; !ok {
		r.accE = math.NaN()
	}
	// Derived from the published figure, never from the exact count.
	r.missing = gapMissing(b, n, capacity)
	if n > 0 {
		r.ratio = capacity * b.Per / float64(n)
	}
	return r
}

// gapTable lays the shown rows out, with the count of cells withheld.
func (e *Engine) gapTable(shown []gapRow, svc Service, target Target, b Benchmark, level string, l Lang) (*Result, int) {
	capUnit := capacityUnit(svc, l)
	perLabel := l.Pick(fmt.Sprintf("%s per %s", capUnit, FormatFloat(b.Per, 0, l)), fmt.Sprintf("%s per %s", capUnit, FormatFloat(b.Per, 0, l)))
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: capUnit},
			Column{Name: "ratio", Label: perLabel, Type: TypeFloat},
			Column{Name: "benchmark", Label: "standard", Type: TypeFloat},
			Column{Name: "places_missing", Label: l.Pick("posti mancanti", "places missing"), Type: TypeInt, Unit: capUnit},
			Column{Name: "status", Label: l.Pick("stato", "status"), Type: TypeString},
			Column{Name: "access_2sfca", Label: l.Pick("accessibilità 2SFCA", "2SFCA accessibility"), Type: TypeFloat, Unit: l.Pick(capUnit+" per 1.000 persone", capUnit+" per 1,000 people")},
			Column{Name: "access_e2sfca", Label: l.Pick("accessibilità E2SFCA", "E2SFCA accessibility"), Type: TypeFloat, Unit: l.Pick(capUnit+" per 1.000 persone", capUnit+" per 1,000 people")},
		),
	}
	withheldCells := 0
	for i, r := range shown {
		vals := append(e.areaRowStart(i+1, r.slug), Count(r.count), Float(r.capacity))
		if r.hide {
			withheldCells += 6 // count, ratio, places missing, status and both scores
			vals = append(vals, Suppressed(), Float(b.Value), Suppressed(), Suppressed(), Suppressed(), Suppressed())
		} else {
			vals = append(vals, gapFloat(r.ratio), Float(b.Value), Int(int64(r.missing)), Str(gapStatus(r.ratio, b.Value, l)),
				gapScore(r.acc2, r.held2), gapScore(r.accE, r.heldE))
			if r.held2 {
				withheldCells++
			}
			if r.heldE {
				withheldCells++
			}
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, withheldCells
}

// gapScopeFacts writes the whole scope's ratio, places missing and scores
// into the facts: ":c" where withheld.
func gapScopeFacts(facts map[string]any, all gapRow) {
	for _, k := range []string{"ratio", "places_missing", "access_2sfca", "access_e2sfca"} {
		facts[k] = Confidential
	}
	if all.hide {
		return
	}
	facts["places_missing"] = all.missing
	facts["ratio"], facts["access_2sfca"], facts["access_e2sfca"] = nil, nil, nil
	if !math.IsNaN(all.ratio) {
		facts["ratio"] = all.ratio
	}
	if !math.IsNaN(all.acc2) && !all.held2 {
		facts["access_2sfca"] = 1000 * all.acc2
	}
	if !math.IsNaN(all.accE) && !all.heldE {
		facts["access_e2sfca"] = 1000 * all.accE
	}
	if all.held2 {
		facts["access_2sfca"] = Confidential
	}
	if all.heldE {
		facts["access_e2sfca"] = Confidential
	}
}

func gapMethodNote(svc Service, target Target, b Benchmark, l Lang) string {
	return l.Pick(
		fmt.Sprintf("Metodo: capacità delle strutture di %s che si trovano nell'area, confrontata con lo standard: posti mancanti = max(0, %s × %s / %s − capacità), arrotondati per eccesso a posti interi; rapporto = capacità × %s / %s.",
			svc.Name(l), trimmed(b.Value, 2, l), target.Name(l), FormatFloat(b.Per, 0, l), FormatFloat(b.Per, 0, l), target.Name(l)),
		fmt.Sprintf("Method: capacity of the %s facilities standing in the area, against the standard: places missing = max(0, %s × %s / %s − capacity), rounded up to whole places; ratio = capacity × %s / %s.",
			svc.Name(l), trimmed(b.Value, 2, l), target.Name(l), FormatFloat(b.Per, 0, l), FormatFloat(b.Per, 0, l), target.Name(l)))
}

// gapMissing is the places a population of n lacks against the benchmark.
// gapMissing is the places missing against the benchmark, in whole places
// (a place is not divisible: rounded up).
func gapMissing(b Benchmark, n int64, capacity float64) float64 {
	return max(0, math.Ceil(b.Value*float64(n)/b.Per-capacity-1e-9))
}

func gapCompareRatio(x, y float64) int {
	switch {
	case math.IsNaN(x) && math.IsNaN(y):
		return 0
	case math.IsNaN(x):
		return 1
	case math.IsNaN(y):
		return -1
	}
	return cmp.Compare(x, y)
}

// gapFloat is a float cell, empty when undefined (nobody lives here).
func gapFloat(x float64) Value {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return Empty()
	}
	return Float(x)
}

// gapScore is an accessibility cell per 1,000 people: withheld when it
// cannot be computed from published counts, empty when nobody lives here.
func gapScore(x float64, held bool) Value {
	if held {
		return Suppressed()
	}
	return gapFloat(1000 * x)
}

func gapStatus(ratio, benchmark float64, l Lang) string {
	switch {
	case math.IsNaN(ratio):
		return l.Pick("nessun residente del target", "no residents of the target")
	case ratio < benchmark:
		return l.Pick("sotto lo standard", "below the standard")
	}
	return l.Pick("in linea o sopra", "at or above the standard")
}

// gapCaveats says which capacities are missing or unplaced, and how the
// press role's figures were derived.
func gapCaveats(in *gapInput, unplaced int, role Role, l Lang) []string {
	var out []string
	name := in.service.Name(l)
	if len(in.facilities) == 0 {
		out = append(out, l.Pick(
			fmt.Sprintf("Attenzione: il catalogo non ha strutture di tipo %s; la capacità è zero ovunque e, dove esistono, i posti mancanti sono sovrastimati.", name),
			fmt.Sprintf("Caution: the catalog holds no facilities of type %s; capacity is zero everywhere and, where they exist, places missing are overstated.", name)))
	}
	if in.unknownCap > 0 {
		out = append(out, l.Pick(
			fmt.Sprintf("Attenzione: %d strutture di tipo %s su %d non hanno la capacità nel catalogo e contano zero: i posti mancanti sono sovrastimati.", in.unknownCap, name, len(in.facilities)),
			fmt.Sprintf("Caution: %d of %d facilities of type %s have no capacity in the catalog and count as zero: places missing are overstated.", in.unknownCap, len(in.facilities), name)))
	}
	if unplaced > 0 {
		out = append(out, l.Pick(
			fmt.Sprintf("%d strutture non hanno un'area nel catalogo: contano solo nel totale della città.", unplaced),
			fmt.Sprintf("%d facilities have no area in the catalog: they count only in the city total.", unplaced)))
	}
	switch {
	case role.Rounding() > 1:
		out = append(out, l.Pick("Rapporti e posti mancanti sono calcolati sui conteggi pubblicati, arrotondati alla decina.",
			"Ratios and places missing are computed from the published counts, rounded to the nearest ten."))
	case !role.Exact():
		out = append(out, l.Pick("Rapporti e posti mancanti sono calcolati sui conteggi pubblicati.",
			"Ratios and places missing are computed from the published counts."))
	}
	return out
}

func gapHeadline(scope string, year int, svc Service, target Target, b Benchmark, n int64, hide bool, capacity, ratio, missing float64, below, areas int, worst string, worstMissing float64, l Lang) string {
	unit := capacityUnit(svc, l)
	if hide {
		return l.Pick(
			fmt.Sprintf("%s, %d: il numero di %s non è pubblicabile (tutela della riservatezza), e con esso il divario di %s rispetto allo standard.", scope, year, target.Name(l), svc.Name(l)),
			fmt.Sprintf("%s, %d: the number of %s cannot be published (confidentiality), nor the gap of %s against the standard.", scope, year, target.Name(l), svc.Name(l)))
	}
	per := FormatFloat(b.Per, 0, l)
	h := l.Pick(
		fmt.Sprintf("%s, %d: %s %s di %s per %s %s", scope, year, FormatFloat(capacity, 0, l), unit, svc.Name(l), FormatInt(n, l), target.Name(l)),
		fmt.Sprintf("%s, %d: %s %s of %s for %s %s", scope, year, FormatFloat(capacity, 0, l), unit, svc.Name(l), FormatInt(n, l), target.Name(l)))
	if !math.IsNaN(ratio) {
		h += l.Pick(fmt.Sprintf(", %s ogni %s (%s: %s)", FormatFloat(ratio, 1, l), per, question.StandardKindName(b.Kind, l), trimmed(b.Value, 2, l)),
			fmt.Sprintf(", %s per %s (%s: %s)", FormatFloat(ratio, 1, l), per, question.StandardKindName(b.Kind, l), trimmed(b.Value, 2, l)))
	}
	switch {
	case missing > 0:
		h += l.Pick(fmt.Sprintf(": mancano %s %s.", FormatFloat(missing, 0, l), unit), fmt.Sprintf(": %s %s missing.", FormatFloat(missing, 0, l), unit))
	case below > 0:
		h += l.Pick(fmt.Sprintf(": nel complesso non mancano posti, ma %s su %d %s sotto lo standard.", Agreed(below, "area", "aree", l), areas, Plural(below, "è", "sono")),
			fmt.Sprintf(": no places missing overall, but %d of %d areas fall below the standard.", below, areas))
	default:
		h += l.Pick(": nessun posto mancante.", ": no places missing.")
	}
	if worst != "" && worstMissing > 0 {
		h += l.Pick(fmt.Sprintf(" Il divario maggiore è %s (%s %s).", question.InPlace(worst), FormatFloat(worstMissing, 0, l), unit),
			fmt.Sprintf(" The largest gap is in %s (%s %s).", worst, FormatFloat(worstMissing, 0, l), unit))
	}
	return h
}
