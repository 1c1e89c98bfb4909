package bots

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Block Kit limits (PROTOCOLS.md): 50 blocks, section text ≤ 3,000
// characters, ≤ 10 fields of ≤ 2,000; messages fail near 13k characters, so
// the whole message is kept under slackBudget.
const (
	slackMaxBlocks   = 50
	slackSectionMax  = 3000
	slackFieldMax    = 2000
	slackMaxFields   = 10
	slackBudget      = 11000
	slackContextMax  = 10
	slackTableRows   = 40
	slackTableBudget = slackSectionMax - 20 // room for the ``` fences
)

// slackEscape escapes the three characters Slack's mrkdwn reserves.
// phoneWidth is the widest line a code block may have: wider lines scroll
// sideways on a phone.
const phoneWidth = 45

func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func section(s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(clip(s, slackSectionMax)), nil, nil)
}

// contextBlock is a context block of the non-empty lines, at most ten; nil
// when there is none (Slack rejects a context block without elements).
func contextBlock(lines ...string) slack.Block {
	els := make([]slack.MixedElement, 0, len(lines))
	for _, l := range lines {
		if strings.TrimSpace(l) != "" && len(els) < slackContextMax {
			els = append(els, mrkdwn(clip(l, slackFieldMax)))
		}
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewContextBlock("", els...)
}

// compact drops the blocks Slack would reject the whole message for: nil
// ones, and sections and context blocks with nothing in them.
func compact(blocks []slack.Block) []slack.Block {
	out := blocks[:0]
	for _, b := range blocks {
		switch x := b.(type) {
		case nil:
			continue
		case *slack.ContextBlock:
			if x == nil || len(x.ContextElements.Elements) == 0 {
				continue
			}
		case *slack.SectionBlock:
			if x == nil || ((x.Text == nil || strings.TrimSpace(x.Text.Text) == "") && len(x.Fields) == 0) {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// SlackMessage renders a reply as Block Kit: the fallback text (for
// notifications) and the blocks. Every text that is not the renderer's own
// is escaped: Slack reads &, < and > as the start of a control sequence.
func SlackMessage(r *Reply) (string, []slack.Block) {
	text, blocks := slackMessage(r)
	return text, compact(blocks)
}

func slackMessage(r *Reply) (string, []slack.Block) {
	l := r.Lang
	switch {
	case r.Kind == KindAnswer && r.Result != nil:
		return slackAnswer(r)
	case r.Kind == KindAnswer:
		// A plain message, with the link it offers (a document).
		t := slackEscape(r.Text)
		if r.Link != "" {
			t += " " + slackLink(r.Link, r.LinkText)
		}
		return slackEscape(plain(r.Text)), []slack.Block{section(t)}
	case r.Kind == KindHelp:
		return slackHelp(r.Result, l)
	case r.Kind == KindDocument:
		if r.Document == nil {
			t := fmt.Sprintf(l.Pick("Preparo %s.", "Preparing %s."), documentKind(r.Plan, l))
			return t, []slack.Block{section(t)}
		}
		t := fmt.Sprintf(l.Pick("Ecco %s: *%s* (%d pagine).", "Here is %s: *%s* (%d pages)."),
			documentKind(r.Plan, l), slackEscape(r.Document.Title), r.Document.Pages)
		return plain(t), []slack.Block{section(t), slackQuestionLine(r.Plan.Canonical(), l)}
	case r.Kind == KindQuestionErr:
		blocks := []slack.Block{section(":warning: " + slackEscape(r.Text))}
		if r.Code != "" {
			blocks = append(blocks, section(slackCode(r.Code)))
		}
		blocks = append(blocks, contextBlock(l.Pick("Scrivi `/wi aiuto` per l'elenco delle domande con un esempio ciascuna.",
			"Type `/wi help` for every question with an example.")))
		return slackEscape(r.Text), blocks
	}
	icon := ":information_source: "
	switch r.Kind {
	case KindError:
		icon = ":x: "
	case KindRefused, KindUnknownUser:
		icon = ":lock: "
	case KindBusy, KindRateLimited:
		icon = ":hourglass_flowing_sand: "
	}
	t := slackEscape(r.Text)
	if t == "" {
		t = l.Pick("Nessuna risposta.", "No answer.")
	}
	return t, []slack.Block{section(icon + t)}
}

// slackLink is a mrkdwn link; the URL is ours, the label escaped.
func slackLink(url, label string) string {
	label = strings.NewReplacer("|", "¦").Replace(label)
	if label == "" {
		return "<" + url + ">"
	}
	return "<" + url + "|" + slackEscape(label) + ">"
}

// slackQuestionLine is the context line with the question as understood,
// in the language of the answer.
func slackQuestionLine(canonical string, l question.Lang) slack.Block {
	if canonical == "" {
		return nil
	}
	return contextBlock(l.Pick("Domanda: ", "Question: ") + "`" + slackEscape(showQuestion(canonical, l)) + "`")
}

func plain(s string) string { return strings.ReplaceAll(s, "*", "") }

func slackAnswer(r *Reply) (string, []slack.Block) {
	res, link := r.Result, r.Link
	l := res.Lang
	head := slackEscape(res.Headline)
	fallback := slackEscape(res.Headline)
	if res.Synthetic {
		head = "*[" + syntheticMark(l) + "]* " + head
		fallback = "[" + syntheticMark(l) + "] " + fallback
	}
	if strings.TrimSpace(res.Headline) == "" {
		fallback = l.Pick("Risposta di wi", "Answer from wi")
	}
	var blocks []slack.Block
	if r.SharedBy != "" {
		blocks = append(blocks, contextBlock(fmt.Sprintf(l.Pick("Condivisa da <@%s>", "Shared by <@%s>"), slackID(r.SharedBy))))
	}
	blocks = append(blocks, section(head))
	used := utf8.RuneCountInString(head)
	buttons := slackButtons(r)
	// Caveats qualify the headline's figures: right under it, never dropped.
	if len(res.Caveats) > 0 {
		var lines []string
		for _, c := range res.Caveats {
			if strings.TrimSpace(c) == "" {
				continue
			}
			lines = append(lines, ":warning: "+slackEscape(c))
			used += utf8.RuneCountInString(c) + 10
		}
		blocks = append(blocks, contextBlock(lines...))
	}
	switch {
	case len(res.Rows) == 1 && len(res.Columns) <= slackMaxFields:
		// One row: each column a field, "*label*\nvalue".
		var fields []*slack.TextBlockObject
		for i, c := range res.Columns {
			v := ""
			if i < len(res.Rows[0]) {
				v = reports.Cell(res.Rows[0][i], c, l)
			}
			f := clip("*"+slackEscape(c.Label)+"*\n"+slackEscape(v), slackFieldMax)
			used += utf8.RuneCountInString(f)
			fields = append(fields, mrkdwn(f))
		}
		blocks = append(blocks, slack.NewSectionBlock(nil, fields, nil))
	case len(res.Rows) > 0:
		rows := slackListRows
		if r.AllRows {
			rows = len(res.Rows)
		}
		tb, shown, n := slackTable(res, slackBudget-used-2500, rows)
		blocks = append(blocks, tb...)
		used += n
		if shown < len(res.Rows) {
			blocks = append(blocks, contextBlock(slackEscape(cutRows(shown, len(res.Rows), l, link != "" || hasButton(r, actCSV)))))
		}
		if link != "" && buttons == nil {
			blocks = append(blocks, slackCSVButton(link, l))
			used += 60
		}
	}
	if buttons != nil {
		blocks = append(blocks, buttons)
		used += 150
	}
	// What follows is dropped, last first, if the message would be too long.
	var tail []string
	if d := disclosureLine(res); d != "" {
		tail = append(tail, ":lock: "+slackEscape(d))
	}
	var src []string
	for _, s := range res.Sources {
		src = append(src, slackEscape(reports.SourceLine(s, l)))
	}
	var notes []string
	for _, n := range res.Notes {
		if n = chatNote(n); n != "" {
			notes = append(notes, slackEscape(clip(n, 700)))
		}
	}
	add := func(b slack.Block, n int) bool {
		if b == nil {
			return true
		}
		if used+n > slackBudget || len(blocks) >= slackMaxBlocks-1 {
			return false
		}
		blocks = append(blocks, b)
		used += n
		return true
	}
	// Sources: one context element each, with the heading on the first.
	if len(src) > 0 {
		src[0] = "*" + l.Pick("Fonti", "Sources") + ":* " + src[0]
		add(contextBlock(src...), totalLen(src))
	}
	add(contextBlock(tail...), totalLen(tail))
	if len(notes) > 0 {
		notes[0] = "*" + l.Pick("Note", "Notes") + ":* " + notes[0]
		for len(notes) > 0 && !add(contextBlock(notes...), totalLen(notes)) {
			notes = notes[:len(notes)-1]
		}
	}
	add(slackQuestionLine(res.Canonical, l), utf8.RuneCountInString(res.Canonical)+12)
	return fallback, blocks
}

func totalLen(ss []string) int {
	n := 0
	for _, s := range ss {
		n += utf8.RuneCountInString(s)
	}
	return n
}

func slackHelp(res *answer.Result, l question.Lang) (string, []slack.Block) {
	var b strings.Builder
	b.WriteString(slackEscape(helpIntro("slack", l)) + "\n")
	for _, e := range helpExamples(l) {
		b.WriteString("• `/wi " + slackEscape(e) + "`\n")
	}
	blocks := []slack.Block{section(b.String())}
	if res != nil {
		var part strings.Builder
		part.WriteString("*" + l.Pick("Tutte le domande", "Every question") + "*\n")
		for _, qe := range helpLines(res) {
			line := "• *" + slackEscape(qe[0]) + "* — `" + slackEscape(qe[1]) + "`\n"
			if utf8.RuneCountInString(part.String())+utf8.RuneCountInString(line) > slackSectionMax-10 {
				blocks = append(blocks, section(part.String()))
				part.Reset()
			}
			part.WriteString(line)
		}
		if part.Len() > 0 {
			blocks = append(blocks, section(part.String()))
		}
		if res.Synthetic {
			blocks = append(blocks, contextBlock("*["+syntheticMark(l)+"]* "+l.Pick("Le risposte vengono dalla città demo sintetica.", "Answers come from the synthetic demo city.")))
		}
	}
	return l.Pick("Come chiedere a wi", "How to ask wi"), blocks
}

// slackCSVButton is a button that opens the whole table as CSV. It is a
// link button: Slack opens the URL itself and tells /slack/interactions,
// which only acknowledges it.
func slackCSVButton(link string, l question.Lang) slack.Block {
	b := slack.NewButtonBlockElement("wi_csv", "csv", slack.NewTextBlockObject(slack.PlainTextType,
		l.Pick("⬇️ Scarica la tabella (CSV)", "⬇️ Download the table (CSV)"), true, false))
	b.URL = link
	return slack.NewActionBlock("wi_answer_actions", b)
}

// slackButtons is the actions block of an answer's buttons (nil without
// any): each button's value a signed token (actions.go); "share in the
// channel" only on a private answer.
func slackButtons(r *Reply) slack.Block {
	var els []slack.BlockElement
	for _, b := range r.Buttons {
		if b.Value == "" || (b.Act == actShare && !r.Share) || len(els) == 25 {
			continue
		}
		e := slack.NewButtonBlockElement(actionPrefix+b.Act, b.Value, slack.NewTextBlockObject(slack.PlainTextType, clip(b.Label, 75), false, false))
		if b.Act == actShare {
			e.Style = slack.StylePrimary
		}
		els = append(els, e)
	}
	if len(els) == 0 {
		return nil
	}
	return slack.NewActionBlock("wi_answer_actions", els...)
}

// hasButton reports whether a reply offers a button.
func hasButton(r *Reply, act string) bool {
	for _, b := range r.Buttons {
		if b.Act == act {
			return true
		}
	}
	return false
}

// slackID keeps a Slack ID to the characters IDs have (it goes inside a
// <@…> mention).
func slackID(id string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, id)
}

// slackListRows is how many rows an answer shows as a list.
const slackListRows = 15

// slackTable renders a result's table of several rows for a phone, in at
// most budget characters: a preformatted block when the aligned table is at
// most phoneWidth characters wide (wider lines scroll sideways), otherwise
// one line a row, "*1. label* — heading: value · heading: value", which
// wraps. It returns the blocks, the rows shown and the characters used.
func slackTable(res *answer.Result, budget, maxRows int) ([]slack.Block, int, int) {
	if tableWidth(res) <= phoneWidth {
		text, shown := alignedTable(res, min(budget, slackTableBudget), max(slackTableRows, maxRows))
		text = "```" + slackEscape(text) + "```"
		for utf8.RuneCountInString(text) > slackSectionMax && shown > 1 { // escaping lengthened it
			var t string
			t, shown = alignedTable(res, slackTableBudget-(utf8.RuneCountInString(text)-slackSectionMax)-50, shown-1)
			text = "```" + slackEscape(t) + "```"
		}
		return []slack.Block{section(text)}, shown, utf8.RuneCountInString(text)
	}
	lines := rowLines(res)
	var (
		blocks []slack.Block
		part   strings.Builder
		used   int
		shown  int
	)
	for _, line := range lines {
		line = slackEscape(line)
		n := utf8.RuneCountInString(line) + 1
		if shown == maxRows || used+n > budget {
			break
		}
		if utf8.RuneCountInString(part.String())+n > slackSectionMax-10 {
			blocks = append(blocks, section(part.String()))
			part.Reset()
		}
		part.WriteString(line + "\n")
		used += n
		shown++
	}
	if part.Len() > 0 {
		blocks = append(blocks, section(part.String()))
	}
	return blocks, shown, used
}

// tableWidth is the width of a result's table aligned as alignedTable
// writes it.
func tableWidth(res *answer.Result) int {
	width := make([]int, len(res.Columns))
	for _, line := range tableCells(res) {
		for i, s := range line {
			width[i] = max(width[i], utf8.RuneCountInString(s))
		}
	}
	w := 0
	for i, n := range width {
		if i > 0 {
			w += 2
		}
		w += n
	}
	return w
}

// rowLines writes each row of a result as one line of mrkdwn (not yet
// escaped, but for the asterisks): the row's label in bold, numbered, then
// the other cells with their headings.
func rowLines(res *answer.Result) []string {
	cells := tableCells(res)
	label, rank := labelColumn(res, cells), -1
	for i, c := range res.Columns {
		if c.Label == "#" || c.Name == "rank" {
			rank = i
		}
	}
	// Codes ("nil-28", "asilo-nido-050") are for machines: the CSV has them.
	code := make([]bool, len(res.Columns))
	for i, c := range res.Columns {
		code[i] = c.Type == answer.TypeString && i != label && slugColumn(cells, i)
	}
	out := make([]string, 0, len(res.Rows))
	for r, row := range cells[1:] {
		var parts []string
		for i, v := range row {
			if i == label || i == rank || code[i] || strings.TrimSpace(v) == "" || v == "–" {
				continue
			}
			parts = append(parts, cells[0][i]+": "+v)
		}
		n := fmt.Sprint(r + 1)
		if rank >= 0 && row[rank] != "" {
			n = row[rank]
		}
		line := fmt.Sprintf("*%s. %s*", n, strings.ReplaceAll(row[label], "*", ""))
		if len(parts) > 0 {
			line += " — " + strings.Join(parts, " · ")
		}
		out = append(out, line)
	}
	return out
}

// slugColumn reports whether every value of a column is a code: lower
// case, no blanks, with a dash.
func slugColumn(cells [][]string, i int) bool {
	for _, row := range cells[1:] {
		v := row[i]
		if v != "" && (strings.ContainsAny(v, " ") || strings.ToLower(v) != v || !strings.Contains(v, "-")) {
			return false
		}
	}
	return len(cells) > 1
}

// labelColumn picks the column that names a row: the text column whose
// values look most like names (with a capital or a blank, as "Cà della
// Stazione", rather than codes like "nil-28"); the first column without one.
func labelColumn(res *answer.Result, cells [][]string) int {
	best, bestScore := -1, -1
	for i, c := range res.Columns {
		if c.Type != answer.TypeString {
			continue
		}
		score := 0
		for _, row := range cells[1:] {
			v := row[i]
			if strings.ContainsAny(v, " ") || strings.ToLower(v) != v {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	return max(best, 0)
}

// slackCode writes the rest of a question error (dsl.Format: each question
// line with a caret line under it, and further messages) as mrkdwn: the
// question and its caret in a preformatted block, cut to a window of
// phoneWidth characters around the caret; messages as text.
func slackCode(code string) string {
	var b strings.Builder
	lines := strings.Split(code, "\n")
	for i := 0; i < len(lines); i++ {
		if i+1 < len(lines) && strings.TrimSpace(lines[i+1]) == "^" {
			src, caret := caretWindow(lines[i], lines[i+1], phoneWidth)
			b.WriteString("```" + slackEscape(src) + "\n" + caret + "```\n")
			i++
			continue
		}
		if strings.TrimSpace(lines[i]) != "" {
			b.WriteString(slackEscape(strings.TrimSpace(lines[i])) + "\n")
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// caretWindow cuts a line and the caret line under it to at most width
// characters, keeping the caret in view; "…" marks a cut.
func caretWindow(line, caretLine string, width int) (string, string) {
	src := []rune(strings.TrimRight(line, " "))
	col := strings.Index(caretLine, "^") // the caret line is blanks and the caret
	if len(src) <= width || col < 0 {
		return string(src), caretLine
	}
	start := max(0, min(col-width/2, len(src)-width))
	end := min(len(src), start+width)
	out := string(src[start:end])
	if start > 0 {
		out = "…" + string(src[start+1:end])
	}
	if end < len(src) {
		r := []rune(out)
		out = string(r[:len(r)-1]) + "…"
	}
	return out, strings.Repeat(" ", col-start) + "^"
}
