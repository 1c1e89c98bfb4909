package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/question"
)

// Defaults stated in plans when a key is not given.
const (
	defaultTop     = 10 // rows of a ranking
	defaultTopNear = 3  // facilities listed by `which center`
	defaultCount   = 1  // new sites of `where locate`
	defaultVisits  = 10 // visits of `when route`
	maxCount       = 50
	maxVisits      = 100
	maxCompare     = 12 // areas or targets side by side
)

// yearOr resolves year=, the vocabulary's default year when not given.
func (c *checker) yearOr(a args) int {
	if arg := a["year"]; arg != nil {
		y, _ := c.year(arg)
		return y
	}
	return c.v.DefaultYear
}

// topOr resolves top=, def when not given.
func (c *checker) topOr(a args, def int) int {
	if arg := a["top"]; arg != nil {
		n, _ := c.top(arg)
		return n
	}
	return def
}

// targetOf resolves target= when given.
func (c *checker) targetOf(a args) (string, bool) {
	if arg := a["target"]; arg != nil {
		return c.target(arg)
	}
	return "", false
}

// serviceOf resolves service= (one service) when given.
func (c *checker) serviceOf(a args) (question.Service, bool) {
	if arg := a["service"]; arg != nil {
		return c.oneService(arg)
	}
	return question.Service{}, false
}

// serviceFor resolves service= and target= of a question about one service
// for a target: the service must serve the target. When one is missing and
// follows from the other it is taken (redundant.go): the service's first
// target when first is set, else its only target, or the target's only
// service.
func (c *checker) serviceFor(a args, first bool) (question.Service, string, bool) {
	switch {
	case a["target"] == nil:
		s, sOK := c.serviceOf(a)
		t, tOK := c.targetForService(a, s, sOK, first)
		return s, t, sOK && tOK
	case a["service"] == nil:
		return c.serviceForTarget(a)
	}
	t, tOK := c.targetOf(a)
	s, sOK := c.serviceOf(a)
	if tOK && sOK && !serves(s, t) {
		c.notServing(a["service"], s.Slug, t)
		return s, t, false
	}
	return s, t, tOK && sOK
}

// radiusOr resolves radius=, the service's usual radius when not given.
func (c *checker) radiusOr(a args, s question.Service, sOK bool) float64 {
	if arg := a["radius"]; arg != nil {
		m, _ := c.distance(arg)
		return m
	}
	if !sOK {
		return 0
	}
	m, _ := c.serviceRadius(s)
	return m
}

// checkUnderserved checks `where underserved` into an *question.Underserved.
func checkUnderserved(c *checker, a args) question.Plan {
	p := &question.Underserved{Year: c.v.DefaultYear, Top: defaultTop}
	targetOK := false
	if arg := a["target"]; arg != nil {
		p.Target, targetOK = c.target(arg)
	}
	if arg := a["service"]; arg != nil {
		p.Services = c.services(arg, p.Target, targetOK)
	} else if targetOK && len(c.v.ServicesFor(p.Target)) == 0 {
		c.add(a["target"].Pos,
			fmt.Sprintf("nessun servizio del catalogo serve il target %q", p.Target),
			fmt.Sprintf("no service in the catalog serves target %q", p.Target))
	}
	if arg := a["radius"]; arg != nil {
		p.RadiusM, _ = c.distance(arg)
	}
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year = c.yearOr(a)
	p.Top = c.topOr(a, defaultTop)
	if arg := a["sort"]; arg != nil {
		p.Sort, _ = c.sortBy(arg, underservedSorts)
	}
	return p
}

// checkConcentration checks `where concentration`.
func checkConcentration(c *checker, a args) question.Plan {
	p := &question.WhereConcentration{}
	p.Target, _ = c.targetOf(a)
	p.Area, p.Level = c.areaAndLevel(a)
	if arg := a["year"]; arg != nil && isRange(arg) {
		p.FromYear, p.Year, _ = c.yearRange(arg)
	} else {
		p.Year = c.yearOr(a)
	}
	p.Top = c.topOr(a, defaultTop)
	if arg := a["sort"]; arg != nil {
		p.Sort, _ = c.sortBy(arg, concentrationSorts)
	}
	if p.Sort == question.SortGrowth && p.FromYear == 0 && a["year"] != nil && !isRange(a["year"]) {
		c.add(a["sort"].Pos,
			fmt.Sprintf("%s%s vuole un intervallo di anni, per esempio %s%d..%d", a["sort"].Key, a["sort"].Value, a["year"].Key, firstYear(c.v), p.Year),
			fmt.Sprintf("%s%s needs a range of years, e.g. %s%d..%d", a["sort"].Key, a["sort"].Value, a["year"].Key, firstYear(c.v), p.Year))
	} else if p.Sort == question.SortGrowth && p.FromYear == 0 && len(c.v.Years) > 1 {
		p.FromYear = c.v.Years[0] // the growth since the catalog's first year
	}
	return p
}

// checkServed checks `where served`.
func checkServed(c *checker, a args) question.Plan {
	p := &question.WhereServed{}
	if arg := a["from"]; arg != nil {
		p.Facility = c.ident(arg, "l'identificativo di una struttura", "a facility ID")
	}
	p.Target, _ = c.targetOf(a)
	if arg := a["radius"]; arg != nil {
		p.RadiusM, _ = c.distance(arg)
	}
	p.Year = c.yearOr(a)
	return p
}

// checkOverlap checks `where overlap`.
func checkOverlap(c *checker, a args) question.Plan {
	s, t, ok := c.serviceFor(a, true)
	p := &question.WhereOverlap{Service: s.Slug, Target: t}
	p.RadiusM = c.radiusOr(a, s, ok)
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year, p.Top = c.yearOr(a), c.topOr(a, defaultTop)
	return p
}

// checkGap checks `where gap`.
func checkGap(c *checker, a args) question.Plan {
	s, sOK := c.serviceOf(a)
	c.redundantTarget(a, s, sOK)
	p := &question.WhereGap{Service: s.Slug}
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year, p.Top = c.yearOr(a), c.topOr(a, defaultTop)
	return p
}

// checkLocate checks `where locate`.
func checkLocate(c *checker, a args) question.Plan {
	s, t, ok := c.serviceFor(a, false)
	p := &question.WhereLocate{Service: s.Slug, Target: t, Count: defaultCount}
	if arg := a["count"]; arg != nil {
		p.Count, _ = c.between(arg, 1, maxCount)
	}
	p.RadiusM = c.radiusOr(a, s, ok)
	p.Area = c.orCity(a)
	p.Year = c.yearOr(a)
	return p
}

// checkReach checks `where reach`.
func checkReach(c *checker, a args) question.Plan {
	p := &question.WhereReach{}
	p.Target, _ = c.targetOf(a)
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year, p.Top = c.yearOr(a), c.topOr(a, defaultTop)
	return p
}

// checkPriority checks `where priority`.
func checkPriority(c *checker, a args) question.Plan {
	p := &question.WherePriority{}
	var ok bool
	p.Target, ok = c.targetOf(a)
	if arg := a["service"]; arg != nil {
		p.Services = c.services(arg, p.Target, ok)
	}
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year, p.Top = c.yearOr(a), c.topOr(a, defaultTop)
	return p
}
