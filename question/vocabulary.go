package question

import "github.com/welfare-intelligence/wi/geo"

// Vocabulary is what a question may name: the catalog's targets, services and
// areas, and the years it holds demand for. The dsl checks questions against it.
type Vocabulary struct {
	Targets     []Target
	Services    []Service
	Areas       []Area
	Years       []int // years with demand, ascending
	DefaultYear int   // the latest year with demand
	CityArea    string
	// Templates are the dossier templates a question may name: the built-in
	// Templates and those the engine's caller can render (Options.Templates).
	Templates []string
}

// Target is a group of people or families a service is for.
type Target struct {
	Slug         string
	Kind         string // "person" or "family"
	NameIT       string
	NameEN       string
	DefinitionIT string
	DefinitionEN string
	Sensitivity  string // "normal", "sensitive", "high"
	MinCount     int    // smallest count that may be published (>= 3)
}

// Name returns the target's name in the language.
func (t Target) Name(l Lang) string {
	if l == English && t.NameEN != "" {
		return t.NameEN
	}
	return t.NameIT
}

// Service is a type of facility and the targets it serves.
type Service struct {
	Slug         string
	NameIT       string
	NameEN       string
	Targets      []string
	CapacityUnit string
	RadiusM      float64 // usual walking radius
	// Role is RoleWelfare for a service that answers a target's need (it
	// counts as coverage) or RoleContext for one that is a resource of the
	// territory but not a welfare service (schools, libraries, pharmacies):
	// shown as a resource, never counted as coverage.
	Role string
}

// Roles of a service type.
const (
	RoleWelfare = "welfare"
	RoleContext = "context"
)

// Welfare reports whether the service counts as coverage of its targets' need.
func (s Service) Welfare() bool { return s.Role == RoleWelfare }

// Kinds of standards of the demand model: a national essential level set by
// law, a standard set by the region, an average observed in a survey (of the
// region or the country), a parameter set locally.
const (
	StandardLEP      = "lep"
	StandardRegional = "regional"
	StandardAverage  = "average"
	StandardLocal    = "local"
)

// StandardKinds lists the kinds of standards.
var StandardKinds = []string{StandardLEP, StandardRegional, StandardAverage, StandardLocal}

// StandardKindName names a kind of standard in the language, as it is
// written beside a figure: "livello essenziale (LEP)", "standard regionale".
func StandardKindName(kind string, l Lang) string {
	switch kind {
	case StandardLEP:
		return l.Pick("livello essenziale LEP", "LEP essential level")
	case StandardRegional:
		return l.Pick("standard regionale", "regional standard")
	case StandardAverage:
		return l.Pick("media di riferimento", "reference average")
	}
	return l.Pick("parametro locale", "local parameter")
}

// Name returns the service's name in the language.
func (s Service) Name(l Lang) string {
	if l == English && s.NameEN != "" {
		return s.NameEN
	}
	return s.NameIT
}

// Area is a territorial unit: a census section, a neighbourhood (NIL), a
// municipio or the city.
type Area struct {
	ID      string
	Slug    string    // e.g. "nil-54", "municipio-9", "milano"
	Name    string    // official name, e.g. "Cà Granda"
	Level   string    // LevelSection, LevelNIL, LevelMunicipio, LevelCity
	Parent  string    // parent area ID
	Point   geo.Point // representative point, inside the area
	AreaKm2 float64
}

// Target returns the target with the slug.
func (v *Vocabulary) Target(slug string) (Target, bool) {
	for _, t := range v.Targets {
		if t.Slug == slug {
			return t, true
		}
	}
	return Target{}, false
}

// Service returns the service with the slug.
func (v *Vocabulary) Service(slug string) (Service, bool) {
	for _, s := range v.Services {
		if s.Slug == slug {
			return s, true
		}
	}
	return Service{}, false
}

// Area returns the area with the slug.
func (v *Vocabulary) Area(slug string) (Area, bool) {
	for _, a := range v.Areas {
		if a.Slug == slug {
			return a, true
		}
	}
	return Area{}, false
}

// ServicesFor returns the slugs of the services that serve a target.
func (v *Vocabulary) ServicesFor(target string) []string {
	var out []string
	for _, s := range v.Services {
		for _, t := range s.Targets {
			if t == target {
				out = append(out, s.Slug)
				break
			}
		}
	}
	return out
}
