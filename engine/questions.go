package engine

import (
	"context"
	"slices"
	"sync"

	"github.com/welfare-intelligence/wi/question"
)

// The registry: one entry per plan type of the language, and everything the
// engine and its callers know about it in that entry — the question of
// question.Questions it answers (the help entry), its handler, the target it
// counts, whether it draws regions of its own, the area levels its answer
// shows and whether it is a document. There is no other list of plan types:
// Exec, explain, the sources' notes, the chat policy (bots asks ShownLevels)
// and its differencing watch (DrawnRegionTarget) all read this one.
// Adding a question is adding its plan type and spec in package question,
// its rules in dsl, and its entry here; TestEveryQuestionHasAnEntry fails
// until the entry is written.

// LevelFacility is the level of an answer that shows single facilities (one
// facility's catchment, facilities listed one by one with their figures) or
// points (proposed sites, the stops of a route): finer than any area.
const LevelFacility = "facility"

// about is the entry of plans of type P. The zero value of each function
// field means "none": no handler (the engine does not answer the plan: it
// is a document, or not available), no target, no levels of its own.
type about[P Plan] struct {
	// verb and subject name the question's spec in question.Questions,
	// which help lists (subject "" for verbs without one).
	verb, subject string
	// answer answers the plan; nil when Exec does not (a document).
	answer func(e *Engine, ctx context.Context, p P, req Request) (*Result, error)
	// target is the one target the plan counts, whose sources' notes the
	// answer carries; nil when it counts none or several.
	target func(p P) string
	// drawsRegions: the plan draws regions of its own around its target (a
	// radius, a catchment, a siting scope, a route), whose differences are
	// what an averaging attack needs (docs/privacy.md).
	drawsRegions bool
	// levels adds the levels an answer to the plan shows: the level of its
	// ranking, the levels of the areas it names, LevelFacility for single
	// facilities or points. Written from what the analysis puts in its
	// result; bots' TestPlanLevelsCoverResults checks it against results.
	levels func(p P, s *shown)
	// document: the plan is a dossier or fact sheet, built by reports/pdf
	// from the questions of its template.
	document bool
}

// entry is an about[P] with the plan type erased, as the registry holds it.
type entry interface {
	of(p Plan) bool
	spec() (verb, subject string)
	answers() bool
	exec(e *Engine, ctx context.Context, req Request) (*Result, error)
	targetOf(p Plan) string
	drawnTargetOf(p Plan) string
	addLevels(p Plan, s *shown)
	isDocument() bool
}

func (a about[P]) of(p Plan) bool         { _, ok := p.(P); return ok }
func (a about[P]) spec() (string, string) { return a.verb, a.subject }
func (a about[P]) isDocument() bool       { return a.document }

func (a about[P]) drawnTargetOf(p Plan) string {
	if !a.drawsRegions {
		return ""
	}
	return a.targetOf(p)
}

// addLevels adds the plan's levels; an entry without levels fails closed,
// as census sections.
func (a about[P]) addLevels(p Plan, s *shown) {
	if a.levels == nil {
		s.add(LevelSection)
		return
	}
	a.levels(p.(P), s)
}

func (a about[P]) answers() bool { return a.answer != nil }

// exec answers req.Plan, a P; the caller checks answers first.
func (a about[P]) exec(e *Engine, ctx context.Context, req Request) (*Result, error) {
	return a.answer(e, ctx, req.Plan.(P), req)
}

func (a about[P]) targetOf(p Plan) string {
	if a.target == nil {
		return ""
	}
	return a.target(p.(P))
}

// registry is the table of questions. It is a function, not a variable
// initialised at load, because the handlers refer back to it (explain asks
// whether a plan is answered), which Go's initialisation order forbids:
// lookup builds it once, on first use.
func registry() []entry {
	return []entry{
		// Rankings of areas at level=, within area=.
		about[*WhereConcentration]{verb: "where", subject: "concentration",
			answer: (*Engine).concentration,
			target: func(p *WhereConcentration) string { return p.Target },
			levels: func(p *WhereConcentration, s *shown) { s.ranking(p.Level); s.area(p.Area) }},
		about[*Underserved]{verb: "where", subject: "underserved",
			answer: func(e *Engine, ctx context.Context, p *Underserved, req Request) (*Result, error) {
				return e.underserved(ctx, p, req.Lang, req.Role)
			},
			target: func(p *Underserved) string { return p.Target }, drawsRegions: true,
			levels: func(p *Underserved, s *shown) { s.ranking(p.Level); s.area(p.Area) }},
		about[*WhereGap]{verb: "where", subject: "gap",
			answer: func(e *Engine, ctx context.Context, p *WhereGap, req Request) (*Result, error) {
				return e.gap(ctx, p, req.Lang, req.Role)
			},
			levels: func(p *WhereGap, s *shown) { s.ranking(p.Level); s.area(p.Area) }},
		about[*WhereReach]{verb: "where", subject: "reach",
			answer: (*Engine).reach,
			target: func(p *WhereReach) string { return p.Target },
			levels: func(p *WhereReach, s *shown) { s.ranking(p.Level); s.area(p.Area) }},
		about[*WherePriority]{verb: "where", subject: "priority",
			answer: func(e *Engine, ctx context.Context, p *WherePriority, req Request) (*Result, error) {
				res, _, err := e.priority(ctx, p, req)
				return res, err
			},
			target: func(p *WherePriority) string { return p.Target },
			levels: func(p *WherePriority, s *shown) { s.ranking(p.Level); s.area(p.Area) }},
		about[*Allocate]{verb: "allocate",
			answer: (*Engine).allocate,
			target: func(p *Allocate) string { return p.Target },
			levels: func(p *Allocate, s *shown) { s.ranking(p.Level); s.area(p.Area) }},

		// Figures of one area, or of areas side by side.
		about[*Demand]{verb: "howmuch", subject: "demand",
			answer: func(e *Engine, ctx context.Context, p *Demand, req Request) (*Result, error) {
				return e.demand(ctx, p, req.Lang, req.Role)
			},
			target: func(p *Demand) string { return p.Target },
			levels: func(p *Demand, s *shown) { s.area(p.Area) }},
		about[*HowmuchCapacity]{verb: "howmuch", subject: "capacity",
			answer: func(e *Engine, ctx context.Context, p *HowmuchCapacity, req Request) (*Result, error) {
				return e.gapCapacity(ctx, p, req.Lang, req.Role)
			},
			levels: func(p *HowmuchCapacity, s *shown) { s.area(p.Area) }},
		about[*Profile]{verb: "profile",
			answer: (*Engine).profile,
			levels: func(p *Profile, s *shown) { s.area(p.Area) }},
		about[*Compare]{verb: "compare",
			answer: (*Engine).compare,
			levels: func(p *Compare, s *shown) {
				for _, a := range p.Areas {
					s.area(a)
				}
				if len(p.Areas) == 0 {
					s.add(LevelSection)
				}
			}},

		// Single facilities or points.
		about[*WhereOverlap]{verb: "where", subject: "overlap",
			answer: func(e *Engine, ctx context.Context, p *WhereOverlap, req Request) (*Result, error) {
				return e.overlap(ctx, p, req.Lang, req.Role)
			},
			target: func(p *WhereOverlap) string { return p.Target }, drawsRegions: true,
			// pairs of facilities with the people they share, and the area
			// (at level=) where most of them live
			levels: func(p *WhereOverlap, s *shown) { s.add(LevelFacility); s.ranking(p.Level); s.area(p.Area) }},
		about[*WhereServed]{verb: "where", subject: "served",
			answer: func(e *Engine, ctx context.Context, p *WhereServed, req Request) (*Result, error) {
				return e.served(ctx, p, req.Lang, req.Role)
			},
			target: func(p *WhereServed) string { return p.Target }, drawsRegions: true,
			// one facility's catchment, by NIL
			levels: func(_ *WhereServed, s *shown) { s.add(LevelFacility, LevelNIL) }},
		about[*WhereLocate]{verb: "where", subject: "locate",
			answer: (*Engine).locate,
			target: func(p *WhereLocate) string { return p.Target }, drawsRegions: true,
			// new sites as points, with the NIL each falls in and the people it covers
			levels: func(p *WhereLocate, s *shown) { s.add(LevelFacility, LevelNIL); s.area(p.Area) }},
		about[*HowmuchCenters]{verb: "howmuch", subject: "centers",
			answer: (*Engine).centers,
			target: func(p *HowmuchCenters) string { return p.Target }, drawsRegions: true,
			// the sites of the new centres, as WhereLocate
			levels: func(p *HowmuchCenters, s *shown) { s.add(LevelFacility, LevelNIL); s.area(p.Area) }},
		about[*WhichCenter]{verb: "which", subject: "center",
			answer: func(e *Engine, ctx context.Context, p *WhichCenter, req Request) (*Result, error) {
				return e.center(ctx, p, req.Lang, req.Role)
			},
			// facilities one by one, with the demand of their catchment
			levels: func(p *WhichCenter, s *shown) {
				s.add(LevelFacility)
				if p.Area != "" {
					s.area(p.Area)
				}
			}},
		about[*WhichSaturation]{verb: "which", subject: "saturation",
			answer: func(e *Engine, ctx context.Context, p *WhichSaturation, req Request) (*Result, error) {
				return e.saturation(ctx, p, req.Lang, req.Role)
			},
			// facilities one by one, with catchment counts and their NIL
			levels: func(p *WhichSaturation, s *shown) { s.add(LevelFacility, LevelNIL); s.area(p.Area) }},
		about[*WhichAlternatives]{verb: "which", subject: "alternatives",
			answer: func(e *Engine, ctx context.Context, p *WhichAlternatives, req Request) (*Result, error) {
				return e.alternatives(ctx, p, req.Lang, req.Role)
			},
			// facilities one by one, near the area
			levels: func(p *WhichAlternatives, s *shown) { s.add(LevelFacility); s.area(p.Area) }},
		about[*WhichPartners]{verb: "which", subject: "partners",
			answer: func(e *Engine, ctx context.Context, p *WhichPartners, req Request) (*Result, error) {
				return e.partners(ctx, p, req.Lang)
			},
			target: func(p *WhichPartners) string { return p.Target },
			// organisations with their facilities, down to a single one
			levels: func(p *WhichPartners, s *shown) { s.add(LevelFacility); s.area(p.Area) }},
		about[*WhenRoute]{verb: "when", subject: "route",
			answer: (*Engine).route,
			target: func(p *WhenRoute) string { return p.Target }, drawsRegions: true,
			// a facility and the census sections visited, as points
			levels: func(p *WhenRoute, s *shown) { s.add(LevelFacility, LevelSection); s.area(p.Area) }},
		about[*WhenSaturation]{verb: "when", subject: "saturation",
			answer: func(e *Engine, ctx context.Context, p *WhenSaturation, req Request) (*Result, error) {
				return e.trendSaturation(ctx, p, req.Lang, req.Role)
			},
			// the area's total and each facility in it
			levels: func(p *WhenSaturation, s *shown) { s.add(LevelFacility); s.area(p.Area) }},

		// Documents: every question of their template. Fact sheets (template
		// scheda) rank the area's NILs (where underserved … level=nil);
		// dossiers also map NILs and list facilities (which saturation,
		// which partners).
		about[*Dossier]{verb: "dossier", document: true,
			target: func(p *Dossier) string { return p.Target },
			levels: func(p *Dossier, s *shown) { s.add(LevelFacility, LevelNIL); s.area(p.Area) }},
		about[*Factsheet]{verb: "factsheet", document: true,
			target: func(p *Factsheet) string { return p.Target },
			levels: func(p *Factsheet, s *shown) { s.add(LevelNIL); s.area(p.Area) }},

		// The language itself: no figures.
		about[*Help]{verb: "help",
			answer: func(e *Engine, ctx context.Context, p *Help, req Request) (*Result, error) {
				return e.help(ctx, p, req.Lang)
			},
			levels: func(_ *Help, s *shown) { s.add(LevelCity) }},
		about[*Explain]{verb: "explain",
			answer: func(e *Engine, ctx context.Context, p *Explain, req Request) (*Result, error) {
				return e.explain(ctx, p, req.Lang)
			},
			// explain shows no figures, but says what the question would
			levels: func(p *Explain, s *shown) {
				if p.Plan == nil {
					s.add(LevelSection)
					return
				}
				s.plan(p.Plan)
			}},
	}
}

var (
	questionsOnce  sync.Once
	questionsTable []entry
)

// lookup returns the registry's entry for the plan's type; nil when the
// registry has none.
func lookup(p Plan) entry {
	questionsOnce.Do(func() { questionsTable = registry() })
	for _, q := range questionsTable {
		if q.of(p) {
			return q
		}
	}
	return nil
}

// IsDocument reports whether the plan is a document (a dossier or fact
// sheet) that reports/pdf builds from its template's questions, rather than
// a question Exec answers.
func IsDocument(p Plan) bool {
	q := lookup(p)
	return q != nil && q.isDocument()
}

// answerable reports whether Exec answers the plan.
func answerable(p Plan) bool {
	q := lookup(p)
	return q != nil && q.answers()
}

// planTarget returns the one target a plan counts, if it has one.
func planTarget(p Plan) string {
	if q := lookup(p); q != nil {
		return q.targetOf(p)
	}
	return ""
}

// QuestionOf returns the verb and subject of the question in
// question.Questions that the plan answers; ok is false for a plan type the
// registry does not know.
func QuestionOf(p Plan) (verb, subject string, ok bool) {
	q := lookup(p)
	if q == nil {
		return "", "", false
	}
	verb, subject = q.spec()
	return verb, subject, true
}

// ShownLevels lists the levels an answer to the plan shows, from the finest:
// the level of its ranking, the levels of the areas it names (read in the
// vocabulary; nil treats every area as unknown), LevelFacility for single
// facilities or points. The chat policy refuses a role a question showing a
// level finer than it may see. It fails closed: a plan type the registry
// does not know counts as showing census sections.
func ShownLevels(p Plan, vocab *Vocabulary) []string {
	s := &shown{vocab: vocab, set: map[string]bool{}}
	s.plan(p)
	out := make([]string, 0, len(s.set))
	for l := range s.set {
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b string) int { return shownRank(a) - shownRank(b) })
	return out
}

// shownRank orders the levels an answer shows: single facilities first,
// then the areas from the finest; an unknown level before them all.
func shownRank(level string) int {
	if level == LevelFacility {
		return -1
	}
	if l, ok := question.LevelOf(level); ok {
		return l.Rank
	}
	return -2
}

// shown collects the levels an answer shows (ShownLevels).
type shown struct {
	vocab *Vocabulary
	set   map[string]bool
}

// plan adds the levels of a plan, by its entry; an unknown plan type counts
// as census sections.
func (s *shown) plan(p Plan) {
	q := lookup(p)
	if q == nil {
		s.add(LevelSection)
		return
	}
	q.addLevels(p, s)
}

func (s *shown) add(levels ...string) {
	for _, l := range levels {
		s.set[l] = true
	}
}

// area adds the level of an area the answer names: the city for "" or the
// city's own slug, sections for an area the vocabulary does not know.
func (s *shown) area(slug string) {
	if slug == "" || s.vocab != nil && slug == s.vocab.CityArea {
		s.add(LevelCity) // the whole city
		return
	}
	if s.vocab != nil {
		for _, a := range s.vocab.Areas {
			if a.Slug == slug {
				s.add(a.Level)
				return
			}
		}
	}
	s.add(LevelSection) // unknown: assume the finest
}

// ranking adds the level of a ranking's rows; an unknown one counts as
// sections.
func (s *shown) ranking(level string) {
	switch level {
	case LevelNIL, LevelMunicipio, LevelCity:
		s.add(level)
	default:
		s.add(LevelSection)
	}
}
