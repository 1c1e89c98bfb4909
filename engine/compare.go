package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// cmpCell is one area × target of a comparison, with counts as published.
type cmpCell struct {
	area     Area
	target   Target
	n        int64 // the published figure (0 when withheld)
	known    bool  // the catalog counts the target at the area's level
	hidden   bool
	popShare Value
	share    float64 // population share, when published
	hasShare bool
}

// compare sets areas (neighbourhoods, municipi or the city) and targets side
// by side: for each area × target the count, its share of the area's
// population (residents, or households for family targets) and its share of
// the city. Each count is withheld exactly as the tables of its level
// withhold it (the pattern of protectLevels for that target and year), so
// that a comparison publishes nothing a ranking does not.
func (e *Engine) compare(ctx context.Context, p *Compare, req Request) (*Result, error) {
	l, role := req.Lang, req.Role
	if len(p.Targets) == 0 {
		return nil, fmt.Errorf("compare needs at least one target")
	}
	slugs := p.Areas
	if len(slugs) == 0 {
		slugs = []string{e.vocab.CityArea}
	}
	areas, err := e.cmpAreas(slugs)
	if err != nil {
		return nil, err
	}
	used := sourceSet{}
	targets, err := e.cmpTargets(ctx, p.Targets, p.Year, role, used)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Columns: []Column{
			{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
			{Name: "area_name", Label: l.Pick("area", "area"), Type: TypeString},
			{Name: "target", Label: l.Pick("target", "target"), Type: TypeString},
			{Name: "target_name", Label: l.Pick("nome", "name"), Type: TypeString},
			{Name: "count", Label: l.Pick("numero", "count"), Type: TypeInt, Unit: cmpUnit(targets[0].t, p.Targets, e.vocab, l)},
			{Name: "population_share", Label: l.Pick("quota sulla popolazione", "share of the population"), Type: TypePercent},
			{Name: "city_share", Label: l.Pick("quota della città", "share of the city"), Type: TypePercent},
		},
		Facts: map[string]any{"year": p.Year, "areas": slugs, "targets": p.Targets},
	}
	t := cmpTable{res: res, counts: map[string]map[string]any{}}
	for _, a := range areas {
		t.counts[a.Slug] = map[string]any{}
		for _, pt := range targets {
			t.add(a, pt, l)
		}
	}
	res.Facts["counts"] = t.counts
	res.Headline = cmpHeadline(areas, targets[0].t, t.cells, p.Year, l)
	res.Notes = cmpNotes(t.unknown, t.noBase, p.Year, role, l)
	ts := make([]Target, len(targets))
	for i, pt := range targets {
		ts[i] = pt.t
	}
	res.Disclosure = cmpDisclosure(ts, l)
	res.Disclosure.Suppressed = t.suppressed
	res.Sources = e.sources(used)
	return res, nil
}

// cmpAreas resolves the areas compared: never a section.
func (e *Engine) cmpAreas(slugs []string) ([]Area, error) {
	var areas []Area
	for _, s := range slugs {
		a, err := e.knownArea(s)
		if err != nil {
			return nil, err
		}
		if a.Level == LevelSection {
			return nil, keyErrorf("area", "l'area %s è una sezione di censimento: le sezioni non si pubblicano una per una", "area %s is a census section: sections are not published one by one", s)
		}
		areas = append(areas, a)
	}
	return areas, nil
}

// cmpTarget is a target compared: its table, its base population's (nil
// when the catalog lacks it) and its published city count.
type cmpTarget struct {
	t        Target
	tc, base *concTable
	cityN    disclose.Count // as published
}

// cmpTargets reads the tables of the targets compared, and adds their
// datasets to used.
func (e *Engine) cmpTargets(ctx context.Context, slugs []string, year int, role Role, used sourceSet) ([]cmpTarget, error) {
	city, _ := e.area(e.vocab.CityArea)
	var targets []cmpTarget
	for _, slug := range slugs {
		t, ok := e.vocab.Target(slug)
		if !ok {
			return nil, fmt.Errorf("unknown target %q", slug)
		}
		tc, err := e.concTableFor(ctx, t, year, role)
		if err != nil {
			return nil, err
		}
		if tc.empty() {
			return nil, keyErrorf("year", "il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", slug, year)
		}
		base, err := e.concBaseFor(ctx, t, year, LevelCity, role)
		if err != nil {
			return nil, err
		}
		tc.datasets(used)
		if base != nil {
			base.datasets(used)
		}
		n, _ := tc.at(city)
		targets = append(targets, cmpTarget{t, tc, base, n})
	}
	return targets, nil
}

// cmpTable collects the rows of a comparison, one per area and target,
// with their facts and what the notes must say.
type cmpTable struct {
	res             *Result
	counts          map[string]map[string]any
	cells           []cmpCell
	unknown, noBase []string
	suppressed      int
}

func (t *cmpTable) add(a Area, pt cmpTarget, l Lang) {
	n, known := pt.tc.at(a)
	c := cmpCell{area: a, target: pt.t, n: concFigure(n), known: known, hidden: n.Withheld(), popShare: Empty()}
	count, cityShare := Empty(), Empty()
	switch {
	case !known:
		if !slices.Contains(t.unknown, pt.t.Slug) {
			t.unknown = append(t.unknown, pt.t.Slug)
		}
		t.counts[a.Slug][pt.t.Slug] = nil
	case c.hidden:
		count, cityShare, c.popShare = Count(n), Suppressed(), Suppressed()
		t.suppressed += 3
		t.counts[a.Slug][pt.t.Slug] = Confidential
	default:
		count = Count(n)
		t.counts[a.Slug][pt.t.Slug] = fact(n)
		cityShare = shareValue(n, pt.cityN)
		if cityShare.IsSuppressed() {
			t.suppressed++
		}
		if pt.base == nil {
			if !slices.Contains(t.noBase, concBaseSlug(pt.t)) {
				t.noBase = append(t.noBase, concBaseSlug(pt.t))
			}
			break
		}
		b, bk := pt.base.at(a)
		switch {
		case b.Withheld():
			c.popShare = Suppressed()
			t.suppressed++
		case bk && b.Positive():
			c.share, c.hasShare = disclose.Share(n, b)
			c.popShare = Float(c.share)
		}
	}
	t.cells = append(t.cells, c)
	t.res.Rows = append(t.res.Rows, []Value{Str(a.Slug), Str(a.Name), Str(pt.t.Slug), Str(pt.t.Name(l)), count, c.popShare, cityShare})
}

// cmpNotes says how the comparison was computed and what it lacks.
func cmpNotes(unknown, noBase []string, year int, role Role, l Lang) []string {
	notes := []string{l.Pick(
		"Metodo: per ogni area e target, il conteggio; quota sulla popolazione = conteggio / residenti dell'area (famiglie per i target di famiglie); quota della città = conteggio / totale cittadino. Ogni conteggio è oscurato come nelle tabelle del suo livello.",
		"Method: for each area and target, the count; share of the population = count / the area's residents (households for family targets); share of the city = count / city total. Each count is withheld as in the tables of its level.")}
	for _, s := range unknown {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Il catalogo non conta %s al livello di alcune delle aree confrontate: celle vuote.", s),
			fmt.Sprintf("The catalog does not count %s at the level of some of the areas compared: empty cells.", s)))
	}
	for _, s := range noBase {
		notes = append(notes, l.Pick(
			fmt.Sprintf("Il catalogo non conta %s nel %d: quote sulla popolazione non calcolate.", s, year),
			fmt.Sprintf("The catalog does not count %s in %d: shares of the population are not computed.", s, year)))
	}
	if role.Rounding() > 1 {
		notes = append(notes, l.Pick("Le quote sono calcolate sui conteggi arrotondati pubblicati.",
			"Shares are computed from the rounded counts published."))
	}
	return notes
}

// cmpDisclosure states the rule for several targets: the lowest threshold
// as the rule's, and the higher thresholds of sensitive targets after it.
func cmpDisclosure(targets []Target, l Lang) Disclosure {
	lowest := targets[0].MinCount
	for _, t := range targets {
		lowest = min(lowest, t.MinCount)
	}
	higher := map[int][]string{}
	var thresholds []int
	for _, t := range targets {
		if t.MinCount > lowest {
			if _, ok := higher[t.MinCount]; !ok {
				thresholds = append(thresholds, t.MinCount)
			}
			higher[t.MinCount] = append(higher[t.MinCount], t.Name(l))
		}
	}
	rule := disclosureRule(lowest, l)
	if len(thresholds) > 0 {
		slices.Sort(thresholds)
		var parts []string
		for _, th := range thresholds {
			parts = append(parts, fmt.Sprintf("%d (%s)", th, strings.Join(higher[th], ", ")))
		}
		rule += l.Pick(" Soglie più alte per i target sensibili: ", " Higher thresholds for sensitive targets: ") + strings.Join(parts, "; ") + "."
	}
	return Disclosure{Rule: rule, Threshold: lowest}
}

// cmpHeadline sums the comparison up: across areas, where the first target
// is the largest share of the population (or, without shares, the largest
// count); for one area, its largest target.
func cmpHeadline(areas []Area, first Target, cells []cmpCell, year int, l Lang) string {
	if len(areas) == 1 {
		var best *cmpCell
		for i := range cells {
			c := &cells[i]
			if c.known && !c.hidden && (best == nil || c.n > best.n) {
				best = c
			}
		}
		if best == nil {
			return l.Pick(fmt.Sprintf("%s, %d: i conteggi confrontati non sono pubblicabili (tutela della riservatezza).", areas[0].Name, year),
				fmt.Sprintf("%s, %d: the counts compared cannot be published (confidentiality).", areas[0].Name, year))
		}
		return l.Pick(
			fmt.Sprintf("%s, %d: tra i target confrontati il più numeroso è %s (%s).", areas[0].Name, year, best.target.Name(l), FormatInt(best.n, l)),
			fmt.Sprintf("%s, %d: of the targets compared, the largest is %s (%s).", areas[0].Name, year, best.target.Name(l), FormatInt(best.n, l)))
	}
	var hi, lo *cmpCell
	eligible := 0
	byShare := false
	for i := range cells {
		if cells[i].target.Slug == first.Slug && cells[i].hasShare {
			byShare = true
		}
	}
	for i := range cells {
		c := &cells[i]
		if c.target.Slug != first.Slug || !c.known || c.hidden || (byShare && !c.hasShare) {
			continue
		}
		v := func(c *cmpCell) float64 {
			if byShare {
				return c.share
			}
			return float64(c.n)
		}
		eligible++
		if hi == nil || v(c) > v(hi) {
			hi = c
		}
		if lo == nil || v(c) < v(lo) {
			lo = c
		}
	}
	name := first.Name(l)
	if hi == nil {
		return l.Pick(fmt.Sprintf("%d, %s: i conteggi delle aree confrontate non sono pubblicabili (tutela della riservatezza).", year, name),
			fmt.Sprintf("%d, %s: the counts of the areas compared cannot be published (confidentiality).", year, name))
	}
	if eligible == 1 {
		fig := FormatInt(hi.n, l)
		if byShare {
			fig = FormatPercent(hi.share, l)
		}
		return l.Pick(fmt.Sprintf("%d, %s: pubblicabile solo %s (%s).", year, name, hi.area.Name, fig),
			fmt.Sprintf("%d, %s: only %s can be published (%s).", year, name, hi.area.Name, fig))
	}
	if !byShare {
		return l.Pick(
			fmt.Sprintf("%d, %s: il numero più alto è %s (%s), il più basso %s (%s).", year, name, InPlace(hi.area.Name), FormatInt(hi.n, l), InPlace(lo.area.Name), FormatInt(lo.n, l)),
			fmt.Sprintf("%d, %s: the highest count is in %s (%s), the lowest in %s (%s).", year, name, hi.area.Name, FormatInt(hi.n, l), lo.area.Name, FormatInt(lo.n, l)))
	}
	baseIT, baseEN := "sui residenti", "of residents"
	if first.Kind == "family" {
		baseIT, baseEN = "sulle famiglie", "of households"
	}
	// Shares that read the same are the same to the reader: no highest and
	// lowest between them.
	if FormatPercent(hi.share, l) == FormatPercent(lo.share, l) {
		return l.Pick(
			fmt.Sprintf("%d, %s: la quota %s è la stessa in tutte le aree confrontate (%s).", year, name, baseIT, FormatPercent(hi.share, l)),
			fmt.Sprintf("%d, %s: the share %s is the same in every area compared (%s).", year, name, baseEN, FormatPercent(hi.share, l)))
	}
	return l.Pick(
		fmt.Sprintf("%d, %s: la quota più alta %s è %s (%s), la più bassa %s (%s).", year, name, baseIT, InPlace(hi.area.Name), FormatPercent(hi.share, l), InPlace(lo.area.Name), FormatPercent(lo.share, l)),
		fmt.Sprintf("%d, %s: the highest share %s is in %s (%s), the lowest in %s (%s).", year, name, baseEN, hi.area.Name, FormatPercent(hi.share, l), lo.area.Name, FormatPercent(lo.share, l)))
}

// cmpUnit is the unit of the counts when every target compared has the
// same kind (people or households), "" when they are mixed.
func cmpUnit(first Target, targets []string, v *Vocabulary, l Lang) string {
	for _, slug := range targets {
		if t, _ := v.Target(slug); t.Kind != first.Kind {
			return ""
		}
	}
	return unitOf(first, l)
}
