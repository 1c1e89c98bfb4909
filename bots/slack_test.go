package bots

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

// The published example of PROTOCOLS.md, reproduced by the signing code.
func TestSlackSignatureReproducesThePublishedExample(t *testing.T) {
	body := "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
	got := SlackSignature("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", []byte(body))
	want := "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
	if got != want {
		t.Fatalf("signature %s, want %s", got, want)
	}
	// And VerifySlack accepts it at its own time, and not 301 s later.
	h := http.Header{}
	h.Set("X-Slack-Signature", want)
	h.Set("X-Slack-Request-Timestamp", "1531420618")
	at := time.Unix(1531420618, 0)
	if err := VerifySlack(h, []byte(body), "8f742231b10e8888abcd99yyyzzz85a5", at.Add(299*time.Second)); err != nil {
		t.Errorf("published example at +299 s: %v", err)
	}
	if err := VerifySlack(h, []byte(body), "8f742231b10e8888abcd99yyyzzz85a5", at.Add(301*time.Second)); err == nil {
		t.Errorf("published example at +301 s was accepted")
	}
	if err := VerifySlack(h, []byte(body+"x"), "8f742231b10e8888abcd99yyyzzz85a5", at); err == nil {
		t.Errorf("a changed body was accepted")
	}
}

// A slash command signed with a current timestamp is acknowledged at once and
// answered through response_url with Block Kit carrying the right figures.
func TestSlashCommandIsAnsweredThroughResponseURL(t *testing.T) {
	ts := startServer(t, nil)
	hook := newCatcher(t)
	q := "dove sottoservito target=anziani-soli raggio=800m primi=5"
	start := time.Now()
	resp, body := postSlash(t, ts, q, "U0STAFF", hook.URL+"/commands/T0TEST/1/abc")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("ack: %d %s", resp.StatusCode, body)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("ack took %s, Slack waits 3 s", d)
	}
	var ack map[string]any
	if err := json.Unmarshal(body, &ack); err != nil || ack["response_type"] != "ephemeral" {
		t.Errorf("ack %s: want an ephemeral JSON message", body)
	}
	msg := hook.next(t, 20*time.Second)
	if !isAnswer(msg) {
		t.Errorf("response_type %v, want in_channel", msg["response_type"])
	}
	blocks, _ := msg["blocks"].([]any)
	if len(blocks) == 0 || len(blocks) > 50 {
		t.Fatalf("%d blocks", len(blocks))
	}
	all := texts(msg)
	ref := referenceAnswer(t, q, answer.RoleStaff)
	if !strings.Contains(all, ref.Headline) {
		t.Errorf("headline %q missing from\n%s", ref.Headline, all)
	}
	if !strings.Contains(all, "[DATI SINTETICI]") {
		t.Errorf("no synthetic-data mark in\n%s", all)
	}
	for i, c := range ref.Columns {
		cell := reports.Cell(ref.Rows[0][i], c, ref.Lang)
		if c.Type == answer.TypeString && strings.ToLower(cell) == cell && !strings.Contains(cell, " ") && strings.Contains(cell, "-") {
			continue // a code ("nil-28"): in the CSV, not in chat
		}
		if !strings.Contains(all, cell) {
			t.Errorf("first row's %s %q missing", c.Name, cell)
		}
	}
	if !strings.Contains(all, "Fonti") || !strings.Contains(all, "Domanda: `"+showQuestion(ref.Canonical, ref.Lang)+"`") ||
		strings.Contains(all, "top=0") || strings.Contains(all, "wi ask") {
		t.Errorf("want the sources and the question as understood, in Italian:\n%s", all)
	}
	// The audit log has the question, once.
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 1 })
	e := ts.auditLines(t)[0]
	if e.Platform != "slack" || e.User != "U0STAFF" || e.Role != "staff" || e.Outcome != OutcomeAnswered ||
		e.Canonical != ref.Canonical || e.LatencyMS <= 0 || e.Rows != 5 {
		t.Errorf("audit entry %+v", e)
	}
	if strings.Contains(ts.auditText(), hook.URL) || strings.Contains(ts.auditText(), testSecret) {
		t.Errorf("the audit log holds a secret: %s", ts.auditText())
	}
}

// An Italian question: the answer's figures, in Italian.
func TestSlashCommandItalianQuestion(t *testing.T) {
	ts := startServer(t, nil)
	hook := newCatcher(t)
	q := "quanti domanda target=anziani-soli zona=municipio-9"
	postSlash(t, ts, q, "U0STAFF", hook.URL)
	msg := hook.next(t, 20*time.Second)
	ref := referenceAnswer(t, q, answer.RoleStaff)
	all := texts(msg)
	for _, row := range ref.Rows {
		for i, c := range ref.Columns {
			if cell := reports.Cell(row[i], c, ref.Lang); !strings.Contains(all, cell) {
				t.Errorf("%s %q missing from\n%s", c.Name, cell, all)
			}
		}
	}
	if !strings.Contains(all, ref.Headline) || !strings.Contains(all, "Riservatezza") {
		t.Errorf("want the headline and the disclosure rule:\n%s", all)
	}
}

// A one-row table is laid out as fields, "*label*\nvalue".
func TestBlockKitOneRowAsFields(t *testing.T) {
	res := &answer.Result{Lang: question.Italian, Headline: "Una riga.", Canonical: "howmuch demand target=x",
		Columns: []answer.Column{{Name: "area", Label: "zona", Type: answer.TypeString}, {Name: "n", Label: "persone", Type: answer.TypeInt}},
		Rows:    [][]answer.Value{{answer.Str("Cà Granda"), answer.Int(12345)}}}
	_, blocks := SlackMessage(&Reply{Kind: KindAnswer, Lang: question.Italian, Result: res})
	raw, _ := json.Marshal(blocks)
	if !strings.Contains(string(raw), `"fields"`) || !strings.Contains(string(raw), `*persone*\n12.345`) {
		t.Errorf("want fields: %s", raw)
	}
}

// Wrong signature, missing header, a timestamp six minutes old: 401, and no
// answer goes out.
func TestSlashCommandUnverifiedIsRefused(t *testing.T) {
	ts := startServer(t, nil)
	hook := newCatcher(t)
	body := slashForm("quanti domanda target=minori", "U0STAFF", hook.URL)
	wrong := http.Header{}
	SignSlack(wrong, "not-the-secret", body, time.Now())
	missing := slackSigned(body, time.Now())
	missing.Del("X-Slack-Signature")
	noTS := slackSigned(body, time.Now())
	noTS.Del("X-Slack-Request-Timestamp")
	cases := map[string]http.Header{
		"wrong signature":     wrong,
		"missing signature":   missing,
		"missing timestamp":   noTS,
		"six minutes old":     slackSigned(body, time.Now().Add(-6*time.Minute)),
		"six minutes ahead":   slackSigned(body, time.Now().Add(6*time.Minute)),
		"body changed after":  slackSigned(append([]byte{}, append(body, '&')...), time.Now()),
		"no headers at all":   {},
		"signature of header": func() http.Header { h := slackSigned(body, time.Now()); h.Set("X-Slack-Signature", "v0=00"); return h }(),
	}
	for name, h := range cases {
		for _, path := range []string{"/slack/commands", "/slack/events"} {
			resp, _ := post(t, ts.URL+path, body, "application/x-www-form-urlencoded", h)
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s %s: status %d, want 401", name, path, resp.StatusCode)
			}
		}
	}
	hook.none(t, 500*time.Millisecond)
	if n := len(ts.auditLines(t)); n != 0 {
		t.Errorf("%d audit entries for unverified requests", n)
	}
}

// A wrong question gets an ephemeral reply with the caret and the suggestion.
func TestSlashCommandQuestionErrorIsEphemeralWithCaret(t *testing.T) {
	ts := startServer(t, nil)
	hook := newCatcher(t)
	postSlash(t, ts, "dove sottoservito target=anziani-soly raggio=800m", "U0STAFF", hook.URL)
	msg := hook.next(t, 10*time.Second)
	if msg["response_type"] != "ephemeral" {
		t.Errorf("response_type %v, want ephemeral", msg["response_type"])
	}
	all := texts(msg)
	for _, want := range []string{`forse intendevi "anziani-soli"`, "target=anziani-soly ragg", "\n                    ^", "/wi aiuto"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 1 })
	if e := ts.auditLines(t)[0]; e.Outcome != OutcomeQuestionErr || e.Question == "" {
		t.Errorf("audit %+v", e)
	}
}

// /wi alone, or /wi help, replies with examples.
func TestSlashCommandHelpHasExamples(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Lang = question.English })
	hook := newCatcher(t)
	postSlash(t, ts, "", "U0STAFF", hook.URL)
	msg := hook.next(t, 10*time.Second)
	if msg["response_type"] != "ephemeral" {
		t.Errorf("help should be for the asker only: %v", msg["response_type"])
	}
	all := texts(msg)
	for _, want := range []string{"/wi where underserved target=anziani-soli radius=800m", "Every question", "howmuch demand"} {
		if !strings.Contains(all, want) {
			t.Errorf("help lacks %q:\n%s", want, all)
		}
	}
	postSlash(t, ts, "aiuto", "U0STAFF", hook.URL)
	if all := texts(hook.next(t, 10*time.Second)); !strings.Contains(all, "ad esempio") { // an Italian question: an Italian reply
		t.Errorf("aiuto: %s", all)
	}
}

// A big table stays within Block Kit's limits.
func TestBlockKitLimits(t *testing.T) {
	res := referenceAnswer(t, "where underserved target=anziani-soli radius=800m top=100", answer.RoleStaff)
	if len(res.Rows) < 80 {
		t.Fatalf("want the whole NIL table, got %d rows", len(res.Rows))
	}
	_, blocks := SlackMessage(&Reply{Kind: KindAnswer, Lang: res.Lang, Result: res})
	raw, _ := json.Marshal(blocks)
	if len(blocks) > slackMaxBlocks {
		t.Errorf("%d blocks", len(blocks))
	}
	var decoded []map[string]any
	json.Unmarshal(raw, &decoded)
	total := 0
	for _, b := range decoded {
		if tx, ok := b["text"].(map[string]any); ok {
			n := len([]rune(tx["text"].(string)))
			total += n
			if n > slackSectionMax {
				t.Errorf("section of %d characters", n)
			}
		}
	}
	if total > 12000 {
		t.Errorf("%d characters of text: Slack fails near 13k", total)
	}
	var generic any
	json.Unmarshal(raw, &generic)
	if !strings.Contains(texts(generic), "Mostrate 15 righe di") {
		t.Errorf("a cut table should say so")
	}
}
