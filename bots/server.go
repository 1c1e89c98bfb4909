package bots

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/slack-go/slack"

	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// Config configures the server. Zero durations and limits take the defaults
// noted beside them.
type Config struct {
	// OpenCatalog opens the catalog; it is called at start and on every reload.
	OpenCatalog func(context.Context) (Catalog, error)
	// CatalogPath is the catalog file, watched for a new snapshot every
	// WatchInterval ("" or a negative interval: not watched).
	CatalogPath   string
	WatchInterval time.Duration // 5s
	Engine        engine.Options
	// WarmUp, when set, runs on every newly opened catalog before it serves
	// (bots.WarmUp loads the demand tables); an error fails the load.
	WarmUp func(context.Context, *engine.Engine) error

	SlackSigningSecret string
	SlackBotToken      string // xoxb-…: chat.postMessage and file uploads
	SlackAPIURL        string // "" = https://slack.com/api/
	TeamsSecret        string // the outgoing webhook's base64 security token
	PublicURL          string // how users reach this server, for /files links

	Lang      question.Lang // default language of replies; "" = Italian
	Policy    *Policy       // nil: every user of a verified request is staff
	Audit     *Audit        // nil: no audit log
	Documents DocumentFunc  // nil: dossiers and fact sheets are not available
	Logger    *slog.Logger  // nil: discard
	HTTP      *http.Client  // for response_url and the Slack API; nil: a client with a 15s timeout

	ReadTimeout   time.Duration // 10s
	WriteTimeout  time.Duration // 60s
	IdleTimeout   time.Duration // 120s
	MaxBody       int64         // 1 MiB
	RatePerMinute float64       // per user; 20; negative disables
	RateBurst     int           // 10
	// RegionWatch is how many different regions (radii, catchments, siting
	// scopes) of one sensitive target a user may ask within RegionWindow
	// before further new ones are refused (docs/privacy.md, averaging);
	// 30 in 24 hours; negative disables.
	RegionWatch     int
	RegionWindow    time.Duration
	MaxConcurrent   int           // questions answered at once; 8
	BusyWait        time.Duration // how long a question waits for a slot before "busy"; 500ms
	AnswerTimeout   time.Duration // 60s
	DocumentTimeout time.Duration // 120s
	// TeamsDeadline is the time to answer Teams synchronously, counted from
	// the request's arrival, the wait for a slot included; 3s (Teams gives up
	// at 5, and its own delivery and a loaded machine need the margin).
	TeamsDeadline time.Duration
	FileTTL       time.Duration // life of /files links; 24h
	ActionTTL     time.Duration // life of an answer's Slack buttons; 7 days
	FileWait      time.Duration // how long GET /files waits for a document being made; 30s
	FileMaxBytes  int64         // memory held by /files, oldest finished files dropped first; 256 MiB
	FileMaxCount  int           // files held by /files; 1000

	Now func() time.Time // nil: time.Now
}

func (c *Config) defaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d == 0 {
			*d = v
		}
	}
	def(&c.WatchInterval, 5*time.Second)
	def(&c.ReadTimeout, 10*time.Second)
	def(&c.WriteTimeout, 60*time.Second)
	def(&c.IdleTimeout, 120*time.Second)
	def(&c.BusyWait, 500*time.Millisecond)
	def(&c.AnswerTimeout, 60*time.Second)
	def(&c.DocumentTimeout, 120*time.Second)
	def(&c.TeamsDeadline, 3*time.Second)
	def(&c.FileTTL, 24*time.Hour)
	def(&c.ActionTTL, 7*24*time.Hour)
	def(&c.FileWait, 30*time.Second)
	if c.FileMaxBytes <= 0 {
		c.FileMaxBytes = defaultFileMaxBytes
	}
	if c.FileMaxCount <= 0 {
		c.FileMaxCount = defaultFileMaxCount
	}
	if c.MaxBody <= 0 {
		c.MaxBody = 1 << 20
	}
	if c.RatePerMinute == 0 {
		c.RatePerMinute = 20
	}
	if c.RateBurst <= 0 {
		c.RateBurst = 10
	}
	if c.RegionWatch == 0 {
		c.RegionWatch = 30
	}
	if c.RegionWindow <= 0 {
		c.RegionWindow = 24 * time.Hour
	}
	if c.MaxConcurrent <= 0 {
		c.MaxConcurrent = 8
	}
	if c.Lang == "" {
		c.Lang = question.Italian
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.HTTP == nil {
		c.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Server is `wi serve`: the Slack and Teams endpoints, health, and file
// links, over one hot-reloadable catalog.
type Server struct {
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	audit    *Audit
	engines  *engines
	rate     *rateLimiter
	regions  *regionWatch
	slots    semaphore
	files    *fileStore
	slack    *slack.Client
	teamsKey []byte
	pol      atomic.Pointer[Policy]
	// actionKey signs the tokens of the answers' buttons (actions.go).
	actionKey []byte
	recent    *recentQuestions

	httpMu   sync.Mutex
	http     *http.Server // set by Serve, under httpMu
	started  time.Time
	draining atomic.Bool
	answered atomic.Int64
	inflight atomic.Int64

	// Work that outlives its request (response_url follow-ups, thread
	// replies, uploads, documents) runs under base and is counted in pending,
	// so that Shutdown can wait for it. Once Shutdown starts waiting, closed
	// (under bgMu) refuses new work: a WaitGroup must not grow while waited on.
	base       context.Context
	cancelBase context.CancelFunc
	pending    sync.WaitGroup
	bgMu       sync.Mutex
	bgClosed   bool
	// finalWait bounds how long Shutdown waits for work after cancelling it.
	finalWait time.Duration

	events    sync.Mutex
	seenEvent map[string]time.Time // Slack event and Teams activity IDs, for duplicate
	seenMax   int

	stopWatch chan struct{}
	watchDone chan struct{}
	stopJan   chan struct{}
	janOnce   sync.Once
	janDone   chan struct{}
}

// New opens the catalog and returns a server ready to serve.
func New(ctx context.Context, cfg Config) (*Server, error) {
	cfg.defaults()
	if cfg.OpenCatalog == nil {
		return nil, errors.New("serve: no catalog")
	}
	if cfg.SlackSigningSecret == "" && cfg.TeamsSecret == "" {
		return nil, errors.New("serve: neither Slack (WI_SLACK_SIGNING_SECRET) nor Teams (WI_TEAMS_SECRET) is configured: nothing to serve")
	}
	s := &Server{cfg: cfg, log: cfg.Logger, now: cfg.Now, audit: cfg.Audit,
		rate:      newRateLimiter(cfg.RatePerMinute, cfg.RateBurst, cfg.Now),
		regions:   newRegionWatch(cfg.RegionWatch, cfg.RegionWindow),
		slots:     make(semaphore, cfg.MaxConcurrent),
		files:     newFileStore(cfg.FileTTL, cfg.Now),
		seenEvent: map[string]time.Time{},
		started:   cfg.Now(),
		finalWait: 5 * time.Second,
		seenMax:   10000,
		actionKey: newActionKey(cfg.SlackSigningSecret),
		recent:    newRecentQuestions(recentPerUser, recentUsers),
	}
	s.files.fetched = s.auditFetch
	s.files.maxBytes, s.files.maxFiles = cfg.FileMaxBytes, cfg.FileMaxCount
	s.pol.Store(cfg.Policy)
	if cfg.TeamsSecret != "" {
		key, err := DecodeTeamsSecret(cfg.TeamsSecret)
		if err != nil {
			return nil, err
		}
		s.teamsKey = key
	}
	if cfg.SlackBotToken != "" {
		opts := []slack.Option{slack.OptionHTTPClient(cfg.HTTP)}
		if cfg.SlackAPIURL != "" {
			u := cfg.SlackAPIURL
			if u[len(u)-1] != '/' {
				u += "/"
			}
			opts = append(opts, slack.OptionAPIURL(u))
		}
		s.slack = slack.New(cfg.SlackBotToken, opts...)
	}
	path := cfg.CatalogPath
	if cfg.WatchInterval < 0 {
		path = ""
	}
	s.engines = &engines{open: cfg.OpenCatalog, path: path, opts: cfg.Engine, warm: cfg.WarmUp,
		onRetired: func(g *generation, err error) {
			s.log.Info("catalog closed", "generation", g.id, "err", err)
		}}
	if _, err := s.engines.load(ctx); err != nil {
		return nil, err
	}
	s.base, s.cancelBase = context.WithCancel(context.Background())
	if cfg.Policy == nil {
		s.log.Warn("no access policy (--policy): every user of a verified Slack or Teams request is staff")
	} else {
		s.log.Info("access policy loaded", "file", cfg.Policy.Path)
	}
	if path != "" {
		s.stopWatch, s.watchDone = make(chan struct{}), make(chan struct{})
		go s.watch()
	}
	s.stopJan, s.janDone = make(chan struct{}), make(chan struct{})
	go s.janitor(time.Minute)
	return s, nil
}

func (s *Server) policy() *Policy { return s.pol.Load() }

// SetPolicy replaces the access policy (nil: everyone verified is staff).
func (s *Server) SetPolicy(p *Policy) { s.pol.Store(p) }

func (s *Server) langFor(id Identity) question.Lang {
	if id.Lang != "" {
		return id.Lang
	}
	if p := s.policy(); p != nil && p.Lang != "" {
		l, _ := question.ParseLang(p.Lang)
		return l
	}
	return s.cfg.Lang
}

// Handler returns the server's routes, wrapped in panic recovery and the
// in-flight count.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/commands", s.slackCommand)
	mux.HandleFunc("POST /slack/events", s.slackEvents)
	mux.HandleFunc("POST /slack/interactions", s.slackInteractions)
	mux.HandleFunc("POST /teams/webhook", s.teamsWebhook)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /files/{token}", func(w http.ResponseWriter, r *http.Request) {
		s.files.serve(w, r, s.cfg.FileWait, func() string { return string(s.cfg.Lang) })
	})
	return s.recoverer(mux)
}

func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.inflight.Add(1)
		defer s.inflight.Add(-1)
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("panic serving a request", "path", r.URL.Path, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// readBody reads a request body up to the limit: nil and a 413 or 400 when
// it cannot.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) []byte {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
		} else {
			http.Error(w, "cannot read the request", http.StatusBadRequest)
		}
		return nil
	}
	return body
}

// unauthorized answers 401 and logs why, never the secret or the signature.
func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Warn("request refused: not verified", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", err.Error())
	http.Error(w, "unauthorized", http.StatusUnauthorized)
}

// background runs work that outlives its request, counted for Shutdown and
// recovered from panics. It reports false, and runs nothing, once Shutdown
// has started waiting for the work in progress: the caller then ends what it
// holds itself.
func (s *Server) background(name string, f func(ctx context.Context)) bool {
	s.bgMu.Lock()
	if s.bgClosed {
		s.bgMu.Unlock()
		s.log.Warn("shutting down: background work refused", "work", name)
		return false
	}
	s.pending.Add(1)
	s.bgMu.Unlock()
	go func() {
		defer s.pending.Done()
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic in background work", "work", name, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
		}()
		f(s.base)
	}()
	return true
}

// janitor drops expired /files every interval until Shutdown.
func (s *Server) janitor(every time.Duration) {
	defer close(s.janDone)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stopJan:
			return
		case <-t.C:
			s.files.expire()
		}
	}
}

// Health is the JSON of GET /healthz.
type Health struct {
	Status     string    `json:"status"`
	Catalog    string    `json:"catalog,omitempty"`
	Generation int64     `json:"catalog_generation"`
	Opened     time.Time `json:"catalog_opened"`
	Policy     string    `json:"policy"`
	Slack      bool      `json:"slack"`
	Teams      bool      `json:"teams"`
	Uptime     string    `json:"uptime"`
	InFlight   int64     `json:"in_flight_requests"`
	Answered   int64     `json:"questions"`
}

func (s *Server) health() Health {
	// Base names only: the health check is public, the server's directories are not.
	h := Health{Status: "ok", Catalog: baseName(s.cfg.CatalogPath), Slack: s.cfg.SlackSigningSecret != "", Teams: s.teamsKey != nil,
		Uptime: s.now().Sub(s.started).Round(time.Second).String(), InFlight: s.inflight.Load(), Answered: s.answered.Load()}
	if g := s.engines.cur.Load(); g != nil {
		h.Generation, h.Opened = g.id, g.opened.UTC()
	}
	if p := s.policy(); p == nil {
		h.Policy = "none: every user of a verified request is staff"
	} else {
		h.Policy = "file " + baseName(p.Path)
	}
	if s.draining.Load() {
		h.Status = "shutting down"
	}
	return h
}

func baseName(path string) string {
	if path == "" {
		return ""
	}
	return filepath.Base(path)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	h := s.health()
	w.Header().Set("Content-Type", "application/json")
	if h.Status != "ok" {
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(h)
}

// Reload opens the catalog again and swaps it in; requests keep the
// catalog they started with, which is closed when the last of them ends.
func (s *Server) Reload(ctx context.Context) error {
	g, err := s.engines.load(ctx)
	if err != nil {
		s.log.Error("catalog reload failed: still serving the previous one", "err", err)
		return err
	}
	s.log.Info("catalog reloaded", "generation", g.id)
	return nil
}

func (s *Server) watch() {
	defer close(s.watchDone)
	t := time.NewTicker(s.cfg.WatchInterval)
	defer t.Stop()
	for {
		select {
		case <-s.stopWatch:
			return
		case <-t.C:
			if s.engines.changed() {
				s.log.Info("catalog file changed: reloading", "path", s.cfg.CatalogPath)
				ctx, cancel := context.WithTimeout(s.base, 5*time.Minute)
				s.Reload(ctx)
				cancel()
			}
		}
	}
}

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.httpMu.Lock()
	if s.draining.Load() { // Shutdown came first
		s.httpMu.Unlock()
		ln.Close()
		return nil
	}
	s.http = srv
	s.httpMu.Unlock()
	err := srv.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting requests, lets those in flight finish, waits for
// the answers still to be delivered (response_url follow-ups, thread
// replies, uploads), then closes the catalog. When ctx ends first, the
// remaining work is cancelled.
func (s *Server) Shutdown(ctx context.Context) error {
	s.draining.Store(true)
	var err error
	s.httpMu.Lock()
	srv := s.http
	s.httpMu.Unlock()
	if srv != nil {
		err = srv.Shutdown(ctx)
	}
	// From here no new background work: handlers still running after a
	// timed-out http.Shutdown get false from background and end their turn.
	s.bgMu.Lock()
	s.bgClosed = true
	s.bgMu.Unlock()
	done := make(chan struct{})
	go func() { s.pending.Wait(); close(done) }()
	stuck := false
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("shutdown: giving up on answers still pending")
		s.cancelBase()
		final := time.NewTimer(s.finalWait)
		select {
		case <-done:
		case <-final.C:
			stuck = true
		}
		final.Stop()
		if err == nil {
			err = ctx.Err()
		}
	}
	s.cancelBase()
	if s.stopWatch != nil {
		close(s.stopWatch)
		<-s.watchDone
	}
	if s.stopJan != nil {
		s.janOnce.Do(func() { close(s.stopJan) })
		<-s.janDone
	}
	if stuck {
		// Work that ignores its cancelled context still holds the catalog:
		// closing it under that work is unsafe, and waiting has no end. The
		// process is exiting: leave it open.
		s.log.Error("shutdown: background work did not stop after cancellation: catalog left open")
		return err
	}
	if cerr := s.engines.close(); err == nil {
		err = cerr
	}
	return err
}
