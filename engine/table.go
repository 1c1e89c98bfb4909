package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// The steps every table answer shares, written once: the scope a question
// is limited to, the areas of a level within it, withheld rows last, the
// cut to the first rows with its note, the datasets read, the disclosure
// line. Each analysis supplies only its figures, its order and its words.

// servicesFor returns the services a question about a target's need
// measures: those asked, or else the welfare services serving the target.
// Context services (schools, libraries, pharmacies) are resources of a
// territory, never coverage of a need, and count only when asked by name.
func (e *Engine) servicesFor(target string, asked []string) ([]string, error) {
	if len(asked) > 0 {
		return asked, nil
	}
	var services []string
	for _, s := range e.vocab.ServicesFor(target) {
		if sv, ok := e.vocab.Service(s); ok && sv.Welfare() {
			services = append(services, s)
		}
	}
	if len(services) == 0 {
		return nil, keyErrorf("target", "nessun servizio di welfare del vocabolario serve %s; i target e i loro servizi: aiuto target", "no welfare service of the vocabulary serves %s; the targets and their services: help targets", target)
	}
	return services, nil
}

// coverageServices is servicesFor for the questions that measure coverage
// (underserved, priority): when the catalog holds no facility of any of the
// services, it says which are missing (and which other resources the
// territory has) instead of calling everyone unserved.
func (e *Engine) coverageServices(ctx context.Context, target string, asked []string) ([]string, []Facility, error) {
	services, err := e.servicesFor(target, asked)
	if err != nil {
		return nil, nil, err
	}
	facilities, err := e.facilities(ctx, services)
	if err != nil {
		return nil, nil, err
	}
	if len(facilities) > 0 {
		return services, facilities, nil
	}
	names := services
	var context []string
	for _, s := range e.vocab.ServicesFor(target) {
		if sv, ok := e.vocab.Service(s); ok && !sv.Welfare() {
			context = append(context, s)
		}
	}
	it := fmt.Sprintf("il catalogo non ha strutture dei servizi che rispondono al bisogno di %s (%s): la copertura non si può misurare", target, strings.Join(names, ", "))
	en := fmt.Sprintf("the catalog holds no facilities of the services that answer the need of %s (%s): coverage cannot be measured", target, strings.Join(names, ", "))
	if len(context) > 0 {
		it += fmt.Sprintf("; servizi di contesto come %s sono risorse del territorio, non coprono il bisogno", strings.Join(context, ", "))
		en += fmt.Sprintf("; context services such as %s are resources of the territory, they do not cover the need", strings.Join(context, ", "))
	}
	return nil, nil, keyErrorf("target", "%[1]s", "%[2]s", it, en)
}

// knownArea returns the area with the slug, or an error naming it.
func (e *Engine) knownArea(slug string) (Area, error) {
	a, ok := e.area(slug)
	if !ok {
		return Area{}, fmt.Errorf("unknown area %q", slug)
	}
	return a, nil
}

// scopeOf resolves the area a question is limited to: the zero Area for
// the whole city (slug ""), an error when the catalog does not know the
// area or when it is finer than the level the table ranks by (level ""
// skips that check).
func (e *Engine) scopeOf(slug, level string) (Area, error) {
	if slug == "" {
		return Area{}, nil
	}
	a, err := e.knownArea(slug)
	if err != nil {
		return Area{}, err
	}
	if level != "" && LevelRank(a.Level) < LevelRank(level) {
		return Area{}, keyErrorf("area", "l'area %s è un %s, più fine del livello chiesto (%s)", "area %s is a %s, finer than the level asked (%s)", slug, a.Level, level)
	}
	return a, nil
}

// areaCell is one area of a level table: a municipio or a neighbourhood,
// by its index in the cells of its level. Every column of one demand table
// (people, people without a service, …) has the same areas at the same
// indices.
type areaCell struct {
	slug string
	i    int
	muni bool
}

// scopeCells lists the areas of a level within a scope ("" is the city):
// municipi when the level is LevelMunicipio, neighbourhoods otherwise; a
// municipio scope keeps its own neighbourhoods.
func (c *levelCells) scopeCells(level, scope string) []areaCell {
	var out []areaCell
	if level == LevelMunicipio {
		for i, s := range c.munis {
			if scope == "" || scope == s {
				out = append(out, areaCell{s, i, true})
			}
		}
		return out
	}
	for i, s := range c.nils {
		if scope == "" || scope == s || scope == c.nilParent[i] {
			out = append(out, areaCell{s, i, false})
		}
	}
	return out
}

// pub is the published figure of an area, before the pattern of its table.
func (c *levelCells) pub(a areaCell) disclose.Count {
	if a.muni {
		return c.muniPub[a.i]
	}
	return c.nilPub[a.i]
}

// hides reports whether a disclosure pattern withholds an area.
func (w withheld) hides(a areaCell) bool {
	if a.muni {
		return w.muni[a.i]
	}
	return w.nil[a.i]
}

// cell is the figure an area's row publishes: withheld where the pattern
// withholds it; hide says whether it does.
func (c *levelCells) cell(a areaCell, w withheld) (n disclose.Count, hide bool) {
	hide = w.hides(a)
	return heldCount(c.pub(a), hide), hide
}

// scopeCell returns the cell of a scope that is a neighbourhood or a
// municipio; ok is false for the city.
func (c *levelCells) scopeCell(scope Area) (a areaCell, ok bool) {
	switch scope.Level {
	case LevelNIL:
		return areaCell{scope.Slug, c.nilIndex[scope.Slug], false}, true
	case LevelMunicipio:
		return areaCell{scope.Slug, c.muniIndex[scope.Slug], true}, true
	}
	return areaCell{}, false
}

// heldCount is a published count, or a withheld one when hide.
func heldCount(c disclose.Count, hide bool) disclose.Count {
	if hide {
		return disclose.Withheld()
	}
	return c
}

// rankWithheldLast sorts the rows of a ranking: the rows whose figure is
// published first, in the order better gives (ties by area), then the
// withheld rows by area, so that their place reveals nothing.
func rankWithheldLast[R any](rows []R, hidden func(R) bool, slug func(R) string, better func(x, y R) int) {
	slices.SortStableFunc(rows, func(x, y R) int {
		hx, hy := hidden(x), hidden(y)
		if hx != hy {
			if hx {
				return 1
			}
			return -1
		}
		if hx {
			return cmp.Compare(slug(x), slug(y))
		}
		return cmp.Or(better(x, y), cmp.Compare(slug(x), slug(y)))
	})
}

// topRows returns the first top rows, or all of them when top ≤ 0.
func topRows[R any](rows []R, top int) []R {
	if top > 0 && len(rows) > top {
		return rows[:top]
	}
	return rows
}

// withTopNote appends to notes the note of a table cut to its first top
// rows of n, if it was cut.
func withTopNote(notes []string, top, n int, l Lang) []string {
	if note := topNote(top, n, l); note != "" {
		return append(notes, note)
	}
	return notes
}

// sourceSet collects the datasets an answer read, for its sources.
type sourceSet map[string]bool

// facilities adds the datasets of facilities.
func (s sourceSet) facilities(fs []Facility) {
	for _, f := range fs {
		s[f.Dataset] = true
	}
}

// table adds the datasets of a demand table's rows.
func (s sourceSet) table(tbl *demandTable) {
	for _, r := range tbl.rows {
		s[r.Dataset] = true
	}
}

// peopleDisclosure is the disclosure line of a table of a target's people.
func peopleDisclosure(target Target, suppressed int, l Lang) Disclosure {
	return Disclosure{
		Rule:      disclosureRule(target.MinCount, l),
		Threshold: target.MinCount, Suppressed: suppressed,
	}
}

// areaColumns are the first columns of a ranking of areas: rank, code and
// name at a level.
func areaColumns(level string, l Lang) []Column {
	return []Column{
		{Name: "rank", Label: "#", Type: TypeInt},
		{Name: "area_id", Label: l.Pick("codice", "id"), Type: TypeString},
		{Name: "area_name", Label: levelName(level, l), Type: TypeString},
	}
}

// areaRowStart is the first cells of a ranking's row: rank, code, name.
func (e *Engine) areaRowStart(rank int, slug string) []Value {
	return []Value{Int(int64(rank)), Str(slug), Str(e.areaName(slug))}
}

func levelName(level string, l Lang) string {
	if lv, ok := LevelOf(level); ok {
		return lv.Name(l)
	}
	return l.Pick("quartiere (NIL)", "neighbourhood (NIL)") // the finest level a ranking shows
}

// unitOf is the unit of a target's counts: people or households.
func unitOf(t Target, l Lang) string {
	if t.Kind == "family" {
		return l.Pick("famiglie", "households")
	}
	return l.Pick("persone", "people")
}
