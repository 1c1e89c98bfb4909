package question

import (
	"fmt"
	"strconv"
)

// Describe says what `howmuch demand` asks.
func (p *Demand) Describe(l Lang) string {
	year := inYear(p.Year, l)
	if p.FromYear != 0 {
		year = fmt.Sprintf(l.Pick("anni %d–%d", "years %d–%d"), p.FromYear, p.Year)
	}
	return fmt.Sprintf(l.Pick("Quante persone (o famiglie) del target %s ci sono nell'area %s, %s.",
		"How many people (or families) of target %s there are in area %s, %s."), p.Target, p.Area, year)
}

// HowmuchCenters asks how many new centres of a service are needed so that
// a share of the target lives within a radius of one:
// `howmuch centers service=S target=T coverage=90%`.
type HowmuchCenters struct {
	Service     string
	Target      string
	CoveragePct float64 // share of the target to cover, in percent, (0, 100], to 0.1
	RadiusM     float64 // default the service's usual radius
	Area        string  // "" = the whole city
	Year        int
	Top         int // new sites listed, in the order they are added; 0 = all
}

func (*HowmuchCenters) isPlan() {}

// Canonical implements Plan.
func (p *HowmuchCenters) Canonical() string {
	return newCanon("howmuch", "centers").tok("service", p.Service).tok("target", p.Target).
		kv("coverage", FormatPct(p.CoveragePct)).metres("radius", p.RadiusM).tok("area", p.Area).num("year", p.Year).num("top", p.Top).String()
}

// Describe says what the question asks.
func (p *HowmuchCenters) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quanti nuovi centri del servizio %s servono perché il %s del target %s abbia un centro entro %s, %s, %s.",
		"How many new centres of service %s are needed for %s of target %s to have one within %s, %s, %s."),
		p.Service, FormatPct(p.CoveragePct), p.Target, distance(p.RadiusM, l), inArea(p.Area, l), inYear(p.Year, l))
}

// FormatPct prints a percentage as the language writes it: "90%", "92.5%".
func FormatPct(pct float64) string { return strconv.FormatFloat(pct, 'f', -1, 64) + "%" }

// HowmuchCapacity asks how many places of a service an area needs against
// the service's benchmark: `howmuch capacity service=S area=A`.
type HowmuchCapacity struct {
	Service string
	Area    string // area slug; the city's slug for the whole city
	Year    int
	Order   Order // sort=, order=
}

func (*HowmuchCapacity) isPlan() {}

// Canonical implements Plan.
func (p *HowmuchCapacity) Canonical() string {
	return newCanon("howmuch", "capacity").tok("service", p.Service).tok("area", p.Area).num("year", p.Year).order(p.Order, "").String()
}

// Describe says what the question asks.
func (p *HowmuchCapacity) Describe(l Lang) string {
	return fmt.Sprintf(l.Pick("Quanti posti del servizio %s servono nell'area %s secondo il suo riferimento (benchmark), %s.",
		"How many places of service %s area %s needs against its benchmark, %s."), p.Service, p.Area, inYear(p.Year, l))
}

// InSpan reports whether a year belongs to the series the question shows:
// every year, or those from FromYear to Year.
func (p *Demand) InSpan(year int) bool {
	return p.FromYear == 0 || year >= p.FromYear && year <= p.Year
}
