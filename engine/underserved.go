package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/geo"
)

// underserved ranks areas by the people of a target who live with no
// facility serving them within the radius. A section's residents are placed
// at its representative point; distance is haversine.
func (e *Engine) underserved(ctx context.Context, p *Underserved, l Lang) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	services := p.Services
	if len(services) == 0 {
		services = e.vocab.ServicesFor(p.Target)
	}
	facilities, err := e.store.Facilities(ctx, services)
	if err != nil {
		return nil, err
	}
	pts := make([]geo.Point, len(facilities))
	used := map[string]bool{}
	for i, f := range facilities {
		pts[i] = f.Point
		used[f.Dataset] = true
	}
	index := geo.NewIndex(pts, p.RadiusM)
	tbl, err := e.demandTable(ctx, p.Target, p.Year)
	if err != nil {
		return nil, err
	}
	if len(tbl.rows) == 0 {
		return nil, fmt.Errorf("the catalog holds no demand of %s in %d", p.Target, p.Year)
	}
	if p.Level == LevelNIL && tbl.level == LevelMunicipio {
		return nil, fmt.Errorf("the catalog holds %s only by municipio: ask with level=municipio", p.Target)
	}
	parentLevel := LevelMunicipio
	if p.Level == LevelMunicipio {
		parentLevel = LevelCity
	}
	type agg struct {
		slug, parent string
		total        int64
		unservedW    float64 // people without a service, possibly fractional where spread
		unserved     int64
		inScope      bool // in the area the question is restricted to
	}
	byArea := map[string]*agg{}
	rowAgg := make([]*agg, len(tbl.rows))
	inScope := make([]bool, len(tbl.rows))
	var totalAll int64
	var unservedAllW float64
	for i, r := range tbl.rows {
		key, parent := tbl.nil[i], tbl.municipio[i]
		if p.Level == LevelMunicipio {
			key, parent = tbl.municipio[i], e.vocab.CityArea
		}
		a := byArea[key]
		if a == nil {
			a = &agg{slug: key, parent: parent}
			byArea[key] = a
		}
		used[r.Dataset] = true
		rowAgg[i] = a
		inScope[i] = p.Area == "" || tbl.nil[i] == p.Area || tbl.municipio[i] == p.Area
		if inScope[i] {
			a.inScope = true
			totalAll += r.Count
		}
		a.total += r.Count
	}
	for k, dp := range tbl.points {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if index.AnyWithin(dp.p, p.RadiusM) {
			continue
		}
		rowAgg[dp.row].unservedW += dp.w
		if inScope[dp.row] {
			unservedAllW += dp.w
		}
	}
	unservedAll := roundCount(unservedAllW)
	for _, a := range byArea {
		a.unserved = roundCount(a.unservedW)
	}
	areas := make([]*agg, 0, len(byArea))
	for _, a := range byArea {
		areas = append(areas, a)
	}
	slices.SortFunc(areas, func(a, b *agg) int { return cmp.Compare(a.slug, b.slug) })

	// Disclosure: the target counts follow the same pattern as `howmuch
	// demand` at this level; the unserved counts are withheld too where the
	// served remainder (total − unserved) would be a small count.
	totals := make([]int64, len(areas))
	unserved := make([]int64, len(areas))
	groups := make([]string, len(areas))
	smallRemainder := make([]bool, len(areas))
	t := int64(target.MinCount)
	for i, a := range areas {
		totals[i], unserved[i], groups[i] = a.total, a.unserved, a.parent
		served := a.total - a.unserved
		smallRemainder[i] = served > 0 && served < t
	}
	hideTotal, p1, s1 := protect(totals, groups, nil, target.MinCount)
	// A row whose total is withheld withholds its unserved figure too; those
	// cells count as withheld when looking for lone cells in a group.
	forced := make([]bool, len(areas))
	for i := range areas {
		forced[i] = smallRemainder[i] || hideTotal[i]
	}
	hideUnserved, p2, s2 := protect(unserved, groups, forced, target.MinCount)

	type row struct {
		a                       *agg
		hideTotal, hideUnserved bool
	}
	// The pattern is computed over every area of the level, then the
	// question's restriction applies: a restricted question withholds the
	// same cells as the whole table.
	var rows []row
	for i, a := range areas {
		if a.inScope {
			rows = append(rows, row{a, hideTotal[i], hideUnserved[i] || hideTotal[i]})
		}
	}
	// Rank by the published figure; withheld rows go last, by area, so that
	// their place in the ranking reveals nothing.
	slices.SortStableFunc(rows, func(x, y row) int {
		if x.hideUnserved != y.hideUnserved {
			if x.hideUnserved {
				return 1
			}
			return -1
		}
		if x.hideUnserved {
			return cmp.Compare(x.a.slug, y.a.slug)
		}
		if c := cmp.Compare(y.a.unserved, x.a.unserved); c != 0 {
			return c
		}
		return cmp.Compare(x.a.slug, y.a.slug)
	})
	shown := rows
	if p.Top > 0 && len(shown) > p.Top {
		shown = shown[:p.Top]
	}
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: l.Pick(levelName(p.Level, Italian), levelName(p.Level, English)), Type: TypeString},
			{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "unserved", Label: l.Pick("senza servizio", "unserved"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "unserved_share", Label: l.Pick("quota senza servizio", "unserved share"), Type: TypePercent},
		},
		Facts: map[string]any{},
	}
	suppressedCells := 0
	for i, r := range shown {
		share := Suppressed()
		switch {
		case !r.hideUnserved && r.a.total > 0:
			share = Float(float64(r.a.unserved) / float64(r.a.total))
		case !r.hideUnserved:
			share = Empty() // nobody of the target lives here: no share
		}
		if r.hideTotal {
			suppressedCells++
		}
		if r.hideUnserved {
			suppressedCells += 2
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.a.slug), Str(e.areaName(r.a.slug)),
			countValue(r.a.total, r.hideTotal), countValue(r.a.unserved, r.hideUnserved), share,
		})
	}
	// City-wide (or area-wide) totals, protected by the same threshold.
	hideAll := totalAll > 0 && totalAll < t
	hideUnservedAll := hideAll || (unservedAll > 0 && unservedAll < t) || (totalAll-unservedAll > 0 && totalAll-unservedAll < t)
	scope := e.vocab.CityArea
	if p.Area != "" {
		scope = p.Area
	}
	res.Facts["target"] = p.Target
	res.Facts["year"] = p.Year
	res.Facts["radius_m"] = p.RadiusM
	res.Facts["area"] = scope
	res.Facts["services"] = services
	res.Facts["facilities"] = len(facilities)
	res.Facts["areas"] = len(rows)
	res.Facts["target_count"] = factCount(totalAll, hideAll)
	res.Facts["unserved"] = factCount(unservedAll, hideUnservedAll)
	if !hideUnservedAll && totalAll > 0 {
		res.Facts["unserved_share"] = float64(unservedAll) / float64(totalAll)
	} else {
		res.Facts["unserved_share"] = Confidential
	}
	var worst string
	var worstN int64
	if len(shown) > 0 && !shown[0].hideUnserved {
		worst, worstN = e.areaName(shown[0].a.slug), shown[0].a.unserved
	}
	res.Headline = underservedHeadline(p, target, e.areaName(scope), totalAll, unservedAll, hideUnservedAll, worst, worstN, l)
	nPoints := len(tbl.rows)
	unitIT, unitEN := "sezioni censuarie", "census sections"
	if tbl.level != LevelSection {
		unitIT, unitEN = "aree ("+levelName(tbl.level, Italian)+")", "areas ("+levelName(tbl.level, English)+")"
	}
	perService := map[string]int{}
	for _, f := range facilities {
		perService[f.Service]++
	}
	var svcNames, missing []string
	for _, s := range services {
		name := s
		if sv, ok := e.vocab.Service(s); ok {
			name = sv.Name(l)
		}
		if perService[s] == 0 {
			missing = append(missing, name)
			continue
		}
		svcNames = append(svcNames, fmt.Sprintf("%s: %s", name, FormatInt(int64(perService[s]), l)))
	}
	from := l.Pick(fmt.Sprintf("dal punto rappresentativo di ciascuna delle %s %s", FormatInt(int64(nPoints), l), unitIT),
		fmt.Sprintf("from the representative point of each of the %s %s", FormatInt(int64(nPoints), l), unitEN))
	if tbl.spread {
		from = l.Pick(fmt.Sprintf("da una griglia di punti ogni %s sulle %s %s", FormatDistance(spreadSpacingM, l), FormatInt(int64(nPoints), l), unitIT),
			fmt.Sprintf("from a grid of points every %s over the %s %s", FormatDistance(spreadSpacingM, l), FormatInt(int64(nPoints), l), unitEN))
	}
	res.Notes = append(res.Notes, l.Pick(
		fmt.Sprintf("Metodo: distanza in linea d'aria (haversine) %s alla struttura più vicina tra %s (%s); un punto è scoperto se nessuna è entro %s.",
			from, FormatInt(int64(len(facilities)), l), strings.Join(svcNames, ", "), FormatDistance(p.RadiusM, l)),
		fmt.Sprintf("Method: straight-line (haversine) distance %s to the nearest of %s facilities (%s); a point is unserved when none is within %s.",
			from, FormatInt(int64(len(facilities)), l), strings.Join(svcNames, ", "), FormatDistance(p.RadiusM, l))))
	if len(missing) > 0 {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Attenzione: il catalogo non ha strutture di tipo %s; dove esistono, la scopertura qui è sovrastimata.", strings.Join(missing, ", ")),
			fmt.Sprintf("Caution: the catalog holds no facilities of type %s; where they exist, the gap shown here is overstated.", strings.Join(missing, ", "))))
	}
	if tbl.spread {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Il catalogo conta %s per %s e non per sezione censuaria: ogni conteggio è distribuito uniformemente sul territorio della sua area, un'approssimazione.", target.Name(l), levelName(tbl.level, Italian)),
			fmt.Sprintf("The catalog counts %s by %s, not by census section: each count is spread uniformly over its area, an approximation.", target.Name(l), levelName(tbl.level, English))))
	}
	if p.Top > 0 && len(rows) > p.Top {
		res.Notes = append(res.Notes, l.Pick(
			fmt.Sprintf("Mostrate le prime %d aree su %d (top=0 per vederle tutte).", p.Top, len(rows)),
			fmt.Sprintf("Showing the first %d areas of %d (top=0 shows them all).", p.Top, len(rows))))
	}
	res.Disclosure = Disclosure{
		Rule:      disclosureRule(target.MinCount, parentLevel, l),
		Threshold: target.MinCount, Primary: p1 + p2, Secondary: s1 + s2, Suppressed: suppressedCells,
	}
	res.Sources = e.sources(used)
	return res, nil
}

func underservedHeadline(p *Underserved, target Target, scopeName string, total, unserved int64, hideUnserved bool, worst string, worstN int64, l Lang) string {
	dist := FormatDistance(p.RadiusM, l)
	name := target.Name(l)
	if hideUnserved {
		return l.Pick(
			fmt.Sprintf("%s, %d: i %s senza un servizio entro %s sono troppo pochi per pubblicarne il numero.", scopeName, p.Year, name, dist),
			fmt.Sprintf("%s, %d: too few %s are without a service within %s to publish the figure.", scopeName, p.Year, name, dist))
	}
	share := FormatPercent(float64(unserved)/float64(max(total, 1)), l)
	h := l.Pick(
		fmt.Sprintf("%s, %d: %s %s su %s (%s) non hanno un servizio per loro entro %s.", scopeName, p.Year,
			FormatInt(unserved, l), name, FormatInt(total, l), share, dist),
		fmt.Sprintf("%s, %d: %s of %s %s (%s) have no service for them within %s.", scopeName, p.Year,
			FormatInt(unserved, l), FormatInt(total, l), name, share, dist))
	if worst != "" && worstN > 0 {
		h += l.Pick(
			fmt.Sprintf(" La zona più scoperta è %s (%s).", worst, FormatInt(worstN, l)),
			fmt.Sprintf(" The least served area is %s (%s).", worst, FormatInt(worstN, l)))
	}
	return h
}

// factCount is a count for the facts, or ":c" when withheld.
func factCount(n int64, hide bool) any {
	if hide {
		return Confidential
	}
	return n
}

func levelName(level string, l Lang) string {
	switch level {
	case LevelMunicipio:
		return l.Pick("municipio", "municipio")
	case LevelSection:
		return l.Pick("sezione", "section")
	case LevelCity:
		return l.Pick("città", "city")
	}
	return l.Pick("quartiere (NIL)", "neighbourhood (NIL)")
}

func unitOf(t Target, l Lang) string {
	if t.Kind == "family" {
		return l.Pick("famiglie", "households")
	}
	return l.Pick("persone", "people")
}
