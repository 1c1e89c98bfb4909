package chart

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Size of the pictures FromResult draws: wide enough for a phone held
// sideways and a chat preview, small enough to upload at once.
const (
	ResultWidth = 800
	rowPixels   = 34
)

// MaxResultBars is how many rows of a ranking FromResult draws; the rest
// are named in the chart's note.
const MaxResultBars = 15

// FromResult draws the picture an answer's table calls for, if one says
// more than the table: a trend for a series of at least three years, a
// ranked bar chart for two or more named rows with a figure. ok is false
// when no picture fits (one row, no figure, coordinates, several series).
//
// The figure drawn is the table's first share column, else its first count
// of people, else its first number; bars are ranked by it, withheld cells
// last and without a bar. Values are the published cells, as the table
// prints them.
func FromResult(r *answer.Result, lang question.Lang) (png []byte, ok bool, err error) {
	p, ok := planOf(r)
	if !ok {
		return nil, false, nil
	}
	c := r.Columns[p.col]
	opts := []Option{Lang(lang)}
	if c.Type == answer.TypePercent {
		opts = append(opts, Percent())
	} else if c.Type == answer.TypeFloat {
		opts = append(opts, Decimals(2))
	}
	if p.year >= 0 {
		return trendOf(r, p.year, p.col, opts)
	}
	return barsOf(r, p.label, p.col, opts)
}

// Drawable reports, without drawing, whether FromResult would find a
// picture for the answer's table (it may still find too few published
// values to draw).
func Drawable(r *answer.Result) bool {
	_, ok := planOf(r)
	return ok
}

type plan struct{ year, label, col int }

func planOf(r *answer.Result) (plan, bool) {
	p := plan{year: -1, label: -1, col: -1}
	if r == nil || len(r.Rows) < 2 || len(r.Columns) < 2 {
		return p, false
	}
	strs := 0
	for i, c := range r.Columns {
		switch c.Type {
		case answer.TypeYear:
			if p.year < 0 {
				p.year = i
			}
		case answer.TypeString:
			strs++
		case answer.TypeCoord:
			// A table of places with coordinates is a list for a map.
			return p, false
		}
	}
	if p.year < 0 {
		// Named rows: the names in the first column, or in the second
		// after a rank.
		switch {
		case r.Columns[0].Type == answer.TypeString:
			p.label = 0
		case r.Columns[0].Name == "rank" && r.Columns[1].Type == answer.TypeString:
			p.label = 1
		default:
			return p, false
		}
	} else if strs > 0 {
		return p, false // several series (year × area)
	}
	p.col = figureColumn(r.Columns, max(p.label, p.year))
	return p, p.col >= 0
}

// figureColumn picks the column to draw after column after, -1 if none.
func figureColumn(cols []answer.Column, after int) int {
	first := func(pred func(answer.Column) bool) int {
		for i, c := range cols {
			if i > after && i > 0 && c.Name != "rank" && pred(c) {
				return i
			}
		}
		return -1
	}
	if i := first(func(c answer.Column) bool { return c.Type == answer.TypePercent }); i >= 0 {
		return i
	}
	if i := first(func(c answer.Column) bool { return c.Type == answer.TypeInt }); i >= 0 {
		return i
	}
	return first(func(c answer.Column) bool { return c.Type == answer.TypeFloat })
}

func number(v answer.Value) (float64, bool) {
	switch x := v.Raw().(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func trendOf(r *answer.Result, year, col int, opts []Option) ([]byte, bool, error) {
	var pts []Point
	for _, row := range r.Rows {
		if year >= len(row) || col >= len(row) {
			continue
		}
		y, ok1 := number(row[year])
		v, ok2 := number(row[col])
		if !ok1 || !ok2 {
			// A withheld year breaks the line: draw no trend rather
			// than a line that jumps over a hidden figure.
			return nil, false, nil
		}
		pts = append(pts, Point{Year: int(y), Value: v})
	}
	if len(pts) < 3 {
		return nil, false, nil
	}
	slices.SortFunc(pts, func(a, b Point) int { return cmp.Compare(a.Year, b.Year) })
	png, err := Trend(r.Columns[col].Label, r.Columns[col].Unit, pts, ResultWidth, 420, opts...)
	return png, err == nil, err
}

func barsOf(r *answer.Result, label, col int, opts []Option) ([]byte, bool, error) {
	lang := collect(opts).lang
	bars := make([]Bar, 0, len(r.Rows))
	for _, row := range r.Rows {
		if col >= len(row) {
			continue
		}
		name := reports.Cell(row[label], r.Columns[label], lang)
		if row[col].IsSuppressed() {
			bars = append(bars, Bar{Label: name, Withheld: true})
			continue
		}
		v, ok := number(row[col])
		if !ok {
			continue // an empty cell (a share of nobody): not a zero
		}
		bars = append(bars, Bar{Label: name, Value: v, Text: reports.Cell(row[col], r.Columns[col], lang)})
	}
	if len(bars) < 2 {
		return nil, false, nil
	}
	slices.SortStableFunc(bars, func(a, b Bar) int {
		if a.Withheld != b.Withheld {
			if a.Withheld {
				return 1
			}
			return -1
		}
		return cmp.Compare(b.Value, a.Value)
	})
	if n := len(bars); n > MaxResultBars {
		bars = bars[:MaxResultBars]
		opts = append(opts, Note(lang.Pick(
			fmt.Sprintf("I primi %d di %d; la tabella completa è nel CSV.", MaxResultBars, n),
			fmt.Sprintf("The first %d of %d; the whole table is in the CSV.", MaxResultBars, n))))
	}
	h := 70 + rowPixels*len(bars)
	if len(bars) == MaxResultBars {
		h += 30 // the note
	}
	png, err := Bars(r.Columns[col].Label, r.Columns[col].Unit, bars, ResultWidth, h, opts...)
	return png, err == nil, err
}
