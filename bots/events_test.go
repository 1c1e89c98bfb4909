package bots

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack/slacktest"

	"github.com/welfare-intelligence/wi/answer"
)

// fakeSlack is slacktest with chat.postMessage captured and the external
// upload endpoints added (slacktest has none).
type fakeSlack struct {
	*slacktest.Server
	mu        sync.Mutex
	posts     []url.Values
	ephemeral []url.Values
	uploads   [][]byte // bytes POSTed to the upload URL
	getURL    []url.Values
	completes []url.Values
	opened    []url.Values     // conversations.open
	views     []map[string]any // views.open and views.publish, as sent
}

func newFakeSlack(t *testing.T) *fakeSlack {
	f := &fakeSlack{}
	form := func(r *http.Request) url.Values {
		b, _ := io.ReadAll(r.Body)
		v, _ := url.ParseQuery(string(b))
		return v
	}
	f.Server = slacktest.NewTestServer(func(c slacktest.Customize) {
		c.Handle("/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
			v := form(r)
			f.mu.Lock()
			f.posts = append(f.posts, v)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": v.Get("channel"), "ts": "1700000000.000200"})
		})
		c.Handle("/chat.postEphemeral", func(w http.ResponseWriter, r *http.Request) {
			v := form(r)
			f.mu.Lock()
			f.ephemeral = append(f.ephemeral, v)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "message_ts": "1700000000.000300"})
		})
		c.Handle("/files.getUploadURLExternal", func(w http.ResponseWriter, r *http.Request) {
			v := form(r)
			f.mu.Lock()
			f.getURL = append(f.getURL, v)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "upload_url": "http://" + r.Host + "/upload/F0PDF", "file_id": "F0PDF"})
		})
		c.Handle("/upload/", func(w http.ResponseWriter, r *http.Request) {
			_, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil {
				http.Error(w, err.Error(), 400)
				return
			}
			mr := multipart.NewReader(r.Body, params["boundary"])
			for {
				p, err := mr.NextPart()
				if err != nil {
					break
				}
				if p.FormName() == "file" {
					b, _ := io.ReadAll(p)
					f.mu.Lock()
					f.uploads = append(f.uploads, b)
					f.mu.Unlock()
				}
			}
			w.Write([]byte("OK - uploaded"))
		})
		c.Handle("/conversations.open", func(w http.ResponseWriter, r *http.Request) {
			v := form(r)
			f.mu.Lock()
			f.opened = append(f.opened, v)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "channel": map[string]any{"id": "D0" + v.Get("users")}})
		})
		view := func(w http.ResponseWriter, r *http.Request) {
			b, _ := io.ReadAll(r.Body)
			var m map[string]any
			if json.Unmarshal(b, &m) != nil { // views.open is JSON; older clients send a form
				v, _ := url.ParseQuery(string(b))
				var vw any
				json.Unmarshal([]byte(v.Get("view")), &vw)
				m = map[string]any{"trigger_id": v.Get("trigger_id"), "user_id": v.Get("user_id"), "view": vw}
			}
			m["method"] = strings.TrimPrefix(r.URL.Path, "/")
			f.mu.Lock()
			f.views = append(f.views, m)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "view": map[string]any{"id": "V0"}})
		}
		c.Handle("/views.open", view)
		c.Handle("/views.publish", view)
		c.Handle("/files.completeUploadExternal", func(w http.ResponseWriter, r *http.Request) {
			v := form(r)
			f.mu.Lock()
			f.completes = append(f.completes, v)
			f.mu.Unlock()
			json.NewEncoder(w).Encode(map[string]any{"ok": true, "files": []any{map[string]any{"id": "F0PDF", "title": "doc"}}})
		})
	})
	f.Start()
	t.Cleanup(f.Stop)
	return f
}

func (f *fakeSlack) snapshot() (posts, eph []url.Values, uploads [][]byte, getURL, completes []url.Values) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]url.Values{}, f.posts...), append([]url.Values{}, f.ephemeral...), append([][]byte{}, f.uploads...),
		append([]url.Values{}, f.getURL...), append([]url.Values{}, f.completes...)
}

// viewsSent returns the views opened and published so far.
func (f *fakeSlack) viewsSent() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.views...)
}

func postEvent(t *testing.T, ts *testServer, v any) (*http.Response, []byte) {
	body, _ := json.Marshal(v)
	return post(t, ts.URL+"/slack/events", body, "application/json", slackSigned(body, time.Now()))
}

func mention(text, user, ts, threadTS, eventID string) map[string]any {
	ev := map[string]any{"type": "app_mention", "user": user, "text": "<@U0WIBOT> " + text, "ts": ts, "channel": "C0CHAN", "event_ts": ts}
	if threadTS != "" {
		ev["thread_ts"] = threadTS
	}
	return map[string]any{"type": "event_callback", "team_id": "T0TEST", "event_id": eventID, "event": ev}
}

func TestEventsURLVerification(t *testing.T) {
	ts := startServer(t, nil)
	resp, body := postEvent(t, ts, map[string]any{"type": "url_verification", "token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
	var got map[string]string
	json.Unmarshal(body, &got)
	if resp.StatusCode != 200 || got["challenge"] != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("url_verification: %d %s", resp.StatusCode, body)
	}
}

// An app mention is answered in its thread with chat.postMessage; a retry of
// the same event is not answered twice; errors go privately.
func TestAppMentionAnsweredInThread(t *testing.T) {
	slk := newFakeSlack(t)
	ts := startServer(t, func(c *Config) { c.SlackBotToken = testBotToken; c.SlackAPIURL = slk.GetAPIURL() })
	q := "quanti domanda target=minori zona=municipio-2"
	resp, _ := postEvent(t, ts, mention(q, "U0STAFF", "1700000000.000100", "", "Ev01"))
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	postEvent(t, ts, mention(q, "U0STAFF", "1700000000.000100", "", "Ev01")) // a retry
	waitFor(t, 20*time.Second, "the thread reply", func() bool { p, _, _, _, _ := slk.snapshot(); return len(p) >= 1 })
	time.Sleep(200 * time.Millisecond)
	posts, _, _, _, _ := slk.snapshot()
	if len(posts) != 1 {
		t.Fatalf("%d replies, want 1 (the retry must not be answered again)", len(posts))
	}
	p := posts[0]
	if p.Get("channel") != "C0CHAN" || p.Get("thread_ts") != "1700000000.000100" {
		t.Errorf("reply not in the thread: channel %q thread_ts %q", p.Get("channel"), p.Get("thread_ts"))
	}
	var blocks any
	json.Unmarshal([]byte(p.Get("blocks")), &blocks)
	ref := referenceAnswer(t, q, answer.RoleStaff)
	if all := texts(blocks); !strings.Contains(all, ref.Headline) {
		t.Errorf("reply lacks %q:\n%s", ref.Headline, all)
	}
	// A mention inside a thread answers in that thread; a wrong question privately.
	postEvent(t, ts, mention("dove sottoservito target=nessuno raggio=1km", "U0STAFF", "1700000000.000500", "1700000000.000100", "Ev02"))
	waitFor(t, 10*time.Second, "the private error", func() bool { _, e, _, _, _ := slk.snapshot(); return len(e) == 1 })
	_, eph, _, _, _ := slk.snapshot()
	if eph[0].Get("user") != "U0STAFF" || eph[0].Get("thread_ts") != "1700000000.000100" {
		t.Errorf("ephemeral error: %v", eph[0])
	}
	if strings.Contains(ts.logs.String(), testBotToken) {
		t.Errorf("bot token logged")
	}
}

// A fact sheet asked by slash command and a dossier asked in a thread are
// uploaded with the external flow: getUploadURLExternal → POST of the PDF →
// completeUploadExternal with the channel (and thread).
func TestDocumentsUploadedWithTheExternalFlow(t *testing.T) {
	if testDocuments == nil {
		t.Skip("reports/pdf is not wired yet")
	}
	slk := newFakeSlack(t)
	ts := startServer(t, func(c *Config) {
		c.SlackBotToken = testBotToken
		c.SlackAPIURL = slk.GetAPIURL()
		c.Documents = testDocuments
	})
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0STAFF", hook.URL)
	waitFor(t, 30*time.Second, "the upload", func() bool { _, _, _, _, c := slk.snapshot(); return len(c) == 1 })
	_, _, uploads, getURL, completes := slk.snapshot()
	if len(getURL) != 1 || getURL[0].Get("filename") == "" || getURL[0].Get("length") == "0" {
		t.Errorf("getUploadURLExternal: %v", getURL)
	}
	if len(uploads) != 1 || !strings.HasPrefix(string(uploads[0]), "%PDF-") {
		t.Fatalf("uploaded bytes are not a PDF (%d uploads)", len(uploads))
	}
	// Private by default: a /wi document goes to the asker's direct
	// messages, and the placeholder says so.
	if completes[0].Get("channel_id") != "D0U0STAFF" || !strings.Contains(completes[0].Get("files"), "F0PDF") {
		t.Errorf("completeUploadExternal: %v", completes[0])
	}
	if m := hook.next(t, 5*time.Second); m["replace_original"] != true || !strings.Contains(texts(m), "messaggio diretto") {
		t.Errorf("placeholder: %v", m)
	}

	postEvent(t, ts, mention("dossier target=anziani-soli zona=municipio-9", "U0STAFF", "1700000001.000100", "", "Ev10"))
	waitFor(t, 3*time.Minute, "the second upload", func() bool { _, _, _, _, c := slk.snapshot(); return len(c) == 2 })
	_, _, uploads, _, completes = slk.snapshot()
	if !strings.HasPrefix(string(uploads[1]), "%PDF-") || completes[1].Get("thread_ts") != "1700000001.000100" {
		t.Errorf("dossier upload: thread %q", completes[1].Get("thread_ts"))
	}
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 2 })
	for _, e := range ts.auditLines(t) {
		if e.Outcome != OutcomeDocument || !strings.HasSuffix(e.Detail, ".pdf") {
			t.Errorf("audit %+v", e)
		}
	}
}

// In a Slack Connect channel the envelope's team_id is the host workspace
// that installed wi; an external user (event user_team another workspace)
// does not get the host's role: refused unless listed in slack.users.
func TestSlackConnectExternalUser(t *testing.T) {
	pol, err := ParsePolicy([]byte(`
slack:
  workspaces: {T0TEST: staff}
  users: {U0PARTNER: grant}
`))
	if err != nil {
		t.Fatal(err)
	}
	slk := newFakeSlack(t)
	ts := startServer(t, func(c *Config) {
		c.SlackBotToken = testBotToken
		c.SlackAPIURL = slk.GetAPIURL()
		c.Policy = pol
	})
	q := "quanti domanda target=minori zona=municipio-2"
	ext := mention(q, "U0EXTERNAL", "1700000002.000100", "", "EvX1")
	ext["event"].(map[string]any)["user_team"] = "T0OTHERORG"
	ext["event"].(map[string]any)["team"] = "T0OTHERORG"
	postEvent(t, ts, ext)
	waitFor(t, 10*time.Second, "the refusal", func() bool { _, e, _, _, _ := slk.snapshot(); return len(e) == 1 })
	_, eph, _, _, _ := slk.snapshot()
	if eph[0].Get("user") != "U0EXTERNAL" || !strings.Contains(eph[0].Get("blocks")+eph[0].Get("text"), "non sei ancora abilitato") {
		t.Errorf("external user not refused: %v", eph[0])
	}
	partner := mention(q, "U0PARTNER", "1700000002.000200", "", "EvX2")
	partner["event"].(map[string]any)["user_team"] = "T0OTHERORG"
	postEvent(t, ts, partner)
	local := mention(q, "U0LOCAL", "1700000002.000300", "", "EvX3")
	local["event"].(map[string]any)["user_team"] = "T0TEST"
	postEvent(t, ts, local)
	waitFor(t, 20*time.Second, "two answers", func() bool { p, _, _, _, _ := slk.snapshot(); return len(p) == 2 })
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 3 })
	got := map[string]string{}
	for _, e := range ts.auditLines(t) {
		got[e.User] = e.Workspace + " " + e.Role + " " + e.Outcome
	}
	want := map[string]string{
		"U0EXTERNAL": "T0OTHERORG  unknown_user",
		"U0PARTNER":  "T0OTHERORG grant answered",
		"U0LOCAL":    "T0TEST staff answered",
	}
	for u, w := range want {
		if got[u] != w {
			t.Errorf("%s: audit %q, want %q", u, got[u], w)
		}
	}
}

var _ = context.Background
