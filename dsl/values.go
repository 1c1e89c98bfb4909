package dsl

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// one returns the single item of a, or records that a list was given.
func (c *checker) one(a *Arg) (*Item, bool) {
	if len(a.Value.Items) != 1 {
		if digits, ok := thousands(a.Value.Items); ok {
			it, en := writeNumber(a.Key, a.Value.String(), digits)
			c.add(a.Pos, it, en)
			return nil, false
		}
		c.add(a.Pos,
			fmt.Sprintf("%s vuole un solo valore, non una lista", a.Key),
			fmt.Sprintf("%s takes one value, not a list", a.Key))
		return nil, false
	}
	return a.Value.Items[0], true
}

// isName reports whether the item can name something: an identifier or a string.
func isName(it *Item) bool { return it.Ident != nil || it.String != nil }

// notA records that an item is not of the kind a key wants.
func (c *checker) notA(a *Arg, it *Item, wantIT, wantEN string) {
	c.add(a.Pos,
		fmt.Sprintf("%s vuole %s, non %q", a.Key, wantIT, it.Raw()),
		fmt.Sprintf("%s expects %s, not %q", a.Key, wantEN, it.Raw()))
}

// didYouMean appends a suggestion from candidates to the two messages.
func didYouMean(s string, candidates []string, it, en string) (string, string) {
	if sug, ok := suggest(s, candidates); ok {
		return it + fmt.Sprintf("; forse intendevi %q?", sug), en + fmt.Sprintf("; did you mean %q?", sug)
	}
	return it, en
}

// target resolves target=: one target, by slug or name.
func (c *checker) target(a *Arg) (string, bool) {
	it, ok := c.one(a)
	if !ok {
		return "", false
	}
	if !isName(it) {
		c.notA(a, it, "un target, per esempio "+exampleTarget(c.v), "a target, e.g. "+exampleTarget(c.v))
		return "", false
	}
	return c.targetItem(a, it)
}

func (c *checker) targetItem(a *Arg, it *Item) (string, bool) {
	s := it.Text()
	if t, ok := c.v.Target(s); ok {
		return t.Slug, true
	}
	es := c.targetEntries()
	slug, begun := lookup(s, es)
	if slug != "" {
		return slug, true
	}
	if slug, ok := prefixed(begun); ok {
		return slug, true
	}
	c.unknownValue(a, s, es, begun, "target", "target", "aiuto target", "help targets")
	return "", false
}

// services resolves service=: a list of services, each serving the target
// (checked only when the target is known), in the given order without repeats.
func (c *checker) services(a *Arg, target string, targetOK bool) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range a.Value.Items {
		if !isName(it) {
			c.notA(a, it, "un servizio", "a service")
			continue
		}
		s, ok := c.service(a, it.Text())
		if !ok || seen[s.Slug] {
			continue
		}
		seen[s.Slug] = true
		if targetOK && !serves(s, target) {
			c.notServing(a, s.Slug, target)
			continue
		}
		out = append(out, s.Slug)
	}
	sort.Strings(out) // the order of services has no meaning: one plan for any order
	return out
}

// oneService resolves service=: exactly one service, by slug or name.
func (c *checker) oneService(a *Arg) (question.Service, bool) {
	it, ok := c.one(a)
	if !ok {
		return question.Service{}, false
	}
	if !isName(it) {
		c.notA(a, it, "un servizio", "a service")
		return question.Service{}, false
	}
	return c.service(a, it.Text())
}

// service finds a service by slug or name.
func (c *checker) service(a *Arg, s string) (question.Service, bool) {
	if sv, ok := c.v.Service(s); ok {
		return sv, true
	}
	es := c.serviceEntries()
	slug, begun := lookup(s, es)
	if slug == "" {
		slug, _ = prefixed(begun)
	}
	if sv, ok := c.v.Service(slug); ok {
		return sv, true
	}
	c.unknownValue(a, s, es, begun, "servizio", "service", "aiuto servizi", "help services")
	return question.Service{}, false
}

func serves(s question.Service, target string) bool {
	for _, t := range s.Targets {
		if t == target {
			return true
		}
	}
	return false
}

// notServing records a service that does not serve the target, naming those that do.
func (c *checker) notServing(a *Arg, service, target string) {
	it := fmt.Sprintf("il servizio %q non serve il target %q", service, target)
	en := fmt.Sprintf("service %q does not serve target %q", service, target)
	if others := c.v.ServicesFor(target); len(others) > 0 {
		it += "; lo servono: " + strings.Join(others, ", ")
		en += "; services that do: " + strings.Join(others, ", ")
	} else {
		it += "; nessun servizio del catalogo lo serve"
		en += "; no service in the catalog serves it"
	}
	c.add(a.Pos, it, en)
}

// area resolves area=: one area, by slug, ID or name, folded.
func (c *checker) area(a *Arg) (question.Area, bool) {
	it, ok := c.one(a)
	if !ok {
		return question.Area{}, false
	}
	return c.areaItem(a, it)
}

// areaItem resolves one area; a census section is refused: sections are
// never asked one by one (statistical disclosure control), only through the
// areas that hold them.
func (c *checker) areaItem(a *Arg, it *Item) (question.Area, bool) {
	ar, ok := c.findArea(a, it)
	if ok && ar.Level == question.LevelSection {
		it, en := fmt.Sprintf("%q è una sezione di censimento: le sezioni non si interrogano una per una (riservatezza statistica)", ar.Slug),
			fmt.Sprintf("%q is a census section: sections cannot be asked one by one (statistical confidentiality)", ar.Slug)
		for _, p := range c.v.Areas {
			if p.ID == ar.Parent && ar.Parent != "" {
				it += fmt.Sprintf("; chiedi la sua area, %s%s", a.Key, question.Token(p.Slug))
				en += fmt.Sprintf("; ask for its area, %s%s", a.Key, question.Token(p.Slug))
				break
			}
		}
		c.add(a.Pos, it, en)
		return question.Area{}, false
	}
	return ar, ok
}

// findArea finds an area by slug, ID or name, folded.
func (c *checker) findArea(a *Arg, it *Item) (question.Area, bool) {
	if !isName(it) && (it.Number == nil || strings.ContainsFunc(it.Raw(), isUnitRune)) {
		c.notA(a, it, `un'area, per esempio municipio-9 o "Cà Granda"`, `an area, e.g. municipio-9 or "Cà Granda"`)
		return question.Area{}, false
	}
	s := it.Text()
	if ar, ok := c.v.Area(s); ok {
		return ar, true
	}
	f := fold(s)
	for _, ar := range c.v.Areas {
		if fold(ar.Slug) == f || ar.ID != "" && fold(ar.ID) == f {
			return ar, true
		}
	}
	var byName []question.Area
	var candidates []string
	for _, ar := range c.v.Areas {
		if fold(ar.Name) == f {
			byName = append(byName, ar)
		}
		candidates = append(candidates, ar.Slug, ar.Name)
	}
	if len(byName) == 0 {
		// The beginning of one slug (three letters or more), never of a
		// census section: those are not asked for one by one.
		var begun []string
		var found question.Area
		if len([]rune(f)) >= minPrefix {
			for _, ar := range c.v.Areas {
				if ar.Level != question.LevelSection && strings.HasPrefix(fold(ar.Slug), f) {
					begun = append(begun, ar.Slug)
					found = ar
				}
			}
		}
		switch {
		case len(begun) == 1:
			return found, true
		case len(begun) > 1:
			c.ambiguous(a, s, begun, "aree", "areas")
			return question.Area{}, false
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], true
	case 0:
		msgIT, msgEN := fmt.Sprintf("area sconosciuta %q", s), fmt.Sprintf("unknown area %q", s)
		if sug, ok := suggest(s, nonEmpty(candidates)); ok {
			msgIT += fmt.Sprintf("; forse intendevi %q?", sug)
			msgEN += fmt.Sprintf("; did you mean %q?", sug)
		} else {
			var es []entry
			for _, ar := range c.v.Areas {
				if ar.Level != question.LevelSection && ar.Level != question.LevelCity {
					es = append(es, entry{slug: ar.Slug, nameIT: ar.Name})
				}
			}
			near := strings.Join(nearestSlugs(s, es, 5), ", ")
			msgIT += "; le più vicine: " + near + "; l'elenco: aiuto zone"
			msgEN += "; the nearest: " + near + "; the list: help areas"
		}
		c.add(a.Pos, msgIT, msgEN)
	default:
		slugs := make([]string, len(byName))
		for i, ar := range byName {
			slugs[i] = ar.Slug
		}
		c.add(a.Pos,
			fmt.Sprintf("area %q ambigua: %s; scrivi lo slug", s, strings.Join(slugs, ", ")),
			fmt.Sprintf("ambiguous area %q: %s; write the slug", s, strings.Join(slugs, ", ")))
	}
	return question.Area{}, false
}

// isCity reports whether the area is the whole city.
func (c *checker) isCity(ar question.Area) bool {
	return ar.Slug == c.v.CityArea || ar.Level == question.LevelCity
}

// year resolves year=: one of the vocabulary's years.
func (c *checker) year(a *Arg) (int, bool) {
	if isRange(a) {
		it, en := rangeQuestions()
		c.add(a.Pos,
			fmt.Sprintf("%s vuole un anno, non un intervallo, per %q: gli intervalli di anni (%s) valgono per %s", a.Key, c.name, a.Value.Items[0].Raw(), it),
			fmt.Sprintf("%s takes one year, not a range, in %q: ranges of years (%s) are for %s", a.Key, c.name, a.Value.Items[0].Raw(), en))
		return 0, false
	}
	y, ok := c.whole(a, "un anno, per esempio "+strconv.Itoa(c.v.DefaultYear), "a year, e.g. "+strconv.Itoa(c.v.DefaultYear))
	if !ok {
		return 0, false
	}
	for _, have := range c.v.Years {
		if have == y {
			return y, true
		}
	}
	if len(c.v.Years) == 0 {
		c.add(a.Pos, fmt.Sprintf("anno %d non disponibile: il catalogo non ha anni", y),
			fmt.Sprintf("year %d not available: the catalog has no years", y))
		return 0, false
	}
	span := yearSpan(c.v.Years)
	c.add(a.Pos, fmt.Sprintf("anno %d non disponibile; anni disponibili: %s", y, span),
		fmt.Sprintf("year %d not available; available years: %s", y, span))
	return 0, false
}

// yearSpan prints ascending years as a range when they are consecutive,
// else as a list.
func yearSpan(ys []int) string {
	first, last := ys[0], ys[len(ys)-1]
	if last-first == len(ys)-1 {
		if first == last {
			return strconv.Itoa(first)
		}
		return fmt.Sprintf("%d–%d", first, last)
	}
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, ", ")
}

// levels maps the spellings of level= to the engine's levels.
var levels = map[string]string{
	"nil": question.LevelNIL, "quartiere": question.LevelNIL, "quartieri": question.LevelNIL,
	"neighbourhood": question.LevelNIL, "neighborhood": question.LevelNIL,
	"municipio": question.LevelMunicipio, "municipi": question.LevelMunicipio,
}

// level resolves level=: nil (quartiere) or municipio.
func (c *checker) level(a *Arg) (string, bool) {
	it, ok := c.one(a)
	if !ok {
		return "", false
	}
	if l, ok := levels[fold(it.Text())]; ok && isName(it) {
		return l, true
	}
	c.add(a.Pos,
		fmt.Sprintf("livello sconosciuto %q: usa nil (o quartiere) o municipio", it.Raw()),
		fmt.Sprintf("unknown level %q: use nil (or quartiere) or municipio", it.Raw()))
	return "", false
}

func nonEmpty(ss []string) []string {
	out := ss[:0:0]
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// isRange reports whether a year= holds one range of years (2020..2024).
func isRange(a *Arg) bool { return len(a.Value.Items) == 1 && a.Value.Items[0].Range != nil }

// rangeQuestions names the questions that take a range of years, in each language.
func rangeQuestions() (it, en string) {
	var qi, qe []string
	for _, q := range []question.QuestionSpec{{Verb: "where", Subject: "concentration"}, {Verb: "howmuch", Subject: "demand"}, {Verb: "when", Subject: "saturation"}} {
		qi = append(qi, questionName(q, question.Italian))
		qe = append(qe, questionName(q, question.English))
	}
	return question.JoinAnd(qi, question.Italian), question.JoinAnd(qe, question.English)
}

// questionName is a question's verb and subject as the language shows them.
func questionName(q question.QuestionSpec, l question.Lang) string {
	for _, v := range question.Verbs {
		if v.EN != q.Verb {
			continue
		}
		for _, s := range v.Subjects {
			if s.EN == q.Subject {
				return v.Show(l) + " " + s.Show(l)
			}
		}
		return v.Show(l)
	}
	return q.Verb
}
