package bots

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// helpExamplesOf returns the example of every question of the language, as
// the engine's help writes them in the language.
func helpExamplesOf(t *testing.T, l question.Lang) []string {
	t.Helper()
	ctx := context.Background()
	cat, err := catalog.Open(ctx, demoPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	eng := engine.New(cat, engine.Options{})
	vocab, err := eng.Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := compile(l.Pick("aiuto", "help"), vocab)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Exec(ctx, engine.Request{Question: "help", Plan: plan, Lang: l})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, qe := range helpLines(res) {
		out = append(out, qe[1])
	}
	if len(out) < len(question.Questions) {
		t.Fatalf("help lists %d examples, the language has %d questions", len(out), len(question.Questions))
	}
	return out
}

// answerCase is a question asked in the test of every answer.
type answerCase struct {
	text, user string
	lang       question.Lang // the language the reply must be in
}

// everyAnswer is every kind of answer the server gives: every question of
// the language in both languages (from help's examples), help, refusals,
// question errors, answer errors, documents; staff, press and analyst.
func everyAnswer(t *testing.T) []answerCase {
	var cases []answerCase
	for _, l := range []question.Lang{question.Italian, question.English} {
		user := "U0STAFF"
		if l == question.English {
			user = "U0EN"
		}
		for _, ex := range helpExamplesOf(t, l) {
			cases = append(cases, answerCase{ex, user, l})
		}
		cases = append(cases,
			answerCase{"", user, l},
			answerCase{l.Pick("dove sottoservito target=anziani-soly raggio=800m", "where underserved target=anziani-soly radius=800m"), user, l},
			answerCase{l.Pick("dove <sottoservito> & target=x", "where <underserved> & target=x"), user, l},
			answerCase{l.Pick("quale centro servizio=rsa presso=centro-che-non-c-e", "which center service=rsa at=no-such-center"), user, l},
			answerCase{l.Pick("dove sottoservito target=anziani-soli raggio=800m", "where underserved target=anziani-soli radius=800m"), "U0PRESS", l},
			answerCase{l.Pick("dove sottoservito target=anziani-soli raggio=800m primi=0", "where underserved target=anziani-soli radius=800m top=0"), user, l},
			answerCase{l.Pick("dove concentrazione target=anziani livello=sezione primi=0", "where concentration target=anziani level=section top=0"), user, l},
			answerCase{l.Pick("dove concentrazione target=senza-dimora livello=nil", "where concentration target=senza-dimora level=nil"), "U0ANALYST", l},
			answerCase{l.Pick("quanti domanda target=stranieri zona=municipio-2", "howmuch demand target=stranieri area=municipio-2"), "U0PRESS", l},
			answerCase{l.Pick("scheda target=anziani zona=municipio-9", "factsheet target=anziani area=municipio-9"), "U0PRESS", l},
		)
	}
	cases = append(cases, answerCase{"help", "U0NOBODY", question.English}, answerCase{"aiuto", "U0NOBODY", question.Italian})
	return cases
}

const everyAnswerPolicy = `
lang: it
roles:
  press:
    questions: [factsheet, howmuch demand, where concentration, help]
    levels: [city, municipio, nil]
slack:
  users: {U0STAFF: staff, U0EN: {role: staff, lang: en}, U0PRESS: press, U0ANALYST: analyst}
teams:
  senders: {"29:staff": staff, "29:en": {role: staff, lang: en}, "29:press": press, "29:analyst": analyst}
`

// Every kind of answer, sent through the server as it is to Slack
// (response_url, signed slash commands) and to Teams (signed webhooks),
// passes the Block Kit and Adaptive Card validators.
func TestEveryAnswerValidates(t *testing.T) {
	if testing.Short() {
		t.Skip("asks every question")
	}
	pol, err := ParsePolicy([]byte(everyAnswerPolicy))
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, func(c *Config) {
		c.Policy = pol
		c.Documents = testDocuments
		c.PublicURL = "https://wi.example.org"
		c.TeamsDeadline = 2 * time.Minute // every answer in the card, however slow
		c.AnswerTimeout = 2 * time.Minute
	})
	hook := newCatcher(t)
	var slackMsgs, withCode, widest int
	teamsUser := map[string]string{"U0STAFF": "29:staff", "U0EN": "29:en", "U0PRESS": "29:press", "U0ANALYST": "29:analyst", "U0NOBODY": "29:nobody"}
	for _, c := range everyAnswer(t) {
		resp, ack := postSlash(t, ts, c.text, c.user, hook.URL)
		var m map[string]any
		if err := json.Unmarshal(ack, &m); err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("slack %q: %d %s", c.text, resp.StatusCode, ack)
		}
		for _, e := range validateSlack(m).errs {
			t.Errorf("slack ack of %q: %s", c.text, e)
		}
		if _, full := m["blocks"]; !full { // an acknowledgement: the answer follows
			m = hook.next(t, 4*time.Minute) // a dossier on a loaded machine
		}
		all := texts(m)
		if !strings.Contains(c.text, "=0") && (strings.Contains(all, "top=0") || strings.Contains(all, "primi=0") || strings.Contains(all, "wi ask")) {
			t.Errorf("slack %q: command-line advice in chat:\n%s", c.text, all)
		}
		for _, wrong := range []string{c.lang.Pick("Question:", "Domanda:"), c.lang.Pick("Sources:", "Fonti:"), c.lang.Pick("Sorry", "Mi dispiace")} {
			if strings.Contains(all, wrong) {
				t.Errorf("slack %q: reply not in %s (%q):\n%s", c.text, c.lang, wrong, all)
			}
		}
		rep := validateSlack(m)
		for _, e := range rep.errs {
			t.Errorf("slack %q: %s", c.text, e)
		}
		slackMsgs++
		if rep.codeTables > 0 {
			withCode++
		}
		widest = max(widest, rep.widest)
		if rep.widest > phoneWidth {
			t.Errorf("slack %q: a code block %d characters wide, more than a phone shows (%d)", c.text, rep.widest, phoneWidth)
		}
		body := teamsBody(c.text, teamsUser[c.user])
		resp, raw := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
		if resp.StatusCode != http.StatusOK {
			t.Errorf("teams %q: %d %s", c.text, resp.StatusCode, raw)
			continue
		}
		var tm map[string]any
		if err := json.Unmarshal(raw, &tm); err != nil {
			t.Fatalf("teams %q: %v", c.text, err)
		}
		trep := validateTeams(tm)
		for _, e := range trep.errs {
			t.Errorf("teams %q: %s", c.text, e)
		}
	}
	// The cases cover every kind of reply the server gives (documents are
	// audited once made).
	t.Logf("%d Slack replies validated, %d with a preformatted block; the widest line of one: %d characters (limit %d)",
		slackMsgs, withCode, widest, phoneWidth)
	waitFor(t, 2*time.Minute, "the documents", func() bool {
		n := 0
		for _, e := range ts.auditLines(t) {
			if e.Outcome == OutcomeDocument {
				n++
			}
		}
		return n >= 2
	})
	kinds := map[string]int{}
	for _, e := range ts.auditLines(t) {
		kinds[e.Outcome]++
	}
	for _, k := range []string{OutcomeAnswered, OutcomeHelp, OutcomeDocument, OutcomeQuestionErr, OutcomeRefused, OutcomeUnknownUser, OutcomeError} {
		if kinds[k] == 0 {
			t.Errorf("no %s reply among the cases (%v)", k, kinds)
		}
	}
}

// Replies the server gives without an engine answer (busy, rate limited,
// not available, internal errors, links) render valid messages too, with
// user text escaped.
func TestEveryReplyKindValidates(t *testing.T) {
	res := &answer.Result{Lang: question.Italian, Headline: "a <b> & c", Caveats: []string{"", "x < y"},
		Notes: []string{"", "n & m"}, Canonical: "where gap service=a&b"}
	for _, l := range []question.Lang{question.Italian, question.English} {
		for _, r := range []*Reply{
			{Kind: KindBusy, Lang: l, Text: "busy <now> & then"},
			{Kind: KindRateLimited, Lang: l, Text: "slow down"},
			{Kind: KindNotAvailable, Lang: l, Text: `la domanda "where x<y" non ha`},
			{Kind: KindError, Lang: l, Text: "I cannot answer: <unknown> & more"},
			{Kind: KindRefused, Lang: l, Text: refusal(Identity{Role: "press", Rules: RoleRules{Questions: []string{"howmuch demand", "where concentration"}, Levels: []string{"city"}}}, "level", l)},
			{Kind: KindUnknownUser, Lang: l, Text: "who?"},
			{Kind: KindQuestionErr, Lang: l, Text: "bad <question>", Code: "where <x>\n      ^"},
			{Kind: KindAnswer, Lang: l, Result: res},
			{Kind: KindAnswer, Lang: l, Text: "Ecco il dossier", Link: "https://wi.example.org/files/abc", LinkText: "Dossier <1> & 2"},
			{Kind: KindHelp, Lang: l},
		} {
			text, blocks := slackPayload(r)
			b, _ := json.Marshal(map[string]any{"text": text, "blocks": blocks})
			var m map[string]any
			json.Unmarshal(b, &m)
			for _, e := range validateSlack(m).errs {
				t.Errorf("slack kind %d %q: %s", r.Kind, r.Text, e)
			}
			tb, _ := json.Marshal(TeamsMessage(r, "https://wi.example.org/files/x"))
			var tm map[string]any
			json.Unmarshal(tb, &tm)
			for _, e := range validateTeams(tm).errs {
				t.Errorf("teams kind %d %q: %s", r.Kind, r.Text, e)
			}
		}
	}
	// The validator itself catches what Slack rejects.
	for _, bad := range []string{
		`{"text":"x","blocks":[{"type":"context","elements":[]}]}`,
		`{"text":"x","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Type <question>"}}]}`,
		`{"text":"a & b","blocks":[]}`,
		`{"text":"x","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"` + strings.Repeat("x", 3001) + `"}}]}`,
	} {
		var m map[string]any
		json.Unmarshal([]byte(bad), &m)
		if len(validateSlack(m).errs) == 0 {
			t.Errorf("validator passes %s", clip(bad, 100))
		}
	}
}
