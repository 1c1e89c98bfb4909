package engine

import (
	"cmp"
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// A ranking asked in an order of its own (sort= a column of its table,
// order=): the analysis answers the whole table, in its own order; the
// rows are then ordered by the column, the largest first unless asked
// ascending, withheld and empty cells always last (a withheld cell is not
// ranked by a value nobody may see), renumbered when the table has a rank,
// and cut to top= with a note saying so. The headline and facts stay those
// of the analysis's own order. Every cell was published before it is
// ordered: ordering adds no figure.

// ordered reports whether a ranking is asked in an order of its own.
func ordered(r question.Ranked) bool {
	o, _ := r.Ranking()
	return o.Column != ""
}

// execOrdered answers req, whose plan asks for the order o.
func (e *Engine) execOrdered(ctx context.Context, q entry, req Request, r question.Ranked) (*Result, error) {
	o, topp := r.Ranking()
	order := *o
	top := 0
	whole := clonePlan(req.Plan).(question.Ranked)
	if topp != nil {
		top = *topp
		_, wt := whole.Ranking()
		*wt = 0
	}
	wo, _ := whole.Ranking()
	*wo = question.Order{}
	switch p := whole.(type) { // the analysis's own order would be undone
	case *question.WhereConcentration:
		p.Sort = ""
	case *question.Underserved:
		p.Sort = ""
	}
	inner := req
	inner.Plan = whole
	res, err := q.exec(e, ctx, inner)
	if err != nil {
		return nil, err
	}
	col := slices.IndexFunc(res.Columns, func(c Column) bool { return c.Name == order.Column })
	if col < 0 {
		return nil, noSortColumn(res, order.Column)
	}
	slices.SortStableFunc(res.Rows, func(a, b []Value) int { return compareCells(a, b, col, order.Asc) })
	if len(res.Columns) > 0 && res.Columns[0].Name == "rank" {
		for i, row := range res.Rows {
			if len(row) > 0 {
				row[0] = answer.Int(int64(i + 1))
			}
		}
	}
	rows := len(res.Rows)
	if top > 0 && rows > top {
		res.Rows = res.Rows[:top]
	}
	res.Notes = append(res.Notes, orderNote(res.Columns[col], order, top, rows, req.Lang))
	return res, nil
}

// clonePlan returns a shallow copy of a plan (a pointer to a struct), to
// change its order and top without touching the asker's.
func clonePlan(p Plan) Plan {
	v := reflect.ValueOf(p)
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	return c.Interface().(Plan)
}

// compareCells orders two rows by their cells in column col: withheld
// cells last, then empty ones; numbers by value, text by its folded
// spelling; the largest first unless asc.
func compareCells(a, b []Value, col int, asc bool) int {
	ka, kb := cellKind(a, col), cellKind(b, col)
	if ka != kb || ka != 0 {
		return cmp.Compare(ka, kb)
	}
	var c int
	va, vb := a[col].Raw(), b[col].Raw()
	fa, aNum := number(va)
	fb, bNum := number(vb)
	switch {
	case aNum && bNum:
		c = cmp.Compare(fa, fb)
	case aNum != bNum: // numbers before text
		if aNum {
			return -1
		}
		return 1
	default:
		sa, _ := va.(string)
		sb, _ := vb.(string)
		c = strings.Compare(strings.ToLower(sa), strings.ToLower(sb))
	}
	if !asc {
		c = -c
	}
	return c
}

// cellKind is 0 for a value, 1 for an empty cell, 2 for a withheld one.
func cellKind(row []Value, col int) int {
	switch {
	case col >= len(row):
		return 1
	case row[col].IsSuppressed():
		return 2
	case row[col].Raw() == nil:
		return 1
	}
	return 0
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

// orderNote says how the rows are ordered, and where they were cut.
func orderNote(c Column, o question.Order, top, rows int, l Lang) string {
	way := l.Pick("dal valore più grande", "largest first")
	if o.Asc {
		way = l.Pick("dal valore più piccolo", "smallest first")
	}
	if c.Type == answer.TypeString {
		way = l.Pick("in ordine alfabetico", "alphabetically")
		if !o.Asc {
			way = l.Pick("in ordine alfabetico inverso", "in reverse alphabetical order")
		}
	}
	s := fmt.Sprintf(l.Pick("Righe ordinate per «%s», %s; le celle non pubblicate vanno in fondo.", "Rows ordered by “%s”, %s; withheld cells go last."), c.Label, way)
	if top > 0 && rows > top {
		s += fmt.Sprintf(l.Pick(" Mostrate le prime %d su %d (primi=0 per vederle tutte).", " Showing the first %d of %d (top=0 shows them all)."), top, rows)
	}
	return s
}

// noSortColumn refuses an order by a column the answer does not have (a
// growth without a range of years), naming those it has.
func noSortColumn(res *Result, name string) error {
	var names []string
	for _, c := range res.Columns {
		if c.Name != "rank" {
			names = append(names, c.Name)
		}
	}
	return keyErrorf("sort",
		"questa risposta non ha la colonna %s; ha: %s",
		"this answer has no column %s; it has: %s", name, strings.Join(names, ", "))
}
