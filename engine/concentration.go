package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

func init() {
	register(func(e *Engine, ctx context.Context, p *WhereConcentration, req Request) (*Result, error) {
		return e.concentration(ctx, p, req)
	})
}

// Base populations: the people (or households) a target's shares and
// location quotients are taken of.
const (
	concBasePeople   = "residenti"
	concBaseFamilies = "famiglie"
)

// concTable is a target's counts for a year at the two published levels
// (neighbourhoods and municipi), with the disclosure pattern every question
// about that population applies (the same as `howmuch demand` and
// `where underserved`: protectLevels over both levels, never over the rows
// a question happens to show).
type concTable struct {
	target Target
	tbl    *demandTable
	cells  *levelCells
	hide   withheld
}

// concTableFor reads a target's table for a year and computes its pattern,
// once per engine: the counts by level depend only on the catalog. What is
// kept is small (the counts of two levels and one row per dataset), not the
// table of every section.
func (e *Engine) concTableFor(ctx context.Context, target Target, year int) (*concTable, error) {
	key := fmt.Sprintf("conc|%s|%d", target.Slug, year)
	if c, ok := e.memo.Load(key); ok {
		return c.(*concTable), nil
	}
	tbl, err := e.demandTable(ctx, target.Slug, year)
	if err != nil {
		return nil, err
	}
	// Published counts for every reader (press rounding is applied on top by
	// the analyses).
	cells, _, _, err := e.levelTable(ctx, target, year, RoleStaff)
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
	c := &concTable{target: target, tbl: slim, cells: cells, hide: protectLevels(cells, nil, nil, target.MinCount)}
	e.memo.Store(key, c)
	return c, nil
}

// empty reports whether the catalog holds no demand of the target that year.
func (c *concTable) empty() bool { return len(c.tbl.rows) == 0 }

// at returns the count in an area, whether disclosure control withholds it,
// and whether the catalog counts the target at the area's level at all (a
// target counted by municipio has no count by neighbourhood). Sections are
// never published one by one.
func (c *concTable) at(a Area) (n int64, hidden, known bool) {
	if c.empty() {
		return 0, false, a.Level != LevelSection
	}
	switch a.Level {
	case LevelCity:
		n = c.cells.cityCounts
		return n, n > 0 && n < int64(c.target.MinCount), true
	case LevelMunicipio:
		if levelRank(c.tbl.level) > levelRank(LevelMunicipio) {
			return 0, false, false
		}
		i, ok := c.cells.muniIndex[a.Slug]
		if !ok {
			return 0, false, true
		}
		return c.cells.muniCount[i], c.hide.muni[i], true
	case LevelNIL:
		if levelRank(c.tbl.level) > levelRank(LevelNIL) {
			return 0, false, false
		}
		i, ok := c.cells.nilIndex[a.Slug]
		if !ok {
			return 0, false, true
		}
		return c.cells.nilCount[i], c.hide.nil[i], true
	}
	return 0, true, false
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
func (e *Engine) concBaseFor(ctx context.Context, t Target, year int, level string) (*concTable, error) {
	base, ok := e.vocab.Target(concBaseSlug(t))
	if !ok {
		return nil, nil
	}
	c, err := e.concTableFor(ctx, base, year)
	if err != nil || c.empty() || levelRank(c.tbl.level) > levelRank(level) {
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

// concRatio is num/den as a cell: withheld when either figure is, empty
// when the denominator is zero. Rates are computed from the counts as
// published to the role, so that a role's rounding cannot be undone by
// multiplying a rate back by a public figure.
func concRatio(num, den int64, hidden bool) Value {
	switch {
	case hidden:
		return Suppressed()
	case den <= 0:
		return Empty()
	}
	return Float(float64(num) / float64(den))
}

// concPerKm2 is a count per km² as a cell (empty when the area's surface is unknown).
func concPerKm2(n int64, km2 float64, hidden bool) Value {
	switch {
	case hidden:
		return Suppressed()
	case km2 <= 0:
		return Empty()
	}
	return Float(float64(n) / km2)
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
	scope, ok := e.area(area)
	if !ok {
		return Area{}, fmt.Errorf("unknown area %q", area)
	}
	if levelRank(scope.Level) < levelRank(level) {
		return Area{}, answerErrorf("l'area %s è un %s, più fine del livello chiesto (%s)", "area %s is a %s, finer than the level asked (%s)", area, scope.Level, level)
	}
	return scope, nil
}

// concAreas lists the areas of a level within the scope, from a table's cells.
func (e *Engine) concAreas(c *levelCells, level string, scope Area) []Area {
	var out []Area
	in := func(slug, parent string) bool {
		return scope.Level == LevelCity || scope.Slug == slug || scope.Slug == parent
	}
	if level == LevelMunicipio {
		for _, s := range c.munis {
			if in(s, "") {
				out = append(out, e.concArea(s, LevelMunicipio))
			}
		}
		return out
	}
	for i, s := range c.nils {
		if in(s, c.nilParent[i]) {
			out = append(out, e.concArea(s, LevelNIL))
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
func (e *Engine) concSetup(ctx context.Context, slug, area, level string, year int) (Target, Area, *concTable, *concTable, error) {
	target, ok := e.vocab.Target(slug)
	if !ok {
		return Target{}, Area{}, nil, nil, fmt.Errorf("unknown target %q", slug)
	}
	scope, err := e.concScope(area, level)
	if err != nil {
		return target, scope, nil, nil, err
	}
	tc, err := e.concTableFor(ctx, target, year)
	if err != nil {
		return target, scope, nil, nil, err
	}
	if tc.empty() {
		return target, scope, nil, nil, answerErrorf("il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", slug, year)
	}
	if levelRank(tc.tbl.level) > levelRank(level) {
		return target, scope, nil, nil, answerErrorf("il catalogo conta %s solo per %s: chiedi con livello=%s", "the catalog holds %s only by %s: ask with level=%s", slug, tc.tbl.level, tc.tbl.level)
	}
	base, err := e.concBaseFor(ctx, target, year, level)
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
	target, scope, tc, base, err := e.concSetup(ctx, p.Target, p.Area, p.Level, p.Year)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	tc.datasets(used)
	city, _ := e.area(e.vocab.CityArea)
	cityN, cityHidden, _ := tc.at(city)
	pubCity := role.Publish(cityN)
	var pubCityBase int64
	cityBaseOK := false
	if base != nil {
		base.datasets(used)
		b, h, _ := base.at(city)
		pubCityBase, cityBaseOK = role.Publish(b), !h && b > 0
	}

	type row struct {
		area             Area
		n, base          int64 // as published
		hidden, baseGone bool  // count withheld; base withheld or unknown
	}
	var rows []row
	for _, a := range e.concAreas(tc.cells, p.Level, scope) {
		n, h, _ := tc.at(a)
		r := row{area: a, n: role.Publish(n), hidden: h, baseGone: true}
		if base != nil {
			b, bh, known := base.at(a)
			r.base, r.baseGone = role.Publish(b), bh || !known
		}
		rows = append(rows, r)
	}
	// Rank by the published count; withheld rows go last, by area, so that
	// their place in the ranking reveals nothing.
	slices.SortStableFunc(rows, func(x, y row) int {
		if x.hidden != y.hidden {
			if x.hidden {
				return 1
			}
			return -1
		}
		if x.hidden {
			return cmp.Compare(x.area.Slug, y.area.Slug)
		}
		return cmp.Or(cmp.Compare(y.n, x.n), cmp.Compare(x.area.Slug, y.area.Slug))
	})
	shown := rows
	if p.Top > 0 && len(shown) > p.Top {
		shown = shown[:p.Top]
	}
	unit := unitOf(target, l)
	res := &Result{
		Columns: []Column{
			{Name: "rank", Label: "#", Type: TypeInt},
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: levelName(p.Level, l), Type: TypeString},
			{Name: "target_count", Label: target.Name(l), Type: TypeInt, Unit: unit},
			{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
			{Name: "density", Label: l.Pick("densità", "density"), Type: TypeFloat, Unit: unit + " per km²"},
			{Name: "location_quotient", Label: l.Pick("quoziente di localizzazione", "location quotient"), Type: TypeFloat},
		},
		Facts: map[string]any{},
	}
	// lq is the location quotient of a row, when every count it uses is published.
	lq := func(r row) (float64, bool) {
		if r.hidden || r.baseGone || r.base <= 0 || cityHidden || pubCity <= 0 || !cityBaseOK {
			return 0, false
		}
		return (float64(r.n) / float64(r.base)) / (float64(pubCity) / float64(pubCityBase)), true
	}
	withheldCells := 0
	maxLQ, maxLQArea := 0.0, ""
	for _, r := range rows {
		if q, ok := lq(r); ok && (maxLQArea == "" || q > maxLQ) {
			maxLQ, maxLQArea = q, r.area.Slug
		}
	}
	for i, r := range shown {
		lqCell := Empty()
		if q, ok := lq(r); ok {
			lqCell = Float(q)
		} else if r.hidden || (base != nil && r.baseGone) {
			lqCell = Suppressed()
		}
		if r.hidden {
			withheldCells += 4
		} else if lqCell.IsSuppressed() {
			withheldCells++
		}
		res.Rows = append(res.Rows, []Value{
			Int(int64(i + 1)), Str(r.area.Slug), Str(r.area.Name),
			countValue(r.n, r.hidden), concRatio(r.n, pubCity, r.hidden || cityHidden),
			concPerKm2(r.n, r.area.AreaKm2, r.hidden), lqCell,
		})
	}

	scopeN, scopeHidden, _ := tc.at(scope)
	res.Facts["target"] = p.Target
	res.Facts["year"] = p.Year
	res.Facts["level"] = p.Level
	res.Facts["area"] = scope.Slug
	res.Facts["areas"] = len(rows)
	res.Facts["target_count"] = factCount(role.Publish(scopeN), scopeHidden)
	res.Facts["city_count"] = factCount(pubCity, cityHidden)
	if base != nil {
		res.Facts["base"] = base.target.Slug
	}
	var top *row
	if len(rows) > 0 && !rows[0].hidden && rows[0].n > 0 {
		top = &rows[0]
		res.Facts["top_area"] = top.area.Slug
		res.Facts["top_count"] = top.n
		if !cityHidden && pubCity > 0 {
			res.Facts["top_city_share"] = float64(top.n) / float64(pubCity)
		}
	}
	if maxLQArea != "" {
		res.Facts["max_lq_area"] = maxLQArea
		res.Facts["max_lq"] = maxLQ
	}

	name := target.Name(l)
	head := fmt.Sprintf("%s, %d: ", scope.Name, p.Year)
	switch {
	case scopeHidden || cityHidden:
		head += l.Pick(fmt.Sprintf("il numero di %s non è pubblicabile (tutela della riservatezza).", name),
			fmt.Sprintf("the number of %s cannot be published (confidentiality).", name))
	case role.Publish(scopeN) == 0:
		head += l.Pick(fmt.Sprintf("nessun conteggio di %s nell'area.", name), fmt.Sprintf("no %s counted in the area.", name))
	case top == nil:
		head += l.Pick(fmt.Sprintf("%s %s, ma i conteggi per zona non sono pubblicabili (tutela della riservatezza).", FormatInt(role.Publish(scopeN), l), name),
			fmt.Sprintf("%s %s, but the counts by area cannot be published (confidentiality).", FormatInt(role.Publish(scopeN), l), name))
	default:
		share := FormatPercent(float64(top.n)/float64(max(pubCity, 1)), l)
		head += l.Pick(fmt.Sprintf("la zona con più %s è %s, con %s (%s del totale cittadino)", name, top.area.Name, FormatInt(top.n, l), share),
			fmt.Sprintf("the area with the most %s is %s, with %s (%s of the city total)", name, top.area.Name, FormatInt(top.n, l), share))
		if q, ok := lq(*top); ok {
			head += l.Pick(fmt.Sprintf(" e un quoziente di localizzazione di %s", FormatFloat(q, 2, l)),
				fmt.Sprintf(" and a location quotient of %s", FormatFloat(q, 2, l)))
		}
		head += "."
	}
	res.Headline = head

	res.Notes = append(res.Notes, concMethodNote(target, p.Level, tc.tbl.level, l))
	if base == nil {
		res.Notes = append(res.Notes, concMissingBase(target, p.Year, l))
	}
	if role.rounding() > 1 {
		res.Notes = append(res.Notes, l.Pick("Quote, densità e quozienti sono calcolati sui conteggi arrotondati pubblicati.",
			"Shares, densities and quotients are computed from the rounded counts published."))
	}
	if note := topNote(p.Top, len(rows), l); note != "" {
		res.Notes = append(res.Notes, note)
	}
	res.Disclosure = Disclosure{
		Rule:       disclosureRule(target.MinCount, parentLevelOf(p.Level), l),
		Threshold:  target.MinCount,
		Suppressed: withheldCells,
	}
	res.Sources = e.sources(used)
	return res, nil
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
