package bots

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Validators of what the server sends: Slack Block Kit messages (as posted
// to response_url or chat.postMessage) and Teams Bot Framework messages with
// an Adaptive Card. They check the limits the platforms enforce (a message
// that breaks one is rejected, and the user never sees the answer), the
// escaping of Slack's mrkdwn, and the readability rules of issue 17.

// Slack Block Kit limits (api.slack.com/reference/block-kit/blocks).
var slackBlockTypes = map[string]bool{"section": true, "context": true, "divider": true, "header": true, "actions": true,
	"image": true, "rich_text": true, "input": true}

// slackControl is a control sequence Slack reads in mrkdwn: a link, a mention.
var slackControl = regexp.MustCompile(`<(https?://[^|<>\s]+(\|[^<>]+)?|[@#!][A-Za-z0-9^|_-]+)>`)

// checkMrkdwn checks the escaping of a mrkdwn text: every &, < and > is an
// escape or part of a control sequence.
func checkMrkdwn(where, s string) []string {
	var errs []string
	rest := slackControl.ReplaceAllString(s, "")
	if strings.ContainsAny(rest, "<>") {
		errs = append(errs, fmt.Sprintf("%s: unescaped < or > in %q", where, clip(s, 200)))
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] == '&' && !strings.HasPrefix(rest[i:], "&amp;") && !strings.HasPrefix(rest[i:], "&lt;") && !strings.HasPrefix(rest[i:], "&gt;") {
			errs = append(errs, fmt.Sprintf("%s: unescaped & in %q", where, clip(s, 200)))
			break
		}
	}
	return errs
}

// codeBlocks returns the lines of the ``` blocks of a mrkdwn text, Slack's
// escapes undone.
func codeBlocks(s string) []string {
	var lines []string
	parts := strings.Split(s, "```")
	for i := 1; i < len(parts); i += 2 {
		for _, l := range strings.Split(parts[i], "\n") {
			lines = append(lines, strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(l))
		}
	}
	return lines
}

// slackReport is what validateSlack found.
type slackReport struct {
	errs       []string
	widest     int // the widest line of a code block
	codeTables int // code blocks
	chars      int
}

// validateSlack checks a Slack message (decoded JSON: text, blocks).
func validateSlack(msg map[string]any) slackReport {
	var rep slackReport
	bad := func(f string, a ...any) { rep.errs = append(rep.errs, fmt.Sprintf(f, a...)) }
	text, _ := msg["text"].(string)
	if strings.TrimSpace(text) == "" {
		bad("no fallback text")
	}
	rep.errs = append(rep.errs, checkMrkdwn("fallback text", text)...)
	raw, ok := msg["blocks"]
	if !ok || raw == nil {
		return rep
	}
	blocks, ok := raw.([]any)
	if !ok {
		bad("blocks is %T", raw)
		return rep
	}
	if len(blocks) == 0 {
		bad("empty blocks array")
	}
	if len(blocks) > 50 {
		bad("%d blocks, Slack takes 50", len(blocks))
	}
	textObj := func(where string, v any, limit int) {
		o, ok := v.(map[string]any)
		if !ok {
			bad("%s: not a text object: %v", where, v)
			return
		}
		t, _ := o["text"].(string)
		switch o["type"] {
		case "mrkdwn":
			rep.errs = append(rep.errs, checkMrkdwn(where, t)...)
			for _, l := range codeBlocks(t) {
				rep.widest = max(rep.widest, utf8.RuneCountInString(l))
			}
			rep.codeTables += strings.Count(t, "```") / 2
		case "plain_text":
		default:
			bad("%s: text type %v", where, o["type"])
		}
		if strings.TrimSpace(t) == "" {
			bad("%s: empty text", where)
		}
		if n := utf8.RuneCountInString(t); n > limit {
			bad("%s: %d characters, limit %d", where, n, limit)
		}
		rep.chars += utf8.RuneCountInString(t)
	}
	for i, b := range blocks {
		bl, ok := b.(map[string]any)
		if !ok {
			bad("block %d: %T", i, b)
			continue
		}
		typ, _ := bl["type"].(string)
		where := fmt.Sprintf("block %d (%s)", i, typ)
		if !slackBlockTypes[typ] {
			bad("%s: unknown block type", where)
		}
		switch typ {
		case "section":
			_, hasText := bl["text"]
			fields, _ := bl["fields"].([]any)
			if !hasText && len(fields) == 0 {
				bad("%s: neither text nor fields", where)
			}
			if _, ok := bl["fields"]; ok && len(fields) == 0 {
				bad("%s: empty fields", where)
			}
			if hasText {
				textObj(where, bl["text"], 3000)
			}
			if len(fields) > 10 {
				bad("%s: %d fields, limit 10", where, len(fields))
			}
			for j, f := range fields {
				textObj(fmt.Sprintf("%s field %d", where, j), f, 2000)
			}
		case "context":
			els, _ := bl["elements"].([]any)
			if len(els) == 0 {
				bad("%s: no elements", where)
			}
			if len(els) > 10 {
				bad("%s: %d elements, limit 10", where, len(els))
			}
			for j, e := range els {
				textObj(fmt.Sprintf("%s element %d", where, j), e, 3000)
			}
		case "header":
			textObj(where, bl["text"], 150)
		case "input":
			textObj(where+" label", bl["label"], 2000)
			if id, _ := bl["block_id"].(string); id == "" || len(id) > 255 {
				bad("%s: block_id %q", where, id)
			}
			el, _ := bl["element"].(map[string]any)
			if el["type"] != "static_select" {
				bad("%s: element %v", where, el["type"])
				break
			}
			if el["placeholder"] != nil {
				textObj(where+" placeholder", el["placeholder"], 150)
			}
			option := func(w string, o any) {
				om, _ := o.(map[string]any)
				textObj(w, om["text"], 75)
				if v, _ := om["value"].(string); v == "" || len(v) > 150 {
					bad("%s: value %q (1 to 150 characters)", w, v)
				}
			}
			opts, _ := el["options"].([]any)
			groups, _ := el["option_groups"].([]any)
			if (len(opts) == 0) == (len(groups) == 0) || len(opts) > 100 || len(groups) > 100 {
				bad("%s: %d options and %d groups (one of them, at most 100)", where, len(opts), len(groups))
			}
			for j, o := range opts {
				option(fmt.Sprintf("%s option %d", where, j), o)
			}
			for j, g := range groups {
				gm, _ := g.(map[string]any)
				textObj(fmt.Sprintf("%s group %d", where, j), gm["label"], 75)
				gopts, _ := gm["options"].([]any)
				if len(gopts) == 0 || len(gopts) > 100 {
					bad("%s group %d: %d options", where, j, len(gopts))
				}
				for k, o := range gopts {
					option(fmt.Sprintf("%s group %d option %d", where, j, k), o)
				}
			}
		case "divider":
		case "actions":
			els, _ := bl["elements"].([]any)
			if len(els) == 0 || len(els) > 25 {
				bad("%s: %d elements", where, len(els))
			}
			ids := map[string]bool{}
			for j, e := range els {
				el, _ := e.(map[string]any)
				if el["type"] != "button" {
					bad("%s element %d: %v", where, j, el["type"])
					continue
				}
				textObj(fmt.Sprintf("%s button %d", where, j), el["text"], 75)
				id, _ := el["action_id"].(string)
				if id == "" || len(id) > 255 || ids[id] {
					bad("%s button %d: action_id %q empty, too long or repeated", where, j, id)
				}
				ids[id] = true
				if v, ok := el["value"].(string); ok && (v == "" || len(v) > 2000) {
					bad("%s button %d: value of %d characters (1 to 2000)", where, j, len(v))
				}
				if _, hasURL := el["url"]; !hasURL && el["value"] == nil {
					bad("%s button %d: neither url nor value", where, j)
				}
				if u, ok := el["url"].(string); ok && (len(u) > 3000 || !strings.HasPrefix(u, "http")) {
					bad("%s button %d: url %q", where, j, u)
				}
			}
		}
	}
	if rep.chars > 12000 {
		bad("%d characters in all: msg_blocks_too_long near 13k", rep.chars)
	}
	return rep
}

// Adaptive Card elements the renderer may use (Adaptive Cards 1.5).
var cardElementTypes = map[string]bool{"TextBlock": true, "FactSet": true, "Table": true, "ColumnSet": true, "Container": true}

// teamsReport is what validateTeams found.
type teamsReport struct {
	errs   []string
	tables int
	size   int
}

// validateTeams checks a Bot Framework message carrying an Adaptive Card.
func validateTeams(msg map[string]any) teamsReport {
	var rep teamsReport
	bad := func(f string, a ...any) { rep.errs = append(rep.errs, fmt.Sprintf(f, a...)) }
	b, _ := json.Marshal(msg)
	rep.size = len(b)
	if len(b) > 28000 {
		bad("message of %d bytes: Teams takes about 28 KB", len(b))
	}
	if msg["type"] != "message" {
		bad("type %v", msg["type"])
	}
	atts, _ := msg["attachments"].([]any)
	if len(atts) != 1 {
		bad("%d attachments", len(atts))
		return rep
	}
	att, _ := atts[0].(map[string]any)
	if att["contentType"] != "application/vnd.microsoft.card.adaptive" {
		bad("contentType %v", att["contentType"])
	}
	card, _ := att["content"].(map[string]any)
	if card["type"] != "AdaptiveCard" || card["version"] != "1.5" {
		bad("card type %v version %v, want AdaptiveCard 1.5", card["type"], card["version"])
	}
	body, _ := card["body"].([]any)
	if len(body) == 0 {
		bad("empty card body")
	}
	// The headline is shown once: not both as the message text and in the card.
	seen := map[string]int{}
	var walk func(where string, els []any, top bool)
	walk = func(where string, els []any, top bool) {
		for i, e := range els {
			el, _ := e.(map[string]any)
			typ, _ := el["type"].(string)
			w := fmt.Sprintf("%s[%d] %s", where, i, typ)
			if !cardElementTypes[typ] {
				bad("%s: unknown element type", w)
			}
			switch typ {
			case "TextBlock":
				t, _ := el["text"].(string)
				if strings.TrimSpace(t) == "" {
					bad("%s: empty text", w)
				}
				if strings.Contains(t, "`") {
					bad("%s: literal backticks in %q", w, clip(t, 120))
				}
				if strings.Contains(strings.ReplaceAll(t, "\n\n", ""), "\n") {
					bad("%s: single line break in %q (Teams joins the lines)", w, clip(t, 120))
				}
				if top && (el["weight"] == "Bolder" || len(t) > 40) {
					seen[t]++
				}
			case "FactSet":
				facts, _ := el["facts"].([]any)
				if len(facts) == 0 {
					bad("%s: no facts", w)
				}
				for j, f := range facts {
					fm, _ := f.(map[string]any)
					if _, ok := fm["title"].(string); !ok {
						bad("%s fact %d: no title", w, j)
					}
					if _, ok := fm["value"].(string); !ok {
						bad("%s fact %d: no value", w, j)
					}
				}
			case "Table":
				rep.tables++
				cols, _ := el["columns"].([]any)
				rows, _ := el["rows"].([]any)
				if len(cols) == 0 || len(rows) == 0 {
					bad("%s: %d columns, %d rows", w, len(cols), len(rows))
				}
				for j, r := range rows {
					rm, _ := r.(map[string]any)
					cells, _ := rm["cells"].([]any)
					if rm["type"] != "TableRow" || len(cells) != len(cols) {
						bad("%s row %d: type %v, %d cells for %d columns", w, j, rm["type"], len(cells), len(cols))
					}
					for k, c := range cells {
						cm, _ := c.(map[string]any)
						items, _ := cm["items"].([]any)
						if cm["type"] != "TableCell" || len(items) == 0 {
							bad("%s row %d cell %d: type %v, %d items", w, j, k, cm["type"], len(items))
						}
						walk(fmt.Sprintf("%s row %d cell %d", w, j, k), items, false)
					}
				}
			case "ColumnSet":
				cols, _ := el["columns"].([]any)
				if len(cols) == 0 {
					bad("%s: no columns", w)
				}
				for j, c := range cols {
					cm, _ := c.(map[string]any)
					items, _ := cm["items"].([]any)
					walk(fmt.Sprintf("%s col %d", w, j), items, false)
				}
			case "Container":
				items, _ := el["items"].([]any)
				if len(items) == 0 {
					bad("%s: no items", w)
				}
				walk(w, items, top)
			}
		}
	}
	walk("body", body, true)
	for t, n := range seen {
		if n > 1 {
			bad("text shown %d times: %q", n, clip(t, 120))
		}
	}
	if t, _ := msg["text"].(string); t != "" && seen[t] > 0 {
		bad("headline both as the message text and in the card: %q", clip(t, 120))
	}
	acts, _ := card["actions"].([]any)
	for i, a := range acts {
		am, _ := a.(map[string]any)
		if am["type"] != "Action.OpenUrl" {
			bad("action %d: %v (outgoing webhooks allow only Action.OpenUrl)", i, am["type"])
		}
		if u, _ := am["url"].(string); !strings.HasPrefix(u, "http") {
			bad("action %d: url %q", i, u)
		}
		if t, _ := am["title"].(string); t == "" {
			bad("action %d: no title", i)
		}
	}
	return rep
}
