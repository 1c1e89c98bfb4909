package engine

import (
	"context"
	"fmt"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// demand answers how many people (or families) of a target live in an area,
// for every year the catalog holds (those of the span year=FROM..TO), with the area's share of the city. Every
// figure is the published count of the area (the same in every question).
func (e *Engine) demand(ctx context.Context, p *Demand, l Lang, role Role) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	area, err := e.knownArea(p.Area)
	if err != nil {
		return nil, err
	}
	city, _ := e.area(e.vocab.CityArea)
	type year struct {
		year     int
		in, city disclose.Count
		dataset  string
	}
	var series []year
	for _, y := range e.vocab.Years {
		if !p.InSpan(y) {
			continue
		}
		in, found, err := e.areaCount(ctx, target, area, y, role)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		all, _, err := e.areaCount(ctx, target, city, y, role)
		if err != nil {
			return nil, err
		}
		tbl, err := e.demandTable(ctx, p.Target, y)
		if err != nil {
			return nil, err
		}
		series = append(series, year{y, in, all, tbl.rows[0].Dataset})
	}
	res := &Result{
		Columns: []Column{
			{Name: "year", Label: l.Pick("anno", "year"), Type: TypeYear},
			{Name: "count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
		},
		Facts: map[string]any{"target": p.Target, "area": p.Area, "area_name": area.Name, "year": p.Year},
	}
	used := sourceSet{}
	var cur, first *year
	suppressed := 0
	for i, y := range series {
		used[y.dataset] = true
		if y.in.Withheld() {
			suppressed += 2
		}
		res.Rows = append(res.Rows, []Value{Int(int64(y.year)), Count(y.in), shareValue(y.in, y.city)})
		if y.year == p.Year {
			cur = &series[i]
		}
	}
	if cur == nil {
		return nil, keyErrorf("year", "il catalogo non ha dati di %s in %s per il %d", "the catalog holds no demand of %s in %s for %d", p.Target, area.Name, p.Year)
	}
	// A change compares years of one source: census and registry count the
	// same people differently, and their difference is not a change.
	datasets := map[string]bool{}
	for i, y := range series {
		datasets[y.dataset] = true
		if first == nil && !y.in.Withheld() && y.dataset == cur.dataset {
			first = &series[i]
		}
	}
	if len(datasets) > 1 {
		res.Notes = append(res.Notes, l.Pick(
			"La serie viene da più fonti (una per anno, indicata tra le fonti): censimento e anagrafe contano le stesse persone in modo diverso, e la variazione confronta solo anni della stessa fonte.",
			"The series comes from more than one source (one per year, listed among the sources): census and registry count the same people differently, and the change compares years of the same source only."))
	}
	name := target.Name(l)
	res.Disclosure = peopleDisclosure(target, suppressed, l)
	res.Sources = e.sources(used)
	count, ok := cur.in.Value()
	if !ok {
		res.Facts["count"] = Confidential
		res.Facts["city_share"] = Confidential
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: il numero di %s non è pubblicabile (tutela della riservatezza).", area.Name, p.Year, name),
			fmt.Sprintf("%s, %d: the number of %s cannot be published (confidentiality).", area.Name, p.Year, name))
		return res, nil
	}
	res.Facts["count"] = count
	h := fmt.Sprintf("%s, %d: %s %s", area.Name, p.Year, FormatInt(count, l), name)
	if area.Slug != e.vocab.CityArea {
		if share, ok := disclose.Share(cur.in, cur.city); ok {
			res.Facts["city_share"] = share
			h += l.Pick(fmt.Sprintf(", %s del totale cittadino", The(FormatPercent(share, l))),
				fmt.Sprintf(", %s of the city total", FormatPercent(share, l)))
		}
	}
	if first != nil && first.year < p.Year {
		if r, ok := disclose.Ratio(cur.in, first.in); ok {
			change := r - 1
			res.Facts["change"] = change
			res.Facts["change_since"] = first.year
			h += l.Pick(fmt.Sprintf(" (%s%s rispetto al %d)", sign(change), FormatPercent(change, l), first.year),
				fmt.Sprintf(" (%s%s on %d)", sign(change), FormatPercent(change, l), first.year))
		}
	}
	res.Headline = h + "."
	return res, nil
}

func sign(x float64) string {
	if x > 0 {
		return "+"
	}
	return ""
}
