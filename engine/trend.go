package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// trendHorizon is how many years past the last observed one a projection goes.
const trendHorizon = 15

// trendFit is an ordinary least-squares line y = mean + slope·(x − xMean).
type trendFit struct {
	xMean, mean, slope float64
	se                 float64 // standard error of the slope; NaN with fewer than 3 points
}

// trendLine fits the line to the points (at least two distinct x).
func trendLine(xs, ys []float64) trendFit {
	n := float64(len(xs))
	var f trendFit
	for i := range xs {
		f.xMean += xs[i] / n
		f.mean += ys[i] / n
	}
	var sxx, sxy float64
	for i := range xs {
		dx := xs[i] - f.xMean
		sxx += dx * dx
		sxy += dx * (ys[i] - f.mean)
	}
	f.slope = sxy / sxx
	f.se = math.NaN()
	if len(xs) > 2 {
		var ssr float64
		for i := range xs {
			r := ys[i] - f.at(xs[i])
			ssr += r * r
		}
		f.se = math.Sqrt(ssr / (n - 2) / sxx)
	}
	return f
}

func (f trendFit) at(x float64) float64 { return f.mean + f.slope*(x-f.xMean) }

// trendCross returns the first whole year after last in which the line
// mean + slope·(x − xMean) exceeds capacity, and whether it does within
// the horizon.
func trendCross(f trendFit, slope, capacity float64, last int) (int, bool) {
	if slope <= 0 {
		return 0, false
	}
	x := f.xMean + (capacity-f.mean)/slope // the line equals capacity at x
	y := max(last+1, int(math.Floor(x))+1)
	return y, y <= last+trendHorizon
}

// trendOutcome is the projection of one series against a capacity.
type trendOutcome struct {
	state       int // trendAlready, trendYear, trendNot, trendUnknown
	year        int
	earliest    int // 0: none within the horizon
	latest      int // 0: none within the horizon
	last, slope float64
	fit         trendFit
}

const (
	trendAlready = iota
	trendYear
	trendNot
	trendUnknown // capacity unknown
)

func trendProject(years []int, ys []float64, capacity float64) trendOutcome {
	xs := make([]float64, len(years))
	for i, y := range years {
		xs[i] = float64(y)
	}
	f := trendLine(xs, ys)
	last := years[len(years)-1]
	o := trendOutcome{fit: f, last: ys[len(ys)-1], slope: f.slope}
	switch {
	case capacity <= 0:
		o.state = trendUnknown
		return o
	case o.last > capacity:
		o.state = trendAlready
		return o
	}
	y, ok := trendCross(f, f.slope, capacity, last)
	if !ok {
		o.state = trendNot
	} else {
		o.state, o.year = trendYear, y
	}
	if !math.IsNaN(f.se) {
		if y, ok := trendCross(f, f.slope+f.se, capacity, last); ok {
			o.earliest = y
		}
		if y, ok := trendCross(f, f.slope-f.se, capacity, last); ok {
			o.latest = y
		}
	}
	return o
}

// trendSaturation projects the demand of a service's facilities and of the
// area as a whole, and says when it will exceed capacity.
func (e *Engine) trendSaturation(ctx context.Context, p *WhenSaturation, l Lang, role Role) (*Result, error) {
	in, err := e.satResolve(ctx, p.Service, "")
	if err != nil {
		return nil, err
	}
	if !in.model.hasStd {
		return nil, in.model.noStandardError("l'anno di saturazione", "the saturation year")
	}
	svc, target := in.model.service, in.model.target
	area, err := e.knownArea(p.Area)
	if err != nil {
		return nil, err
	}
	if p.ToYear <= p.FromYear {
		return nil, fmt.Errorf("the trend needs a span of years, got %d..%d", p.FromYear, p.ToYear)
	}
	var years []int
	for _, y := range e.vocab.Years {
		if y >= p.FromYear && y <= p.ToYear {
			years = append(years, y)
		}
	}
	if len(years) < 2 {
		return nil, keyErrorf("year", "il catalogo ha meno di due anni di dati tra il %d e il %d: nessun andamento da proiettare", "the catalog holds fewer than two years of demand between %d and %d: no trend to project", p.FromYear, p.ToYear)
	}
	var members []int
	var areaCap float64
	for j, f := range in.facilities {
		if e.gapHolds(area, f) {
			members = append(members, j)
			areaCap += max(f.Capacity, 0)
		}
	}
	used := sourceSet{}
	used.facilities(in.facilities)
	ser, err := e.trendSeriesOf(ctx, in, area, years, members, role, used)
	if err != nil {
		return nil, err
	}
	last := years[len(years)-1]
	tl := &trendLines{last: last, l: l}
	res := tl.table(svc)
	total := trendProject(years, ser.area, areaCap)
	res.Rows = append(res.Rows, tl.line(area.Slug, l.Pick("Totale ", "Total ")+area.Name, areaCap, total, ser.areaHidden))
	var frows []trendRow
	for m, j := range members {
		frows = append(frows, trendRow{in.facilities[j], trendProject(years, ser.facilities[m], in.facilities[j].Capacity), ser.hidden[m]})
	}
	trendSort(frows)
	already, within := 0, 0
	for _, r := range frows {
		res.Rows = append(res.Rows, tl.line(r.f.ID, r.f.Name, r.f.Capacity, r.o, r.hide))
		if r.hide {
			continue
		}
		switch r.o.state {
		case trendAlready:
			already++
		case trendYear:
			within++
		}
	}
	res.Facts = map[string]any{}
	res.Facts["service"] = p.Service
	res.Facts["target"] = target.Slug
	res.Facts["area"] = area.Slug
	res.Facts["from_year"], res.Facts["to_year"] = p.FromYear, p.ToYear
	res.Facts["years"] = years
	res.Facts["method"] = "linear least squares"
	res.Facts["horizon"] = last + trendHorizon
	res.Facts["capacity"] = areaCap
	res.Facts["facilities"] = len(members)
	res.Facts["facilities_saturated"] = already
	res.Facts["facilities_saturating"] = within
	trendTotalFacts(res.Facts, total, ser.areaHidden)
	res.Headline = trendHeadline(area.Name, svc, p, last, areaCap, total, ser.areaHidden, already, within, len(members), l)
	res.Notes = trendNotes(in, years, last, len(members), l)
	res.Disclosure = Disclosure{
		Rule: disclosureRule(target.MinCount, l) + l.Pick(
			" Le proiezioni sono calcolate dai conteggi pubblicati di ogni anno; una riga è oscurata se lo è il suo conteggio in qualche anno.",
			" Projections are computed from each year's published counts; a row is withheld when its count is in any year."),
		Threshold: target.MinCount, Suppressed: tl.withheld,
	}
	res.Sources = e.sources(used)
	return res, nil
}

// trendSeries is the demand of each year in places: per facility of the
// area, its share of the people in reach; for the area, its people; and
// whether any year's figure is withheld.
type trendSeries struct {
	facilities [][]float64
	hidden     []bool
	area       []float64
	areaHidden bool
}

// trendSeriesOf reads the series from the counts as published each year
// (the same regions drawn each year, with each year's keys), so that the
// fitted line reveals nothing the yearly figures do not.
func (e *Engine) trendSeriesOf(ctx context.Context, in *satInput, area Area, years, members []int, role Role, used sourceSet) (*trendSeries, error) {
	m := in.model
	pub := e.publisher(m.target, role)
	s := &trendSeries{facilities: make([][]float64, len(members)), hidden: make([]bool, len(members)), area: make([]float64, len(years))}
	for yi, y := range years {
		count, tbl, err := e.gapAreaCount(ctx, m.target, area, y, role)
		if err != nil {
			return nil, err
		}
		used.table(tbl)
		n, ok := count.Value()
		s.areaHidden = s.areaHidden || !ok
		s.area[yi] = m.expectedExact(float64(n))
		shares := satPublish(e.satCatchmentsFor(tbl, in, m.target.Slug, y), pub)
		for m, j := range members {
			v, ok := shares.shared[j].Value()
			s.hidden[m] = s.hidden[m] || !ok
			s.facilities[m] = append(s.facilities[m], in.model.expectedExact(float64(v)))
		}
	}
	return s, nil
}

// trendLines lays out the rows of a saturation trend, counting the cells
// withheld.
type trendLines struct {
	last     int
	l        Lang
	withheld int
}

func (t *trendLines) table(svc Service) *Result {
	l, last := t.l, t.last
	capUnit := capacityUnit(svc, l)
	return &Result{
		Columns: []Column{
			{Name: "facility_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "facility_name", Label: l.Pick("struttura", "facility"), Type: TypeString},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat, Unit: capUnit},
			{Name: "expected_users", Label: l.Pick(fmt.Sprintf("utenti attesi %d", last), fmt.Sprintf("expected users %d", last)), Type: TypeInt, Unit: capUnit},
			{Name: "trend", Label: l.Pick("andamento annuo", "yearly trend"), Type: TypeFloat, Unit: capUnit},
			{Name: "saturation_year", Label: l.Pick("anno di saturazione", "saturation year"), Type: TypeYear},
			{Name: "year_earliest", Label: l.Pick("al più presto", "at the earliest"), Type: TypeYear},
			{Name: "year_latest", Label: l.Pick("al più tardi", "at the latest"), Type: TypeYear},
			{Name: "status", Label: l.Pick("stato", "status"), Type: TypeString},
		},
	}
}

func (t *trendLines) line(id, name string, capacity float64, o trendOutcome, hide bool) []Value {
	vals := []Value{Str(id), Str(name), gapFloat(capacity)}
	if capacity <= 0 {
		vals[2] = Empty()
	}
	if hide {
		t.withheld += 6
		return append(vals, Suppressed(), Suppressed(), Suppressed(), Suppressed(), Suppressed(), Suppressed())
	}
	yv := func(y int) Value {
		if y == 0 {
			return Empty()
		}
		return Int(int64(y))
	}
	year := Empty()
	if o.state == trendYear {
		year = Int(int64(o.year))
	}
	early, late := Empty(), Empty()
	if o.state == trendYear || o.state == trendNot {
		early, late = yv(o.earliest), yv(o.latest)
	}
	return append(vals, Int(int64(math.Ceil(o.last-1e-9))), Float(o.slope), year, early, late, Str(trendStatus(o, t.last, t.l)))
}

// trendRow is a facility of the area with its projection.
type trendRow struct {
	f    Facility
	o    trendOutcome
	hide bool
}

// trendSort puts the facilities already saturated first, then by year;
// withheld rows last, by ID.
func trendSort(rows []trendRow) {
	rank := func(r trendRow) (int, int) {
		if r.hide {
			return 5, 0
		}
		switch r.o.state {
		case trendAlready:
			return 0, 0
		case trendYear:
			return 1, r.o.year
		case trendNot:
			return 2, 0
		}
		return 3, 0
	}
	slices.SortStableFunc(rows, func(x, y trendRow) int {
		gx, yx := rank(x)
		gy, yy := rank(y)
		return cmp.Or(cmp.Compare(gx, gy), cmp.Compare(yx, yy), cmp.Compare(x.f.ID, y.f.ID))
	})
}

// trendTotalFacts writes the area's projection into the facts: ":c" where
// withheld.
func trendTotalFacts(facts map[string]any, total trendOutcome, hidden bool) {
	if hidden {
		for _, k := range []string{"expected_users", "trend", "trend_se", "saturation_year", "status"} {
			facts[k] = Confidential
		}
		return
	}
	facts["expected_users"], facts["trend"] = math.Ceil(total.last-1e-9), total.slope
	facts["trend_se"] = nil
	if !math.IsNaN(total.fit.se) {
		facts["trend_se"] = total.fit.se
	}
	facts["saturation_year"] = nil
	if total.state == trendYear {
		facts["saturation_year"] = total.year
	}
	facts["status"] = []string{"already", "year", "not_within", "unknown_capacity"}[total.state]
}

// trendNotes says how the projection was made and what it cannot foresee.
func trendNotes(in *satInput, years []int, last, members int, l Lang) []string {
	notes := []string{l.Pick(
		fmt.Sprintf("Metodo: retta dei minimi quadrati sulla domanda degli anni %s, proiettata fino al %d; l'anno di saturazione è il primo dopo il %d in cui la retta supera la capacità. Incertezza: lo stesso calcolo con la pendenza ± il suo errore standard dà il primo e l'ultimo anno plausibili (non calcolabile con due soli anni).", trendYears(years), last+trendHorizon, last),
		fmt.Sprintf("Method: least-squares line through the demand of %s, projected to %d; the saturation year is the first after %d in which the line exceeds capacity. Uncertainty: the same with the slope ± its standard error gives the earliest and latest plausible years (not computable from two years only).", trendYears(years), last+trendHorizon, last))}
	notes = append(notes, satMethod(in, l))
	notes = append(notes, l.Pick(
		fmt.Sprintf("Per l'area: utenti attesi tra tutti i residenti dell'area contro la capacità %s che vi si trovano. Una proiezione lineare non prevede nascite, migrazioni o nuove aperture: è un ordine di grandezza.", OfTheN(members, "struttura", "strutture")),
		fmt.Sprintf("For the area: expected users among all its residents against the capacity of the %d facilities standing in it. A linear projection does not foresee births, migration or new openings: it is an order of magnitude.", members)))
	if in.unknownCap > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Attenzione: %d strutture su %d non hanno la capacità nel catalogo e contano zero.", in.unknownCap, len(in.facilities)),
			fmt.Sprintf("Caution: %d of %d facilities have no capacity in the catalog and count as zero.", in.unknownCap, len(in.facilities))))
	}
	return notes
}

func trendYears(years []int) string {
	return fmt.Sprintf("%d–%d", years[0], years[len(years)-1])
}

func trendStatus(o trendOutcome, last int, l Lang) string {
	switch o.state {
	case trendAlready:
		return l.Pick("già satura", "already saturated")
	case trendYear:
		return l.Pick(fmt.Sprintf("satura nel %d", o.year), fmt.Sprintf("saturated in %d", o.year))
	case trendNot:
		if o.earliest != 0 {
			// The line stays below capacity, but a steeper plausible one
			// crosses it: say both, so that the range column does not
			// read as a contradiction.
			return l.Pick(fmt.Sprintf("non entro il %d al ritmo stimato; possibile dal %d se la crescita è più rapida", last+trendHorizon, o.earliest),
				fmt.Sprintf("not by %d at the estimated pace; possible from %d if growth is faster", last+trendHorizon, o.earliest))
		}
		return l.Pick(fmt.Sprintf("non entro il %d", last+trendHorizon), fmt.Sprintf("not by %d", last+trendHorizon))
	}
	return l.Pick("capacità non nota", "capacity unknown")
}

// trendRange writes the uncertainty of a saturation year.
func trendRange(o trendOutcome, last int, l Lang) string {
	switch {
	case math.IsNaN(o.fit.se):
		return ""
	case o.earliest != 0 && o.latest != 0:
		return l.Pick(fmt.Sprintf(" (tra il %d e il %d)", o.earliest, o.latest), fmt.Sprintf(" (between %d and %d)", o.earliest, o.latest))
	case o.earliest != 0:
		return l.Pick(fmt.Sprintf(" (non prima del %d, forse oltre il %d)", o.earliest, last+trendHorizon),
			fmt.Sprintf(" (not before %d, possibly after %d)", o.earliest, last+trendHorizon))
	}
	return ""
}

func trendHeadline(name string, svc Service, p *WhenSaturation, last int, capacity float64, o trendOutcome, hide bool, already, within, n int, l Lang) string {
	unit := capacityUnit(svc, l)
	var h string
	switch {
	case hide:
		h = l.Pick(fmt.Sprintf("%s: la domanda di %s non è pubblicabile (tutela della riservatezza).", name, svc.Name(l)),
			fmt.Sprintf("%s: the demand for %s cannot be published (confidentiality).", name, svc.Name(l)))
	case o.state == trendUnknown:
		h = l.Pick(fmt.Sprintf("%s: nessuna struttura di %s con capacità nota nell'area.", name, svc.Name(l)),
			fmt.Sprintf("%s: no %s facility with known capacity in the area.", name, svc.Name(l)))
	case o.state == trendAlready:
		h = l.Pick(fmt.Sprintf("%s: la domanda attesa di %s (%s %s nel %d) supera già i %s disponibili.", name, svc.Name(l), FormatFloat(math.Ceil(o.last-1e-9), 0, l), unit, last, FormatFloat(capacity, 0, l)),
			fmt.Sprintf("%s: the expected demand for %s (%s %s in %d) already exceeds the %s available.", name, svc.Name(l), FormatFloat(math.Ceil(o.last-1e-9), 0, l), unit, last, FormatFloat(capacity, 0, l)))
	case o.state == trendYear:
		h = l.Pick(fmt.Sprintf("%s: al ritmo del %d–%d (%s%s l'anno), la domanda attesa di %s supererà i %s %s nel %d%s.", name, p.FromYear, p.ToYear, sign(o.slope), FormatFloat(o.slope, 1, l), svc.Name(l), FormatFloat(capacity, 0, l), unit, o.year, trendRange(o, last, l)),
			fmt.Sprintf("%s: at the %d–%d pace (%s%s a year), the expected demand for %s will exceed the %s %s in %d%s.", name, p.FromYear, p.ToYear, sign(o.slope), FormatFloat(o.slope, 1, l), svc.Name(l), FormatFloat(capacity, 0, l), unit, o.year, trendRange(o, last, l)))
	default:
		h = l.Pick(fmt.Sprintf("%s: al ritmo del %d–%d (%s%s l'anno), la domanda attesa di %s non supera i %s %s entro il %d%s.", name, p.FromYear, p.ToYear, sign(o.slope), FormatFloat(o.slope, 1, l), svc.Name(l), FormatFloat(capacity, 0, l), unit, last+trendHorizon, trendRange(o, last, l)),
			fmt.Sprintf("%s: at the %d–%d pace (%s%s a year), the expected demand for %s does not exceed the %s %s by %d%s.", name, p.FromYear, p.ToYear, sign(o.slope), FormatFloat(o.slope, 1, l), svc.Name(l), FormatFloat(capacity, 0, l), unit, last+trendHorizon, trendRange(o, last, l)))
	}
	if n > 0 {
		h += l.Pick(fmt.Sprintf(" Strutture: %d su %d già sature, %d lo saranno entro il %d.", already, n, within, last+trendHorizon),
			fmt.Sprintf(" Facilities: %d of %d already saturated, %d more by %d.", already, n, within, last+trendHorizon))
	}
	return h
}
