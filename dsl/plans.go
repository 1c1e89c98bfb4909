package dsl

import (
	"fmt"

	"github.com/welfare-intelligence/wi/engine"
)

// defaultTop is how many rows a ranking shows when top= is not given.
const defaultTop = 10

// checkUnderserved checks `where underserved` into an *engine.Underserved.
func checkUnderserved(c *checker, a args) engine.Plan {
	p := &engine.Underserved{Level: engine.LevelNIL, Year: c.v.DefaultYear, Top: defaultTop}
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
	if arg := a["area"]; arg != nil {
		if ar, ok := c.area(arg); ok && !c.isCity(ar) {
			p.Area = ar.Slug
		}
	}
	if arg := a["level"]; arg != nil {
		p.Level, _ = c.level(arg)
	}
	if arg := a["year"]; arg != nil {
		p.Year, _ = c.year(arg)
	}
	if arg := a["top"]; arg != nil {
		p.Top, _ = c.whole(arg, "un numero intero (0 per tutte le righe)", "a whole number (0 for every row)")
	}
	return p
}

// checkDemand checks `howmuch demand` into an *engine.Demand.
func checkDemand(c *checker, a args) engine.Plan {
	p := &engine.Demand{Area: c.v.CityArea, Year: c.v.DefaultYear}
	if arg := a["target"]; arg != nil {
		p.Target, _ = c.target(arg)
	}
	if arg := a["area"]; arg != nil {
		if ar, ok := c.area(arg); ok {
			p.Area = ar.Slug
		}
	} else if p.Area == "" {
		c.add(c.end, "il catalogo non ha un'area città: indica zona=", "the catalog has no city area: give area=")
	}
	if arg := a["year"]; arg != nil {
		p.Year, _ = c.year(arg)
	}
	return p
}
