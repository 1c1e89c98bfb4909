package dsl

import (
	"fmt"
	"slices"
	"strings"

	spell "github.com/welfare-intelligence/wi/internal/suggest"
	"github.com/welfare-intelligence/wi/question"
)

// How a typed target or service is found: its slug or name, folded, or
// the beginning of exactly one slug, of three letters or more
// (centro-diurno is centro-diurno-integrato): the canonical form writes the
// whole slug, so the asker sees what was understood. A beginning of several
// slugs is an error listing them. What is not found gets a suggestion: a
// slug or name a typo away; a synonym (question.Synonyms: disabled is
// disabili); a word of a name it nearly begins (disabled, disabilità); else
// the five nearest values and where to list them all.

// entry is a value of the vocabulary: its slug and names.
type entry struct{ slug, nameIT, nameEN string }

// minPrefix is the fewest letters a beginning of a slug must have to be
// taken for it: two letters are a guess, not a choice.
const minPrefix = 3

// lookup finds s among the entries by slug or name, folded, and returns
// the slug; when there is none, begun lists the slugs s begins (the slug
// itself, when it is one, is for the caller to take: see prefixed).
func lookup(s string, es []entry) (slug string, begun []string) {
	f := fold(s)
	for _, e := range es {
		if fold(e.slug) == f || fold(e.nameIT) == f || e.nameEN != "" && fold(e.nameEN) == f {
			return e.slug, nil
		}
	}
	if len([]rune(f)) < minPrefix {
		return "", nil
	}
	for _, e := range es {
		if strings.HasPrefix(fold(e.slug), f) {
			begun = append(begun, e.slug)
		}
	}
	return "", begun
}

// unknownValue records a value not found, with the best help there is.
// kindIT/kindEN name the kind ("target", "servizio"), listIT/listEN the
// help question that lists them all.
func (c *checker) unknownValue(a *Arg, s string, es []entry, begun []string, kindIT, kindEN, listIT, listEN string) {
	it := fmt.Sprintf("%s sconosciuto %q", kindIT, s)
	en := fmt.Sprintf("unknown %s %q", kindEN, s)
	if len(begun) > 1 {
		c.ambiguous(a, s, begun, pluralIT[kindIT], pluralEN[kindEN])
		return
	}
	if sug, ok := suggestValue(s, es); ok {
		c.add(a.Pos, it+fmt.Sprintf("; forse intendevi %q?", sug), en+fmt.Sprintf("; did you mean %q?", sug))
		return
	}
	near := nearestSlugs(s, es, 5)
	c.add(a.Pos,
		fmt.Sprintf("%s; i più vicini: %s; l'elenco: %s", it, strings.Join(near, ", "), listIT),
		fmt.Sprintf("%s; the nearest: %s; the list: %s", en, strings.Join(near, ", "), listEN))
}

// prefixed returns the one slug s begins, if there is exactly one.
func prefixed(begun []string) (string, bool) {
	if len(begun) == 1 {
		return begun[0], true
	}
	return "", false
}

// plurals are the kinds of values, many of them.
var (
	pluralIT = map[string]string{"target": "target", "servizio": "servizi", "area": "aree", "modello": "modelli"}
	pluralEN = map[string]string{"target": "targets", "service": "services", "area": "areas", "template": "templates"}
)

// ambiguous records a beginning of several slugs, listing them (the first
// eight, then how many more) for the asker to choose. manyIT and manyEN
// name the kind in the plural: "servizi", "services".
func (c *checker) ambiguous(a *Arg, s string, begun []string, manyIT, manyEN string) {
	shown := begun
	if len(shown) > 8 {
		shown = shown[:8]
	}
	list := strings.Join(shown, ", ")
	moreIT, moreEN := "", ""
	if n := len(begun) - len(shown); n > 0 {
		moreIT, moreEN = fmt.Sprintf(" e altri %d", n), fmt.Sprintf(" and %d more", n)
	}
	c.add(a.Pos,
		fmt.Sprintf("%q è l'inizio di più %s: %s%s; scrivine uno per intero", s, manyIT, list, moreIT),
		fmt.Sprintf("%q begins several %s: %s%s; write one in full", s, manyEN, list, moreEN))
}

// suggestValue returns the slug s most likely means, if any.
func suggestValue(s string, es []entry) (string, bool) {
	var cands []string
	bySpelling := map[string]string{}
	for _, e := range es {
		for _, sp := range []string{e.slug, e.nameIT, e.nameEN} {
			if sp != "" {
				cands = append(cands, sp)
				bySpelling[sp] = e.slug
			}
		}
	}
	if sug, ok := suggest(s, cands); ok {
		return bySpelling[sug], true
	}
	f := fold(s)
	// The beginning of one slug, with a typo (centro-diurni is
	// centro-diurno-integrato): six letters or more, one edit away.
	if fr := []rune(f); len(fr) >= 6 && len(fr) <= maxSuggestLen {
		var begun []string
		for _, e := range es {
			if sr := []rune(fold(e.slug)); len(sr) > len(fr) && spell.Runes(fr, sr[:len(fr)]) <= 1 {
				begun = append(begun, e.slug)
			}
		}
		if len(begun) == 1 {
			return begun[0], true
		}
	}
	for w, slug := range question.Synonyms {
		if fold(w) == f && slices.ContainsFunc(es, func(e entry) bool { return e.slug == slug }) {
			return slug, true
		}
	}
	// A word of a name that s nearly begins: disabled and disabilities,
	// disabilità; the stems agree on all but the last two letters of s.
	lower := strings.ToLower(s)
	if len([]rune(f)) >= 6 && !strings.ContainsAny(lower, " -") {
		stem := string([]rune(f)[:len([]rune(f))-2])
		var found []string
		for _, e := range es {
			for _, name := range []string{e.nameIT, e.nameEN} {
				for _, w := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == ' ' || r == '-' || r == '(' || r == ')' }) {
					if strings.HasPrefix(fold(w), stem) && !slices.Contains(found, e.slug) {
						found = append(found, e.slug)
					}
				}
			}
		}
		if len(found) > 0 {
			slices.SortStableFunc(found, func(a, b string) int { return len(a) - len(b) })
			return found[0], true // the shortest: disabili before famiglie-con-disabili
		}
	}
	return "", false
}

// nearestSlugs returns the n slugs nearest to s by edit distance.
func nearestSlugs(s string, es []entry, n int) []string {
	f := fold(s)
	if len(f) > maxSuggestLen {
		f = ""
	}
	type scored struct {
		slug string
		d    int
	}
	var all []scored
	for _, e := range es {
		all = append(all, scored{e.slug, spell.Distance(f, fold(e.slug))})
	}
	slices.SortStableFunc(all, func(a, b scored) int { return a.d - b.d })
	var out []string
	for i := 0; i < len(all) && i < n; i++ {
		out = append(out, all[i].slug)
	}
	if len(all) > n {
		out = append(out, "…")
	}
	return out
}

// targetEntries and serviceEntries are the vocabulary's values to look up.
func (c *checker) targetEntries() []entry {
	es := make([]entry, len(c.v.Targets))
	for i, t := range c.v.Targets {
		es[i] = entry{t.Slug, t.NameIT, t.NameEN}
	}
	return es
}

func (c *checker) serviceEntries() []entry {
	es := make([]entry, len(c.v.Services))
	for i, s := range c.v.Services {
		es[i] = entry{s.Slug, s.NameIT, s.NameEN}
	}
	return es
}
