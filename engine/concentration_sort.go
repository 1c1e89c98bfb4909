package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// A concentration ranking over a span of years (year=2020..2024) shows each
// area's growth since the first year; sort= ranks the rows by the share of
// the area's population (the location quotient's order), the density or
// the growth instead of the count. The headline and the facts stay those
// of the count: the area with the most people is the same whatever the
// order of the table.

// concGrowth returns each row's growth since the year from, by area slug:
// the published count of the year asked over that of from, minus one,
// computed from published counts only; absent where either is withheld or
// the earlier one is zero.
func (e *Engine) concGrowth(ctx context.Context, target Target, from int, role Role, rows []concRow, used sourceSet) (map[string]float64, error) {
	if from == 0 {
		return nil, nil
	}
	then, err := e.concTableFor(ctx, target, from, role)
	if err != nil {
		return nil, err
	}
	if then.empty() {
		return nil, keyErrorf("year", "il catalogo non ha dati di %s per il %d", "the catalog holds no demand of %s in %d", target.Slug, from)
	}
	then.datasets(used)
	out := map[string]float64{}
	for _, r := range rows {
		before, _ := then.at(r.area)
		if g, ok := disclose.Ratio(r.n, before); ok && !r.hidden && !before.Withheld() {
			out[r.area.Slug] = g - 1
		}
	}
	return out, nil
}

// concSorted returns the rows ranked by the column sort ("" keeps the
// count's order): rows with the figure first, largest first (ties by
// area), then those without it (withheld or unknown), by area, so that a
// withheld row's place reveals nothing.
func concSorted(rows []concRow, sort string, growth map[string]float64) []concRow {
	figure := func(r concRow) (float64, bool) {
		if r.hidden {
			return 0, false
		}
		switch sort {
		case SortShare:
			return r.lq()
		case SortDensity:
			v, ok := r.n.Value()
			return float64(v) / r.area.AreaKm2, ok && r.area.AreaKm2 > 0
		case SortGrowth:
			g, ok := growth[r.area.Slug]
			return g, ok
		}
		return 0, false
	}
	if sort == "" || sort == SortCount {
		return rows
	}
	out := slices.Clone(rows)
	rankWithheldLast(out, func(r concRow) bool { _, ok := figure(r); return !ok }, func(r concRow) string { return r.area.Slug },
		func(x, y concRow) int {
			fx, _ := figure(x)
			fy, _ := figure(y)
			return cmp.Compare(fy, fx)
		})
	return out
}

// withGrowth adds the growth column to a concentration table of the shown
// rows, and returns how many of its cells are withheld.
func withGrowth(res *Result, shown []concRow, from int, growth map[string]float64, l Lang) int {
	if from == 0 {
		return 0
	}
	res.Columns = append(res.Columns, Column{Name: "growth", Label: fmt.Sprintf(l.Pick("crescita dal %d", "growth since %d"), from), Type: TypePercent})
	held := 0
	for i, r := range shown {
		cell := Empty()
		if g, ok := growth[r.area.Slug]; ok {
			cell = Float(g)
		} else if r.hidden {
			cell = Suppressed()
			held++
		}
		res.Rows[i] = append(res.Rows[i], cell)
	}
	return held
}

// concSortNote says how the rows are ranked, when not by the count.
func concSortNote(sort string, l Lang) string {
	if sort == "" || sort == SortCount {
		return ""
	}
	note := fmt.Sprintf(l.Pick("Righe ordinate per %s, dal valore più alto; le aree senza il valore in fondo.",
		"Rows ranked by %s, highest first; areas without the figure last."), SortName(sort, l))
	if sort == SortShare {
		note += l.Pick(" La quota sulla popolazione dell'area ordina come il quoziente di localizzazione.",
			" The share of the area's population ranks as the location quotient does.")
	}
	return note
}
