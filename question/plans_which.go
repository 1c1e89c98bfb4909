package question

import (
	"fmt"
	"strconv"
)

// WhichCenter asks where to send a request: the facilities of a service
// nearest to a point or to an area, with room:
// `which center service=S at=45.46,9.19` or `which center service=S area=A`.
// Exactly one of the point and Area is given.
type WhichCenter struct {
	Service string
	// Target, when Service is "", asks for the nearest facilities of every
	// welfare service serving it (which center target=anziani area=A).
	Target   string
	Lat, Lon float64 // degrees, to 6 decimals; used when Area is ""
	Area     string  // area slug; "" when a point is given
	Top      int     // facilities listed; default 3
	Order    Order   // sort=, order=
}

func (*WhichCenter) isPlan() {}

// Canonical implements Plan.
func (p *WhichCenter) Canonical() string {
	c := newCanon("which", "center").tok("service", p.Service).tok("target", p.Target)
	if p.Area == "" {
		c.kv("at", FormatDegrees(p.Lat)+","+FormatDegrees(p.Lon))
	}
	return c.tok("area", p.Area).num("top", p.Top).order(p.Order, "").String()
}

// FormatDegrees prints a coordinate as the language writes it.
func FormatDegrees(d float64) string { return strconv.FormatFloat(d, 'f', -1, 64) }

// Describe says what the question asks.
func (p *WhichCenter) Describe(l Lang) string {
	from := l.Pick("dall'area ", "from area ") + p.Area
	if p.Area == "" {
		from = fmt.Sprintf(l.Pick("dal punto %s, %s", "from the point %s, %s"), FormatDegrees(p.Lat), FormatDegrees(p.Lon))
	}
	if p.Service == "" && p.Target != "" {
		return fmt.Sprintf(l.Pick("A quale struttura mandare una richiesta per il target %s %s, tra i servizi di welfare che lo servono: le %d più vicine.",
			"Which facility a request for target %s %s should go to, among the welfare services serving it: the %d nearest."), p.Target, from, p.Top)
	}
	return fmt.Sprintf(l.Pick("A quale struttura del servizio %s mandare una richiesta %s: le %d più vicine con posti.",
		"Which facility of service %s a request %s should go to: the %d nearest with room."), p.Service, from, p.Top)
}

// WhichSaturation asks which facilities of a service are large or small
// against the demand in their catchment: `which saturation service=S`.
type WhichSaturation struct {
	Service string
	Area    string // "" = the whole city
	Year    int
	Top     int
	Order   Order // sort=, order=
}

func (*WhichSaturation) isPlan() {}

// Canonical implements Plan.
func (p *WhichSaturation) Canonical() string {
	return newCanon("which", "saturation").tok("service", p.Service).tok("area", p.Area).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhichSaturation) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quali strutture del servizio %s sono sature o sottoutilizzate rispetto alla domanda del loro bacino, %s, %s, %s.",
		"Which facilities of service %s are saturated or under-used against the demand in their catchment, %s, %s, %s."),
		p.Service, inArea(p.Area, l), inYear(p.Year, l), topRows(p.Top, l))
}

// WhichPartners asks which organisations are active in an area for a
// target, to join a territorial initiative: `which partners target=T area=A`.
type WhichPartners struct {
	Target   string
	Area     string   // area slug
	Services []string // sorted; empty = every service serving Target
	Top      int
	Order    Order // sort=, order=
}

func (*WhichPartners) isPlan() {}

// Canonical implements Plan.
func (p *WhichPartners) Canonical() string {
	return newCanon("which", "partners").tok("target", p.Target).tok("area", p.Area).toks("service", p.Services).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhichPartners) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quali organizzazioni sono attive nell'area %s per il target %s, %s.",
		"Which organisations are active in area %s for target %s, %s."), p.Area, p.Target, topRows(p.Top, l))
}

// WhichAlternatives asks which other facilities could meet the demand of a
// service in an area: `which alternatives service=S area=A`.
type WhichAlternatives struct {
	Service string
	Area    string  // area slug
	RadiusM float64 // how far from the area to look; default the service's usual radius
	Year    int
	Top     int
	Order   Order // sort=, order=
}

func (*WhichAlternatives) isPlan() {}

// Canonical implements Plan.
func (p *WhichAlternatives) Canonical() string {
	return newCanon("which", "alternatives").tok("service", p.Service).tok("area", p.Area).
		metres("radius", p.RadiusM).num("year", p.Year).num("top", p.Top).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *WhichAlternatives) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quali altre strutture entro %s potrebbero rispondere alla domanda del servizio %s nell'area %s, %s, %s.",
		"Which other facilities within %s could meet the demand for service %s in area %s, %s, %s."),
		distance(p.RadiusM, l), p.Service, p.Area, inYear(p.Year, l), topRows(p.Top, l))
}
