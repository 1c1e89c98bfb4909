package bots

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/welfare-intelligence/wi/answer"
)

// The /files store is bounded in bytes and files, dropping the oldest
// finished files first and never one being made; expired files go.
func TestFileStoreBounded(t *testing.T) {
	now := time.Now()
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	fs := newFileStore(time.Hour, clock)
	fs.maxBytes, fs.maxFiles = 100, 3
	pending, pendingTok := fs.reserve("pending.pdf", "application/pdf")
	var toks []string
	for i := range 4 {
		f, tok := fs.reserve("f.txt", "text/plain")
		fs.complete(f, "", "", make([]byte, 40), nil)
		toks = append(toks, tok)
		if n, b := fs.size(); n > 3 || b > 100 {
			t.Fatalf("after file %d: %d files, %d bytes", i, n, b)
		}
	}
	if _, err := fs.lookup(toks[0]); !errors.Is(err, errLinkExpired) {
		t.Errorf("oldest file kept: %v", err)
	}
	if _, err := fs.lookup(toks[3]); err != nil {
		t.Errorf("newest file dropped: %v", err)
	}
	if _, err := fs.lookup(pendingTok); err != nil {
		t.Errorf("a file being made was dropped: %v", err)
	}
	fs.complete(pending, "", "", []byte("%PDF"), nil)
	fs.complete(pending, "", "", nil, errors.New("twice")) // a second completion is ignored
	if pending.err != nil {
		t.Errorf("second completion counted")
	}
	// Offers (lazy files never followed) have their own, larger bound:
	// many of them do not push out files with data, and the oldest go first.
	keep, _ := fs.reserve("kept.txt", "text/plain")
	fs.complete(keep, "", "", []byte("x"), nil)
	var offers []string
	for range lazyPerFile*3 + 2 {
		offers = append(offers, fs.lazy("o.xlsx", xlsxType, nil, func(context.Context) ([]byte, error) { return []byte("PK"), nil }))
	}
	if _, err := fs.lookup(toks[3]); err != nil {
		t.Errorf("offers pushed out a file: %v", err)
	}
	if _, err := fs.lookup(offers[0]); !errors.Is(err, errLinkExpired) {
		t.Errorf("oldest offer kept beyond the bound: %v", err)
	}
	if _, err := fs.lookup(offers[len(offers)-1]); err != nil {
		t.Errorf("newest offer dropped: %v", err)
	}
	mu.Lock()
	now = now.Add(2 * time.Hour)
	mu.Unlock()
	fs.expire()
	if n, b := fs.size(); n != 0 || b != 0 {
		t.Errorf("after expiry: %d files, %d bytes", n, b)
	}
}

// panicky fails the Slack file upload with a panic, as a bug in the upload
// path or in rendering would.
type panicky struct{}

func (panicky) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "getUploadURLExternal") {
		panic("boom in the upload")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// A panic in background work outside the turn's own recovery ends the turn:
// its slot and catalog are released, it is audited, the next question is
// answered (MaxConcurrent 1), and Shutdown does not wait for it forever.
func TestPanicInBackgroundEndsTheTurn(t *testing.T) {
	slk := newFakeSlack(t)
	ts := startServer(t, func(c *Config) {
		c.SlackBotToken = testBotToken
		c.SlackAPIURL = slk.GetAPIURL()
		c.Documents = testDocuments
		c.HTTP = &http.Client{Transport: panicky{}, Timeout: 10 * time.Second}
		c.MaxConcurrent = 1
	})
	hook := newCatcher(t)
	postSlash(t, ts, "scheda target=anziani zona=municipio-9", "U0STAFF", hook.URL)
	waitFor(t, 30*time.Second, "the turn's audit line", func() bool { return len(ts.auditLines(t)) == 1 })
	if e := ts.auditLines(t)[0]; e.Outcome != OutcomeError || !strings.Contains(e.Detail, "panic") {
		t.Errorf("audit %+v", e)
	}
	if !strings.Contains(ts.logs.String(), "boom in the upload") {
		t.Errorf("panic not logged")
	}
	postSlash(t, ts, "quanti domanda target=minori zona=municipio-2", "U0STAFF", hook.URL)
	if m := hook.next(t, 20*time.Second); !isAnswer(m) {
		t.Errorf("after the panic: %s", texts(m))
	}

	// The helper itself: a reserved file is completed with an error.
	turn, now := ts.begin(t.Context(), Message{Who: Who{Platform: "teams", Workspace: "tenant-1", User: "29:x"}, Text: "aiuto"})
	if now != nil {
		t.Fatal(now.Text)
	}
	f, _ := ts.files.reserve("wi.pdf", "application/pdf")
	func() {
		defer ts.endOnPanic("test", &turn, func() *storedFile { return f })
		panic("boom")
	}()
	select {
	case <-f.ready:
		if f.err == nil || strings.Contains(f.err.Error(), "boom") {
			t.Errorf("file error %v", f.err)
		}
	default:
		t.Errorf("reserved file never completed")
	}
	if len(ts.slots) != 0 {
		t.Errorf("%d slots still held", len(ts.slots))
	}
}

// Once Shutdown waits, background work is refused (no WaitGroup growth
// during Wait), and work that ignores cancellation does not hold Shutdown
// forever.
func TestShutdownBounded(t *testing.T) {
	ts := startServer(t, nil)
	ts.finalWait = 200 * time.Millisecond
	stuck, release := make(chan struct{}), make(chan struct{})
	if !ts.background("stuck", func(context.Context) { close(stuck); <-release }) {
		t.Fatal("background refused before shutdown")
	}
	<-stuck
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- ts.Shutdown(ctx) }()
	select {
	case err := <-done:
		if err == nil {
			t.Errorf("shutdown with stuck work: no error")
		}
	case <-time.After(5 * time.Second):
		close(release)
		t.Fatal("shutdown waits forever for work that ignores cancellation")
	}
	ran := false
	if ts.background("late", func(context.Context) { ran = true }) || ran {
		t.Errorf("background work accepted after shutdown")
	}
	close(release)
}

// Unknown users are rate limited like everyone, and a run of refusals is
// audited once.
func TestUnknownUsersRateLimited(t *testing.T) {
	pol, _ := ParsePolicy([]byte("slack: {workspaces: {T0OTHER: staff}}"))
	ts := startServer(t, func(c *Config) { c.Policy = pol; c.RatePerMinute = 1; c.RateBurst = 2 })
	hook := newCatcher(t)
	var bodies []string
	for range 6 {
		_, body := postSlash(t, ts, "aiuto", "U0STRANGER", hook.URL)
		bodies = append(bodies, string(body))
	}
	if !strings.Contains(bodies[5], "molte domande") {
		t.Errorf("unknown user not rate limited: %s", bodies[5])
	}
	outcomes := map[string]int{}
	for _, e := range ts.auditLines(t) {
		outcomes[e.Outcome]++
	}
	if outcomes[OutcomeUnknownUser] != 2 || outcomes[OutcomeRateLimited] != 1 || len(ts.auditLines(t)) != 3 {
		t.Errorf("audit outcomes %v, want 2 unknown_user and 1 rate_limited", outcomes)
	}
}

// Internal errors reach the user as a generic message with a reference; the
// raw error (paths, database text) only the log and the audit. Errors that
// explain the question are shown.
func TestErrorsShownToUsers(t *testing.T) {
	ts := startServer(t, nil)
	tr, now := ts.begin(t.Context(), Message{Who: Who{Platform: "slack", Workspace: "T0TEST", User: "U1"}, Text: "aiuto"})
	if now != nil {
		t.Fatal(now.Text)
	}
	raw := errors.New(`IO Error: Cannot open file "/srv/wi/secret/catalog.duckdb": Permission denied`)
	r := tr.failure(raw)
	if strings.Contains(r.Text, "/srv/wi") || strings.Contains(r.Text, "IO Error") || !strings.Contains(r.Text, "rif. ") {
		t.Errorf("internal error shown: %q", r.Text)
	}
	ref := r.Text[strings.Index(r.Text, "rif. ")+5:][:8]
	tr.end(r)
	e := ts.auditLines(t)[0]
	if !strings.Contains(e.Detail, raw.Error()) || !strings.Contains(e.Detail, ref) || !strings.Contains(ts.logs.String(), ref) {
		t.Errorf("raw error not audited and logged under %s: %+v", ref, e)
	}
	ae := &answer.AnswerError{IT: `struttura sconosciuta "x": forse intendevi "centro-anziani-001"?`, EN: "unknown facility"}
	if r := tr.failure(ae); !strings.Contains(r.Text, ae.IT) {
		t.Errorf("answer error hidden: %q", r.Text)
	}
}

// The health check names files without their directories; a Teams activity
// is answered once (a replayed signed request is refused); the memory of
// event IDs is bounded.
func TestHealthzReplayAndDedup(t *testing.T) {
	pol, _ := ParsePolicy([]byte("teams: {tenants: {tenant-1: staff}}"))
	pol.Path = "/etc/wi/secret-dir/policy.yaml"
	ts := startServer(t, func(c *Config) { c.Policy = pol })
	if h := ts.health(); h.Catalog != "demo.duckdb" || h.Policy != "file policy.yaml" {
		t.Errorf("health shows %q, %q", h.Catalog, h.Policy)
	}
	body := teamsBody("aiuto", "29:sender")
	if resp, _ := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body)); resp.StatusCode != 200 {
		t.Fatalf("first: %d", resp.StatusCode)
	}
	if resp, _ := post(t, ts.URL+"/teams/webhook", body, "application/json", teamsSigned(body)); resp.StatusCode != http.StatusConflict {
		t.Errorf("replay: %d, want 409", resp.StatusCode)
	}
	if n := len(ts.auditLines(t)); n != 1 {
		t.Errorf("%d questions audited, want 1", n)
	}

	ts.seenMax = 3
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if ts.duplicate(id) {
			t.Errorf("%s: new ID seen as duplicate", id)
		}
	}
	ts.events.Lock()
	n := len(ts.seenEvent)
	ts.events.Unlock()
	if n > 3 || !ts.duplicate("e") {
		t.Errorf("%d IDs kept (max 3), or the newest forgotten", n)
	}
}
