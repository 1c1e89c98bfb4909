package bots

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/catalog"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

const (
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5-test"
	testBotToken = "xoxb-test-token-never-logged"
	testTeamsKey = "AmfWtjBI4FkfMAwlznurda1lWvevwslWnhfVyfJOa18=" // base64 of 32 bytes
)

var (
	demoPath string
	demoDir  string
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wi-bots-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	demoDir = dir
	demoPath = filepath.Join(dir, "demo.duckdb")
	d, err := catalog.Demo(catalog.DemoOptions{Seed: catalog.DefaultDemoSeed})
	if err == nil {
		err = catalog.Write(context.Background(), demoPath, d)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demo catalog:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// openDemo opens the test catalog read-only.
func openDemo(ctx context.Context) (Catalog, error) { return catalog.Open(ctx, demoPath) }

// referenceAnswer answers a question outside the server, to check the
// figures the server sends.
func referenceAnswer(t *testing.T, text string, role answer.Role) *answer.Result {
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
	plan, err := compile(text, vocab)
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Exec(ctx, engine.Request{Question: text, Plan: plan, Lang: question.Italian, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// testServer is a running server on loopback.
type testServer struct {
	*Server
	URL   string
	audit *bytes.Buffer
	auMu  *sync.Mutex
	logs  *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// auditLines returns the audit log's entries so far.
func (ts *testServer) auditLines(t *testing.T) []AuditEntry {
	t.Helper()
	raw := ts.auditText()
	var out []AuditEntry
	for _, line := range strings.Split(strings.TrimSpace(raw), "\n") {
		if line == "" {
			continue
		}
		var e AuditEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("audit line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

func (ts *testServer) auditText() string {
	ts.auMu.Lock()
	defer ts.auMu.Unlock()
	return ts.audit.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// startServer starts a server with the test secrets on a loopback port;
// edit changes the configuration first.
func startServer(t testing.TB, edit func(*Config)) *testServer {
	t.Helper()
	ts := &testServer{audit: &bytes.Buffer{}, auMu: &sync.Mutex{}, logs: &syncBuffer{}}
	cfg := Config{
		OpenCatalog:        openDemo,
		CatalogPath:        demoPath,
		WatchInterval:      -1,
		SlackSigningSecret: testSecret,
		TeamsSecret:        testTeamsKey,
		Audit:              NewAudit(lockedWriter{ts.auMu, ts.audit}),
		Logger:             slogTo(ts.logs),
		RatePerMinute:      -1,
	}
	if edit != nil {
		edit(&cfg)
	}
	s, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go s.Serve(ln)
	ts.Server, ts.URL = s, "http://"+ln.Addr().String()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		s.Shutdown(ctx)
		if strings.Contains(ts.logs.String(), testSecret) || strings.Contains(ts.logs.String(), testBotToken) {
			t.Errorf("a secret reached the log:\n%s", ts.logs.String())
		}
	})
	return ts
}

// catcher is an HTTP server standing in for Slack's response_url.
type catcher struct {
	*httptest.Server
	got chan []byte
}

func newCatcher(t *testing.T) *catcher {
	c := &catcher{got: make(chan []byte, 1000)}
	c.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		c.got <- b
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(c.Close)
	return c
}

func (c *catcher) next(t *testing.T, within time.Duration) map[string]any {
	t.Helper()
	select {
	case b := <-c.got:
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("follow-up is not JSON: %v\n%s", err, b)
		}
		return m
	case <-time.After(within):
		t.Fatalf("no follow-up within %s", within)
	}
	return nil
}

func (c *catcher) none(t *testing.T, within time.Duration) {
	t.Helper()
	select {
	case b := <-c.got:
		t.Fatalf("unexpected follow-up: %s", b)
	case <-time.After(within):
	}
}

// slashForm is a slash command's form body.
func slashForm(text, user, responseURL string) []byte {
	v := url.Values{
		"token": {"legacy-verification-token"}, "team_id": {"T0TEST"}, "team_domain": {"test"},
		"channel_id": {"C0CHAN"}, "channel_name": {"welfare"}, "user_id": {user}, "user_name": {"tester"},
		"command": {"/wi"}, "text": {text}, "response_url": {responseURL}, "trigger_id": {"1.2.3"},
	}
	return []byte(v.Encode())
}

// post sends a body, signed for Slack at the given time when sign is true.
func post(t *testing.T, u string, body []byte, contentType string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func slackSigned(body []byte, at time.Time) http.Header {
	h := http.Header{}
	SignSlack(h, testSecret, body, at)
	return h
}

func postSlash(t *testing.T, ts *testServer, text, user, responseURL string) (*http.Response, []byte) {
	body := slashForm(text, user, responseURL)
	return post(t, ts.URL+"/slack/commands", body, "application/x-www-form-urlencoded", slackSigned(body, time.Now()))
}

func teamsSigned(body []byte) http.Header {
	key, _ := DecodeTeamsSecret(testTeamsKey)
	h := http.Header{}
	h.Set("Authorization", TeamsSignature(key, body))
	return h
}

// activityIDs numbers the test activities: each is a new one (the server
// answers an activity ID once).
var activityIDs atomic.Int64

func teamsBody(text, sender string) []byte {
	b, _ := json.Marshal(map[string]any{
		"type": "message", "id": fmt.Sprint("1:", activityIDs.Add(1)), "text": "<at>wi</at> " + text,
		"from":         map[string]any{"id": sender, "name": "Tester", "aadObjectId": "aad-" + sender},
		"conversation": map[string]any{"id": "19:chan@thread.skype"},
		"channelData":  map[string]any{"tenant": map[string]any{"id": "tenant-1"}, "channel": map[string]any{"id": "19:chan@thread.skype"}},
	})
	return b
}

// texts collects every "text" string in a decoded JSON value, Slack's
// escapes undone.
func texts(v any) string {
	var b strings.Builder
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				if s, ok := y.(string); ok && (k == "text" || k == "value" || k == "title") {
					b.WriteString(s + "\n")
				} else {
					walk(y)
				}
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">").Replace(b.String())
}

// waitFor polls until cond holds.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// isAnswer reports whether a reply through response_url is an answer for
// the asker (private by default: ephemeral, in place of "Cerco la
// risposta…"), not a notice (refusal, error, busy), which starts with its icon.
func isAnswer(m map[string]any) bool {
	if m["response_type"] != "ephemeral" || m["replace_original"] != true {
		return false
	}
	blocks, _ := m["blocks"].([]any)
	for _, b := range blocks {
		bl, _ := b.(map[string]any)
		if bl["type"] != "section" {
			continue
		}
		tx, _ := bl["text"].(map[string]any)
		s, _ := tx["text"].(string)
		for _, icon := range []string{":lock:", ":x:", ":warning:", ":hourglass", ":information_source:"} {
			if strings.HasPrefix(s, icon) {
				return false
			}
		}
		return true
	}
	return false
}

// httptestServer serves h on loopback until the test ends; it returns the URL.
func httptestServer(t *testing.T, h http.HandlerFunc) string {
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}
