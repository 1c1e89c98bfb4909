package engine

import (
	"context"
	"errors"
	"fmt"
	"github.com/welfare-intelligence/wi/question"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/welfare-intelligence/wi/engine/disclose"
)

// Options configure an Engine.
type Options struct {
	Logger *slog.Logger     // one line per question answered; nil discards
	Now    func() time.Time // clock, for tests; nil is time.Now
	// CachePoints bounds the demand tables kept in memory, in demand points
	// (about 40 bytes each, plus about 100 bytes per area row); 0 is the
	// default of 8 million. A server for a national catalog that answers
	// `profile` (every target, two years) wants about 25 million.
	CachePoints int
	// Templates names dossier templates beyond the built-in ones that the
	// caller can render (a directory of user templates): questions may name
	// them.
	Templates []string
	// SolverBudget bounds the search of a siting or set-covering question
	// (where locate, howmuch centers): past it the answer is the best found,
	// with its bound and gap, and says the budget was reached. 0 is
	// DefaultSolverBudget; a caller may set another per question with
	// WithTimeBudget (a chat wants a shorter one).
	SolverBudget time.Duration
}

// Engine answers plans over one store. It is safe for concurrent use.
type Engine struct {
	store  Store
	logger *slog.Logger
	now    func() time.Time

	loadMu sync.Mutex // held while loading; loaded is set only on success
	loaded bool
	vocab  *Vocabulary
	info   Info

	templates []string      // extra dossier templates (Options.Templates)
	budget    time.Duration // Options.SolverBudget

	areaByID   map[string]Area
	areaBySlug map[string]Area

	// memo holds derived results that depend only on the catalog (such as
	// accessibility scores by service and year): an open catalog never changes.
	memo sync.Map

	mu         sync.Mutex
	tables     map[tableKey]*demandTable // read-only once cached
	order      []tableKey                // oldest first, for eviction
	cached     int                       // points held in tables
	cacheLimit int                       // most points held
}

type tableKey struct {
	target string
	year   int
}

// tableCachePoints bounds the demand tables kept in memory by their points
// (about 40 bytes each): 8 million points are 300 MB, five years of a
// national city of 400,000 sections, or about 1,300 tables of Milan's.
const tableCachePoints = 8_000_000

// New returns an engine over the store.
func New(store Store, opts Options) *Engine {
	e := &Engine{store: store, logger: opts.Logger, now: opts.Now, cacheLimit: opts.CachePoints, templates: opts.Templates, budget: opts.SolverBudget}
	if e.cacheLimit <= 0 {
		e.cacheLimit = tableCachePoints
	}
	if e.logger == nil {
		e.logger = slog.New(slog.DiscardHandler)
	}
	if e.now == nil {
		e.now = time.Now
	}
	return e
}

// Vocabulary returns what questions may name in this engine's catalog. It is
// read once: a catalog is immutable while it is open. A failed read (a
// cancelled context, say) is not remembered: the next call tries again.
func (e *Engine) Vocabulary(ctx context.Context) (*Vocabulary, error) {
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	return e.vocab, nil
}

func (e *Engine) load(ctx context.Context) error {
	e.loadMu.Lock()
	defer e.loadMu.Unlock()
	if e.loaded {
		return nil
	}
	vocab, err := e.store.Vocabulary(ctx)
	if err != nil {
		return err
	}
	info, err := e.store.Info(ctx)
	if err != nil {
		return err
	}
	// The store's vocabulary is the engine's own copy: add the templates.
	v := *vocab
	v.Templates = slices.Clone(Templates)
	for _, t := range e.templates {
		if !slices.Contains(v.Templates, t) {
			v.Templates = append(v.Templates, t)
		}
	}
	if info.Secret.IsZero() {
		return errors.New("the catalog has no disclosure secret, so no count of people can be published from it: rebuild it with this version of wi (wi catalog demo, wi catalog import)")
	}
	e.vocab, e.info = &v, info
	e.areaByID = make(map[string]Area, len(vocab.Areas))
	e.areaBySlug = make(map[string]Area, len(vocab.Areas))
	for _, a := range vocab.Areas {
		e.areaByID[a.ID] = a
		e.areaBySlug[a.Slug] = a
	}
	e.loaded = true
	return nil
}

// Request is a question to answer: its text as asked, its checked plan, and
// the language of the answer.
type Request struct {
	Question string
	Plan     Plan
	Lang     Lang
	Role     Role // who asks; the empty role is staff
}

// Exec answers a request. The context's deadline bounds the work.
func (e *Engine) Exec(ctx context.Context, req Request) (*Result, error) {
	start := e.now()
	if req.Plan == nil {
		return nil, errors.New("no question to answer")
	}
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	if req.Lang == "" {
		req.Lang = Italian
	}
	if req.Role == "" {
		req.Role = RoleStaff
	}
	var (
		res *Result
		err error
	)
	if q := lookup(req.Plan); q != nil && q.answers() {
		if r, ok := req.Plan.(question.Ranked); ok && ordered(r) {
			res, err = e.execOrdered(ctx, q, req, r)
		} else {
			res, err = q.exec(e, ctx, req)
		}
	} else {
		err = fmt.Errorf("%q: %w", req.Plan.Canonical(), ErrNotAvailable)
	}
	elapsed := e.now().Sub(start)
	return e.finish(ctx, req, res, err, elapsed)
}

// finish completes every answer the same way: the question and its
// canonical form, the catalog, the sources' notes on the target, the
// synthetic-data mark, the role's rounding, one log line.
func (e *Engine) finish(ctx context.Context, req Request, res *Result, err error, elapsed time.Duration) (*Result, error) {
	if err != nil {
		e.logger.LogAttrs(ctx, slog.LevelWarn, "question failed", slog.String("question", req.Question), slog.Duration("elapsed", elapsed), slog.String("error", err.Error()))
		return nil, err
	}
	res.Question, res.Canonical, res.Lang, res.Elapsed = req.Question, req.Plan.Canonical(), req.Lang, elapsed
	res.Role = req.Role
	res.Catalog, res.Synthetic = e.info.Name, e.info.Synthetic
	if target := planTarget(req.Plan); target != "" {
		for _, s := range res.Sources {
			if n := s.Notes[target]; n != "" {
				res.Caveats = append(res.Caveats, s.Title+": "+n)
			}
		}
	}
	res.Caveats = append(res.Caveats, ageCaveats(res.Sources, e.now(), req.Lang)...)
	if res.Synthetic {
		res.Notes = append(res.Notes, req.Lang.Pick(
			"Dati sintetici: la città demo di wi non descrive persone reali.",
			"Synthetic data: wi's demo city does not describe real people."))
	}
	if err := checkPublished(res); err != nil {
		e.logger.LogAttrs(ctx, slog.LevelError, "answer refused", slog.String("question", req.Question), slog.String("error", err.Error()))
		return nil, err
	}
	if res.Disclosure.Rule != "" {
		res.Disclosure.Method, res.Disclosure.MaxNoise = "cell-key", disclose.DefaultTable.D()
		switch {
		case req.Role.Exact():
			res.Disclosure.Method, res.Disclosure.MaxNoise = "exact", 0
			res.Disclosure.Rule = req.Lang.Pick(
				"Conteggi esatti, senza scarto casuale (profilo analyst dell'ufficio statistico): da non pubblicare così.",
				"Exact counts, with no random adjustment (statistics office analyst role): not to be published as they are.")
		case req.Role.Rounding() > 1:
			res.Disclosure.Rule += req.Lang.Pick(" Conteggi arrotondati alla decina.", " Counts rounded to the nearest ten.")
			res.Disclosure.Rounding = int(req.Role.Rounding())
		}
	}
	e.logger.LogAttrs(ctx, slog.LevelInfo, "question answered", slog.String("canonical", res.Canonical),
		slog.String("role", string(req.Role)), slog.Bool("exact", req.Role.Exact()), slog.Int("rows", len(res.Rows)), slog.Int("suppressed", res.Disclosure.Suppressed), slog.Duration("elapsed", elapsed))
	return res, nil
}

// sources returns the catalog's datasets with the given IDs, in the
// catalog's order (by ID).
func (e *Engine) sources(ids map[string]bool) []Source {
	var out []Source
	for _, s := range e.info.Datasets {
		if ids[s.ID] {
			out = append(out, s)
		}
	}
	return out
}

// area returns the area with the slug.
func (e *Engine) area(slug string) (Area, bool) {
	a, ok := e.areaBySlug[slug]
	return a, ok
}

// areaName returns an area's name, or its slug when unknown.
func (e *Engine) areaName(slug string) string {
	if a, ok := e.areaBySlug[slug]; ok {
		return a.Name
	}
	return slug
}
