package bots

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/question"
	"github.com/welfare-intelligence/wi/reports"
)

const interactivePolicy = `
roles:
  press: {questions: [factsheet, howmuch demand, where concentration, help], levels: [city, municipio, nil]}
slack:
  users: {U0STAFF: staff, U0PRESS: press, U0ANALYST: analyst, U0EN: {role: staff, lang: en}}
teams:
  senders: {"29:staff": staff}
`

func interactiveServer(t *testing.T, edit func(*Config)) (*testServer, *fakeSlack) {
	t.Helper()
	pol, err := ParsePolicy([]byte(interactivePolicy))
	if err != nil {
		t.Fatal(err)
	}
	slk := newFakeSlack(t)
	ts := startServer(t, func(c *Config) {
		c.Policy = pol
		c.SlackBotToken = testBotToken
		c.SlackAPIURL = slk.GetAPIURL()
		if edit != nil {
			edit(c)
		}
	})
	return ts, slk
}

// postInteraction posts an interaction payload, signed for Slack at the time.
func postInteraction(t *testing.T, ts *testServer, payload any, at time.Time) (*http.Response, []byte) {
	t.Helper()
	raw, _ := json.Marshal(payload)
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	return post(t, ts.URL+"/slack/interactions", body, "application/x-www-form-urlencoded", slackSigned(body, at))
}

// pressPayload is a block_actions payload: user presses a button of a
// message in C0CHAN.
func pressPayload(user, actionID, value, responseURL string) map[string]any {
	return map[string]any{"type": "block_actions", "user": map[string]any{"id": user, "team_id": "T0TEST"},
		"team": map[string]any{"id": "T0TEST"}, "channel": map[string]any{"id": "C0CHAN"},
		"container":    map[string]any{"type": "message", "channel_id": "C0CHAN", "is_ephemeral": false},
		"response_url": responseURL, "trigger_id": "1.2.3",
		"actions": []any{map[string]any{"action_id": actionID, "block_id": "wi_answer_actions", "type": "button", "value": value}}}
}

// buttonsOf maps the action_id of every button of a message to its value.
func buttonsOf(m map[string]any) map[string]string {
	out := map[string]string{}
	blocks, _ := m["blocks"].([]any)
	for _, b := range blocks {
		bl, _ := b.(map[string]any)
		if bl["type"] != "actions" {
			continue
		}
		els, _ := bl["elements"].([]any)
		for _, e := range els {
			el, _ := e.(map[string]any)
			id, _ := el["action_id"].(string)
			v, _ := el["value"].(string)
			out[id] = v
		}
	}
	return out
}

func validOrFail(t *testing.T, what string, m map[string]any) {
	t.Helper()
	for _, e := range validateSlack(m).errs {
		t.Errorf("%s: %s", what, e)
	}
}

// A /wi answer is private (ephemeral, in place of the placeholder) with its
// buttons. A press-role user pressing "show all rows" of a staff answer
// (as anyone may, once it is shared) gets the figures of the press role,
// every row; a forged or expired token, or an unsigned press, gets nothing.
func TestButtonsReaskUnderThePressersRole(t *testing.T) {
	ts, slk := interactiveServer(t, nil)
	hook := newCatcher(t)
	q := "dove concentrazione target=anziani livello=nil primi=5"
	postSlash(t, ts, q, "U0STAFF", hook.URL)
	m := hook.next(t, 20*time.Second)
	validOrFail(t, "staff answer", m)
	if !isAnswer(m) {
		t.Fatalf("not a private answer in place of the placeholder: %v", m)
	}
	btn := buttonsOf(m)
	for _, id := range []string{"wi_csv", "wi_xlsx", "wi_all", "wi_share"} {
		if btn[id] == "" {
			t.Errorf("no %s button: %v", id, btn)
		}
	}
	if _, ok := btn["wi_dossier"]; ok {
		t.Errorf("a dossier button on an answer without an area")
	}
	all := texts(m)
	if !strings.Contains(all, "Mostra tutte le righe") || !strings.Contains(all, "Condividi nel canale") || !strings.Contains(all, "Scarica Excel") {
		t.Errorf("button labels not in Italian:\n%s", all)
	}

	staff := referenceAnswer(t, "where concentration target=anziani level=nil top=0", answer.RoleStaff)
	press := referenceAnswer(t, "where concentration target=anziani level=nil top=0", answer.RolePress)
	if staff.Headline == press.Headline {
		t.Fatalf("the test needs figures that differ by role: %q", staff.Headline)
	}
	resp, _ := postInteraction(t, ts, pressPayload("U0PRESS", "wi_all", btn["wi_all"], hook.URL+"/press"), time.Now())
	if resp.StatusCode != 200 {
		t.Fatalf("press: %d", resp.StatusCode)
	}
	r := hook.next(t, 20*time.Second)
	validOrFail(t, "every row", r)
	got := texts(r)
	if !strings.Contains(got, press.Headline) || strings.Contains(got, staff.Headline) {
		t.Errorf("press user got other figures than the press role's (%q):\n%s", press.Headline, clip(got, 600))
	}
	row20 := reports.Cell(press.Rows[19][1], press.Columns[1], question.Italian)
	if r["response_type"] != "ephemeral" || r["replace_original"] != false || !strings.Contains(got, "20. ") {
		t.Errorf("every row: %v %v, 20th row (%s) missing:\n%s", r["response_type"], r["replace_original"], row20, clip(got, 400))
	}

	// The CSV, pressed by the press user: uploaded to their direct
	// messages, with the press role's figures, every row.
	postInteraction(t, ts, pressPayload("U0PRESS", "wi_csv", btn["wi_csv"], hook.URL+"/csv"), time.Now())
	note := hook.next(t, 20*time.Second)
	if !strings.Contains(texts(note), "messaggio diretto") {
		t.Errorf("csv note: %s", texts(note))
	}
	_, _, uploads, _, completes := slk.snapshot()
	if len(uploads) != 1 || len(completes) != 1 || completes[0].Get("channel_id") != "D0U0PRESS" {
		t.Fatalf("csv upload: %d uploads, completes %v", len(uploads), completes)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(uploads[0]), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != len(press.Rows)+1 {
		t.Fatalf("csv: %v, %d records for %d rows", err, len(recs), len(press.Rows))
	}
	var want bytesBuf
	reports.CSV(&want, press)
	if strings.TrimPrefix(string(uploads[0]), "\ufeff") != strings.TrimPrefix(want.String(), "\ufeff") {
		t.Errorf("csv is not the press role's table:\n%.300s\nwant\n%.300s", uploads[0], want.String())
	}

	// Forged, expired, unsigned.
	forged := btn["wi_all"][:len(btn["wi_all"])-3] + "AAA"
	postInteraction(t, ts, pressPayload("U0PRESS", "wi_all", forged, hook.URL+"/forged"), time.Now())
	if f := hook.next(t, 10*time.Second); !strings.Contains(texts(f), "non è valido o è scaduto") || f["response_type"] != "ephemeral" {
		t.Errorf("forged token: %s", texts(f))
	}
	expired := ts.signAction(actionToken{Act: actAll, Q: "where concentration target=anziani level=nil top=0", L: question.Italian, Exp: time.Now().Add(-time.Minute).Unix()})
	postInteraction(t, ts, pressPayload("U0PRESS", "wi_all", expired, hook.URL+"/expired"), time.Now())
	if f := hook.next(t, 10*time.Second); !strings.Contains(texts(f), "non è valido o è scaduto") {
		t.Errorf("expired token: %s", texts(f))
	}
	// A token of one button pressed as another is not valid either.
	postInteraction(t, ts, pressPayload("U0PRESS", "wi_share", btn["wi_all"], hook.URL+"/swapped"), time.Now())
	if f := hook.next(t, 10*time.Second); !strings.Contains(texts(f), "non è valido o è scaduto") {
		t.Errorf("swapped token: %s", texts(f))
	}
	raw, _ := json.Marshal(pressPayload("U0PRESS", "wi_all", btn["wi_all"], hook.URL+"/unsigned"))
	body := []byte(url.Values{"payload": {string(raw)}}.Encode())
	bad := slackSigned(body, time.Now())
	bad.Set("X-Slack-Signature", "v0="+strings.Repeat("a", 64))
	if resp, _ := post(t, ts.URL+"/slack/interactions", body, "application/x-www-form-urlencoded", bad); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("bad signature: %d", resp.StatusCode)
	}
	if resp, _ := postInteraction(t, ts, pressPayload("U0PRESS", "wi_all", btn["wi_all"], hook.URL+"/stale"), time.Now().Add(-6*time.Minute)); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("stale press: %d", resp.StatusCode)
	}
	hook.none(t, 300*time.Millisecond)

	// The audit: each press under the presser's role, with its delivery.
	waitFor(t, 5*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 6 })
	lines := ts.auditLines(t)
	// Lines are audited once delivered, so after the staff answer the two
	// presses and the refusals may come in any order (a press's line can
	// follow a later refusal's on a loaded machine): compare them sorted
	// by outcome and action.
	slices.SortStableFunc(lines[1:], func(a, b AuditEntry) int {
		return cmp.Or(strings.Compare(a.Outcome, b.Outcome), strings.Compare(a.Action, b.Action))
	})
	want6 := []string{
		"U0STAFF staff answered  delivered",
		"U0PRESS press answered button:all delivered",
		"U0PRESS press answered button:csv delivered",
		"U0PRESS  refused button:all delivered",
		"U0PRESS  refused button:all delivered",
		"U0PRESS  refused button:share delivered",
	}
	for i, e := range lines {
		if got := strings.Join([]string{e.User, e.Role, e.Outcome, e.Action, e.Delivery}, " "); got != want6[i] {
			t.Errorf("audit %d: %q, want %q", i, got, want6[i])
		}
	}
	if lines[2].Detail == "" || !strings.Contains(lines[2].Canonical, "top=0") {
		t.Errorf("csv audit: %+v", lines[2])
	}
}

type bytesBuf = strings.Builder

// Condividi nel canale posts the answer in the channel, under the role of
// who shares it, saying who did; exact counts are not shared. An English
// question has English buttons.
func TestShareInTheChannel(t *testing.T) {
	ts, _ := interactiveServer(t, nil)
	hook := newCatcher(t)
	postSlash(t, ts, "howmuch demand target=anziani-soli area=municipio-9", "U0STAFF", hook.URL)
	m := hook.next(t, 20*time.Second)
	btn := buttonsOf(m)
	if !strings.Contains(texts(m), "Share in the channel") || btn["wi_dossier"] == "" {
		t.Fatalf("English buttons, with a dossier for an area and a target: %v\n%s", btn, texts(m))
	}
	postInteraction(t, ts, pressPayload("U0STAFF", "wi_share", btn["wi_share"], hook.URL+"/share"), time.Now())
	s := hook.next(t, 20*time.Second)
	validOrFail(t, "shared", s)
	if s["response_type"] != "in_channel" || !strings.Contains(texts(s), "Shared by <@U0STAFF>") {
		t.Errorf("shared: %v\n%s", s["response_type"], texts(s))
	}
	if _, ok := buttonsOf(s)["wi_share"]; ok {
		t.Errorf("a shared answer offers to share it again")
	}
	postSlash(t, ts, "howmuch demand target=anziani-soli area=municipio-9", "U0ANALYST", hook.URL)
	a := hook.next(t, 20*time.Second)
	postInteraction(t, ts, pressPayload("U0ANALYST", "wi_share", buttonsOf(a)["wi_share"], hook.URL+"/share2"), time.Now())
	if r := hook.next(t, 20*time.Second); r["response_type"] != "ephemeral" || !strings.Contains(texts(r), "exact counts") {
		t.Errorf("analyst shared exact counts: %v %s", r["response_type"], texts(r))
	}
}

// The shortcut opens the builder (views.open) with menus from the
// catalog's vocabulary within Block Kit's limits; a signed submission is
// answered in a direct message; a submission missing what the question
// needs gets errors on that menu; a forged one gets 401.
func TestQuestionBuilder(t *testing.T) {
	ts, slk := interactiveServer(t, nil)
	resp, _ := postInteraction(t, ts, map[string]any{"type": "shortcut", "callback_id": "wi_ask", "trigger_id": "12.34",
		"user": map[string]any{"id": "U0STAFF", "team_id": "T0TEST"}, "team": map[string]any{"id": "T0TEST"}}, time.Now())
	if resp.StatusCode != 200 {
		t.Fatalf("shortcut: %d", resp.StatusCode)
	}
	waitFor(t, 10*time.Second, "views.open", func() bool { return len(slk.viewsSent()) == 1 })
	v := slk.viewsSent()[0]
	view, _ := v["view"].(map[string]any)
	if v["method"] != "views.open" || v["trigger_id"] != "12.34" || view["type"] != "modal" || view["callback_id"] != builderCallback {
		t.Fatalf("views.open: %v", v)
	}
	validOrFail(t, "builder", map[string]any{"text": "builder", "blocks": view["blocks"]})
	all := texts(view)
	for _, want := range []string{"dove sottoservito", "Anziani soli", "Municipio 9", "800m"} {
		if !strings.Contains(strings.ToLower(all), strings.ToLower(want)) {
			t.Errorf("builder lacks %q", want)
		}
	}
	// In English for an English user, as valid.
	postInteraction(t, ts, map[string]any{"type": "shortcut", "callback_id": "wi_ask", "trigger_id": "56.78",
		"user": map[string]any{"id": "U0EN", "team_id": "T0TEST"}, "team": map[string]any{"id": "T0TEST"}}, time.Now())
	waitFor(t, 10*time.Second, "views.open", func() bool { return len(slk.viewsSent()) == 2 })
	en, _ := slk.viewsSent()[1]["view"].(map[string]any)
	validOrFail(t, "builder (en)", map[string]any{"text": "builder", "blocks": en["blocks"]})
	if all := texts(en); !strings.Contains(all, "where underserved") || !strings.Contains(all, "Ask wi") || strings.Contains(all, "dove ") {
		t.Errorf("English builder:\n%.500s", all)
	}
	submit := func(values map[string]string, at time.Time) (*http.Response, []byte) {
		state := map[string]any{}
		for k, val := range values {
			state[k] = map[string]any{"v": map[string]any{"type": "static_select", "selected_option": map[string]any{"value": val}}}
		}
		return postInteraction(t, ts, map[string]any{"type": "view_submission", "user": map[string]any{"id": "U0STAFF", "team_id": "T0TEST"},
			"team": map[string]any{"id": "T0TEST"}, "view": map[string]any{"id": "V0", "callback_id": builderCallback,
				"private_metadata": "it", "state": map[string]any{"values": state}}}, at)
	}
	// Missing the target: an error on the target menu.
	resp, body := submit(map[string]string{"kind": "where underserved", "radius": "800m"}, time.Now())
	var errs struct {
		Action string            `json:"response_action"`
		Errors map[string]string `json:"errors"`
	}
	json.Unmarshal(body, &errs)
	if resp.StatusCode != 200 || errs.Action != "errors" || !strings.Contains(errs.Errors["target"], "target") {
		t.Errorf("missing target: %d %s", resp.StatusCode, body)
	}
	// A forged submission.
	raw, _ := json.Marshal(map[string]any{"type": "view_submission", "user": map[string]any{"id": "U0STAFF"}})
	fb := []byte(url.Values{"payload": {string(raw)}}.Encode())
	h := slackSigned(fb, time.Now())
	h.Set("X-Slack-Signature", "v0="+strings.Repeat("b", 64))
	if resp, _ := post(t, ts.URL+"/slack/interactions", fb, "application/x-www-form-urlencoded", h); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("forged submission: %d", resp.StatusCode)
	}
	// A good one: the modal closes; the answer comes as a direct message.
	resp, body = submit(map[string]string{"kind": "where underserved", "target": "anziani-soli", "radius": "800m"}, time.Now())
	if resp.StatusCode != 200 || len(strings.TrimSpace(string(body))) != 0 {
		t.Fatalf("submission: %d %s", resp.StatusCode, body)
	}
	waitFor(t, 20*time.Second, "the direct message", func() bool { p, _, _, _, _ := slk.snapshot(); return len(p) == 1 })
	posts, _, _, _, _ := slk.snapshot()
	var blocks any
	json.Unmarshal([]byte(posts[0].Get("blocks")), &blocks)
	ref := referenceAnswer(t, "dove sottoservito target=anziani-soli raggio=800m", answer.RoleStaff)
	if len(posts) != 1 || posts[0].Get("channel") != "D0U0STAFF" || !strings.Contains(texts(blocks), ref.Headline) {
		t.Errorf("answer: channel %q\n%s", posts[0].Get("channel"), clip(texts(blocks), 400))
	}
	validOrFail(t, "modal answer", map[string]any{"text": posts[0].Get("text"), "blocks": blocks})
	waitFor(t, 5*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 1 })
	if e := ts.auditLines(t)[0]; e.Action != "modal" || e.Outcome != OutcomeAnswered || e.Delivery != DeliveryDelivered {
		t.Errorf("audit %+v", e)
	}
}

// The Home tab shows the user's role, the examples of that role and their
// last questions.
func TestHomeTabShowsLastQuestions(t *testing.T) {
	ts, slk := interactiveServer(t, nil)
	hook := newCatcher(t)
	for _, q := range []string{"quanti domanda target=minori zona=municipio-2", "dove concentrazione target=anziani livello=municipio"} {
		postSlash(t, ts, q, "U0PRESS", hook.URL)
		hook.next(t, 20*time.Second)
	}
	postEvent(t, ts, map[string]any{"type": "event_callback", "team_id": "T0TEST", "event_id": "EvHome2",
		"event": map[string]any{"type": "app_home_opened", "user": "U0PRESS", "channel": "D0HOME", "tab": "home"}})
	waitFor(t, 10*time.Second, "views.publish", func() bool { return len(slk.viewsSent()) == 1 })
	v := slk.viewsSent()[0]
	view, _ := v["view"].(map[string]any)
	all := texts(view["blocks"])
	for _, want := range []string{"ufficio stampa", "Le tue ultime domande", "/wi dove concentrazione target=anziani livello=municipio",
		"/wi quanti domanda target=minori zona=municipio-2", "Componi una domanda", "/wi scheda"} {
		if !strings.Contains(all, want) {
			t.Errorf("home lacks %q:\n%s", want, all)
		}
	}
	if i, j := strings.Index(all, "dove concentrazione target=anziani livello=municipio"), strings.Index(all, "quanti domanda target=minori zona=municipio-2"); i > j {
		t.Errorf("last questions not most recent first")
	}
	validOrFail(t, "home", map[string]any{"text": "home", "blocks": view["blocks"]})
	// The ring is bounded per user and in users.
	r := newRecentQuestions(2, 3)
	for _, u := range []string{"a", "b", "c", "d"} {
		for _, q := range []string{"q1", "q2", "q3", "q2"} {
			r.add(Who{Platform: "slack", User: u}, q)
		}
	}
	r.remember(Who{Platform: "slack", User: "d"}, &Reply{Lang: question.English, Plan: &question.Help{}})
	if got := r.of(Who{Platform: "slack", User: "d"}); r.size() != 3 || len(got) != 2 || got[0] != "q2" || got[1] != "q3" || r.of(Who{Platform: "slack", User: "a"}) != nil {
		t.Errorf("ring: %d users, d: %v", r.size(), got)
	}
}

// Teams: a question known to be slow gets its link at once, well within
// the budget; the answer is at the link. Following a link made for a user
// is audited with who it was made for and their role.
func TestTeamsSlowQuestionAndFetchAudit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.PublicURL = "http://placeholder"; c.TeamsDeadline = 3 * time.Second })
	ts.cfg.PublicURL = ts.URL
	if !slowQuestion("dove localizza servizio=asilo-nido numero=3") || !slowQuestion("howmuch centers service=rsa coverage=90%") || slowQuestion("dove sottoservito target=x") {
		t.Errorf("slowQuestion")
	}
	body := teamsBody("dove localizza servizio=asilo-nido numero=3 raggio=800m", "29:staff")
	start := time.Now()
	resp, raw := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
	took := time.Since(start)
	if resp.StatusCode != 200 || took > time.Second || !strings.Contains(string(raw), "Sto preparando la risposta") {
		t.Fatalf("slow question: %d after %s: %s", resp.StatusCode, took, raw)
	}
	var msg map[string]any
	json.Unmarshal(raw, &msg)
	for _, e := range validateTeams(msg).errs {
		t.Errorf("teams: %s", e)
	}
	link := regexp.MustCompile(`http://[^"]+/files/[^"]+`).FindString(string(raw))
	r, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(b), "asil") {
		t.Errorf("slow answer at the link: %d %.200s", r.StatusCode, b)
	}
	// An answer's Excel link, followed: audited.
	body = teamsBody("dove sottoservito target=anziani-soli raggio=800m", "29:staff")
	_, raw = post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body))
	json.Unmarshal(raw, &msg)
	for _, e := range validateTeams(msg).errs {
		t.Errorf("teams: %s", e)
	}
	card := msg["attachments"].([]any)[0].(map[string]any)["content"].(map[string]any)
	var titles []string
	xlsx := ""
	for _, a := range card["actions"].([]any) {
		am := a.(map[string]any)
		titles = append(titles, am["title"].(string))
		if am["title"] == "Scarica Excel" {
			xlsx = am["url"].(string)
		}
	}
	if !slices.Contains(titles, "Scarica CSV") || xlsx == "" || !slices.Contains(titles, "Tutte le righe") {
		t.Fatalf("teams buttons %v", titles)
	}
	r, err = http.Get(xlsx)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.HasPrefix(string(b), "PK") || r.Header.Get("Content-Type") != xlsxType {
		t.Errorf("xlsx: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	waitFor(t, 5*time.Second, "audit", func() bool {
		for _, e := range ts.auditLines(t) {
			if e.Outcome == OutcomeFetched && e.Action == "file:xlsx" {
				return true
			}
		}
		return false
	})
	for _, e := range ts.auditLines(t) {
		if e.Outcome == OutcomeFetched && e.Action == "file:xlsx" && (e.User != "29:staff" || e.Role != "staff" || e.Delivery != DeliveryDelivered ||
			!strings.HasSuffix(e.Detail, ".xlsx") || !strings.HasPrefix(e.Canonical, "where underserved")) {
			t.Errorf("fetch audit %+v", e)
		}
		if e.Outcome == OutcomeAnswered && e.Delivery != DeliveryDelivered {
			t.Errorf("answer audit %+v", e)
		}
	}
}

// An answer a picture suits (a trend of years) has a Grafico button:
// pressed, the chart (reports/chart, PNG) is uploaded to the presser's
// direct messages. An answer reports/chart does not draw (a ranking led by
// its rank column, today) has none.
func TestChartButton(t *testing.T) {
	ts, slk := interactiveServer(t, nil)
	hook := newCatcher(t)
	postSlash(t, ts, "quanti domanda target=minori zona=municipio-2", "U0STAFF", hook.URL)
	btn := buttonsOf(hook.next(t, 20*time.Second))
	if btn["wi_chart"] == "" {
		t.Fatalf("no chart button on a trend: %v", btn)
	}
	postInteraction(t, ts, pressPayload("U0STAFF", "wi_chart", btn["wi_chart"], hook.URL+"/chart"), time.Now())
	if m := hook.next(t, 30*time.Second); !strings.Contains(texts(m), "il grafico") {
		t.Errorf("chart note: %s", texts(m))
	}
	_, _, uploads, getURL, _ := slk.snapshot()
	if len(uploads) != 1 || !strings.HasPrefix(string(uploads[0]), "\x89PNG") || !strings.HasSuffix(getURL[0].Get("filename"), ".png") {
		t.Fatalf("chart upload: %d uploads %v", len(uploads), getURL)
	}
	postSlash(t, ts, "dove concentrazione target=anziani livello=municipio", "U0STAFF", hook.URL)
	ranking := referenceAnswer(t, "dove concentrazione target=anziani livello=municipio", answer.RoleStaff)
	if btn := buttonsOf(hook.next(t, 20*time.Second)); (btn["wi_chart"] != "") != chartable(ranking) || btn["wi_csv"] == "" || btn["wi_share"] == "" {
		t.Errorf("ranking: buttons %v", btn)
	}
	waitFor(t, 5*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 3 })
	// Lines are written once delivered, in any order among answers.
	lines := ts.auditLines(t)
	i := slices.IndexFunc(lines, func(e AuditEntry) bool { return e.Action == "button:chart" })
	if i < 0 || lines[i].Delivery != DeliveryDelivered || !strings.HasSuffix(lines[i].Detail, ".png") {
		t.Errorf("chart audit %+v", lines)
	}
}

// The audit says when a reply did not reach the user, and why.
func TestAuditRecordsFailedDelivery(t *testing.T) {
	gone := httptestServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		http.Error(w, "expired_url", http.StatusNotFound)
	})
	ts := startServer(t, nil)
	postSlash(t, ts, "quanti domanda target=minori zona=municipio-2", "U0STAFF", gone+"/gone")
	waitFor(t, 20*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 1 })
	e := ts.auditLines(t)[0]
	if e.Outcome != OutcomeAnswered || !strings.HasPrefix(e.Delivery, "failed: status 404") || !strings.Contains(e.Delivery, "expired_url") ||
		strings.Contains(e.Delivery, gone) {
		t.Errorf("audit %+v", e)
	}
}
