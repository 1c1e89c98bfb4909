package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
)

// Text writes a result for a person reading a terminal: the headline, the
// table with aligned columns, notes, the disclosure rule, the sources and,
// for synthetic data, a visible mark. Numbers and dates follow the result's
// language.
func Text(w io.Writer, res *answer.Result) error {
	l := res.Lang
	var b strings.Builder
	if res.Synthetic {
		b.WriteString(l.Pick("[DATI SINTETICI] ", "[SYNTHETIC DATA] "))
	}
	b.WriteString(res.Headline)
	b.WriteString("\n")
	// Caveats stand beside the figures they qualify, before the table.
	for _, c := range res.Caveats {
		b.WriteString(l.Pick("  Da sapere: ", "  Keep in mind: ") + c + "\n")
	}
	if len(res.Rows) > 0 {
		b.WriteString("\n")
		writeTable(&b, res)
	}
	if len(res.Notes) > 0 {
		b.WriteString("\n" + l.Pick("Note", "Notes") + ":\n")
		for _, n := range res.Notes {
			b.WriteString("  - " + n + "\n")
		}
	}
	d := res.Disclosure
	if d.Rule != "" {
		b.WriteString("\n" + l.Pick("Riservatezza", "Confidentiality") + ": " + d.Rule)
		if d.Suppressed > 0 {
			b.WriteString(l.Pick(fmt.Sprintf(" Celle oscurate: %d.", d.Suppressed), fmt.Sprintf(" Cells withheld: %d.", d.Suppressed)))
		}
		b.WriteString("\n")
	}
	if len(res.Sources) > 0 {
		b.WriteString("\n" + l.Pick("Fonti", "Sources") + ":\n")
		for _, s := range res.Sources {
			b.WriteString("  - " + SourceLine(s, l) + "\n")
		}
	}
	b.WriteString("\n" + l.Pick("Domanda", "Question") + ": " + res.Canonical + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// SourceLine cites a dataset: title, publisher, licence, reference date.
func SourceLine(s answer.Source, l question.Lang) string {
	line := fmt.Sprintf("%s, %s (%s), %s %s", s.Title, s.Publisher, s.Licence,
		l.Pick("dati al", "data as of"), FormatDate(s.ReferenceDate, l))
	if s.Synthetic {
		line += l.Pick(" [dati sintetici]", " [synthetic data]")
	}
	if s.URL != "" {
		line += " " + s.URL
	}
	return line
}

// Cell writes a table cell in the language: counts with thousands
// separators, shares as percentages, ":c" for a withheld cell.
func Cell(v answer.Value, c answer.Column, l question.Lang) string {
	if v.IsSuppressed() {
		return answer.Confidential
	}
	switch x := v.Raw().(type) {
	case string:
		return x
	case int64:
		if c.Type == answer.TypeYear {
			return fmt.Sprint(x)
		}
		return question.FormatInt(x, l)
	case float64:
		if c.Type == answer.TypePercent {
			return question.FormatPercent(x, l)
		}
		if c.Type == answer.TypeCoord {
			// As maps take them, whatever the language.
			return strconv.FormatFloat(x, 'f', 5, 64)
		}
		// Up to two decimals, without trailing zeros: capacities print as
		// whole numbers, ratios keep their decimals.
		s := question.FormatFloat(x, 2, l)
		if dec := l.Pick(",", "."); strings.Contains(s, dec) {
			s = strings.TrimRight(strings.TrimRight(s, "0"), dec)
		}
		return s
	case nil:
		return "–"
	}
	return fmt.Sprint(v.Raw())
}

func writeTable(b *strings.Builder, res *answer.Result) {
	cells := make([][]string, 0, len(res.Rows)+1)
	head := make([]string, len(res.Columns))
	for i, c := range res.Columns {
		head[i] = c.Label
	}
	cells = append(cells, head)
	for _, r := range res.Rows {
		line := make([]string, len(res.Columns))
		for i, c := range res.Columns {
			if i < len(r) {
				line[i] = Cell(r[i], c, res.Lang)
			}
		}
		cells = append(cells, line)
	}
	width := make([]int, len(res.Columns))
	for _, line := range cells {
		for i, s := range line {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	for _, line := range cells {
		b.WriteString(" ")
		for i, s := range line {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if res.Columns[i].Type == answer.TypeString {
				b.WriteString(" " + s + pad)
			} else {
				b.WriteString(" " + pad + s)
			}
			if i < len(line)-1 {
				b.WriteString(" ")
			}
		}
		trimmed := strings.TrimRight(b.String(), " ")
		b.Reset()
		b.WriteString(trimmed)
		b.WriteString("\n")
	}
}

// JSON writes a result as indented JSON.
func JSON(w io.Writer, res *answer.Result) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(res)
}
