package dsl

import (
	"fmt"
	"slices"
	"strings"

	spell "github.com/welfare-intelligence/wi/internal/suggest"
	"github.com/welfare-intelligence/wi/question"
)

// How a typed target or service is found: its slug or name, folded. What
// is not found gets a suggestion: the slug it begins (centro-diurno is
// centro-diurno-integrato) or the slugs, when several; a slug or name a typo
// away; a synonym (question.Synonyms: disabled is disabili); a word of a
// name it nearly begins (disabled, disabilità); else the five nearest
// values and where to list them all. A beginning is suggested, not taken:
// the answer would otherwise be about a value nobody wrote.

// entry is a value of the vocabulary: its slug and names.
type entry struct{ slug, nameIT, nameEN string }

// minPrefix is the fewest letters a beginning of a slug must have to be
// suggested for it.
const minPrefix = 4

// lookup finds s among the entries by slug or name, folded, and returns
// the slug; when there is none, begun lists the slugs s begins.
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
	switch {
	case len(begun) == 1:
		c.add(a.Pos, it+fmt.Sprintf("; forse intendevi %q?", begun[0]), en+fmt.Sprintf("; did you mean %q?", begun[0]))
		return
	case len(begun) > 1 && len(begun) <= 5:
		c.add(a.Pos, it+"; forse intendevi "+joinOr(begun, question.Italian)+"?", en+"; did you mean "+joinOr(begun, question.English)+"?")
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
