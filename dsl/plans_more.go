package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/question"
)

// checkDemand checks `howmuch demand` into an *question.Demand.
func checkDemand(c *checker, a args) question.Plan {
	p := &question.Demand{}
	p.Target, _ = c.targetOf(a)
	p.Area = c.wholeCity(a)
	if arg := a["year"]; arg != nil && isRange(arg) {
		p.FromYear, p.Year, _ = c.yearRange(arg)
	} else {
		p.Year = c.yearOr(a)
	}
	return p
}

// checkCenters checks `howmuch centers`.
func checkCenters(c *checker, a args) question.Plan {
	s, t, ok := c.serviceFor(a, false)
	p := &question.HowmuchCenters{Service: s.Slug, Target: t}
	if arg := a["coverage"]; arg != nil {
		p.CoveragePct, _ = c.percent(arg)
	}
	p.RadiusM = c.radiusOr(a, s, ok)
	p.Area = c.orCity(a)
	p.Year = c.yearOr(a)
	p.Top = c.topOr(a, defaultTop)
	return p
}

// checkCapacity checks `howmuch capacity`.
func checkCapacity(c *checker, a args) question.Plan {
	s, sOK := c.serviceOf(a)
	c.redundantTarget(a, s, sOK)
	return &question.HowmuchCapacity{Service: s.Slug, Area: c.wholeCity(a), Year: c.yearOr(a)}
}

// checkCenter checks `which center`: at= or area=, exactly one. A target
// without a service names the target's only service.
func checkCenter(c *checker, a args) question.Plan {
	var s question.Service
	target := ""
	if a["service"] == nil && a["target"] != nil {
		// A target served by several welfare services asks for the nearest
		// facilities of any of them (which center target=anziani zona=…).
		if t, ok := c.target(a["target"]); !ok {
			c.fill("service")
		} else if n := len(c.welfareServices(t)); n > 1 {
			c.fill("service")
			target = t
		} else {
			s, _, _ = c.serviceForTarget(a)
		}
	} else {
		var sOK bool
		s, sOK = c.serviceOf(a)
		c.redundantTarget(a, s, sOK)
	}
	p := &question.WhichCenter{Service: s.Slug, Target: target, Top: c.topOr(a, defaultTopNear)}
	at, area := a["at"], a["area"]
	switch {
	case at != nil && area != nil:
		later := area
		if area.Pos.Offset < at.Pos.Offset {
			later = at
		}
		c.add(later.Pos, fmt.Sprintf("indica %s o %s, non entrambi", at.Key, area.Key), fmt.Sprintf("give %s or %s, not both", at.Key, area.Key))
	case at != nil:
		p.Lat, p.Lon, _ = c.point(at)
	case area != nil:
		if ar, ok := c.area(area); ok {
			p.Area = ar.Slug
		}
	default:
		c.add(c.end, "manca presso= o zona=; per esempio presso=45.46,9.19", "missing at= or area=; for example at=45.46,9.19")
	}
	return p
}

// checkWhichSaturation checks `which saturation`.
func checkWhichSaturation(c *checker, a args) question.Plan {
	s, sOK := c.serviceOf(a)
	c.redundantTarget(a, s, sOK)
	return &question.WhichSaturation{Service: s.Slug, Area: c.orCity(a), Year: c.yearOr(a), Top: c.topOr(a, defaultTop)}
}

// checkPartners checks `which partners`.
func checkPartners(c *checker, a args) question.Plan {
	p := &question.WhichPartners{}
	var ok bool
	p.Target, ok = c.targetOf(a)
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	if arg := a["service"]; arg != nil {
		p.Services = c.services(arg, p.Target, ok)
	}
	p.Top = c.topOr(a, defaultTop)
	return p
}

// checkAlternatives checks `which alternatives`.
func checkAlternatives(c *checker, a args) question.Plan {
	s, ok := c.serviceOf(a)
	c.redundantTarget(a, s, ok)
	p := &question.WhichAlternatives{Service: s.Slug}
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	p.RadiusM = c.radiusOr(a, s, ok)
	p.Year, p.Top = c.yearOr(a), c.topOr(a, defaultTop)
	return p
}

// checkRoute checks `when route`. from= is any identifier: the vocabulary
// has no facilities, so the engine checks that it names one.
func checkRoute(c *checker, a args) question.Plan {
	p := &question.WhenRoute{Visits: defaultVisits}
	if arg := a["from"]; arg != nil {
		p.From = c.ident(arg, "l'identificativo di una struttura", "a facility ID")
	}
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	p.Target, _ = c.targetOf(a)
	if arg := a["visits"]; arg != nil {
		p.Visits, _ = c.between(arg, 1, maxVisits)
	}
	if arg := a["time"]; arg != nil {
		p.TimeMin, _ = c.minutes(arg)
	}
	p.Year = c.yearOr(a)
	return p
}

// checkWhenSaturation checks `when saturation`: the trend spans every year
// of the catalog unless year=FIRST..LAST says otherwise.
func checkWhenSaturation(c *checker, a args) question.Plan {
	s, sOK := c.serviceOf(a)
	c.redundantTarget(a, s, sOK)
	p := &question.WhenSaturation{Service: s.Slug, Area: c.wholeCity(a)}
	if arg := a["year"]; arg != nil {
		p.FromYear, p.ToYear, _ = c.yearRange(arg)
	} else if n := len(c.v.Years); n > 1 {
		p.FromYear, p.ToYear = c.v.Years[0], c.v.Years[n-1]
	} else {
		c.add(c.end, "il catalogo ha meno di due anni: nessun andamento da proiettare",
			"the catalog holds fewer than two years: no trend to project")
	}
	return p
}

// checkCompare checks `compare`: at least two areas or two targets.
func checkCompare(c *checker, a args) question.Plan {
	p := &question.Compare{}
	if arg := a["area"]; arg != nil {
		p.Areas = c.areas(arg)
		c.most(arg, len(p.Areas), maxCompare)
	}
	if arg := a["target"]; arg != nil {
		p.Targets = c.targets(arg)
		c.most(arg, len(p.Targets), maxCompare)
	}
	if len(p.Areas) == 1 && len(p.Targets) == 1 && len(c.errs) == 0 {
		c.add(c.end, "confronta vuole almeno due aree o due target, per esempio zona=municipio-1,municipio-2",
			"compare needs at least two areas or two targets, e.g. area=municipio-1,municipio-2")
	}
	p.Year = c.yearOr(a)
	return p
}

// most records a list longer than n.
func (c *checker) most(a *Arg, got, n int) {
	if got > n {
		c.add(a.Pos, fmt.Sprintf("%s vuole al massimo %d valori, non %d", a.Key, n, got),
			fmt.Sprintf("%s takes at most %d values, not %d", a.Key, n, got))
	}
}

// checkProfile checks `profile`.
func checkProfile(c *checker, a args) question.Plan {
	p := &question.Profile{Year: c.yearOr(a)}
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	return p
}

// checkAllocate checks `allocate`.
func checkAllocate(c *checker, a args) question.Plan {
	p := &question.Allocate{}
	if arg := a["budget"]; arg != nil {
		p.BudgetEUR, _ = c.budget(arg)
	}
	p.Target, _ = c.targetOf(a)
	p.Area, p.Level = c.areaAndLevel(a)
	p.Year = c.yearOr(a)
	return p
}

// checkDossier checks `dossier`.
func checkDossier(c *checker, a args) question.Plan {
	p := &question.Dossier{Template: question.Templates[0]}
	p.Target, _ = c.targetOf(a)
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	if arg := a["template"]; arg != nil {
		p.Template = c.template(arg)
	}
	p.Year = c.yearOr(a)
	return p
}

// checkFactsheet checks `factsheet`.
func checkFactsheet(c *checker, a args) question.Plan {
	p := &question.Factsheet{}
	p.Target, _ = c.targetOf(a)
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		p.Area = ar.Slug
	}
	p.Year = c.yearOr(a)
	return p
}
