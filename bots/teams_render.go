package bots

import (
	"fmt"
	"strings"

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
// Adaptive Card 1.5 at full width. link, when given, becomes an openURL
// action (the only action outgoing webhooks allow), as does the reply's own
// Link (the CSV of a table). The headline is in the card, once; the
// message's summary is what a notification shows.
func TeamsMessage(r *Reply, link string) map[string]any {
	l := r.Lang
	var body []any
	summary := r.Text
	switch {
	case (r.Kind == KindAnswer || r.Kind == KindHelp) && r.Result != nil:
		res := r.Result
		summary = res.Headline
		if res.Synthetic {
			body = append(body, tb("["+syntheticMark(l)+"]", "weight", "Bolder", "color", "Attention", "size", "Small"))
			summary = "[" + syntheticMark(l) + "] " + summary
		}
		if r.Kind == KindHelp {
			summary = l.Pick("Come chiedere a wi", "How to ask wi")
			body = append(body, tb(helpIntro("teams", l)))
			for _, e := range helpExamples(l) {
				body = append(body, tb("@wi "+e, "fontType", "Monospace", "spacing", "None"))
			}
			var facts []any
			for _, qe := range helpLines(res) {
				facts = append(facts, map[string]any{"title": teamsText(qe[0]), "value": teamsText(qe[1])})
			}
			if len(facts) > 0 {
				body = append(body, map[string]any{"type": "FactSet", "facts": facts, "separator": true})
			}
			break
		}
		if strings.TrimSpace(res.Headline) != "" {
			body = append(body, tb(res.Headline, "weight", "Bolder", "size", "Medium"))
		}
		for _, c := range res.Caveats {
			if strings.TrimSpace(c) != "" {
				body = append(body, tb("⚠️ "+c, "color", "Warning", "size", "Small", "spacing", "Small"))
			}
		}
		body = append(body, cardTable(res, r.Link != "")...)
		n := 0
		for _, note := range res.Notes {
			if note = chatNote(note); note == "" {
				continue
			}
			if n++; n > 4 {
				break
			}
			body = append(body, tb(note, "isSubtle", true, "size", "Small", "spacing", "Small"))
		}
		if d := disclosureLine(res); d != "" {
			body = append(body, tb("🔒 "+d, "isSubtle", true, "size", "Small"))
		}
		var src []string
		for _, s := range res.Sources {
			src = append(src, reports.SourceLine(s, l))
		}
		if len(src) > 0 {
			body = append(body, tb(l.Pick("Fonti: ", "Sources: ")+strings.Join(src, "; "), "isSubtle", true, "size", "Small"))
		}
		if res.Canonical != "" {
			body = append(body, tb(l.Pick("Domanda: ", "Question: ")+showQuestion(res.Canonical, l), "fontType", "Monospace", "size", "Small", "isSubtle", true))
		}
	case r.Kind == KindQuestionErr:
		body = append(body, tb("⚠️ "+r.Text, "color", "Warning"))
		if r.Code != "" {
			// One block a line, leading blanks kept, so that the caret stays
			// under the mistake.
			for _, line := range strings.Split(r.Code, "\n") {
				if strings.TrimSpace(line) == "" {
					continue
				}
				trimmed := strings.TrimLeft(line, " ")
				line = strings.Repeat("\u00a0", len(line)-len(trimmed)) + trimmed
				body = append(body, tb(line, "fontType", "Monospace", "wrap", false, "spacing", "None"))
			}
		}
		body = append(body, tb(l.Pick("Scrivi «@wi aiuto» per l'elenco delle domande con un esempio ciascuna.",
			"Write “@wi help” for every question with an example."), "isSubtle", true, "size", "Small"))
	default:
		color := "Default"
		if r.Private() {
			color = "Attention"
		}
		text := r.Text
		if strings.TrimSpace(text) == "" {
			text = l.Pick("Nessuna risposta.", "No answer.")
		}
		body = append(body, tb(text, "color", color))
	}
	card := map[string]any{
		"type":    "AdaptiveCard",
		"$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
		"version": "1.5",
		"msteams": map[string]any{"width": "Full"},
		"body":    body,
	}
	var actions []any
	if link != "" {
		title := l.Pick("Apri la risposta", "Open the answer")
		if r.Plan != nil {
			switch r.Plan.(type) {
			case *question.Dossier, *question.Factsheet:
				title = l.Pick("Scarica il PDF", "Download the PDF")
			}
		}
		actions = append(actions, map[string]any{"type": "Action.OpenUrl", "title": title, "url": link})
	}
	if r.Link != "" && r.Link != link {
		title := r.LinkText
		if title == "" {
			title = l.Pick("Apri", "Open")
		}
		actions = append(actions, map[string]any{"type": "Action.OpenUrl", "title": clip(title, 40), "url": r.Link})
	}
	for _, b := range r.Buttons { // the answer's other links: Excel, every row, the dossier
		if b.URL != "" {
			actions = append(actions, map[string]any{"type": "Action.OpenUrl", "title": clip(b.Label, 40), "url": b.URL})
		}
	}
	if len(actions) > 0 {
		card["actions"] = actions
	}
	if strings.TrimSpace(summary) == "" {
		summary = "wi"
	}
	return map[string]any{
		"type":    "message",
		"summary": clip(summary, 200),
		"attachments": []any{map[string]any{
			"contentType": "application/vnd.microsoft.card.adaptive",
			"content":     card,
		}},
	}
}

// teamsText makes a text readable in an Adaptive Card: backticks (which
// Teams shows as they are) removed, and every line break a paragraph break
// (a single one is joined to the line before).
func teamsText(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n", "\n")
	return strings.ReplaceAll(s, "\n", "\n\n")
}

// tb is a wrapping TextBlock with extra properties as key, value pairs.
func tb(text string, kv ...any) map[string]any {
	m := map[string]any{"type": "TextBlock", "text": teamsText(text), "wrap": true}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

// cardTable lays a result's table out: one row as a FactSet, more as an
// Adaptive Cards 1.5 Table of at most cardMaxCols columns and cardMaxRows
// rows, headings first. csv says whether the reply links the whole table.
func cardTable(res *answer.Result, csv bool) []any {
	l := res.Lang
	if len(res.Rows) == 0 || len(res.Columns) == 0 {
		return nil
	}
	cells := tableCells(res)
	if len(res.Rows) == 1 {
		var facts []any
		for i, h := range cells[0] {
			facts = append(facts, map[string]any{"title": teamsText(h), "value": teamsText(cellOr(cells[1][i]))})
		}
		return []any{map[string]any{"type": "FactSet", "facts": facts}}
	}
	nrows := min(len(res.Rows), cardMaxRows)
	ncols := min(len(res.Columns), cardMaxCols)
	var cols []any
	for i := range ncols {
		c := res.Columns[i]
		col := map[string]any{"width": 1, "horizontalCellContentAlignment": "Right"}
		if c.Type == answer.TypeString {
			col["width"], col["horizontalCellContentAlignment"] = 2, "Left"
		}
		cols = append(cols, col)
	}
	var rows []any
	for r := 0; r <= nrows; r++ {
		var rc []any
		for i := range ncols {
			opts := []any{"size", "Small"}
			if r == 0 {
				opts = append(opts, "weight", "Bolder")
			}
			rc = append(rc, map[string]any{"type": "TableCell", "items": []any{tb(cellOr(cells[r][i]), opts...)}})
		}
		rows = append(rows, map[string]any{"type": "TableRow", "cells": rc})
	}
	out := []any{map[string]any{"type": "Table", "columns": cols, "rows": rows, "firstRowAsHeader": true,
		"gridStyle": "accent", "showGridLines": false, "separator": true}}
	if nrows < len(res.Rows) || len(res.Columns) > cardMaxCols {
		t := fmt.Sprintf(l.Pick("Mostrate %d righe di %d e %d colonne di %d.", "Showing %d rows of %d and %d columns of %d."),
			nrows, len(res.Rows), ncols, len(res.Columns))
		if csv {
			t += l.Pick(" La tabella intera è nel CSV.", " The whole table is in the CSV.")
		}
		out = append(out, tb(t, "isSubtle", true, "size", "Small"))
	}
	return out
}

// cellOr is a cell's text, a dash for an empty one (a TextBlock needs text).
func cellOr(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}
