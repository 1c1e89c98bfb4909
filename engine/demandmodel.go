package engine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// demandModel is how demand for a service is measured (DESIGN §5): the
// eligible target, and the catalog's standard that turns eligible people
// into expected users in the capacity's unit. Without a standard there is
// no expected demand: a service is measured by plain ratios (places per
// 1,000 eligible people), never by people "times the places".
type demandModel struct {
	service Service
	target  Target
	std     Benchmark
	hasStd  bool
}

// demandModelOf finds a service's demand model. want, when not empty, is
// the target a question is about: its standard is preferred, and without
// one it is the eligible target if the service serves it. Otherwise the
// standard is the first by ID, or, without any, the target is the first the
// service lists.
func (e *Engine) demandModelOf(ctx context.Context, svc Service, want string) (demandModel, error) {
	m := demandModel{service: svc}
	all, err := e.Benchmarks(ctx) // read once per engine
	if err != nil {
		return m, fmt.Errorf("read standards: %w", err)
	}
	var found []Benchmark
	for _, b := range all {
		if b.Service == svc.Slug {
			found = append(found, b)
		}
	}
	slices.SortFunc(found, func(x, y Benchmark) int {
		return cmp.Or(-cmp.Compare(boolInt(x.Target == want), boolInt(y.Target == want)), cmp.Compare(x.ID, y.ID))
	})
	slug := ""
	switch {
	case len(found) > 0:
		m.std, m.hasStd, slug = found[0], true, found[0].Target
		if m.std.Value <= 0 || m.std.Per <= 0 {
			return m, fmt.Errorf("standard %s of service %s is not a positive ratio (%v per %v)", m.std.ID, svc.Slug, m.std.Value, m.std.Per)
		}
	case want != "" && slices.Contains(svc.Targets, want):
		slug = want
	case len(svc.Targets) > 0:
		slug = svc.Targets[0]
	default:
		return m, fmt.Errorf("service %s serves no target in the catalog", svc.Slug)
	}
	var ok bool
	if m.target, ok = e.vocab.Target(slug); !ok {
		return m, fmt.Errorf("service %s counts target %q, which the catalog does not know", svc.Slug, slug)
	}
	return m, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// expected is the users (in the capacity's unit) a number of eligible
// people calls for under the standard, in whole units rounded up: a need is
// never met by a fraction of a place. Only meaningful with a standard.
func (m demandModel) expected(people float64) float64 {
	return math.Ceil(people*m.std.Value/m.std.Per - 1e-9)
}

// expectedExact is expected before rounding, for fitting trends: rounding
// each year first would bend the line.
func (m demandModel) expectedExact(people float64) float64 {
	return people * m.std.Value / m.std.Per
}

// per is the population a ratio is written per: the standard's, or 1,000.
func (m demandModel) per() float64 {
	if m.hasStd {
		return m.std.Per
	}
	return 1000
}

// ratio is capacity per m.per() eligible people; NaN for nobody.
func (m demandModel) ratio(capacity, people float64) float64 {
	if people <= 0 {
		return math.NaN()
	}
	return capacity * m.per() / people
}

// unit is the capacity's unit in the language.
func (m demandModel) unit(l Lang) string { return capacityUnit(m.service, l) }

// capacityUnit is a service's capacity unit in the language.
func capacityUnit(svc Service, l Lang) string {
	return l.Pick(svc.CapacityUnit, englishUnit(svc.CapacityUnit))
}

// ratioLabel names the ratio: "posti ogni 1.000 anziani (65+)".
func (m demandModel) ratioLabel(l Lang) string {
	return l.Pick(fmt.Sprintf("%s ogni %s %s", m.unit(l), FormatFloat(m.per(), 0, l), m.target.Name(l)),
		fmt.Sprintf("%s per %s %s", m.unit(l), FormatFloat(m.per(), 0, l), m.target.Name(l)))
}

// standardShort writes the standard beside a figure: "standard: 3
// (parametro locale)".
func (m demandModel) standardShort(l Lang) string {
	return l.Pick(fmt.Sprintf("%s: %s", question.StandardKindName(m.std.Kind, l), trimmed(m.std.Value, 2, l)),
		fmt.Sprintf("%s: %s", question.StandardKindName(m.std.Kind, l), trimmed(m.std.Value, 2, l)))
}

// note says what the demand is measured against, with the standard's source
// and year, or that there is no standard.
func (m demandModel) note(l Lang) string {
	if !m.hasStd {
		return l.Pick(
			fmt.Sprintf("Per il servizio %s il catalogo non ha uno standard di utenza (nessuna norma né media di riferimento): quante persone lo userebbero non è noto, e la dotazione si misura come rapporto, %s.", m.service.Name(l), m.ratioLabel(l)),
			fmt.Sprintf("The catalog holds no take-up standard for service %s (no law and no reference average): how many people would use it is not known, and supply is measured as a ratio, %s.", m.service.Name(l), m.ratioLabel(l)))
	}
	return standardNote(m.std, l)
}

// standardNote says what a standard is, its kind, source and year.
func standardNote(b Benchmark, l Lang) string {
	name := b.NameIT
	if l == English && b.NameEN != "" {
		name = b.NameEN
	}
	return l.Pick(
		fmt.Sprintf("Standard: %s %s (%s); fonte: %s, %d.", trimmed(b.Value, 2, l), name, question.StandardKindName(b.Kind, l), strings.TrimSuffix(b.Source, "."), b.Year),
		fmt.Sprintf("Standard: %s %s (%s); source: %s, %d.", trimmed(b.Value, 2, l), name, question.StandardKindName(b.Kind, l), strings.TrimSuffix(b.Source, "."), b.Year))
}

// noStandardError is the answer of a question that needs expected users
// (what, in each language) for a service without a standard.
func (m demandModel) noStandardError(whatIT, whatEN string) error {
	it := fmt.Sprintf("il catalogo non ha uno standard di utenza per il servizio %s: senza sapere quanti utenti attendersi, %s non si può calcolare; chiedi «quale saturazione servizio=%s» per la dotazione in posti ogni 1.000 %s",
		m.service.Slug, whatIT, m.service.Slug, m.target.Name(Italian))
	en := fmt.Sprintf("the catalog holds no take-up standard for service %s: without knowing how many users to expect, %s cannot be computed; ask “which saturation service=%s” for the supply per 1,000 %s",
		m.service.Slug, whatEN, m.service.Slug, m.target.Name(English))
	return keyErrorf("service", "%[1]s", "%[2]s", it, en)
}

// englishUnits translate the capacity units of the standard vocabulary.
var englishUnits = map[string]string{
	"posti": "places", "posti letto": "beds", "iscritti": "members", "utenti seguiti": "users followed",
	"assistenti sociali": "social workers", "utenti/anno": "users a year", "pasti/giorno": "meals a day",
	"sportelli": "desks", "posti lettura": "reading places", "alunni": "pupils", "punti": "outlets",
}

// englishUnit translates a capacity unit, "places" when it is not known.
func englishUnit(u string) string {
	if en, ok := englishUnits[u]; ok {
		return en
	}
	return "places"
}
