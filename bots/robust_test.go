package bots

import (
	"context"

	"encoding/json"
	"errors"
	"github.com/welfare-intelligence/wi/catalog"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

func TestHealthz(t *testing.T) {
	ts := startServer(t, nil)
	resp, err := http.Get(ts.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var h Health
	json.NewDecoder(resp.Body).Decode(&h)
	if resp.StatusCode != 200 || h.Status != "ok" || h.Generation != 1 || !h.Slack || !h.Teams ||
		h.Policy != "none: every user of a verified request is staff" {
		t.Errorf("healthz %d %+v", resp.StatusCode, h)
	}
	if !strings.Contains(ts.logs.String(), "every user of a verified Slack or Teams request is staff") {
		t.Errorf("start-up log does not say there is no policy:\n%s", ts.logs.String())
	}
}

func TestBodyLimit(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.MaxBody = 4096 })
	body := slashForm(strings.Repeat("x", 5000), "U0STAFF", "http://127.0.0.1:1/")
	resp, _ := post(t, ts.URL+"/slack/commands", body, "application/x-www-form-urlencoded", slackSigned(body, time.Now()))
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", resp.StatusCode)
	}
}

func TestRateLimitPerUser(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.RatePerMinute = 1; c.RateBurst = 2 })
	hook := newCatcher(t)
	for i := range 3 {
		_, body := postSlash(t, ts, "aiuto", "U0HASTY", hook.URL)
		limited := strings.Contains(string(body), "molte domande")
		if limited != (i == 2) {
			t.Errorf("question %d: %s", i+1, body)
		}
	}
	// Another user is not limited.
	if _, body := postSlash(t, ts, "aiuto", "U0CALM", hook.URL); strings.Contains(string(body), "molte domande") {
		t.Errorf("another user limited: %s", body)
	}
}

// blockingDocs holds every document until released, to keep questions in flight.
type blockingDocs struct {
	started chan struct{}
	release chan struct{}
	calls   atomic.Int32
}

func newBlockingDocs() *blockingDocs {
	return &blockingDocs{started: make(chan struct{}, 100), release: make(chan struct{})}
}

func (b *blockingDocs) fn(ctx context.Context, eng *engine.Engine, plan question.Plan, l question.Lang, r answer.Role) (*Document, error) {
	b.calls.Add(1)
	b.started <- struct{}{}
	select {
	case <-b.release:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if _, err := eng.Vocabulary(ctx); err != nil { // the engine is still usable
		return nil, err
	}
	return &Document{PDF: []byte("%PDF-1.4 test"), Title: "Test", FileName: "test.pdf", Pages: 1}, nil
}

// Over the concurrency limit a question gets a clear "busy" reply at once.
func TestBusyReply(t *testing.T) {
	docs := newBlockingDocs()
	ts := startServer(t, func(c *Config) {
		c.MaxConcurrent = 1
		c.BusyWait = 50 * time.Millisecond
		c.Documents = docs.fn
		c.PublicURL = "http://wi.example"
	})
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0A", hook.URL)
	<-docs.started
	_, body := postSlash(t, ts, "quanti domanda target=minori", "U0B", hook.URL)
	if !strings.Contains(string(body), "molto occupato") || !strings.Contains(string(body), "ephemeral") {
		t.Errorf("busy reply: %s", body)
	}
	tb := teamsBody("quanti domanda target=minori", "29:b")
	_, out := post(t, ts.URL+"/teams/webhook", tb, "application/json", teamsSigned(tb))
	if !strings.Contains(string(out), "molto occupato") {
		t.Errorf("teams busy reply: %s", out)
	}
	close(docs.release)
	all := texts(hook.next(t, 10*time.Second))
	if !strings.Contains(all, "http://wi.example/files/") {
		t.Errorf("document link: %s", all)
	}
	waitFor(t, 2*time.Second, "audit", func() bool { return len(ts.auditLines(t)) == 3 })
	n := 0
	for _, e := range ts.auditLines(t) {
		if e.Outcome == OutcomeBusy {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d busy entries", n)
	}
}

// A panic while answering becomes an error reply; the server goes on.
func TestPanicRecovery(t *testing.T) {
	ts := startServer(t, func(c *Config) {
		c.Documents = func(context.Context, *engine.Engine, question.Plan, question.Lang, answer.Role) (*Document, error) {
			panic("boom")
		}
	})
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0A", hook.URL)
	if all := texts(hook.next(t, 10*time.Second)); !strings.Contains(all, "Qualcosa è andato storto") {
		t.Errorf("panic reply: %s", all)
	}
	// A panicking handler: 500, and the next request is served.
	h := ts.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("handler boom") }))
	rec := &recorder{header: http.Header{}}
	h.ServeHTTP(rec, mustRequest(t))
	if rec.code != 500 {
		t.Errorf("panicking handler: %d", rec.code)
	}
	postSlash(t, ts, "quanti domanda target=minori", "U0A", hook.URL)
	if m := hook.next(t, 10*time.Second); !isAnswer(m) {
		t.Errorf("after the panics: %s", texts(m))
	}
	if ts.slots.acquire(t.Context(), 0) { // the slot of the panicking turn was given back
		ts.slots.release()
	} else {
		t.Errorf("a slot leaked")
	}
}

type recorder struct {
	header http.Header
	code   int
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return len(b), nil }
func (r *recorder) WriteHeader(c int)           { r.code = c }

func mustRequest(t *testing.T) *http.Request {
	r, err := http.NewRequest("GET", "/x", nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Shutdown lets the answer in flight reach response_url before it returns.
func TestGracefulShutdownFinishesFollowUps(t *testing.T) {
	docs := newBlockingDocs()
	ts := startServer(t, func(c *Config) { c.Documents = docs.fn; c.PublicURL = "http://wi.example" })
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0A", hook.URL)
	<-docs.started
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		done <- ts.Shutdown(ctx)
	}()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned (%v) with an answer in flight", err)
	default:
	}
	// New requests are no longer accepted.
	if _, err := http.Get(ts.URL + "/healthz"); err == nil {
		t.Errorf("a request was served after Shutdown began")
	}
	close(docs.release)
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	select {
	case b := <-hook.got:
		if !strings.Contains(string(b), "http://wi.example/files/") {
			t.Errorf("follow-up: %s", b)
		}
	default:
		t.Errorf("Shutdown returned before the follow-up was delivered")
	}
}

// countingCatalog counts closes, to see when a generation is closed.
type countingCatalog struct {
	Catalog
	closed *atomic.Int32
}

func (c countingCatalog) Close() error { c.closed.Add(1); return c.Catalog.Close() }

// Reload swaps the catalog without dropping the question in flight: it
// finishes on the old one, which is closed after it.
func TestReloadKeepsInFlightRequests(t *testing.T) {
	var closed atomic.Int32
	var opens atomic.Int32
	docs := newBlockingDocs()
	ts := startServer(t, func(c *Config) {
		c.OpenCatalog = func(ctx context.Context) (Catalog, error) {
			opens.Add(1)
			cat, err := openDemo(ctx)
			return countingCatalog{cat, &closed}, err
		}
		c.Documents = docs.fn
		c.PublicURL = "http://wi.example"
	})
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0A", hook.URL)
	<-docs.started
	if err := ts.Reload(t.Context()); err != nil {
		t.Fatal(err)
	}
	if h := ts.health(); h.Generation != 2 {
		t.Errorf("generation %d after reload", h.Generation)
	}
	// New questions are answered by the new catalog while the old one is held.
	postSlash(t, ts, "quanti domanda target=minori", "U0B", hook.URL)
	if m := hook.next(t, 10*time.Second); !isAnswer(m) {
		t.Errorf("answer during reload: %s", texts(m))
	}
	if closed.Load() != 0 {
		t.Fatalf("the old catalog was closed under a request in flight")
	}
	close(docs.release)
	if all := texts(hook.next(t, 10*time.Second)); !strings.Contains(all, "files/") {
		t.Errorf("in-flight answer: %s", all)
	}
	waitFor(t, 5*time.Second, "the old catalog to close", func() bool { return closed.Load() == 1 })
	// Each line is written once its reply is delivered.
	waitFor(t, 5*time.Second, "both audit lines", func() bool { return len(ts.auditLines(t)) == 2 })
	gens := map[int64]int{}
	for _, e := range ts.auditLines(t) {
		gens[e.Catalog]++
	}
	if gens[1] != 1 || gens[2] != 1 {
		t.Errorf("catalog generations in the audit: %v", gens)
	}
}

// A new snapshot of the catalog file is noticed and loaded.
func TestReloadOnCatalogChange(t *testing.T) {
	path := demoDir + "/watched.duckdb"
	copyFile(t, demoPath, path)
	var opens atomic.Int32
	ts := startServer(t, func(c *Config) {
		c.CatalogPath = path
		c.WatchInterval = 50 * time.Millisecond
		c.OpenCatalog = OpenPinned(path, func(ctx context.Context, p string) (Catalog, error) { opens.Add(1); return openCatalogAt(ctx, p) })
	})
	time.Sleep(150 * time.Millisecond)
	if ts.health().Generation != 1 {
		t.Fatalf("reloaded without a change")
	}
	// A new catalog written beside and renamed over, as catalog.Replace does.
	// (A broken file first: it must not be swapped in, and it must not be
	// mistaken for the open one.)
	os.WriteFile(path+".bad", []byte("not a catalog"), 0o644)
	os.Rename(path+".bad", path)
	time.Sleep(300 * time.Millisecond)
	if g := ts.health().Generation; g != 1 {
		t.Fatalf("generation %d after a broken file\n%s", g, ts.logs.String())
	}
	// A different city (a small one, another seed), written beside and
	// renamed over, as catalog.Replace does.
	small, err := catalog.Demo(catalog.DemoOptions{Seed: 99, Sections: 300})
	if err != nil {
		t.Fatal(err)
	}
	if err := catalog.Write(t.Context(), path+".new", small); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".new", path); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 10*time.Second, "the reload", func() bool { return ts.health().Generation == 2 })
	hook := newCatcher(t)
	q := "quanti domanda target=minori"
	postSlash(t, ts, q, "U0B", hook.URL)
	m := hook.next(t, 10*time.Second)
	old := referenceAnswer(t, q, answer.RoleStaff)
	if !isAnswer(m) || strings.Contains(texts(m), old.Headline) {
		t.Errorf("after reload, still the old city's answer (%q):\n%s", old.Headline, texts(m))
	}
	if n := strings.Count(ts.logs.String(), "catalog reload failed"); n != 1 {
		t.Errorf("the broken file was tried %d times, want once", n)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

var (
	_ = errors.New
	_ sync.Mutex
)
