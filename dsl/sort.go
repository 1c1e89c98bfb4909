package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/question"
)

// sort= (ordina=) ranks a table by one of its columns, largest first.

// sortWords are the spellings of the columns a ranking may be sorted by.
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

// sortBy resolves sort=: one of the columns allowed; the count, the default
// order, is "" so that writing it or not is one plan.
func (c *checker) sortBy(a *Arg, allowed []string) (string, bool) {
	it, ok := c.one(a)
	if !ok {
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
	if w, found := findWord(ws, it.Text()); found && isName(it) {
		if w.EN == question.SortCount {
			return "", true
		}
		return w.EN, true
	}
	c.add(a.Pos,
		fmt.Sprintf("%s non conosce la colonna %q", a.Key, it.Raw())+wordHint(it.Text(), ws, question.Italian, "", "colonne"),
		fmt.Sprintf("%s has no column %q", a.Key, it.Raw())+wordHint(it.Text(), ws, question.English, "", "columns"))
	return "", false
}

// firstYear is the catalog's first year, its default one when it has none.
func firstYear(v *question.Vocabulary) int {
	if len(v.Years) > 0 {
		return v.Years[0]
	}
	return v.DefaultYear
}
