package dsl

import (
	"fmt"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// sort= (ordina=) ranks a table by one of its columns, and order= (verso=)
// says which way. `where concentration` and `where underserved` have their
// own orders (sortWords), computed by their analyses; every ranking may
// also be ordered by any column of its table (question.SortColumns),
// which the engine applies to the whole table before cutting it to top=.

// sortWords are the spellings of the orders `where concentration` and
// `where underserved` compute themselves.
var sortWords = []word{
	{EN: question.SortCount, IT: []string{"conteggio", "numero", "totale"}, More: []string{"number", "total"}},
	{EN: question.SortShare, IT: []string{"quota", "percentuale", "incidenza"}, More: []string{"percentage", "lq", "quotient"}},
	{EN: question.SortDensity, IT: []string{"densità", "densita"}},
	{EN: question.SortGrowth, IT: []string{"crescita", "aumento", "variazione"}, More: []string{"change", "increase"}},
}

// concentrationSorts are the columns `where concentration` ranks by.
var concentrationSorts = []string{question.SortCount, question.SortShare, question.SortDensity, question.SortGrowth}

// underservedSorts are the columns `where underserved` ranks by: the people
// without a service (the default) or their share of the area's target.
var underservedSorts = []string{question.SortCount, question.SortShare}

// legacyColumns are the table columns of those orders, for order=.
var legacyColumns = map[string]map[string]string{
	"where concentration": {"": "target_count", question.SortShare: "location_quotient", question.SortDensity: "density", question.SortGrowth: "growth"},
	"where underserved":   {"": "unserved", question.SortShare: "unserved_share"},
}

// directionWords are the values of order=.
var directionWords = []word{
	{EN: "asc", IT: []string{"crescente", "cresc", "ascendente"}, More: []string{"ascending", "up", "increasing"}},
	{EN: "desc", IT: []string{"decrescente", "decresc", "discendente"}, More: []string{"descending", "down", "decreasing"}},
}

// sortBy resolves sort= to one of a legacy ranking's own orders, when it
// names one: the count, the default order, is "" so that writing it or not
// is one plan. It records nothing: what it does not know is for ordering.
func (c *checker) sortBy(a *Arg, allowed []string) (string, bool) {
	if len(a.Value.Items) != 1 || !isName(a.Value.Items[0]) {
		return "", false
	}
	var ws []word
	for _, w := range sortWords {
		for _, s := range allowed {
			if w.EN == s {
				ws = append(ws, w)
			}
		}
	}
	if w, found := findWord(ws, a.Value.Items[0].Text()); found {
		c.legacySort = true
		if w.EN == question.SortCount {
			return "", true
		}
		return w.EN, true
	}
	return "", false
}

// ordering resolves sort= and order= of a ranking question (name is its
// English "verb subject") into the plan's Order.
func (c *checker) ordering(a args, r question.Ranked, name string, legacy string) {
	o, _ := r.Ranking()
	var asc *bool
	if arg := a["order"]; arg != nil {
		asc = c.direction(arg)
		if asc == nil {
			return
		}
	}
	arg := a["sort"]
	switch {
	case arg == nil && asc != nil:
		cols := question.SortColumns[name]
		ex := cols[0].Show(question.Italian)
		c.add(a["order"].Pos,
			fmt.Sprintf("%s dice il verso, manca la colonna: aggiungi %s, per esempio %s%s", a["order"].Key, "ordina=", "ordina=", ex),
			fmt.Sprintf("%s gives the direction, not the column: add sort=, e.g. sort=%s", a["order"].Key, cols[0].EN))
		return
	case arg == nil:
		return
	case c.legacySort:
		if asc != nil {
			o.Column, o.Asc = legacyColumns[name][legacy], *asc
		}
		return
	}
	cols := question.SortColumns[name]
	var ws []word
	for _, col := range cols {
		ws = append(ws, col.Word)
	}
	it, ok := c.one(arg)
	if !ok {
		return
	}
	if isName(it) {
		if w, found := findWord(ws, it.Text()); found {
			for _, col := range cols {
				if col.EN == w.EN {
					o.Column, o.Asc = col.EN, col.Text
				}
			}
			if asc != nil {
				o.Asc = *asc
			}
			return
		}
	}
	ws = sortableWords(name)
	c.add(arg.Pos,
		fmt.Sprintf("%s non conosce la colonna %q", arg.Key, it.Raw())+wordHint(it.Text(), ws, question.Italian, "", "colonne"),
		fmt.Sprintf("%s has no column %q", arg.Key, it.Raw())+wordHint(it.Text(), ws, question.English, "", "columns"))
}

// direction resolves order=: true for ascending, nil on an error.
func (c *checker) direction(a *Arg) *bool {
	it, ok := c.one(a)
	if !ok {
		return nil
	}
	if isName(it) {
		if w, found := findWord(directionWords, it.Text()); found {
			asc := w.EN == "asc"
			return &asc
		}
	}
	c.add(a.Pos,
		fmt.Sprintf("%s vuole crescente o decrescente, non %q", a.Key, it.Raw()),
		fmt.Sprintf("%s expects asc or desc, not %q", a.Key, it.Raw()))
	return nil
}

// sortableWords are the columns a question may be ordered by, as listed
// to people: a legacy ranking's own orders first, standing for their
// columns, then the other columns.
func sortableWords(name string) []word {
	var out []word
	own := map[string]bool{}
	if cols, legacyQ := legacyColumns[name]; legacyQ {
		allowed := concentrationSorts
		if name == "where underserved" {
			allowed = underservedSorts
		}
		for _, w := range sortWords {
			for _, s := range allowed {
				if w.EN == s {
					out = append(out, w)
				}
			}
		}
		for _, col := range cols {
			own[col] = true
		}
	}
	for _, col := range question.SortColumns[name] {
		if !own[col.EN] {
			out = append(out, col.Word)
		}
	}
	return out
}

// sortColumnNames lists the columns a question may be ordered by, in the
// language, or "" for a question whose answer is no ranking: for help.
func sortColumnNames(name string, l question.Lang) string {
	ws := sortableWords(name)
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = w.Show(l)
	}
	return strings.Join(out, ", ")
}

// firstYear is the catalog's first year, its default one when it has none.
func firstYear(v *question.Vocabulary) int {
	if len(v.Years) > 0 {
		return v.Years[0]
	}
	return v.DefaultYear
}
