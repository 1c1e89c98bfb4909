package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
	"github.com/welfare-intelligence/wi/geo"
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
	scope, err := e.scopeOf(p.Area, p.Level)
	if err != nil {
		return nil, err
	}
	services, facilities, err := e.coverageServices(ctx, p.Target, p.Services)
	if err != nil {
		return nil, err
	}
	pts := make([]geo.Point, len(facilities))
	for i, f := range facilities {
		pts[i] = f.Point
	}
	radius := p.RadiusM
	index := geo.NewIndex(pts, radius)
	tbl, err := e.rankingTable(ctx, p.Target, p.Year, p.Level)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	used.facilities(facilities)
	used.table(tbl)
	pub := e.publisher(target, role)
	totals, unserved, hideT, hideU, err := unservedCells(ctx, tbl, func(p geo.Point) bool { return index.AnyWithin(p, radius) }, pub)
	if err != nil {
		return nil, err
	}
	rows := unservedRows(totals, unserved, hideT, hideU, p.Level, p.Area)
	shown := topRows(unservedSorted(rows, p.Sort), p.Top)
	res := &Result{
		Columns: append(areaColumns(p.Level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "unserved", Label: l.Pick("senza servizio", "unserved"), Type: TypeInt, Unit: unitOf(target, l)},
			Column{Name: "unserved_share", Label: l.Pick("quota senza servizio", "unserved share"), Type: TypePercent},
		),
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
		res.Rows = append(res.Rows, append(e.areaRowStart(i+1, r.slug), Count(r.total), Count(r.unserved), share))
	}

	// The figures of the whole scope, withheld as the same cell is in the
	// table of its level.
	scopeSlug := e.vocab.CityArea
	total, unservedAll := totals.cityPub, unserved.cityPub
	if a, ok := totals.scopeCell(scope); ok {
		scopeSlug = a.slug
		total, _ = totals.cell(a, hideT)
		unservedAll, _ = unserved.cell(a, hideU)
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
	// The scope placed: against the city and among the areas of its level.
	if a, ok := totals.scopeCell(scope); ok {
		pl := placeShare(totals, unserved, hideT, hideU, a)
		res.Facts["city_unserved_share"] = shareFact(unserved.cityPub, totals.cityPub)
		if pl.rank > 0 {
			res.Facts["rank"], res.Facts["rank_of"] = pl.rank, pl.of
		}
		res.Headline += pl.sentence(a.muni, l)
	}
	notes, caveats := e.underservedMethod(p, target, tbl, facilities, services, l)
	res.Notes = append(res.Notes, notes...)
	res.Caveats = append(caveats, distanceCaveat(l))
	if p.Sort == SortShare {
		res.Notes = append(res.Notes, l.Pick("Righe ordinate per quota senza servizio, dalla più alta; le aree senza la quota in fondo.",
			"Rows ranked by the unserved share, highest first; areas without the share last."))
	}
	res.Notes = withTopNote(res.Notes, p.Top, len(rows), l)
	res.Disclosure = peopleDisclosure(target, withheldCells, l)
	res.Sources = e.sources(used)
	return res, nil
}

// unservedRow is an area of the underserved ranking.
type unservedRow struct {
	slug                    string
	total, unserved         disclose.Count
	hideTotal, hideUnserved bool
}

// unservedRows lists the areas of a level within the scope, most people
// without a service first, withheld rows last.
func unservedRows(totals, unserved *levelCells, hideT, hideU withheld, level, scope string) []unservedRow {
	var rows []unservedRow
	for _, a := range totals.scopeCells(level, scope) {
		t, ht := totals.cell(a, hideT)
		u, hu := unserved.cell(a, hideU)
		rows = append(rows, unservedRow{a.slug, t, u, ht, hu})
	}
	rankWithheldLast(rows, func(r unservedRow) bool { return r.hideUnserved }, func(r unservedRow) string { return r.slug },
		func(x, y unservedRow) int {
			xu, _ := x.unserved.Value()
			yu, _ := y.unserved.Value()
			return cmp.Compare(yu, xu)
		})
	return rows
}

// underservedMethod says how the answer was computed, which services
// counted, which are missing from the catalog, and any approximation.
func (e *Engine) underservedMethod(p *Underserved, target Target, tbl *demandTable, facilities []Facility, services []string, l Lang) (notes, caveats []string) {
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
		caveats = append(caveats, l.Pick(
			fmt.Sprintf("Il catalogo non ha strutture di %s: chi vive vicino a una di esse è contato qui senza servizio, e la quota senza servizio è sovrastimata.", strings.Join(missing, ", ")),
			fmt.Sprintf("The catalog holds no facilities of %s: people living near one are counted here as unserved, so the unserved share is overstated.", strings.Join(missing, ", "))))
	}
	if tbl.spread {
		caveats = append(caveats, spreadCaveat(target, tbl.level, l))
	}
	return out, caveats
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
	if unserved == 0 && total > 0 {
		return l.Pick(
			fmt.Sprintf("%s, %d: tutto il target ha un servizio per sé entro %s (%s %s, nessuno escluso).", scopeName, p.Year, dist, FormatInt(total, l), name),
			fmt.Sprintf("%s, %d: every one of the %s %s has a service for them within %s.", scopeName, p.Year, FormatInt(total, l), name, dist))
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
			fmt.Sprintf(" Il numero più alto di persone senza servizio è %s (%s).", InPlace(worst), FormatInt(worstN, l)),
			fmt.Sprintf(" The most people without a service are in %s (%s).", worst, FormatInt(worstN, l)))
	}
	return h
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

// placing is an area's unserved share placed against the city's and among
// the areas of its level (rank 1 = the least served), from published counts.
type placing struct {
	share, city float64 // NaN when not published
	rank, of    int     // rank 0 when the area's share is withheld
}

func placeShare(totals, unserved *levelCells, hideT, hideU withheld, a areaCell) placing {
	share := func(c areaCell) (float64, bool) {
		t, ht := totals.cell(c, hideT)
		u, hu := unserved.cell(c, hideU)
		if ht || hu {
			return 0, false
		}
		return disclose.Share(u, t)
	}
	pl := placing{share: math.NaN(), city: math.NaN()}
	if x, ok := disclose.Share(unserved.cityPub, totals.cityPub); ok {
		pl.city = x
	}
	own, ok := share(a)
	if !ok {
		return pl
	}
	pl.share = own
	level := LevelNIL
	if a.muni {
		level = LevelMunicipio
	}
	pl.rank = 1
	for _, c := range totals.scopeCells(level, "") {
		x, ok := share(c)
		if !ok {
			continue
		}
		pl.of++
		if c.slug != a.slug && x > own {
			pl.rank++
		}
	}
	return pl
}

// sentence says the placing in words: higher, lower or like the city's, and
// the rank among the areas of the level.
func (pl placing) sentence(muni bool, l Lang) string {
	if math.IsNaN(pl.share) {
		return ""
	}
	var out string
	if !math.IsNaN(pl.city) {
		city := FormatPercent(pl.city, l)
		switch {
		case pl.share > pl.city*1.1:
			out = l.Pick(fmt.Sprintf(" La quota è più alta che in città (%s)", city), fmt.Sprintf(" The share is higher than the city's (%s)", city))
		case pl.share < pl.city*0.9:
			out = l.Pick(fmt.Sprintf(" La quota è più bassa che in città (%s)", city), fmt.Sprintf(" The share is lower than the city's (%s)", city))
		default:
			out = l.Pick(fmt.Sprintf(" La quota è simile a quella della città (%s)", city), fmt.Sprintf(" The share is close to the city's (%s)", city))
		}
	}
	if pl.of > 1 {
		areasIT, areasEN := "quartieri", "neighbourhoods"
		if muni {
			areasIT, areasEN = "municipi", "municipi"
		}
		sep := ": "
		if out == "" {
			sep = " "
		}
		out += l.Pick(fmt.Sprintf("%s%dº su %d %s per quota senza servizio (1º il meno servito)", sep, pl.rank, pl.of, areasIT),
			fmt.Sprintf("%s%s of %d %s by unserved share (1st is the least served)", sep, ordinalEN(pl.rank), pl.of, areasEN))
	}
	if out == "" {
		return ""
	}
	return out + "."
}

// ordinalEN writes 1st, 2nd, 3rd, 4th, 11th, 21st…
func ordinalEN(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprintf("%d%s", n, suffix)
}
