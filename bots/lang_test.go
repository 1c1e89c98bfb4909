package bots

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// The question line of an Italian answer reads back as the same question:
// every question of the language, written in Italian, compiles to the
// canonical form it was written from.
func TestShowQuestionReadsBack(t *testing.T) {
	ctx := context.Background()
	cat, err := catalog.Open(ctx, demoPath)
	if err != nil {
		t.Fatal(err)
	}
	defer cat.Close()
	vocab, err := engine.New(cat, engine.Options{}).Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range helpExamplesOf(t, question.English) {
		plan, err := compile(ex, vocab)
		if err != nil {
			continue // help's example of help is a verb alone
		}
		canon := plan.Canonical()
		it := showQuestion(canon, question.Italian)
		if l, ok := questionLang(it); !ok || l != question.Italian {
			if !strings.HasPrefix(canon, "dossier") {
				t.Errorf("%q shown as %q, not Italian", canon, it)
			}
		}
		back, err := compile(it, vocab)
		if err != nil {
			t.Errorf("%q shown as %q, which does not compile: %v", canon, it, err)
			continue
		}
		if back.Canonical() != canon {
			t.Errorf("%q shown as %q reads back as %q", canon, it, back.Canonical())
		}
		if showQuestion(canon, question.English) != canon {
			t.Errorf("English changes %q", canon)
		}
	}
	for q, want := range map[string]question.Lang{"dove sottoservito x": question.Italian, "Where gap": question.English,
		"quanti domanda": question.Italian, "howmuch demand": question.English, "spiega dove": question.Italian, "aiuto": question.Italian} {
		if l, ok := questionLang(q); !ok || l != want {
			t.Errorf("questionLang(%q) = %q, %v; want %q", q, l, ok, want)
		}
	}
	for _, q := range []string{"", "dossier target=x", "ciao"} {
		if l, ok := questionLang(q); ok {
			t.Errorf("questionLang(%q) = %q: the question does not say", q, l)
		}
	}
}

// Slack refuses a message's blocks with a 400: the reply is sent once more
// as plain text with the table, not retried until response_url's five uses
// are gone. A 5xx is retried.
func TestResponseURLRefusalNotRetried(t *testing.T) {
	var (
		mu     sync.Mutex
		bodies []map[string]any
		fail5  = 1
	)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var m map[string]any
		json.Unmarshal(b, &m)
		mu.Lock()
		defer mu.Unlock()
		bodies = append(bodies, m)
		switch {
		case strings.Contains(r.URL.Path, "/five") && fail5 > 0:
			fail5--
			http.Error(w, "internal", http.StatusInternalServerError)
		case strings.Contains(r.URL.Path, "/refuse") && m["blocks"] != nil:
			http.Error(w, "invalid_blocks", http.StatusBadRequest)
		}
	}))
	defer hook.Close()
	got := func() []map[string]any {
		mu.Lock()
		defer mu.Unlock()
		return append([]map[string]any(nil), bodies...)
	}
	ts := startServer(t, func(c *Config) { c.PublicURL = "https://wi.example.org" })
	postSlash(t, ts, "dove sottoservito target=anziani-soli raggio=800m", "U0STAFF", hook.URL+"/refuse")
	waitFor(t, 20*time.Second, "two deliveries", func() bool { return len(got()) >= 2 })
	time.Sleep(2500 * time.Millisecond) // any retry would come within this
	b := got()
	if len(b) != 2 {
		t.Fatalf("%d uses of response_url, want 2 (the blocks, then the text)", len(b))
	}
	text, _ := b[1]["text"].(string)
	if b[1]["blocks"] != nil || !strings.Contains(text, "Cà della Stazione") ||
		b[1]["response_type"] != "ephemeral" || b[1]["replace_original"] != false || b[0]["replace_original"] != true {
		t.Errorf("plain-text fallback: %v", b[1])
	}
	for _, e := range validateSlack(b[1]).errs {
		t.Errorf("fallback: %s", e)
	}
	mu.Lock()
	bodies = nil
	mu.Unlock()
	postSlash(t, ts, "quanti domanda target=minori zona=municipio-2", "U0STAFF", hook.URL+"/five")
	waitFor(t, 20*time.Second, "a retry after the 500", func() bool { return len(got()) >= 2 })
	if b := got(); b[1]["blocks"] == nil {
		t.Errorf("after a 500 the same message is sent again: %v", b[1])
	}
}

// An answer offers its whole table as CSV: on Slack a button, which, with
// no bot token to upload it, answers the presser with a signed link; on
// Teams a signed link. Either has every row, also of a question cut at
// top=N (made when the link is followed).
func TestAnswerOffersTheWholeTableAsCSV(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PublicURL = "http://placeholder" })
	ts.cfg.PublicURL = ts.URL
	hook := newCatcher(t)
	links := regexp.MustCompile(`(http://[^"|>\s]+/files/[^"|>\s]+)`)
	fetch := func(q, link string, rows int) {
		t.Helper()
		resp, err := http.Get(link)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(body), "\ufeff"))).ReadAll()
		if resp.StatusCode != 200 || err != nil || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%q: %d %s %v", q, resp.StatusCode, resp.Header.Get("Content-Type"), err)
		}
		if len(recs) != rows+1 || !strings.Contains(strings.Join(recs[0], "|"), "anziani soli") && !strings.Contains(strings.Join(recs[0], "|"), "older people living alone") {
			t.Errorf("%q: CSV of %d records (want %d with the heading), heading %q", q, len(recs), rows+1, recs[0])
		}
		if !slices.Contains(recs[1], "Cà della Stazione") || !slices.Contains(recs[1], "1874") {
			t.Errorf("%q: first row %q", q, recs[1])
		}
	}
	for _, c := range []struct {
		q    string
		rows int
	}{
		{"dove sottoservito target=anziani-soli raggio=800m primi=5", 88},
		{"where underserved target=anziani-soli radius=800m top=0", 88},
	} {
		postSlash(t, ts, c.q, "U0STAFF", hook.URL)
		m := hook.next(t, 20*time.Second)
		all := texts(m)
		if !strings.Contains(c.q, "=0") && (strings.Contains(all, "top=0") || strings.Contains(all, "primi=0") || strings.Contains(all, "wi ask")) {
			t.Errorf("%q: command-line advice:\n%s", c.q, all)
		}
		btn := buttonsOf(m)
		if btn["wi_csv"] == "" {
			t.Fatalf("%q: no CSV button in %v", c.q, btn)
		}
		postInteraction(t, ts, pressPayload("U0STAFF", "wi_csv", btn["wi_csv"], hook.URL+"/csv"), time.Now())
		r := hook.next(t, 20*time.Second)
		validOrFail(t, "csv link", r)
		raw, _ := json.Marshal(r)
		got := links.FindStringSubmatch(string(raw))
		if got == nil {
			t.Fatalf("%q: no CSV link in %s", c.q, texts(r))
		}
		fetch(c.q, got[1], c.rows)

		body := teamsBody(c.q, "29:staff")
		_, out := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
		var tm map[string]any
		json.Unmarshal(out, &tm)
		card := tm["attachments"].([]any)[0].(map[string]any)["content"].(map[string]any)
		csvLink := ""
		for _, a := range card["actions"].([]any) {
			if am := a.(map[string]any); am["title"] == "Scarica CSV" || am["title"] == "Download CSV" {
				csvLink = am["url"].(string)
			}
		}
		if csvLink == "" {
			t.Fatalf("%q: no CSV link on Teams: %s", c.q, out)
		}
		fetch(c.q, csvLink, c.rows)
	}
	if n, ok := untopped("where gap service=x top=5 year=2024"); !ok || n != "where gap service=x top=0 year=2024" {
		t.Errorf("untopped: %q %v", n, ok)
	}
	if _, ok := untopped("where gap service=x year=2024"); ok {
		t.Errorf("untopped without top")
	}
}

// A thread reply whose blocks Slack refuses (invalid_blocks) is posted once
// more as text, in the same thread, and not retried beyond.
func TestMentionRefusedBlocksFallBackToText(t *testing.T) {
	var (
		mu    sync.Mutex
		posts []url.Values
	)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		mu.Lock()
		posts = append(posts, v)
		mu.Unlock()
		if v.Get("blocks") != "" {
			json.NewEncoder(w).Encode(map[string]any{"ok": false, "error": "invalid_blocks"})
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": v.Get("channel"), "ts": "1700000000.000900"})
	}))
	defer api.Close()
	ts := startServer(t, func(c *Config) { c.SlackBotToken = testBotToken; c.SlackAPIURL = api.URL + "/" })
	postEvent(t, ts, mention("quanti domanda target=minori zona=municipio-2", "U0STAFF", "1700000000.000100", "", "EvF1"))
	got := func() []url.Values { mu.Lock(); defer mu.Unlock(); return append([]url.Values(nil), posts...) }
	waitFor(t, 20*time.Second, "the text reply", func() bool { return len(got()) >= 2 })
	time.Sleep(1500 * time.Millisecond)
	p := got()
	if len(p) != 2 {
		t.Fatalf("%d posts, want 2 (the blocks, then the text)", len(p))
	}
	if p[1].Get("blocks") != "" || p[1].Get("thread_ts") != "1700000000.000100" || !strings.Contains(p[1].Get("text"), "Municipio 2") {
		t.Errorf("fallback post: %v", p[1])
	}
}

// Button presses come to /slack/interactions signed like every request:
// acknowledged when verified, 401 when forged. Slack's ssl_check is not a
// question.
func TestSlackInteractionsAndSSLCheck(t *testing.T) {
	ts := startServer(t, nil)
	payload := `{"type":"block_actions","user":{"id":"U0STAFF"},"actions":[{"action_id":"wi_csv","block_id":"wi_answer_actions","type":"button"}]}`
	body := []byte(url.Values{"payload": {payload}}.Encode())
	if resp, b := post(t, ts.URL+"/slack/interactions", body, "application/x-www-form-urlencoded", slackSigned(body, time.Now())); resp.StatusCode != 200 {
		t.Errorf("signed press: %d %s", resp.StatusCode, b)
	}
	forged := slackSigned(body, time.Now())
	forged.Set("X-Slack-Signature", "v0="+strings.Repeat("0", 64))
	if resp, _ := post(t, ts.URL+"/slack/interactions", body, "application/x-www-form-urlencoded", forged); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged press: %d", resp.StatusCode)
	}
	if resp, _ := post(t, ts.URL+"/slack/interactions", body, "application/x-www-form-urlencoded", slackSigned(body, time.Now().Add(-10*time.Minute))); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("stale press: %d", resp.StatusCode)
	}
	ssl := []byte("ssl_check=1&token=legacy")
	if resp, b := post(t, ts.URL+"/slack/commands", ssl, "application/x-www-form-urlencoded", slackSigned(ssl, time.Now())); resp.StatusCode != 200 || len(b) != 0 {
		t.Errorf("ssl_check: %d %s", resp.StatusCode, b)
	}
	// The press carried no token: refused, and audited as such.
	waitFor(t, 5*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 1 })
	if e := ts.auditLines(t)[0]; e.Outcome != OutcomeRefused || e.Action != "button:csv" || e.User != "U0STAFF" {
		t.Errorf("audit %+v", e)
	}
}

// A Teams activity without an ID is answered, and does not make the next
// one without an ID a "replay".
func TestTeamsActivityWithoutID(t *testing.T) {
	ts := startServer(t, nil)
	for i := range 2 {
		var act map[string]any
		json.Unmarshal(teamsBody("aiuto", "29:noid"), &act)
		act["id"] = ""
		body, _ := json.Marshal(act)
		if resp, b := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body)); resp.StatusCode != 200 {
			t.Errorf("activity %d without ID: %d %s", i, resp.StatusCode, b)
		}
	}
}

// Opening the app's Home tab publishes it (views.publish) for that user:
// their role and the examples that role may ask, in their language.
func TestSlackHomeTab(t *testing.T) {
	published := make(chan map[string]any, 4)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if strings.HasSuffix(r.URL.Path, "/views.publish") {
			var m map[string]any
			json.Unmarshal(b, &m)
			published <- m
		}
		json.NewEncoder(w).Encode(map[string]any{"ok": true})
	}))
	defer api.Close()
	pol, err := ParsePolicy([]byte(`
roles:
  press: {questions: [factsheet, howmuch demand, where concentration, help], levels: [city, municipio, nil]}
slack:
  users: {U0PRESS: {role: press, lang: en}}
`))
	if err != nil {
		t.Fatal(err)
	}
	ts := startServer(t, func(c *Config) { c.SlackBotToken = testBotToken; c.SlackAPIURL = api.URL + "/"; c.Policy = pol })
	ev := map[string]any{"type": "event_callback", "team_id": "T0TEST", "event_id": "EvH1",
		"event": map[string]any{"type": "app_home_opened", "user": "U0PRESS", "channel": "D0HOME", "tab": "home"}}
	body, _ := json.Marshal(ev)
	forged := slackSigned(body, time.Now())
	forged.Set("X-Slack-Signature", "v0="+strings.Repeat("1", 64))
	if resp, _ := post(t, ts.URL+"/slack/events", body, "application/json", forged); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged event: %d", resp.StatusCode)
	}
	if resp, _ := postEvent(t, ts, ev); resp.StatusCode != 200 {
		t.Fatalf("event: %d", resp.StatusCode)
	}
	var m map[string]any
	select {
	case m = <-published:
	case <-time.After(10 * time.Second):
		t.Fatal("home tab not published")
	}
	view, _ := m["view"].(map[string]any)
	if m["user_id"] != "U0PRESS" || view["type"] != "home" {
		t.Fatalf("published %v", m)
	}
	all := texts(view["blocks"])
	for _, want := range []string{"press office", "/wi howmuch demand", "/wi factsheet"} {
		if !strings.Contains(all, want) {
			t.Errorf("home lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "where underserved") {
		t.Errorf("home offers a question the role may not ask:\n%s", all)
	}
	for _, e := range validateSlack(map[string]any{"text": "home", "blocks": view["blocks"]}).errs {
		t.Errorf("home: %s", e)
	}
}
