package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// profTarget is one target's line of a profile, with counts as published.
type profTarget struct {
	t                   Target
	n                   disclose.Count // as published
	lq                  float64        // location quotient against the city, when published
	hasLQ               bool
	popShare, cityShare Value
	change              Value
	since               int // first year with demand, 0 when none before the year asked
	firstN              disclose.Count
	hasFirst            bool
}

// profService is the facilities of one service in the area.
type profService struct {
	s        Service
	count    int
	capacity float64
	unknown  int // facilities without a capacity
}

// profile is the photograph of an area used by dossiers: for every target
// the catalog counts that year, its count, its share of the area's
// population (residents, or households for family targets), its share of
// the city and its change since the first year the catalog holds; then the
// facilities standing in the area, by service, with their total capacity.
// A facility is in the area when its section's neighbourhood or municipio
// is the area. Counts are withheld as the tables of the area's level
// withhold them.
func (e *Engine) profile(ctx context.Context, p *Profile, req Request) (*Result, error) {
	l, role := req.Lang, req.Role
	slug := p.Area
	if slug == "" {
		slug = e.vocab.CityArea
	}
	area, err := e.knownArea(slug)
	if err != nil {
		return nil, err
	}
	if area.Level == LevelSection {
		return nil, keyErrorf("area", "l'area %s è una sezione di censimento: le sezioni non si pubblicano una per una", "area %s is a census section: sections are not published one by one", slug)
	}
	used := sourceSet{}
	lines, coarser, noBase, err := e.profTargets(ctx, area, p.Year, role, used, l)
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, keyErrorf("year", "il catalogo non ha dati per %s nel %d", "the catalog holds no demand in %s for %d", area.Name, p.Year)
	}
	facilities, err := e.facilities(ctx, nil)
	if err != nil {
		return nil, err
	}
	bySvc, svcOrder := e.profServices(facilities, area, used)

	res := &Result{
		Columns: []Column{
			{Name: "kind", Label: l.Pick("voce", "item"), Type: TypeString},
			{Name: "id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "name", Label: l.Pick("nome", "name"), Type: TypeString},
			{Name: "count", Label: l.Pick("numero", "count"), Type: TypeInt},
			{Name: "population_share", Label: l.Pick("quota sulla popolazione", "share of the population"), Type: TypePercent},
			{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
			{Name: "change", Label: l.Pick("variazione", "change"), Type: TypePercent},
			{Name: "change_since", Label: l.Pick("dal", "since"), Type: TypeYear},
			{Name: "facilities", Label: l.Pick("strutture", "facilities"), Type: TypeInt},
			{Name: "capacity", Label: l.Pick("capacità", "capacity"), Type: TypeFloat},
			{Name: "capacity_unit", Label: l.Pick("unità", "unit"), Type: TypeString},
		},
		Facts: map[string]any{"area": area.Slug, "area_name": area.Name, "level": area.Level, "year": p.Year},
	}
	suppressed, shownTargets := profTargetRows(res, lines, l)
	totalFacilities, partial := profServiceRows(res, bySvc, svcOrder, l)
	res.Facts["facilities"] = totalFacilities
	res.Headline = e.profHeadline(area, lines, totalFacilities, p.Year, l)
	if best, ok := profOverRepresented(lines); ok && area.Level != LevelCity {
		res.Facts["over_represented"] = best.t.Slug
		res.Facts["over_represented_lq"] = best.lq
	}
	for _, ln := range lines {
		switch ln.t.Slug {
		case concBasePeople:
			res.Facts["population"] = fact(ln.n)
		case concBaseFamilies:
			res.Facts["households"] = fact(ln.n)
		}
	}
	res.Notes = profNotes(area, p.Year, coarser, noBase, partial, role, l)
	res.Disclosure = cmpDisclosure(shownTargets, l)
	res.Disclosure.Suppressed = suppressed
	res.Sources = e.sources(used)
	return res, nil
}

// profTargets returns the line of every target the catalog counts in the
// area that year, the targets it counts only at a coarser level, and the
// base populations it lacks; it adds the datasets read to used.
func (e *Engine) profTargets(ctx context.Context, area Area, year int, role Role, used sourceSet, l Lang) (lines []profTarget, coarser, noBase []string, err error) {
	city, _ := e.area(e.vocab.CityArea)
	bases := map[string]*concTable{}
	baseOf := func(t Target) (*concTable, error) {
		s := concBaseSlug(t)
		if b, ok := bases[s]; ok {
			return b, nil
		}
		b, err := e.concBaseFor(ctx, t, year, LevelCity, role)
		bases[s] = b
		return b, err
	}
	for _, t := range e.vocab.Targets {
		tc, err := e.concTableFor(ctx, t, year, role)
		if err != nil {
			return nil, nil, nil, err
		}
		if tc.empty() {
			continue
		}
		n, known := tc.at(area)
		if !known {
			coarser = append(coarser, t.Name(l))
			continue
		}
		tc.datasets(used)
		ln := profTarget{t: t, n: n, popShare: Empty(), cityShare: Empty(), change: Empty()}
		cityN, _ := tc.at(city)
		ln.cityShare = shareValue(n, cityN)
		base, err := baseOf(t)
		if err != nil {
			return nil, nil, nil, err
		}
		if base == nil && !slices.Contains(noBase, concBaseSlug(t)) {
			noBase = append(noBase, concBaseSlug(t))
		}
		if base != nil {
			base.datasets(used)
			b, bk := base.at(area)
			cb, _ := base.at(city)
			switch {
			case n.Withheld() || b.Withheld():
				ln.popShare = Suppressed()
			case bk && b.Positive():
				share, _ := disclose.Share(n, b)
				ln.popShare = Float(share)
				ln.lq, ln.hasLQ = concLQ(n, b, cityN, cb)
			}
		}
		if err := e.profFirst(ctx, &ln, area, year, role, used); err != nil {
			return nil, nil, nil, err
		}
		lines = append(lines, ln)
	}
	return lines, coarser, noBase, nil
}

// profFirst sets a line's change since the first year before the one asked
// that counts the target.
func (e *Engine) profFirst(ctx context.Context, ln *profTarget, area Area, year int, role Role, used sourceSet) error {
	for _, y := range e.vocab.Years {
		if y >= year {
			break
		}
		if same, err := e.sameSource(ctx, ln.t.Slug, y, year); err != nil || !same {
			if err != nil {
				return err
			}
			continue // another source counts that year: no change across sources
		}
		t0, err := e.concTableFor(ctx, ln.t, y, role)
		if err != nil {
			return err
		}
		if t0.empty() {
			continue
		}
		n0, k0 := t0.at(area)
		if !k0 {
			break
		}
		t0.datasets(used)
		ln.since, ln.firstN, ln.hasFirst = y, n0, true
		break
	}
	switch {
	case !ln.hasFirst:
	case ln.n.Withheld() || ln.firstN.Withheld():
		ln.change = Suppressed()
	case ln.firstN.Positive():
		r, _ := disclose.Ratio(ln.n, ln.firstN)
		ln.change = Float(r - 1)
	}
	return nil
}

// profServices sums the facilities standing in the area by service, and
// adds their datasets to used.
func (e *Engine) profServices(facilities []Facility, area Area, used sourceSet) (map[string]*profService, []string) {
	bySvc := map[string]*profService{}
	var svcOrder []string
	for _, f := range facilities {
		if area.Level != LevelCity {
			nilSlug, muni := e.ancestors(f.Area)
			if f.Area == "" || (nilSlug != area.Slug && muni != area.Slug) {
				continue
			}
		}
		ps, ok := bySvc[f.Service]
		if !ok {
			sv, _ := e.vocab.Service(f.Service)
			if sv.Slug == "" {
				sv = Service{Slug: f.Service, NameIT: f.Service}
			}
			ps = &profService{s: sv}
			bySvc[f.Service] = ps
			svcOrder = append(svcOrder, f.Service)
		}
		ps.count++
		if f.Capacity > 0 {
			ps.capacity += f.Capacity
		} else {
			ps.unknown++
		}
		used[f.Dataset] = true
	}
	slices.Sort(svcOrder)
	return bySvc, svcOrder
}

// profTargetRows adds a row and the facts of each target, and returns the
// cells withheld and the targets shown.
func profTargetRows(res *Result, lines []profTarget, l Lang) (suppressed int, shown []Target) {
	targets := map[string]any{}
	for _, ln := range lines {
		shown = append(shown, ln.t)
		since := Empty()
		if ln.hasFirst {
			since = Int(int64(ln.since))
		}
		for _, v := range []Value{ln.popShare, ln.cityShare, ln.change} {
			if v.IsSuppressed() {
				suppressed++
			}
		}
		facts := map[string]any{"count": fact(ln.n)}
		if ln.n.Withheld() {
			suppressed++
		}
		if ln.hasLQ {
			facts["location_quotient"] = ln.lq
		}
		targets[ln.t.Slug] = facts
		res.Rows = append(res.Rows, []Value{Str("target"), Str(ln.t.Slug), Str(ln.t.Name(l)), Count(ln.n),
			ln.popShare, ln.cityShare, ln.change, since, Empty(), Empty(), Empty()})
	}
	res.Facts["targets"] = targets
	return suppressed, shown
}

// profServiceRows adds a row and the facts of each service, and returns
// the facilities counted and the services whose capacity is partly unknown.
func profServiceRows(res *Result, bySvc map[string]*profService, svcOrder []string, l Lang) (total int, partial []string) {
	services := map[string]any{}
	for _, s := range svcOrder {
		ps := bySvc[s]
		total += ps.count
		capacity := Empty()
		if ps.unknown < ps.count {
			capacity = Float(ps.capacity)
		}
		if ps.unknown > 0 {
			partial = append(partial, fmt.Sprintf("%s (%d/%d)", ps.s.Name(l), ps.unknown, ps.count))
		}
		services[s] = map[string]any{"facilities": ps.count, "capacity": ps.capacity, "unit": ps.s.CapacityUnit}
		res.Rows = append(res.Rows, []Value{Str("service"), Str(s), Str(ps.s.Name(l)), Empty(), Empty(), Empty(), Empty(), Empty(),
			Int(int64(ps.count)), capacity, Str(ps.s.CapacityUnit)})
	}
	res.Facts["services"] = services
	return total, partial
}

// profNotes says how the profile was computed and what it lacks.
func profNotes(area Area, year int, coarser, noBase, partial []string, role Role, l Lang) []string {
	notes := []string{l.Pick(
		"Metodo: per ogni target contato dal catalogo nell'anno, il conteggio nell'area; quota sulla popolazione = conteggio / residenti dell'area (famiglie per i target di famiglie); quota della città = conteggio / totale cittadino; variazione rispetto al primo anno disponibile. Strutture: quelle la cui sezione ricade nell'area, con la capacità totale dichiarata.",
		"Method: for each target the catalog counts that year, its count in the area; share of the population = count / the area's residents (households for family targets); share of the city = count / city total; change since the first year available. Facilities: those whose section lies in the area, with their total stated capacity.")}
	if len(coarser) > 0 {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Non contati al livello dell'area (%s): %s.", levelName(area.Level, Italian), strings.Join(coarser, ", ")),
			fmt.Sprintf("Not counted at the area's level (%s): %s.", levelName(area.Level, English), strings.Join(coarser, ", "))))
	}
	for _, s := range noBase {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Il catalogo non conta %s nel %d: quote sulla popolazione non calcolate per i target che vi si riferiscono.", s, year),
			fmt.Sprintf("The catalog does not count %s in %d: no shares of the population for the targets measured against it.", s, year)))
	}
	if len(partial) > 0 {
		notes = append(notes, l.Pick(
			"Capacità non nota per alcune strutture (senza capacità/totale), escluse dal totale: "+strings.Join(partial, ", ")+".",
			"Capacity unknown for some facilities (without capacity/total), left out of the total: "+strings.Join(partial, ", ")+"."))
	}
	if role.Rounding() > 1 {
		notes = append(notes, l.Pick("Quote e variazioni sono calcolate sui conteggi arrotondati pubblicati; le capacità non sono arrotondate.",
			"Shares and changes are computed from the rounded counts published; capacities are not rounded."))
	}
	return notes
}

// profOverRepresented returns the target, other than the base populations
// themselves, with the highest published location quotient above 1.
func profOverRepresented(lines []profTarget) (profTarget, bool) {
	var best profTarget
	found := false
	for _, ln := range lines {
		if ln.t.Slug == concBasePeople || ln.t.Slug == concBaseFamilies || !ln.hasLQ || ln.lq <= 1 {
			continue
		}
		if !found || ln.lq > best.lq {
			best, found = ln, true
		}
	}
	return best, found
}

// profHeadline sums the area up: its residents, and the target most
// over-represented against the city.
func (e *Engine) profHeadline(area Area, lines []profTarget, facilities int, year int, l Lang) string {
	h := fmt.Sprintf("%s, %d: ", area.Name, year)
	var pop *profTarget
	for i := range lines {
		if lines[i].t.Slug == concBasePeople {
			pop = &lines[i]
		}
	}
	switch {
	case pop == nil:
		h += l.Pick(fmt.Sprintf("%d target contati", len(lines)), fmt.Sprintf("%d targets counted", len(lines)))
	case pop.n.Withheld():
		h += l.Pick("residenti non pubblicabili (tutela della riservatezza)", "residents cannot be published (confidentiality)")
	default:
		h += l.Pick(fmt.Sprintf("%s residenti", FormatInt(concFigure(pop.n), l)), fmt.Sprintf("%s residents", FormatInt(concFigure(pop.n), l)))
	}
	best, ok := profOverRepresented(lines)
	if !ok || area.Level == LevelCity {
		return h + l.Pick(fmt.Sprintf(" e %s strutture.", FormatInt(int64(facilities), l)),
			fmt.Sprintf(" and %s facilities.", FormatInt(int64(facilities), l)))
	}
	cityShare := best.popShare.Raw().(float64) / best.lq
	baseIT, baseEN := "dei residenti", "of residents"
	if best.t.Kind == "family" {
		baseIT, baseEN = "delle famiglie", "of households"
	}
	return h + l.Pick(
		fmt.Sprintf("; rispetto alla città il target più sovrarappresentato è %s (%s %s contro %s in città).",
			best.t.Name(l), FormatPercent(best.popShare.Raw().(float64), l), baseIT, FormatPercent(cityShare, l)),
		fmt.Sprintf("; compared with the city, the most over-represented target is %s (%s %s against %s in the city).",
			best.t.Name(l), FormatPercent(best.popShare.Raw().(float64), l), baseEN, FormatPercent(cityShare, l)))
}
