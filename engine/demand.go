package engine

import (
	"context"
	"fmt"
)

// demand answers how many people (or families) of a target live in an area,
// for every year the catalog holds, with the area's share of the city.
func (e *Engine) demand(ctx context.Context, p *Demand, l Lang, role Role) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	area, ok := e.area(p.Area)
	if !ok {
		return nil, fmt.Errorf("unknown area %q", p.Area)
	}
	series, city, err := e.demandSeries(ctx, p.Target, area)
	if err != nil {
		return nil, err
	}
	cityBy := map[int]int64{}
	for _, y := range city {
		cityBy[y.Year] = y.Count
	}
	// Withhold the same cells as every table of this level would.
	hidden := map[int]bool{}
	for _, y := range series {
		h, err := e.hiddenAt(ctx, target, area, y.Year, y.Count)
		if err != nil {
			return nil, err
		}
		hidden[y.Year] = h
	}
	res := &Result{
		Columns: []Column{
			{Name: "year", Label: l.Pick("anno", "year"), Type: TypeYear},
			{Name: "count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
		},
		Facts: map[string]any{"target": p.Target, "area": p.Area, "area_name": area.Name, "year": p.Year},
	}
	used := map[string]bool{}
	var found bool
	var count int64
	var first *YearCount
	suppressed, primary, secondary := 0, 0, 0
	for i, y := range series {
		used[y.Dataset] = true
		share := Suppressed()
		if !hidden[y.Year] && cityBy[y.Year] > 0 {
			share = Float(float64(y.Count) / float64(cityBy[y.Year]))
		}
		if hidden[y.Year] {
			suppressed += 2
			if y.Count > 0 && y.Count < int64(target.MinCount) {
				primary++
			} else {
				secondary++
			}
		}
		res.Rows = append(res.Rows, []Value{Int(int64(y.Year)), countValue(role.Publish(y.Count), hidden[y.Year]), share})
		if y.Year == p.Year {
			found, count = true, y.Count
		}
		if first == nil && !hidden[y.Year] {
			first = &series[i]
		}
	}
	if !found {
		return nil, answerErrorf("il catalogo non ha dati di %s in %s per il %d", "the catalog holds no demand of %s in %s for %d", p.Target, area.Name, p.Year)
	}
	name := target.Name(l)
	res.Disclosure = Disclosure{
		Rule:      disclosureRule(target.MinCount, parentLevelOf(area.Level), l),
		Threshold: target.MinCount, Suppressed: suppressed, Primary: primary, Secondary: secondary,
	}
	res.Sources = e.sources(used)
	if hidden[p.Year] {
		res.Facts["count"] = Confidential
		res.Facts["city_share"] = Confidential
		res.Headline = l.Pick(
			fmt.Sprintf("%s, %d: i %s sono troppo pochi per pubblicarne il numero (soglia %d).", area.Name, p.Year, name, target.MinCount),
			fmt.Sprintf("%s, %d: too few %s to publish the figure (threshold %d).", area.Name, p.Year, name, target.MinCount))
		return res, nil
	}
	res.Facts["count"] = role.Publish(count)
	h := fmt.Sprintf("%s, %d: %s %s", area.Name, p.Year, FormatInt(role.Publish(count), l), name)
	if area.Slug != e.vocab.CityArea && cityBy[p.Year] > 0 {
		share := float64(count) / float64(cityBy[p.Year])
		res.Facts["city_share"] = share
		h += l.Pick(fmt.Sprintf(", il %s del totale cittadino", FormatPercent(share, l)),
			fmt.Sprintf(", %s of the city total", FormatPercent(share, l)))
	}
	if first != nil && first.Year < p.Year && first.Count > 0 {
		change := float64(count)/float64(first.Count) - 1
		res.Facts["change"] = change
		res.Facts["change_since"] = first.Year
		h += l.Pick(fmt.Sprintf(" (%s%s rispetto al %d)", sign(change), FormatPercent(change, l), first.Year),
			fmt.Sprintf(" (%s%s on %d)", sign(change), FormatPercent(change, l), first.Year))
	}
	res.Headline = h + "."
	return res, nil
}

// demandSeries sums a target's demand tables (cached by the engine) for
// every year the catalog holds, in the area and in the city. An area finer
// than the level the target is counted at has no series.
func (e *Engine) demandSeries(ctx context.Context, target string, area Area) (series, city []YearCount, err error) {
	for _, y := range e.vocab.Years {
		tbl, err := e.demandTable(ctx, target, y)
		if err != nil {
			return nil, nil, err
		}
		if len(tbl.rows) == 0 {
			continue
		}
		var in, all int64
		found := area.Level == LevelCity
		for i, r := range tbl.rows {
			all += r.Count
			switch area.Level {
			case LevelCity:
				in += r.Count
			case LevelMunicipio:
				if tbl.municipio[i] == area.Slug {
					in, found = in+r.Count, true
				}
			case LevelNIL:
				if tbl.nil[i] == area.Slug {
					in, found = in+r.Count, true
				}
			}
		}
		city = append(city, YearCount{Year: y, Count: all, Dataset: tbl.rows[0].Dataset})
		if found {
			series = append(series, YearCount{Year: y, Count: in, Dataset: tbl.rows[0].Dataset})
		}
	}
	return series, city, nil
}

func sign(x float64) string {
	if x > 0 {
		return "+"
	}
	return ""
}

// hiddenAt reports whether an area's count of a target in a year is withheld:
// by primary suppression, or because the tables of its level withhold it to
// protect another cell (the same pattern every question about this
// population applies).
func (e *Engine) hiddenAt(ctx context.Context, target Target, area Area, year int, count int64) (bool, error) {
	if count > 0 && count < int64(target.MinCount) {
		return true, nil
	}
	switch area.Level {
	case LevelNIL, LevelMunicipio:
	case LevelCity:
		return false, nil
	default:
		return true, nil // sections are never published one by one
	}
	tbl, err := e.demandTable(ctx, target.Slug, year)
	if err != nil {
		return false, err
	}
	cells := cellsOf(len(tbl.rows), func(i int) (string, string) { return tbl.nil[i], tbl.municipio[i] },
		func(i int) int64 { return tbl.rows[i].Count })
	w := protectLevels(cells, nil, nil, target.MinCount)
	if area.Level == LevelNIL {
		return w.hiddenNIL(cells, area.Slug), nil
	}
	return w.hiddenMuni(cells, area.Slug), nil
}

func parentLevelOf(level string) string {
	switch level {
	case LevelSection:
		return LevelNIL
	case LevelNIL:
		return LevelMunicipio
	}
	return LevelCity
}
