package engine

import (
	"cmp"
	"context"
	"fmt"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// Base populations: the people (or households) a target's shares and
// location quotients are taken of.
const (
	concBasePeople   = "residenti"
	concBaseFamilies = "famiglie"
)

// concTable is a target's published counts for a year at the two published
// levels (neighbourhoods and municipi) and the city, for one role, with the
// disclosure pattern every question about that population applies (the
// same as `howmuch demand` and `where underserved`: protectLevels over both
// levels, never over the rows a question happens to show).
type concTable struct {
	target Target
	tbl    *demandTable
	cells  *levelCells
	hide   withheld
}

// concTableFor reads a target's published table for a year and its pattern,
// once per engine and role precision: the counts by level depend only on the
// catalog and the role. What is kept is small (the counts of two levels and
// one row per dataset), not the table of every section.
func (e *Engine) concTableFor(ctx context.Context, target Target, year int, role Role) (*concTable, error) {
	key := fmt.Sprintf("conc|%s|%d|%d|%t", target.Slug, year, role.Rounding(), role.Exact())
	if c, ok := e.memo.Load(key); ok {
		return c.(*concTable), nil
	}
	// The very cells and pattern of `howmuch demand` (areaCount), so that an
	// area's count is the same figure in every verb.
	cells, hide, tbl, err := e.levelTable(ctx, target, year, role)
	if err != nil {
		return nil, err
	}
	slim := &demandTable{level: tbl.level}
	seen := map[string]bool{}
	for _, r := range tbl.rows {
		if !seen[r.Dataset] {
			seen[r.Dataset] = true
			slim.rows = append(slim.rows, AreaDemand{Dataset: r.Dataset, Level: r.Level})
		}
	}
	c := &concTable{target: target, tbl: slim, cells: cells, hide: hide}
	e.memo.Store(key, c)
	return c, nil
}

// empty reports whether the catalog holds no demand of the target that year.
func (c *concTable) empty() bool { return len(c.tbl.rows) == 0 }

// at returns the published count in an area (withheld where the tables of
// its level withhold it), and whether the catalog counts the target at the
// area's level at all (a target counted by municipio has no count by
// neighbourhood). Sections are never published one by one.
func (c *concTable) at(a Area) (n disclose.Count, known bool) {
	if c.empty() {
		return disclose.Zero(), a.Level != LevelSection
	}
	switch a.Level {
	case LevelCity:
		// A published figure is never from 1 to threshold − 1; an exact one
		// (analyst) there is withheld by the classic rule.
		v, ok := c.cells.cityPub.Value()
		return heldCount(c.cells.cityPub, ok && v > 0 && v < int64(c.target.MinCount)), true
	case LevelMunicipio:
		if LevelRank(c.tbl.level) > LevelRank(LevelMunicipio) {
			return disclose.Withheld(), false
		}
		i, ok := c.cells.muniIndex[a.Slug]
		if !ok {
			return disclose.Zero(), true
		}
		return heldCount(c.cells.muniPub[i], c.hide.muni[i]), true
	case LevelNIL:
		if LevelRank(c.tbl.level) > LevelRank(LevelNIL) {
			return disclose.Withheld(), false
		}
		i, ok := c.cells.nilIndex[a.Slug]
		if !ok {
			return disclose.Zero(), true
		}
		return heldCount(c.cells.nilPub[i], c.hide.nil[i]), true
	}
	return disclose.Withheld(), false
}

// datasets adds the datasets of the table's rows to used.
func (c *concTable) datasets(used map[string]bool) {
	for _, r := range c.tbl.rows {
		used[r.Dataset] = true
	}
}

// concBaseSlug is the base population of a target: households for family
// targets, residents otherwise.
func concBaseSlug(t Target) string {
	if t.Kind == "family" {
		return concBaseFamilies
	}
	return concBasePeople
}

// concBaseFor returns the table of a target's base population for the year,
// or nil when the catalog does not count it that year at the level given
// (LevelCity accepts any).
func (e *Engine) concBaseFor(ctx context.Context, t Target, year int, level string, role Role) (*concTable, error) {
	base, ok := e.vocab.Target(concBaseSlug(t))
	if !ok {
		return nil, nil
	}
	c, err := e.concTableFor(ctx, base, year, role)
	if err != nil || c.empty() || LevelRank(c.tbl.level) > LevelRank(level) {
		return nil, err
	}
	return c, nil
}

// concBaseLabel names the base population in a column heading ("share of
// residents").
func concBaseLabel(t Target, l Lang) string {
	if t.Kind == "family" {
		return l.Pick("quota sulle famiglie", "share of households")
	}
	return l.Pick("quota sui residenti", "share of residents")
}

// concMissingBase says that shares of the area's population cannot be given.
func concMissingBase(t Target, year int, l Lang) string {
	return l.Pick(
		fmt.Sprintf("Il catalogo non conta %s per queste aree nel %d: quote sulla popolazione dell'area e quozienti di localizzazione non calcolati.", concBaseSlug(t), year),
		fmt.Sprintf("The catalog does not count %s for these areas in %d: shares of the area's population and location quotients are not computed.", concBaseSlug(t), year))
}

// concPerKm2 is a published count per km² as a cell: withheld with the
// count, empty when the area's surface is unknown. Like every rate, it is
// computed from the count as published to the role, so that neither noise
// nor rounding can be undone by multiplying it back by a public figure.
func concPerKm2(n disclose.Count, km2 float64) Value {
	v, ok := n.Value()
	switch {
	case !ok:
		return Suppressed()
	case km2 <= 0:
		return Empty()
	}
	return Float(float64(v) / km2)
}

// concLQ is the location quotient (n / base) / (city / city base) from
// published counts, the two shares as every table shows them, false when
// any count is withheld or a denominator is zero.
func concLQ(n, base, city, cityBase disclose.Count) (float64, bool) {
	local, ok1 := disclose.Share(n, base)
	whole, ok2 := disclose.Share(city, cityBase)
	if !ok1 || !ok2 || whole <= 0 {
		return 0, false
	}
	return local / whole, true
}

// concFigure is a published count's figure, 0 when withheld.
func concFigure(c disclose.Count) int64 {
	v, _ := c.Value()
	return v
}

// concScope resolves the area a ranking is restricted to ("" = the city)
// and checks it against the level of the ranking.
func (e *Engine) concScope(area, level string) (Area, error) {
	if level != LevelNIL && level != LevelMunicipio {
		return Area{}, fmt.Errorf("rankings are given by nil or municipio, not by %q", level)
	}
	if area == "" {
		a, _ := e.area(e.vocab.CityArea)
		return a, nil
	}
	return e.scopeOf(area, level)
}

// concAreas lists the areas of a level within the scope, from a table's cells.
func (e *Engine) concAreas(c *levelCells, level string, scope Area) []Area {
	slug := scope.Slug
	if scope.Level == LevelCity {
		slug = ""
	}
	var out []Area
	for _, a := range c.scopeCells(level, slug) {
		if a.muni {
			out = append(out, e.concArea(a.slug, LevelMunicipio))
		} else {
			out = append(out, e.concArea(a.slug, LevelNIL))
		}
	}
	return out
}

// concArea returns the area with the slug, or a bare one of the level.
func (e *Engine) concArea(slug, level string) Area {
	if a, ok := e.area(slug); ok {
		return a
	}
	return Area{Slug: slug, Name: slug, Level: level}
}

// concSetup resolves what concentration and reach both start from: the
// target, the area asked about, the target's table with its disclosure
// pattern, and the base population's (nil when the catalog lacks it).
func (e *Engine) concSetup(ctx context.Context, slug, area, level string, year int, role Role) (Target, Area, *concTable, *concTable, error) {
	target, ok := e.vocab.Target(slug)
	if !ok {
		return Target{}, Area{}, nil, nil, fmt.Errorf("unknown target %q", slug)
	}
	scope, err := e.concScope(area, level)
	if err != nil {
		return target, scope, nil, nil, err
	}
	tc, err := e.concTableFor(ctx, target, year, role)
	if err != nil {
		return target, scope, nil, nil, err
	}
	if tc.empty() {
		return target, scope, nil, nil, keyErrorf("year", "il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", slug, year)
	}
	if LevelRank(tc.tbl.level) > LevelRank(level) {
		return target, scope, nil, nil, keyErrorf("level", "il catalogo conta %s solo per %s: chiedi con livello=%s", "the catalog holds %s only by %s: ask with level=%s", slug, tc.tbl.level, tc.tbl.level)
	}
	base, err := e.concBaseFor(ctx, target, year, level, role)
	return target, scope, tc, base, err
}

// concentration ranks the areas of a level by their count of a target, with
// each area's share of the city, its density per km² and its location
// quotient against the base population (residents, or households for
// family targets):
//
//	share = count / city count
//	density = count / area km²
//	LQ = (count / base of the area) / (city count / city base)
//
// LQ above 1 means the target is more present in the area than in the city
// as a whole. Every figure is derived only from published counts.
func (e *Engine) concentration(ctx context.Context, p *WhereConcentration, req Request) (*Result, error) {
	l, role := req.Lang, req.Role
	target, scope, tc, base, err := e.concSetup(ctx, p.Target, p.Area, p.Level, p.Year, role)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	tc.datasets(used)
	city, _ := e.area(e.vocab.CityArea)
	cityN, _ := tc.at(city)
	cityBase := disclose.Withheld()
	if base != nil {
		base.datasets(used)
		cityBase, _ = base.at(city)
	}
	rows := e.concRows(tc, base, p.Level, scope, cityN, cityBase)
	growth, err := e.concGrowth(ctx, target, p.FromYear, role, rows, used)
	if err != nil {
		return nil, err
	}
	shown := topRows(concSorted(rows, p.Sort, growth), p.Top)
	res, withheldCells := concTableOf(shown, target, p.Level, base != nil, cityN, l)
	withheldCells += withGrowth(res, shown, p.FromYear, growth, l)
	maxLQ, maxLQArea := 0.0, ""
	for _, r := range rows {
		if q, ok := r.lq(); ok && (maxLQArea == "" || q > maxLQ) {
			maxLQ, maxLQArea = q, r.area.Slug
		}
	}

	scopeN, _ := tc.at(scope)
	res.Facts = concFacts(p.Target, p.Year, p.Level, scope, len(rows), scopeN, base)
	res.Facts["city_count"] = fact(cityN)
	var top *concRow
	if len(rows) > 0 && rows[0].n.Positive() {
		top = &rows[0]
		res.Facts["top_area"] = top.area.Slug
		res.Facts["top_count"] = fact(top.n)
		if s, ok := disclose.Share(top.n, cityN); ok {
			res.Facts["top_city_share"] = s
		}
	}
	if maxLQArea != "" {
		res.Facts["max_lq_area"] = maxLQArea
		res.Facts["max_lq"] = maxLQ
	}
	res.Headline = concHeadline(target, scope, p.Year, scopeN, cityN, top, l)
	res.Notes = append(res.Notes, concMethodNote(target, p.Level, tc.tbl.level, l))
	if base == nil {
		res.Notes = append(res.Notes, concMissingBase(target, p.Year, l))
	}
	if role.Rounding() > 1 {
		res.Notes = append(res.Notes, l.Pick("Quote, densità e quozienti sono calcolati sui conteggi arrotondati pubblicati.",
			"Shares, densities and quotients are computed from the rounded counts published."))
	}
	if note := concSortNote(p.Sort, l); note != "" {
		res.Notes = append(res.Notes, note)
	}
	res.Notes = withTopNote(res.Notes, p.Top, len(rows), l)
	res.Disclosure = peopleDisclosure(target, withheldCells, l)
	res.Sources = e.sources(used)
	return res, nil
}

// concFacts are the facts a ranking of concentration or reach starts from.
func concFacts(target string, year int, level string, scope Area, areas int, scopeN disclose.Count, base *concTable) map[string]any {
	facts := map[string]any{"target": target, "year": year, "level": level, "area": scope.Slug, "areas": areas, "target_count": fact(scopeN)}
	if base != nil {
		facts["base"] = base.target.Slug
	}
	return facts
}

// concRow is an area of the concentration ranking.
type concRow struct {
	area           Area
	n, base        disclose.Count // as published
	hidden         bool           // count withheld
	baseGone       bool           // base withheld or unknown
	city, cityBase disclose.Count
}

// lq is the location quotient of a row, when every count it uses is published.
func (r concRow) lq() (float64, bool) {
	if r.baseGone {
		return 0, false
	}
	return concLQ(r.n, r.base, r.city, r.cityBase)
}

// concRows lists the areas of a level within the scope, by the published
// count; withheld rows go last, by area, so that their place in the ranking
// reveals nothing.
func (e *Engine) concRows(tc, base *concTable, level string, scope Area, cityN, cityBase disclose.Count) []concRow {
	var rows []concRow
	for _, a := range e.concAreas(tc.cells, level, scope) {
		n, _ := tc.at(a)
		r := concRow{area: a, n: n, base: disclose.Withheld(), hidden: n.Withheld(), baseGone: true, city: cityN, cityBase: cityBase}
		if base != nil {
			b, known := base.at(a)
			r.base, r.baseGone = b, b.Withheld() || !known
		}
		rows = append(rows, r)
	}
	rankWithheldLast(rows, func(r concRow) bool { return r.hidden }, func(r concRow) string { return r.area.Slug },
		func(x, y concRow) int { return cmp.Compare(concFigure(y.n), concFigure(x.n)) })
	return rows
}

// concTableOf lays the shown rows out, with the count of cells withheld.
func concTableOf(shown []concRow, target Target, level string, hasBase bool, cityN disclose.Count, l Lang) (*Result, int) {
	unit := unitOf(target, l)
	res := &Result{
		Columns: append(areaColumns(level, l),
			Column{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unit},
			Column{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
			Column{Name: "density", Label: l.Pick("densità", "density"), Type: TypeFloat, Unit: unit + " per km²"},
			Column{Name: "location_quotient", Label: l.Pick("quoziente di localizzazione", "location quotient"), Type: TypeFloat},
		),
	}
	withheldCells := 0
	for i, r := range shown {
		lqCell := Empty()
		if q, ok := r.lq(); ok {
			lqCell = Float(q)
		} else if r.hidden || (hasBase && r.baseGone) {
			lqCell = Suppressed()
		}
		if r.hidden {
			withheldCells += 4
		} else if lqCell.IsSuppressed() {
			withheldCells++
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.area.Slug), Str(r.area.Name),
			Count(r.n), shareValue(r.n, cityN), concPerKm2(r.n, r.area.AreaKm2), lqCell,
		})
	}
	return res, withheldCells
}

// concHeadline says where the target is most concentrated.
func concHeadline(target Target, scope Area, year int, scopeN, cityN disclose.Count, top *concRow, l Lang) string {
	name := target.Name(l)
	head := fmt.Sprintf("%s, %d: ", scope.Name, year)
	switch {
	case scopeN.Withheld() || cityN.Withheld():
		head += l.Pick(fmt.Sprintf("il numero di %s non è pubblicabile (tutela della riservatezza).", name),
			fmt.Sprintf("the number of %s cannot be published (confidentiality).", name))
	case !scopeN.Positive():
		head += l.Pick(fmt.Sprintf("nessun conteggio di %s nell'area.", name), fmt.Sprintf("no %s counted in the area.", name))
	case top == nil:
		head += l.Pick(fmt.Sprintf("%s %s, ma i conteggi per zona non sono pubblicabili (tutela della riservatezza).", FormatInt(concFigure(scopeN), l), name),
			fmt.Sprintf("%s %s, but the counts by area cannot be published (confidentiality).", FormatInt(concFigure(scopeN), l), name))
	default:
		s, _ := disclose.Share(top.n, cityN)
		share := FormatPercent(s, l)
		head += l.Pick(fmt.Sprintf("la zona con più %s è %s, con %s (%s del totale cittadino)", name, top.area.Name, FormatInt(concFigure(top.n), l), share),
			fmt.Sprintf("the area with the most %s is %s, with %s (%s of the city total)", name, top.area.Name, FormatInt(concFigure(top.n), l), share))
		if q, ok := top.lq(); ok {
			head += l.Pick(fmt.Sprintf(" e un quoziente di localizzazione di %s", FormatFloat(q, 2, l)),
				fmt.Sprintf(" and a location quotient of %s", FormatFloat(q, 2, l)))
		}
		head += "."
	}
	return head
}

// concMethodNote says how concentration figures are computed.
func concMethodNote(target Target, level, finest string, l Lang) string {
	baseIT, baseEN := "dei residenti", "residents"
	if target.Kind == "family" {
		baseIT, baseEN = "delle famiglie", "households"
	}
	return l.Pick(
		fmt.Sprintf("Metodo: conteggi per %s sommati dal livello %s; quota = conteggio / totale cittadino; densità = conteggio / superficie in km²; quoziente di localizzazione = (conteggio / totale %s dell'area) / (totale cittadino / totale %s della città): sopra 1 il target è più presente che nella media della città.",
			levelName(level, Italian), levelName(finest, Italian), baseIT, baseIT),
		fmt.Sprintf("Method: counts by %s summed from the %s level; share = count / city total; density = count / surface in km²; location quotient = (count / the area's %s) / (city total / the city's %s): above 1 the target is more present than in the city as a whole.",
			levelName(level, English), levelName(finest, English), baseEN, baseEN))
}
