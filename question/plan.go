package question

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Plan is a checked question, ready for Exec. Each question of the language has
// its own plan type; a plan holds every default explicitly, so that two
// questions meaning the same thing have equal plans and one canonical form.
type Plan interface {
	// Canonical prints the one English form of the question that parses back
	// to an equal plan.
	Canonical() string
	isPlan()
}

// WalkingSpeedMPerMin is the walking speed used to turn minutes into metres
// (4.8 km/h, the usual planning figure for adults; slower for the very old).
const WalkingSpeedMPerMin = 80.0

// Area levels of the territorial hierarchy, from the finest to the coarsest.
const (
	LevelSection   = "section"
	LevelNIL       = "nil"
	LevelMunicipio = "municipio"
	LevelCity      = "city"
)

// Underserved asks where people of a target live with no facility serving
// them within a radius: `where underserved target=T radius=800m`.
type Underserved struct {
	Target   string   // target slug
	Services []string // service slugs that count as serving; empty = every service serving Target
	RadiusM  float64  // metres, > 0
	Year     int      // reference year of the demand
	Level    string   // level the ranking is given at (nil or municipio)
	Area     string   // area slug the question is restricted to; "" = the whole city
	Top      int      // rows shown; 0 = all
	Sort     string   // "" ranks by the people without a service, SortShare by their share
	Order    Order    // sort= by another column, order=
}

func (*Underserved) isPlan() {}

// Canonical implements Plan.
func (p *Underserved) Canonical() string {
	var b strings.Builder
	b.WriteString("where underserved target=")
	b.WriteString(Token(p.Target))
	if len(p.Services) > 0 {
		b.WriteString(" service=")
		b.WriteString(Tokens(p.Services))
	}
	b.WriteString(" radius=")
	b.WriteString(FormatMetres(p.RadiusM))
	if p.Area != "" {
		b.WriteString(" area=")
		b.WriteString(Token(p.Area))
	}
	fmt.Fprintf(&b, " level=%s year=%d top=%d", p.Level, p.Year, p.Top)
	var c canon
	c.order(p.Order, p.Sort)
	b.WriteString(c.String())
	return b.String()
}

// Demand asks how many people (or families) of a target live in an area:
// `howmuch demand target=T area=A year=Y`, or over a span of years,
// `year=2020..2024`.
type Demand struct {
	Target string // target slug
	Area   string // area slug; the city's slug for the whole city
	Year   int    // reference year; the last of the span when FromYear is set
	// FromYear is the first year of the series shown, before Year; 0 shows
	// every year of the catalog.
	FromYear int
}

func (*Demand) isPlan() {}

// Canonical implements Plan.
func (p *Demand) Canonical() string {
	year := strconv.Itoa(p.Year)
	if p.FromYear != 0 {
		year = fmt.Sprintf("%d..%d", p.FromYear, p.Year)
	}
	return fmt.Sprintf("howmuch demand target=%s area=%s year=%s", Token(p.Target), Token(p.Area), year)
}

// Token prints a vocabulary value (a slug, a name) so that it reads back as
// one value in the question language: bare when it is a plain identifier
// (letters, digits, '-', '_', apostrophes, starting with a letter), double
// quoted otherwise.
func Token(s string) string {
	plain := s != ""
	for i, r := range s {
		switch {
		case unicode.IsLetter(r):
		case i > 0 && (unicode.IsDigit(r) || r == '-' || r == '_' || r == '\''):
		default:
			plain = false
		}
	}
	if plain {
		return s
	}
	return strconv.Quote(s)
}

// Tokens prints a list of values separated by commas, each as Token does.
func Tokens(list []string) string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = Token(s)
	}
	return strings.Join(out, ",")
}

// FormatMetres prints a distance as the language writes it: whole metres with
// the unit, e.g. "800m", or with decimals when needed ("12.5m").
func FormatMetres(m float64) string {
	return strconv.FormatFloat(m, 'f', -1, 64) + "m"
}
