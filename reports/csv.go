package reports

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/welfare-intelligence/wi/answer"
)

// CSV writes a result's whole table as CSV (RFC 4180, UTF-8 with a byte
// order mark so that spreadsheets read accents right): a heading row of
// the columns' labels, then every row. Numbers are written for machines
// (a point for decimals, no grouping; shares as fractions of 1), withheld
// cells as ":c" and empty ones as nothing. A result without a table writes
// the heading row alone.
func CSV(w io.Writer, res *answer.Result) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	head := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		head[i] = c.Label
		if c.Unit != "" {
			head[i] += " (" + c.Unit + ")"
		}
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	rec := make([]string, len(res.Columns))
	for _, row := range res.Rows {
		for i := range res.Columns {
			rec[i] = ""
			if i < len(row) {
				rec[i] = csvCell(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvCell(v answer.Value) string {
	if v.IsSuppressed() {
		return answer.Confidential
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
