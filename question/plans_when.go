package question

import "fmt"

// WhenRoute asks in which order to visit the target in an area from a
// facility, balancing time and cost: `when route from=F area=A target=T visits=12`.
type WhenRoute struct {
	From   string // facility ID, as given: the dsl does not know facilities, the engine checks it
	Area   string // area slug
	Target string
	Visits int // visits in the route, 1 to 100; default 10
	// TimeMin is the time budget of the round in minutes, walking at
	// WalkingSpeedMPerMin; 0 = none. Visits that do not fit are left out.
	TimeMin int
	Year    int
}

func (*WhenRoute) isPlan() {}

// Canonical implements Plan.
func (p *WhenRoute) Canonical() string {
	return newCanon("when", "route").tok("from", p.From).tok("area", p.Area).tok("target", p.Target).
		num("visits", p.Visits).minutes("time", p.TimeMin).num("year", p.Year).String()
}

// Describe says what the question asks.
func (p *WhenRoute) Describe(l Lang) string {
	within := ""
	if p.TimeMin > 0 {
		within = l.Pick(fmt.Sprintf(" in al più %d minuti a piedi", p.TimeMin), fmt.Sprintf(" within %d minutes on foot", p.TimeMin))
	}
	return fmt.Sprintf(l.Pick("In che ordine fare %d visite al target %s nell'area %s partendo dalla struttura %s%s, %s.",
		"In which order to make %d visits to target %s in area %s starting from facility %s%s, %s."),
		p.Visits, p.Target, p.Area, p.From, within, inYear(p.Year, l))
}

// WhenSaturation asks in which year the demand on a service will exceed its
// capacity, projecting the trend of a span of years:
// `when saturation service=S area=A year=2020..2024`.
type WhenSaturation struct {
	Service  string
	Area     string // area slug; the city's slug for the whole city
	FromYear int    // first year of the trend
	ToYear   int    // last year of the trend, > FromYear
	Order    Order  // sort=, order=
}

func (*WhenSaturation) isPlan() {}

// Canonical implements Plan.
func (p *WhenSaturation) Canonical() string {
	return newCanon("when", "saturation").tok("service", p.Service).tok("area", p.Area).
		kv("year", fmt.Sprintf("%d..%d", p.FromYear, p.ToYear)).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhenSaturation) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("In che anno la domanda del servizio %s nell'area %s supererà la capacità, secondo l'andamento %d–%d.",
		"In which year the demand for service %s in area %s will exceed capacity, following the %d–%d trend."),
		p.Service, p.Area, p.FromYear, p.ToYear)
}
