package bots

import (
	"fmt"
	"regexp"
	"slices"
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

// cutRows says that an answer shows some of its rows; csv: the reply
// links the whole table.
func cutRows(shown, total int, l question.Lang, csv bool) string {
	s := fmt.Sprintf(l.Pick("Mostrate %d righe di %d.", "Showing %d rows of %d."), shown, total)
	if !csv {
		s += l.Pick(" Per vederne altre, restringi la domanda (una zona, primi=N).", " To see others, narrow the question (one area, top=N).")
	}
	return s
}

// helpIntro is the first lines of the help reply.
func helpIntro(platform string, l question.Lang) string {
	how := l.Pick("Scrivi /wi seguito dalla domanda, oppure menzionami (@wi) con la domanda.", "Type /wi followed by the question, or mention me (@wi) with the question.")
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

// showQuestion writes a canonical question (English words) in the
// language: verb, subject and keys in their Italian spellings for Italian
// readers ("where underserved radius=800m" → "dove sottoservito
// raggio=800m"), which the dsl reads back as the same question. Values are
// the catalog's and stay as they are.
func showQuestion(canonical string, l question.Lang) string {
	if l != question.Italian || canonical == "" {
		return canonical
	}
	words := strings.Fields(canonical)
	var verb *question.VerbWord
	for i, w := range words {
		if k, v, ok := strings.Cut(w, "="); ok {
			for _, kw := range question.Keys {
				if kw.EN == k {
					words[i] = kw.Show(l) + "=" + v
				}
			}
			continue
		}
		switch {
		case i == 0 || (verb != nil && verb.EN == "explain"):
			for j := range question.Verbs {
				if question.Verbs[j].EN == w {
					verb = &question.Verbs[j]
					words[i] = verb.Show(l)
				}
			}
		case verb != nil:
			for _, s := range verb.Subjects {
				if s.EN == w {
					words[i] = s.Show(l)
				}
			}
		}
	}
	return strings.Join(words, " ")
}

// roleName is a role as its holders call it, in the language.
func roleName(r answer.Role, l question.Lang) string {
	switch r {
	case answer.RoleStaff:
		return l.Pick("personale", "staff")
	case answer.RolePress:
		return l.Pick("ufficio stampa", "press office")
	case answer.RoleGrant:
		return l.Pick("progettazione", "grant writing")
	case answer.RoleAnalyst:
		return l.Pick("ufficio statistico", "statistics office")
	}
	return string(r)
}

// levelName is an area level of a policy in the language.
func levelName(slug string, l question.Lang) string {
	if slug == "facility" {
		return l.Pick("singola struttura", "single facility")
	}
	return question.LevelName(slug, l)
}

// questionLang is the language a question is written in, from its verb
// ("dove …" is Italian, "where …" English); ok is false when the verb
// does not say (no verb, or a word both languages share, like dossier).
func questionLang(text string) (question.Lang, bool) {
	first, _, _ := strings.Cut(strings.TrimSpace(text), " ")
	first = strings.ToLower(first)
	if first == "" {
		return "", false
	}
	for _, v := range question.Verbs {
		it := slices.ContainsFunc(v.IT, func(s string) bool { return strings.EqualFold(s, first) })
		en := strings.EqualFold(v.EN, first)
		switch {
		case len(v.IT) == 0: // the same word in both languages
			continue
		case it && !en:
			return question.Italian, true
		case en && !it:
			return question.English, true
		}
	}
	return "", false
}

// cliAdvice is advice in an engine note meant for the command line:
// "(top=0 per vederle tutte)". Chat offers the table as CSV instead.
var cliAdvice = regexp.MustCompile(`\s*[(;]\s*(top|primi)=0 (per vederle tutte|shows them all)\)|\s*\((top|primi)=0[^)]*\)`)

// chatNote is an engine note as chat shows it: without command-line advice.
func chatNote(n string) string {
	return strings.TrimSpace(cliAdvice.ReplaceAllStringFunc(n, func(m string) string {
		if strings.HasPrefix(strings.TrimSpace(m), ";") {
			return ")"
		}
		return ""
	}))
}
