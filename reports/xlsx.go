package reports

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/welfare-intelligence/wi/answer"
)

// XLSX writes a result as a spreadsheet: a first sheet with the headline
// and the table (typed cells: counts and integers as whole numbers, shares
// as percentages, decimals with two places; the columns' labels in the
// result's language as headers), and a second sheet with the caveats,
// notes, privacy rule, sources and the question in its canonical form.
// A withheld cell is left empty, and flagged as in the CSV: a column with
// withheld cells is followed by a column headed "<label> (flag)" holding
// "c" (Eurostat's flag for confidential) on the rows withheld; the notes
// sheet says what the flag means. An empty cell with a flag beside it keeps
// the column numeric, so that sums and charts work, and cannot be taken
// for a zero.
func XLSX(w io.Writer, res *answer.Result) error {
	l := res.Lang
	f := excelize.NewFile()
	defer f.Close()
	main := l.Pick("Risposta", "Answer")
	if err := f.SetSheetName("Sheet1", main); err != nil {
		return err
	}
	set := func(sheet string, col, row int, v any) error {
		cell, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			return err
		}
		return f.SetCellValue(sheet, cell, v)
	}
	if err := set(main, 1, 1, res.Headline); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	styles := map[string]int{}
	for typ, format := range map[string]string{
		answer.TypeInt: "#,##0", answer.TypeFloat: "#,##0.00", answer.TypePercent: "0.0%", answer.TypeYear: "0",
	} {
		if styles[typ], err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
			return err
		}
	}
	const head = 3
	cols := layout(res)
	flagged := false
	for i, c := range cols {
		col := res.Columns[c.index]
		label := col.Label
		if col.Unit != "" {
			label += " (" + col.Unit + ")"
		}
		if c.flag {
			label = col.Label + " (flag)"
			flagged = true
		}
		if err := set(main, i+1, head, label); err != nil {
			return err
		}
		cell, _ := excelize.CoordinatesToCellName(i+1, head)
		if err := f.SetCellStyle(main, cell, cell, bold); err != nil {
			return err
		}
	}
	for r, row := range res.Rows {
		for i, c := range cols {
			if c.index >= len(row) {
				continue
			}
			v := row[c.index]
			cell, _ := excelize.CoordinatesToCellName(i+1, head+1+r)
			switch {
			case c.flag:
				if v.IsSuppressed() {
					err = f.SetCellValue(main, cell, Flag)
				}
			case v.IsSuppressed(), v.Raw() == nil:
				continue
			default:
				err = f.SetCellValue(main, cell, v.Raw())
				if s, ok := styles[res.Columns[c.index].Type]; ok && err == nil {
					err = f.SetCellStyle(main, cell, cell, s)
				}
			}
			if err != nil {
				return err
			}
		}
	}
	notes := l.Pick("Note e fonti", "Notes and sources")
	if _, err := f.NewSheet(notes); err != nil {
		return err
	}
	row := 1
	add := func(title string, lines []string) error {
		if len(lines) == 0 {
			return nil
		}
		if err := set(notes, 1, row, title); err != nil {
			return err
		}
		for _, s := range lines {
			row++
			if err := set(notes, 1, row, s); err != nil {
				return err
			}
		}
		row += 2
		return nil
	}
	var sources []string
	for _, s := range res.Sources {
		sources = append(sources, SourceLine(s, l))
	}
	rule := []string{}
	if res.Disclosure.Rule != "" {
		rule = append(rule, res.Disclosure.Rule)
	}
	if flagged {
		rule = append(rule, l.Pick(
			"Una cella vuota con \"c\" nella colonna (flag) accanto è un valore non pubblicato per riservatezza statistica (c: confidenziale, il segno di Eurostat).",
			"An empty cell with \"c\" in the (flag) column beside it is a value withheld for statistical confidentiality (c: confidential, Eurostat's flag)."))
	}
	for _, part := range []struct {
		title string
		lines []string
	}{
		{l.Pick("Da sapere", "Keep in mind"), res.Caveats},
		{l.Pick("Note", "Notes"), res.Notes},
		{l.Pick("Riservatezza", "Confidentiality"), rule},
		{l.Pick("Fonti", "Sources"), sources},
		{l.Pick("Domanda", "Question"), []string{res.Canonical}},
	} {
		if err := add(part.title, part.lines); err != nil {
			return fmt.Errorf("xlsx: %w", err)
		}
	}
	return f.Write(w)
}
