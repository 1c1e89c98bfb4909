package bots

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Helpers shared by the Slack and Teams renderings.

// table is a result's table as text cells, headings first.
func tableCells(res *answer.Result) [][]string {
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
				line[i] = reports.Cell(r[i], c, res.Lang)
			}
		}
		cells = append(cells, line)
	}
	return cells
}

// alignedTable writes the first rows of a table with aligned columns (text
// left, numbers right), as many as fit in budget characters. It returns the
// text and the number of data rows written.
func alignedTable(res *answer.Result, budget, maxRows int) (string, int) {
	cells := tableCells(res)
	width := make([]int, len(res.Columns))
	for _, line := range cells {
		for i, s := range line {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	var b strings.Builder
	rows := 0
	for n, line := range cells {
		var l strings.Builder
		for i, s := range line {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(s))
			if i > 0 {
				l.WriteString("  ")
			}
			if res.Columns[i].Type == answer.TypeString {
				l.WriteString(s + pad)
			} else {
				l.WriteString(pad + s)
			}
		}
		text := strings.TrimRight(l.String(), " ") + "\n"
		if n > 0 && (rows >= maxRows || utf8.RuneCountInString(b.String())+utf8.RuneCountInString(text) > budget) {
			break
		}
		b.WriteString(text)
		if n > 0 {
			rows++
		}
	}
	return strings.TrimRight(b.String(), "\n"), rows
}

func syntheticMark(l question.Lang) string { return l.Pick("DATI SINTETICI", "SYNTHETIC DATA") }

func disclosureLine(res *answer.Result) string {
	l, d := res.Lang, res.Disclosure
	if d.Rule == "" {
		return ""
	}
	s := l.Pick("Riservatezza: ", "Confidentiality: ") + d.Rule
	if d.Suppressed > 0 {
		s += l.Pick(fmt.Sprintf(" Celle oscurate: %d.", d.Suppressed), fmt.Sprintf(" Cells withheld: %d.", d.Suppressed))
	}
	return s
}

func cutRows(shown, total int, l question.Lang) string {
	return fmt.Sprintf(l.Pick("Mostrate le prime %d righe di %d: chiedi con primi=N o usa `wi ask` per la tabella intera.",
		"Showing the first %d rows of %d: ask with top=N or use `wi ask` for the whole table."), shown, total)
}

// helpIntro is the first lines of the help reply.
func helpIntro(platform string, l question.Lang) string {
	how := l.Pick("Scrivi `/wi <domanda>` oppure menzionami con la domanda.", "Type `/wi <question>` or mention me with the question.")
	if platform == "teams" {
		how = l.Pick("Menzionami (@wi) seguito dalla domanda.", "Mention me (@wi) followed by the question.")
	}
	return how + l.Pick(
		" Le domande sono in italiano o in inglese, ad esempio:",
		" Questions are in Italian or English, for example:")
}

// helpExamples are shown before the engine's list of every question.
func helpExamples(l question.Lang) []string {
	return []string{
		l.Pick("dove sottoservito target=anziani-soli raggio=800m", "where underserved target=anziani-soli radius=800m"),
		l.Pick("quanti domanda target=prima-infanzia zona=municipio-9", "howmuch demand target=prima-infanzia area=municipio-9"),
		l.Pick("dove divario servizio=asilo-nido primi=5", "where gap service=asilo-nido top=5"),
		l.Pick("scheda target=anziani zona=municipio-9", "factsheet target=anziani area=municipio-9"),
	}
}

// helpLines lists the engine's questions with their example.
func helpLines(res *answer.Result) [][2]string {
	qi, ei := -1, -1
	for i, c := range res.Columns {
		switch c.Name {
		case "question":
			qi = i
		case "example":
			ei = i
		}
	}
	var out [][2]string
	for _, r := range res.Rows {
		var q, e string
		if qi >= 0 && qi < len(r) {
			q = reports.Cell(r[qi], res.Columns[qi], res.Lang)
		}
		if ei >= 0 && ei < len(r) {
			e = reports.Cell(r[ei], res.Columns[ei], res.Lang)
		}
		out = append(out, [2]string{q, e})
	}
	return out
}

// documentKind names the document a plan asks for.
func documentKind(plan question.Plan, l question.Lang) string {
	if _, ok := plan.(*question.Factsheet); ok {
		return l.Pick("la scheda stampa", "the fact sheet")
	}
	return l.Pick("il dossier", "the dossier")
}
