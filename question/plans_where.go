package question

import "fmt"

// WhereConcentration asks where a target is concentrated (count, share,
// density, location quotient): `where concentration target=T`.
type WhereConcentration struct {
	Target string // target slug
	Area   string // area slug the question is restricted to; "" = the whole city
	Level  string // level of the ranking: LevelNIL or LevelMunicipio
	Year   int    // reference year
	Top    int    // rows shown; 0 = all
	// FromYear, before Year, adds the growth of each area since that year
	// (year=2020..2024); 0 = none.
	FromYear int
	// Sort is the column the rows are ranked by: "" (the count), one of
	// SortShare, SortDensity, SortGrowth (which needs FromYear).
	Sort string
	// Order is sort= by another column, and order=.
	Order Order
}

// Columns a ranking may be sorted by (sort=); the count is the default.
const (
	SortCount   = "count"
	SortShare   = "share"
	SortDensity = "density"
	SortGrowth  = "growth"
)

func (*WhereConcentration) isPlan() {}

// Canonical implements Plan.
func (p *WhereConcentration) Canonical() string {
	c := newCanon("where", "concentration").tok("target", p.Target).tok("area", p.Area).kv("level", p.Level)
	if p.FromYear != 0 {
		c.kv("year", fmt.Sprintf("%d..%d", p.FromYear, p.Year))
	} else {
		c.num("year", p.Year)
	}
	c.num("top", p.Top)
	return c.order(p.Order, p.Sort).String()
}

// Describe says what the question asks.
func (p *WhereConcentration) Describe(l Lang) string {
	year := inYear(p.Year, l)
	if p.FromYear != 0 {
		year = fmt.Sprintf(l.Pick("anno %d, con la crescita dal %d", "year %d, with the growth since %d"), p.Year, p.FromYear)
	}
	s := fmt.Sprintf(l.Pick("Dove si concentra il target %s, %s, %s, %s, %s", "Where target %s is concentrated, %s, %s, %s, %s"),
		p.Target, inArea(p.Area, l), byLevel(p.Level, l), year, topRows(p.Top, l))
	if p.Sort != "" {
		s += fmt.Sprintf(l.Pick(", ordinate per %s", ", ranked by %s"), SortName(p.Sort, l))
	}
	return s + "."
}

// SortName names a column a ranking is sorted by.
func SortName(sort string, l Lang) string {
	switch sort {
	case SortShare:
		return l.Pick("quota sulla popolazione dell'area", "share of the area's population")
	case SortDensity:
		return l.Pick("densità", "density")
	case SortGrowth:
		return l.Pick("crescita", "growth")
	}
	return l.Pick("conteggio", "count")
}

// Describe says what `where underserved` asks.
func (p *Underserved) Describe(l Lang) string {
	svc := l.Pick("nessun servizio che lo serve", "no service serving it")
	if len(p.Services) > 0 {
		svc = l.Pick("nessun servizio tra ", "none of ") + list(p.Services, l)
	}
	s := fmt.Sprintf(l.Pick("Dove vive il target %s con %s entro %s, %s, %s, %s, %s", "Where target %s lives with %s within %s, %s, %s, %s, %s"),
		p.Target, svc, distance(p.RadiusM, l), inArea(p.Area, l), byLevel(p.Level, l), inYear(p.Year, l), topRows(p.Top, l))
	if p.Sort == SortShare {
		s += l.Pick(", ordinate per quota senza servizio", ", ranked by the share without a service")
	}
	return s + "."
}

// WhereServed asks which territory and people a facility serves (its
// catchment): `where served from=F target=T`.
type WhereServed struct {
	Facility string  // facility ID, as given: the dsl does not know facilities, the engine checks it
	Target   string  // target slug
	RadiusM  float64 // catchment radius in metres; 0 = by nearest assignment
	Year     int     // reference year
	Order    Order   // sort=, order=
}

func (*WhereServed) isPlan() {}

// Canonical implements Plan.
func (p *WhereServed) Canonical() string {
	return newCanon("where", "served").tok("from", p.Facility).tok("target", p.Target).
		metres("radius", p.RadiusM).num("year", p.Year).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhereServed) Describe(l Lang) string {
	how := l.Pick("le persone per cui è la struttura più vicina", "the people for whom it is the nearest facility")
	if p.RadiusM > 0 {
		how = l.Pick("entro ", "within ") + distance(p.RadiusM, l)
	}
	return fmt.Sprintf(l.Pick("Il bacino della struttura %s per il target %s: %s, %s.", "The catchment of facility %s for target %s: %s, %s."),
		p.Facility, p.Target, how, inYear(p.Year, l))
}

// WhereOverlap asks where the catchments of a service's facilities overlap:
// `where overlap service=S target=T`.
type WhereOverlap struct {
	Service string  // service slug
	Target  string  // target slug
	RadiusM float64 // catchment radius; default the service's usual radius
	Area    string  // "" = the whole city
	Level   string  // level of the ranking
	Year    int
	Top     int
	Order   Order
}

func (*WhereOverlap) isPlan() {}

// Canonical implements Plan.
func (p *WhereOverlap) Canonical() string {
	return newCanon("where", "overlap").tok("service", p.Service).tok("target", p.Target).
		metres("radius", p.RadiusM).tok("area", p.Area).kv("level", p.Level).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhereOverlap) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Dove i bacini del servizio %s (raggio %s) si sovrappongono, contando il target %s, %s, %s, %s, %s.",
		"Where the catchments of service %s (radius %s) overlap, counting target %s, %s, %s, %s, %s."),
		p.Service, distance(p.RadiusM, l), p.Target, inArea(p.Area, l), byLevel(p.Level, l), inYear(p.Year, l), topRows(p.Top, l))
}

// WhereGap asks where a service's supply falls short of its benchmark:
// `where gap service=S`. The benchmark (and the target it counts) comes from
// the catalog's benchmarks for the service.
type WhereGap struct {
	Service string
	Area    string // "" = the whole city
	Level   string
	Year    int
	Top     int
	Order   Order
}

func (*WhereGap) isPlan() {}

// Canonical implements Plan.
func (p *WhereGap) Canonical() string {
	return newCanon("where", "gap").tok("service", p.Service).tok("area", p.Area).
		kv("level", p.Level).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhereGap) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Dove l'offerta del servizio %s è sotto il suo riferimento (benchmark), %s, %s, %s, %s.",
		"Where the supply of service %s falls short of its benchmark, %s, %s, %s, %s."),
		p.Service, inArea(p.Area, l), byLevel(p.Level, l), inYear(p.Year, l), topRows(p.Top, l))
}

// WhereLocate asks for the best sites for new facilities of a service
// (maximal covering of the target's unserved demand):
// `where locate service=S target=T count=3 radius=800m`.
type WhereLocate struct {
	Service string
	Target  string
	Count   int     // new sites, 1 to 50; default 1
	RadiusM float64 // coverage radius; default the service's usual radius
	Area    string  // "" = the whole city
	Year    int
}

func (*WhereLocate) isPlan() {}

// Canonical implements Plan.
func (p *WhereLocate) Canonical() string {
	return newCanon("where", "locate").tok("service", p.Service).tok("target", p.Target).num("count", p.Count).
		metres("radius", p.RadiusM).tok("area", p.Area).num("year", p.Year).String()
}

// Describe says what the question asks.
func (p *WhereLocate) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Dove aprire %d nuove strutture del servizio %s per coprire il target %s entro %s, %s, %s.",
		"Where to open %d new facilities of service %s to cover target %s within %s, %s, %s."),
		p.Count, p.Service, p.Target, distance(p.RadiusM, l), inArea(p.Area, l), inYear(p.Year, l))
}

// WhereReach asks where to run local communication for a target: the areas
// holding most of it: `where reach target=T`.
type WhereReach struct {
	Target string
	Area   string // "" = the whole city
	Level  string
	Year   int
	Top    int
	Order  Order
}

func (*WhereReach) isPlan() {}

// Canonical implements Plan.
func (p *WhereReach) Canonical() string {
	return newCanon("where", "reach").tok("target", p.Target).tok("area", p.Area).
		kv("level", p.Level).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhereReach) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Dove comunicare per raggiungere il target %s, %s, %s, %s, %s.", "Where to communicate to reach target %s, %s, %s, %s, %s."),
		p.Target, inArea(p.Area, l), byLevel(p.Level, l), inYear(p.Year, l), topRows(p.Top, l))
}

// WherePriority ranks areas by priority for resources for a target (need
// against supply): `where priority target=T`.
type WherePriority struct {
	Target   string
	Services []string // services that count as supply, sorted; empty = every service serving Target
	Area     string   // "" = the whole city
	Level    string
	Year     int
	Top      int
	Order    Order
}

func (*WherePriority) isPlan() {}

// Canonical implements Plan.
func (p *WherePriority) Canonical() string {
	return newCanon("where", "priority").tok("target", p.Target).toks("service", p.Services).tok("area", p.Area).
		kv("level", p.Level).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WherePriority) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quali aree hanno la priorità per il target %s (bisogno contro offerta), %s, %s, %s, %s.",
		"Which areas come first for target %s (need against supply), %s, %s, %s, %s."),
		p.Target, inArea(p.Area, l), byLevel(p.Level, l), inYear(p.Year, l), topRows(p.Top, l))
}
