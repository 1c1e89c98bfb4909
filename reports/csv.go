package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/welfare-intelligence/wi/answer"
)

// CSV writes a result's whole table as CSV (RFC 4180, UTF-8 with a byte
// order mark so that spreadsheets read accents right): a heading row, then
// every row. The heading holds the columns' labels in the result's
// language, with the unit in brackets ("distanza (m)"). Numbers are written
// for machines (a point for decimals, no grouping; shares as fractions of
// 1); empty cells are nothing. A withheld cell (statistical disclosure
// control) is written empty too, and flagged: each column with at least one
// withheld cell is followed by a column "<name>_flag" (the column's stable
// name, e.g. "unserved_flag") holding "c", Eurostat's flag for
// confidential, on the rows withheld and nothing elsewhere. A result without
// a table writes the heading row alone.
func CSV(w io.Writer, res *answer.Result) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cols := layout(res)
	head := make([]string, len(cols))
	for i, c := range cols {
		col := res.Columns[c.index]
		switch {
		case c.flag:
			head[i] = col.Name + FlagSuffix
		default:
			head[i] = col.Label
			if col.Unit != "" {
				head[i] += " (" + col.Unit + ")"
			}
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(cols))
	for _, row := range res.Rows {
		for i, c := range cols {
			rec[i] = ""
			if c.index >= len(row) {
				continue
			}
			switch v := row[c.index]; {
			case c.flag && v.IsSuppressed():
				rec[i] = Flag
			case !c.flag:
				rec[i] = csvCell(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Flag marks a withheld cell in its flag column (Eurostat's "c",
// confidential); FlagSuffix ends the name of a flag column.
const (
	Flag       = "c"
	FlagSuffix = "_flag"
)

// outColumn is a column of an export: a column of the result, or the flag
// column that follows it.
type outColumn struct {
	index int
	flag  bool
}

// layout is the columns of an export: the result's, each followed by its
// flag column when it has a withheld cell.
func layout(res *answer.Result) []outColumn {
	var out []outColumn
	for i := range res.Columns {
		out = append(out, outColumn{index: i})
		for _, row := range res.Rows {
			if i < len(row) && row[i].IsSuppressed() {
				out = append(out, outColumn{index: i, flag: true})
				break
			}
		}
	}
	return out
}

func csvCell(v answer.Value) string {
	if v.IsSuppressed() {
		return ""
	}
	switch x := v.Raw().(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}
