package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
)

// Weights of the priority index, documented in the answer's notes.
const (
	priorityWeightVolume   = 0.4 // how many people of the target live there
	priorityWeightUnserved = 0.4 // the share of them with no service within the service's usual radius
	priorityWeightGrowth   = 0.2 // how fast their number grows
	priorityGrowthCap      = 0.2 // growth beyond ±20% counts as ±20%
)

// priority ranks areas for scarce resources by a composite need index:
//
//	index = 100 × (0.4·V + 0.4·U + 0.2·G)
//
// where V is the area's count of the target over the largest area's count,
// U the share of the target with no facility of the services within each
// service's usual radius, and G the change since the first year, clipped to
// ±20% and mapped to [0, 1]. Areas whose figures are withheld get no index
// and rank last. Every figure is derived from the published counts of the
// role (the same as those of `where underserved` and `howmuch demand`).
//
// Beside the answer it returns its rows' published figures, in the order of
// the answer's rows, for `allocate`.
func (e *Engine) priority(ctx context.Context, p *WherePriority, req Request) (*Result, []priorityRow, error) {
	l, role := req.Lang, req.Role
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, nil, fmt.Errorf("unknown target %q", p.Target)
	}
	services, facilities, err := e.coverageServices(ctx, p.Target, p.Services)
	if err != nil {
		return nil, nil, err
	}
	used := sourceSet{}
	covered := e.priorityCoverage(services, facilities, used)
	tbl, err := e.rankingTable(ctx, p.Target, p.Year, p.Level)
	if err != nil {
		return nil, nil, err
	}
	used.table(tbl)
	totals, unserved, hideT, hideU, err := unservedCells(ctx, tbl, covered, e.publisher(target, role))
	if err != nil {
		return nil, nil, err
	}

	// The first year counted by the same source, for growth, with its own
	// pattern.
	first := p.Year
	for _, y := range e.vocab.Years {
		if y >= first {
			continue
		}
		same, err := e.sameSource(ctx, p.Target, y, p.Year)
		if err != nil {
			return nil, nil, err
		}
		if same {
			first = y
		}
	}
	// The same published cells, and pattern, as every table of that year's
	// counts.
	var before *levelCells
	var hideB withheld
	if first < p.Year {
		if before, hideB, _, err = e.levelTable(ctx, target, first, role); err != nil {
			return nil, nil, err
		}
	}
	var rows []priorityRow
	for _, a := range totals.scopeCells(p.Level, p.Area) {
		total, _ := totals.cell(a, hideT)
		uns, _ := unserved.cell(a, hideU)
		r := priorityRow{slug: a.slug, total: total, unserved: uns}
		if b, ok := priorityThen(before, hideB, p.Level, a.slug); ok && b.Positive() {
			if g, ok := disclose.Ratio(total, b); ok {
				r.growth, r.hasGrowth = g-1, true
			}
		}
		rows = append(rows, r)
	}
	priorityScore(rows)
	rankWithheldLast(rows, func(r priorityRow) bool { return !r.hasIdx }, func(r priorityRow) string { return r.slug },
		func(x, y priorityRow) int { return cmp.Compare(y.index, x.index) })
	shown := topRows(rows, p.Top)
	res, withheld := e.priorityTable(shown, target, first, p.Year, p.Level, l)
	res.Facts = map[string]any{"target": p.Target, "year": p.Year, "services": services, "areas": len(rows)}
	if len(shown) > 0 && shown[0].hasIdx {
		res.Facts["first"] = shown[0].slug
		res.Facts["first_index"] = math.Round(shown[0].index*10) / 10
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: la priorità più alta per %s è %s (indice %s su 100).", e.areaName(orCity(p.Area, e.vocab.CityArea)), p.Year, target.Name(l), e.areaName(shown[0].slug), FormatFloat(shown[0].index, 1, l)),
			fmt.Sprintf("%s, %d: the highest priority for %s is %s (index %s of 100).", e.areaName(orCity(p.Area, e.vocab.CityArea)), p.Year, target.Name(l), e.areaName(shown[0].slug), FormatFloat(shown[0].index, 1, l)))
	} else {
		res.Headline = l.Pick("Nessuna area ha dati pubblicabili per calcolare l'indice.", "No area has publishable figures to compute the index.")
	}
	res.Notes = append(res.Notes, l.Pick(
		fmt.Sprintf("Indice di priorità = 100 × (0,4 × volume + 0,4 × quota senza servizio + 0,2 × crescita): volume = %s dell'area diviso il massimo tra le aree; quota senza servizio = chi non ha una struttura dei servizi considerati entro il raggio abituale di ciascun servizio; crescita = variazione dal %d limitata a ±20%% e riportata tra 0 e 1 (0,5 senza storico).", target.Name(l), first),
		fmt.Sprintf("Priority index = 100 × (0.4 × volume + 0.4 × unserved share + 0.2 × growth): volume = the area's %s over the largest area's; unserved share = those with no facility of the services within each service's usual radius; growth = change since %d clipped to ±20%% and mapped to 0–1 (0.5 without history).", target.Name(l), first)))
	res.Notes = withTopNote(res.Notes, p.Top, len(rows), l)
	res.Disclosure = peopleDisclosure(target, withheld, l)
	res.Sources = e.sources(used)
	return res, shown, nil
}

// priorityCoverage returns whether a point has a facility of the services
// within each service's usual radius, and adds the datasets of the
// facilities it searches to used.
func (e *Engine) priorityCoverage(services []string, facilities []Facility, used sourceSet) func(geo.Point) bool {
	// One index per service, each searched with that service's usual radius.
	type served struct {
		index  *geo.Index
		radius float64
	}
	var supply []served
	for _, s := range services {
		sv, _ := e.vocab.Service(s)
		var pts []geo.Point
		for _, f := range facilities {
			if f.Service == s {
				pts = append(pts, f.Point)
				used[f.Dataset] = true
			}
		}
		if len(pts) > 0 && sv.RadiusM > 0 {
			supply = append(supply, served{geo.NewIndex(pts, sv.RadiusM), sv.RadiusM})
		}
	}
	return func(pt geo.Point) bool {
		for _, s := range supply {
			if s.index.AnyWithin(pt, s.radius) {
				return true
			}
		}
		return false
	}
}

// priorityThen is the published count of an area in the first year,
// withheld where that year's tables withhold it; ok is false when nobody
// was counted.
func priorityThen(before *levelCells, hideB withheld, level, slug string) (disclose.Count, bool) {
	if before == nil {
		return disclose.Count{}, false
	}
	if level == LevelMunicipio {
		k, ok := before.muniIndex[slug]
		if !ok { // nobody counted that year
			return disclose.Count{}, false
		}
		return heldCount(before.muniPub[k], hideB.muni[k]), true
	}
	k, ok := before.nilIndex[slug]
	if !ok {
		return disclose.Count{}, false
	}
	return heldCount(before.nilPub[k], hideB.nil[k]), true
}

// priorityScore computes the index of every row whose figures are published.
func priorityScore(rows []priorityRow) {
	maxCount := disclose.Zero()
	for _, r := range rows {
		if v, ok := r.total.Value(); ok && v > concFigure(maxCount) {
			maxCount = r.total
		}
	}
	for i := range rows {
		r := &rows[i]
		v, ok1 := disclose.Ratio(r.total, maxCount)
		u, ok2 := disclose.Share(r.unserved, r.total)
		if !ok1 || !ok2 {
			continue // withheld, or nobody of the target lives here
		}
		g := 0.5 // no history: neutral
		if r.hasGrowth {
			g = (math.Max(-priorityGrowthCap, math.Min(priorityGrowthCap, r.growth)) + priorityGrowthCap) / (2 * priorityGrowthCap)
		}
		r.index = 100 * (priorityWeightVolume*v + priorityWeightUnserved*u + priorityWeightGrowth*g)
		r.hasIdx = true
	}
}

// priorityTable lays the shown rows out, with the count of cells withheld.
func (e *Engine) priorityTable(shown []priorityRow, target Target, first, year int, level string, l Lang) (*Result, int) {
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "unserved_share", Label: l.Pick("quota senza servizio", "unserved share"), Type: TypePercent},
			Column{Name: "growth", Label: growthLabel(first, year, l), Type: TypePercent},
			Column{Name: "priority_index", Label: l.Pick("indice di priorità", "priority index"), Type: TypeFloat, Unit: "0–100"},
		),
	}
	withheld := 0
	for i, r := range shown {
		share, growth, index := Suppressed(), Empty(), Suppressed()
		if s, ok := disclose.Share(r.unserved, r.total); ok {
			share = Float(s)
		}
		if r.hasGrowth {
			growth = Float(r.growth)
		}
		switch {
		case r.hasIdx:
			index = Float(math.Round(r.index*10) / 10)
		case !r.total.Withheld() && !r.total.Positive():
			share, index = Empty(), Empty() // nobody of the target lives here
		}
		for _, v := range []Value{share, index} {
			if v.IsSuppressed() {
				withheld++
			}
		}
		if r.total.Withheld() {
			withheld++
		}
		res.Rows = append(res.Rows, append(e.areaRowStart(i+1, r.slug), Count(r.total), share, growth, index))
	}
	return res, withheld
}

// priorityRow is an area of `where priority`: its published counts (of the
// target, and of those of them with no service within reach; withheld as
// the tables of their level withhold them), and what is derived from them.
type priorityRow struct {
	slug              string
	total, unserved   disclose.Count
	growth            float64
	hasGrowth, hasIdx bool
	index             float64
}

// orCity returns the area slug, or the city's when it is empty.
func orCity(area, city string) string {
	if area == "" {
		return city
	}
	return area
}

// growthLabel names the growth column: "variazione dal 2020", or, when the
// source counts one year only, that there is no series to measure it on.
func growthLabel(first, year int, l Lang) string {
	if first >= year {
		return l.Pick("variazione (nessuna serie della stessa fonte)", "change (no series from the same source)")
	}
	return l.Pick(fmt.Sprintf("variazione dal %d", first), fmt.Sprintf("change since %d", first))
}
