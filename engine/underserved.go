package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/engine/geo"
)

// underserved ranks areas by the people of a target who live with no
// facility serving them within the radius. People are placed at their
// section's representative point (or spread over their neighbourhood when
// the catalog counts them by neighbourhood); distance is haversine.
func (e *Engine) underserved(ctx context.Context, p *Underserved, l Lang, role Role) (*Result, error) {
	target, ok := e.vocab.Target(p.Target)
	if !ok {
		return nil, fmt.Errorf("unknown target %q", p.Target)
	}
	if p.RadiusM <= 0 {
		return nil, fmt.Errorf("radius must be positive, got %v m", p.RadiusM)
	}
	var scope Area
	if p.Area != "" {
		if scope, ok = e.area(p.Area); !ok {
			return nil, fmt.Errorf("unknown area %q", p.Area)
		}
		if levelRank(scope.Level) < levelRank(p.Level) {
			return nil, answerErrorf("l'area %s è un %s, più fine del livello chiesto (%s)", "area %s is a %s, finer than the level asked (%s)", p.Area, scope.Level, p.Level)
		}
	}
	services := p.Services
	if len(services) == 0 {
		services = e.vocab.ServicesFor(p.Target)
	}
	if len(services) == 0 {
		return nil, answerErrorf("nessun servizio del catalogo serve %s", "no service in the catalog serves %s", p.Target)
	}
	facilities, err := e.facilities(ctx, services)
	if err != nil {
		return nil, err
	}
	pts := make([]geo.Point, len(facilities))
	used := map[string]bool{}
	for i, f := range facilities {
		pts[i] = f.Point
		used[f.Dataset] = true
	}
	radius := p.RadiusM
	index := geo.NewIndex(pts, radius)
	tbl, err := e.rankingTable(ctx, p.Target, p.Year, p.Level)
	if err != nil {
		return nil, err
	}
	for _, r := range tbl.rows {
		used[r.Dataset] = true
	}
	pub := e.publisher(target, role)
	totals, unserved, hideT, hideU, err := unservedCells(ctx, tbl, func(p geo.Point) bool { return index.AnyWithin(p, radius) }, pub)
	if err != nil {
		return nil, err
	}

	type row struct {
		slug                    string
		total, unserved         disclose.Count
		hideTotal, hideUnserved bool
	}
	hold := func(c disclose.Count, hide bool) disclose.Count {
		if hide {
			return disclose.Withheld()
		}
		return c
	}
	var rows []row
	if p.Level == LevelMunicipio {
		for i, s := range totals.munis {
			if p.Area == "" || p.Area == s {
				rows = append(rows, row{s, hold(totals.muniPub[i], hideT.muni[i]), hold(unserved.muniPub[i], hideU.muni[i]), hideT.muni[i], hideU.muni[i]})
			}
		}
	} else {
		for i, s := range totals.nils {
			if p.Area == "" || p.Area == s || p.Area == totals.nilParent[i] {
				rows = append(rows, row{s, hold(totals.nilPub[i], hideT.nil[i]), hold(unserved.nilPub[i], hideU.nil[i]), hideT.nil[i], hideU.nil[i]})
			}
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
			return cmp.Compare(x.slug, y.slug)
		}
		xu, _ := x.unserved.Value()
		yu, _ := y.unserved.Value()
		return cmp.Or(cmp.Compare(yu, xu), cmp.Compare(x.slug, y.slug))
	})
	shown := rows
	if p.Top > 0 && len(shown) > p.Top {
		shown = shown[:p.Top]
	}
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: levelName(p.Level, l), Type: TypeString},
			{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "unserved", Label: l.Pick("senza servizio", "unserved"), Type: TypeInt, Unit: unitOf(target, l)},
			{Name: "unserved_share", Label: l.Pick("quota senza servizio", "unserved share"), Type: TypePercent},
		},
		Facts: map[string]any{},
	}
	withheldCells := 0
	for i, r := range shown {
		share := shareValue(r.unserved, r.total) // empty where nobody of the target lives
		if r.hideTotal {
			withheldCells++
		}
		if r.hideUnserved {
			withheldCells += 2
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.slug), Str(e.areaName(r.slug)),
			Count(r.total), Count(r.unserved), share,
		})
	}

	// The figures of the whole scope, withheld as the same cell is in the
	// table of its level.
	scopeSlug := e.vocab.CityArea
	total, unservedAll := totals.cityPub, unserved.cityPub
	switch scope.Level {
	case LevelNIL:
		i := totals.nilIndex[scope.Slug]
		scopeSlug, total, unservedAll = scope.Slug, hold(totals.nilPub[i], hideT.nil[i]), hold(unserved.nilPub[i], hideU.nil[i])
	case LevelMunicipio:
		i := totals.muniIndex[scope.Slug]
		scopeSlug, total, unservedAll = scope.Slug, hold(totals.muniPub[i], hideT.muni[i]), hold(unserved.muniPub[i], hideU.muni[i])
	}
	res.Facts["target"] = p.Target
	res.Facts["year"] = p.Year
	res.Facts["radius_m"] = p.RadiusM
	res.Facts["area"] = scopeSlug
	res.Facts["services"] = services
	res.Facts["facilities"] = len(facilities)
	res.Facts["areas"] = len(rows)
	res.Facts["target_count"] = fact(total)
	res.Facts["unserved"] = fact(unservedAll)
	res.Facts["unserved_share"] = shareFact(unservedAll, total)
	var worst string
	var worstN int64
	if len(shown) > 0 && !shown[0].hideUnserved && len(shown) > 1 {
		worst = e.areaName(shown[0].slug)
		worstN, _ = shown[0].unserved.Value()
	}
	res.Headline = underservedHeadline(p, target, e.areaName(scopeSlug), total, unservedAll, worst, worstN, l)
	res.Notes = append(res.Notes, e.underservedMethod(p, target, tbl, facilities, services, l)...)
	if note := topNote(p.Top, len(rows), l); note != "" {
		res.Notes = append(res.Notes, note)
	}
	groupLevel := parentLevelOf(p.Level)
	res.Disclosure = Disclosure{
		Rule:      disclosureRule(target.MinCount, groupLevel, l),
		Threshold: target.MinCount, Suppressed: withheldCells,
	}
	res.Sources = e.sources(used)
	return res, nil
}

// underservedMethod says how the answer was computed, which services
// counted, which are missing from the catalog, and any approximation.
func (e *Engine) underservedMethod(p *Underserved, target Target, tbl *demandTable, facilities []Facility, services []string, l Lang) []string {
	perService := map[string]int{}
	for _, f := range facilities {
		perService[f.Service]++
	}
	var names, missing []string
	for _, s := range services {
		name := s
		if sv, ok := e.vocab.Service(s); ok {
			name = sv.Name(l)
		}
		if perService[s] == 0 {
			missing = append(missing, name)
			continue
		}
		names = append(names, fmt.Sprintf("%s: %s", name, FormatInt(int64(perService[s]), l)))
	}
	n := FormatInt(int64(len(tbl.rows)), l)
	unitIT, unitEN := "sezioni censuarie", "census sections"
	if tbl.level != LevelSection {
		unitIT, unitEN = "aree ("+levelName(tbl.level, Italian)+")", "areas ("+levelName(tbl.level, English)+")"
	}
	from := l.Pick(fmt.Sprintf("dal punto rappresentativo di ciascuna delle %s %s della città", n, unitIT),
		fmt.Sprintf("from the representative point of each of the city's %s %s", n, unitEN))
	if tbl.spread {
		from = l.Pick(fmt.Sprintf("da una griglia di punti ogni %s sulle %s %s della città", FormatDistance(spreadSpacingM, l), n, unitIT),
			fmt.Sprintf("from a grid of points every %s over the city's %s %s", FormatDistance(spreadSpacingM, l), n, unitEN))
	}
	out := []string{l.Pick(
		fmt.Sprintf("Metodo: distanza in linea d'aria (haversine) %s alla struttura più vicina tra %s (%s); un punto è scoperto se nessuna è entro %s.",
			from, FormatInt(int64(len(facilities)), l), strings.Join(names, ", "), FormatDistance(p.RadiusM, l)),
		fmt.Sprintf("Method: straight-line (haversine) distance %s to the nearest of %s facilities (%s); a point is unserved when none is within %s.",
			from, FormatInt(int64(len(facilities)), l), strings.Join(names, ", "), FormatDistance(p.RadiusM, l)))}
	if len(missing) > 0 {
		out = append(out, l.Pick(
			fmt.Sprintf("Attenzione: il catalogo non ha strutture di tipo %s; dove esistono, la scopertura qui è sovrastimata.", strings.Join(missing, ", ")),
			fmt.Sprintf("Caution: the catalog holds no facilities of type %s; where they exist, the gap shown here is overstated.", strings.Join(missing, ", "))))
	}
	if tbl.spread {
		out = append(out, l.Pick(
			fmt.Sprintf("Il catalogo conta %s per %s e non per sezione censuaria: ogni conteggio è distribuito uniformemente sul territorio della sua area, un'approssimazione.", target.Name(l), levelName(tbl.level, Italian)),
			fmt.Sprintf("The catalog counts %s by %s, not by census section: each count is spread uniformly over its area, an approximation.", target.Name(l), levelName(tbl.level, English))))
	}
	return out
}

func underservedHeadline(p *Underserved, target Target, scopeName string, totalC, unservedC disclose.Count, worst string, worstN int64, l Lang) string {
	dist := FormatDistance(p.RadiusM, l)
	name := target.Name(l)
	total, ok1 := totalC.Value()
	unserved, ok2 := unservedC.Value()
	if !ok1 || !ok2 {
		return l.Pick(
			fmt.Sprintf("%s, %d: il numero di %s senza un servizio entro %s non è pubblicabile (tutela della riservatezza).", scopeName, p.Year, name, dist),
			fmt.Sprintf("%s, %d: the number of %s without a service within %s cannot be published (confidentiality).", scopeName, p.Year, name, dist))
	}
	sh, _ := disclose.Share(unservedC, totalC)
	share := FormatPercent(sh, l)
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
		return "municipio"
	case LevelSection:
		return l.Pick("sezione", "section")
	case LevelCity:
		return l.Pick("città", "city")
	}
	return l.Pick("quartiere (NIL)", "neighbourhood (NIL)")
}

// levelRank orders levels from the finest (0) to the city (3).
func levelRank(level string) int {
	switch level {
	case LevelSection:
		return 0
	case LevelNIL:
		return 1
	case LevelMunicipio:
		return 2
	}
	return 3
}

func unitOf(t Target, l Lang) string {
	if t.Kind == "family" {
		return l.Pick("famiglie", "households")
	}
	return l.Pick("persone", "people")
}

// unservedCells publishes, by neighbourhood and by municipio, the people of
// a demand table and those of them no facility covers, with the disclosure
// patterns of both columns. The unserved part of an area is a region the
// question drew: it has a key of its own (the sum of its records' keys) and
// is withheld when it holds too few sections.
func unservedCells(ctx context.Context, tbl *demandTable, covered func(geo.Point) bool, pub publisher) (totals, unserved *levelCells, hideT, hideU withheld, err error) {
	regions := make([]disclose.Region, len(tbl.rows))
	for k, dp := range tbl.points {
		if k%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, hideT, hideU, err
			}
		}
		if !covered(dp.p) {
			regions[dp.row].Merge(dp.region())
		}
	}
	key := func(i int) (string, string) { return tbl.nil[i], tbl.municipio[i] }
	totals = rowCells(tbl, pub)
	unserved = cellsOf(len(tbl.rows), key, func(i int) disclose.Region { return regions[i] }, pub, true)
	hideT = protectLevels(totals, nil, nil, pub.threshold)
	forcedNIL, forcedMuni := hideT.nil, hideT.muni
	if pub.pol.Exact {
		// Exact figures (the analyst): a served remainder below the
		// threshold is a count too, as total − unserved would give it back.
		// Perturbed figures need no such rule: their difference carries the
		// noise of both.
		forcedNIL = orMasks(forcedNIL, smallRemainders(totals.nilCount, unserved.nilCount, pub.threshold))
		forcedMuni = orMasks(forcedMuni, smallRemainders(totals.muniCount, unserved.muniCount, pub.threshold))
	}
	hideU = protectLevels(unserved, forcedNIL, forcedMuni, pub.threshold)
	return totals, unserved, hideT, hideU, nil
}
