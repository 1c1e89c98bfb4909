package bots

import (
	"fmt"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// Adaptive Card limits kept here: a handful of columns and rows, so that the
// card stays well under Teams' 28 KB message limit and readable on a phone.
const (
	cardMaxRows = 20
	cardMaxCols = 6
)

// TeamsMessage renders a reply as a Bot Framework message carrying an
// Adaptive Card. link, when given, becomes an openURL action (the only
// action outgoing webhooks allow).
func TeamsMessage(r *Reply, link string) map[string]any {
	l := r.Lang
	var body []any
	text := r.Text
	switch {
	case (r.Kind == KindAnswer || r.Kind == KindHelp) && r.Result != nil:
		res := r.Result
		text = res.Headline
		if res.Synthetic {
			body = append(body, tb("["+syntheticMark(l)+"]", "weight", "Bolder", "color", "Attention", "size", "Small"))
			text = "[" + syntheticMark(l) + "] " + text
		}
		if r.Kind == KindHelp {
			body = append(body, tb(helpIntro("teams", l)))
			for _, e := range helpExamples(l) {
				body = append(body, tb("@wi "+e, "fontType", "Monospace", "spacing", "None"))
			}
			var facts []any
			for _, qe := range helpLines(res) {
				facts = append(facts, map[string]any{"title": qe[0], "value": qe[1]})
			}
			body = append(body, map[string]any{"type": "FactSet", "facts": facts, "separator": true})
			text = l.Pick("Come chiedere a wi", "How to ask wi")
			break
		}
		body = append(body, tb(res.Headline, "weight", "Bolder"))
		for _, c := range res.Caveats {
			body = append(body, tb(l.Pick("Da sapere: ", "Keep in mind: ")+c, "color", "Warning", "size", "Small", "spacing", "Small"))
		}
		body = append(body, cardTable(res)...)
		for i, n := range res.Notes {
			if i == 4 {
				break
			}
			body = append(body, tb(n, "isSubtle", true, "size", "Small", "spacing", "Small"))
		}
		if d := disclosureLine(res); d != "" {
			body = append(body, tb(d, "isSubtle", true, "size", "Small"))
		}
		for i, s := range res.Sources {
			prefix := ""
			if i == 0 {
				prefix = l.Pick("Fonti: ", "Sources: ")
			}
			body = append(body, tb(prefix+reports.SourceLine(s, l), "isSubtle", true, "size", "Small", "spacing", "None"))
		}
		body = append(body, tb(l.Pick("Domanda: ", "Question: ")+res.Canonical, "fontType", "Monospace", "size", "Small", "isSubtle", true))
	case r.Kind == KindQuestionErr:
		body = append(body, tb("⚠️ "+r.Text, "color", "Warning"))
		if r.Code != "" {
			body = append(body, tb(r.Code, "fontType", "Monospace", "wrap", false))
		}
		body = append(body, tb(l.Pick("Scrivi «@wi aiuto» per l'elenco delle domande con un esempio ciascuna.",
			"Write “@wi help” for every question with an example."), "isSubtle", true, "size", "Small"))
	default:
		color := "Default"
		if r.Private() {
			color = "Attention"
		}
		body = append(body, tb(r.Text, "color", color))
	}
	card := map[string]any{
		"type":    "AdaptiveCard",
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"version": "1.4",
		"body":    body,
	}
	if link != "" {
		title := l.Pick("Apri la risposta", "Open the answer")
		if r.Plan != nil {
			switch r.Plan.(type) {
			case *question.Dossier, *question.Factsheet:
				title = l.Pick("Scarica il PDF", "Download the PDF")
			}
		}
		card["actions"] = []any{map[string]any{"type": "Action.OpenUrl", "title": title, "url": link}}
		text += " " + link
	}
	return map[string]any{
		"type": "message",
		"text": text,
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"content":     card,
		}},
	}
}

// tb is a wrapping TextBlock with extra properties as key, value pairs.
func tb(text string, kv ...any) map[string]any {
	m := map[string]any{"type": "TextBlock", "text": text, "wrap": true}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// cardTable lays a result's table out: one row as a FactSet, more as a
// ColumnSet of at most cardMaxCols columns and cardMaxRows rows.
func cardTable(res *answer.Result) []any {
	l := res.Lang
	if len(res.Rows) == 0 {
		return nil
	}
	cells := tableCells(res)
	if len(res.Rows) == 1 {
		var facts []any
		for i, h := range cells[0] {
			facts = append(facts, map[string]any{"title": h, "value": cells[1][i]})
		}
		return []any{map[string]any{"type": "FactSet", "facts": facts}}
	}
	nrows := min(len(res.Rows), cardMaxRows)
	var cols []any
	for i, c := range res.Columns {
		if i == cardMaxCols {
			break
		}
		align := "Right"
		if c.Type == answer.TypeString {
			align = "Left"
		}
		items := []any{tb(cells[0][i], "weight", "Bolder", "size", "Small", "horizontalAlignment", align)}
		for r := 1; r <= nrows; r++ {
			items = append(items, tb(cells[r][i], "size", "Small", "spacing", "None", "horizontalAlignment", align, "wrap", false))
		}
		width := "auto"
		if c.Type == answer.TypeString && i > 0 {
			width = "stretch"
		}
		cols = append(cols, map[string]any{"type": "Column", "width": width, "items": items})
	}
	out := []any{map[string]any{"type": "ColumnSet", "columns": cols, "separator": true}}
	if nrows < len(res.Rows) || len(res.Columns) > cardMaxCols {
		out = append(out, tb(fmt.Sprintf(l.Pick("Mostrate %d righe di %d e %d colonne di %d.", "Showing %d rows of %d and %d columns of %d."),
			nrows, len(res.Rows), min(len(res.Columns), cardMaxCols), len(res.Columns)), "isSubtle", true, "size", "Small"))
	}
	return out
}
