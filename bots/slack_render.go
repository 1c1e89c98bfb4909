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
func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func section(s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(clip(s, slackSectionMax)), nil, nil)
}

func contextBlock(lines ...string) *slack.ContextBlock {
	els := make([]slack.MixedElement, 0, len(lines))
	for _, l := range lines {
		if l != "" && len(els) < slackContextMax {
			els = append(els, mrkdwn(clip(l, slackFieldMax)))
		}
	}
	return slack.NewContextBlock("", els...)
}

// SlackMessage renders a reply as Block Kit: the fallback text (for
// notifications) and the blocks.
func SlackMessage(r *Reply) (string, []slack.Block) {
	l := r.Lang
	switch r.Kind {
	case KindAnswer:
		return slackAnswer(r.Result)
	case KindHelp:
		return slackHelp(r.Result, l)
	case KindDocument:
		if r.Document == nil {
			return "", nil
		}
		t := fmt.Sprintf(l.Pick("Ecco %s: *%s* (%d pagine).", "Here is %s: *%s* (%d pages)."),
			documentKind(r.Plan, l), slackEscape(r.Document.Title), r.Document.Pages)
		return plain(t), []slack.Block{section(t), contextBlock(l.Pick("Domanda: ", "Question: ") + "`" + slackEscape(r.Plan.Canonical()) + "`")}
	case KindQuestionErr:
		blocks := []slack.Block{section(":warning: " + slackEscape(r.Text))}
		if r.Code != "" {
			blocks = append(blocks, section("```"+slackEscape(r.Code)+"```"))
		}
		blocks = append(blocks, contextBlock(l.Pick("Scrivi `/wi aiuto` per l'elenco delle domande con un esempio ciascuna.",
			"Type `/wi help` for every question with an example.")))
		return r.Text, blocks
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
	return r.Text, []slack.Block{section(icon + r.Text)} // r.Text is ours: already mrkdwn
}

func plain(s string) string { return strings.ReplaceAll(s, "*", "") }

func slackAnswer(res *answer.Result) (string, []slack.Block) {
	l := res.Lang
	head := slackEscape(res.Headline)
	fallback := res.Headline
	if res.Synthetic {
		head = "*[" + syntheticMark(l) + "]* " + head
		fallback = "[" + syntheticMark(l) + "] " + fallback
	}
	blocks := []slack.Block{section(head)}
	used := utf8.RuneCountInString(head)
	// Caveats qualify the headline's figures: right under it, never dropped.
	if len(res.Caveats) > 0 {
		var lines []string
		for _, c := range res.Caveats {
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
		text, shown := alignedTable(res, slackTableBudget, slackTableRows)
		text = "```" + slackEscape(text) + "```"
		for utf8.RuneCountInString(text) > slackSectionMax && shown > 1 { // escaping lengthened it
			var t string
			t, shown = alignedTable(res, slackTableBudget-(utf8.RuneCountInString(text)-slackSectionMax)-50, shown-1)
			text = "```" + slackEscape(t) + "```"
		}
		blocks = append(blocks, section(text))
		used += utf8.RuneCountInString(text)
		if shown < len(res.Rows) {
			blocks = append(blocks, contextBlock(cutRows(shown, len(res.Rows), l)))
		}
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
	question := l.Pick("Domanda: ", "Question: ") + "`" + slackEscape(res.Canonical) + "`"
	var notes []string
	for _, n := range res.Notes {
		notes = append(notes, slackEscape(clip(n, 700)))
	}
	add := func(b slack.Block, n int) bool {
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
	add(contextBlock(question), utf8.RuneCountInString(question))
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
	b.WriteString(helpIntro("slack", l) + "\n")
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
