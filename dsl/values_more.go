package dsl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/welfare-intelligence/wi/question"
)

// levelRank orders the levels from the finest.
var levelRank = map[string]int{question.LevelSection: 0, question.LevelNIL: 1, question.LevelMunicipio: 2, question.LevelCity: 3}

// areaAndLevel resolves area= and level= of a ranking question: the area
// ("" for the whole city) and the level (default nil). An area finer than the
// level (a NIL ranked by municipio) is refused.
func (c *checker) areaAndLevel(a args) (area, level string) {
	level = question.LevelNIL
	var ar question.Area
	areaOK := false
	if arg := a["area"]; arg != nil {
		if ar, areaOK = c.area(arg); areaOK && !c.isCity(ar) {
			area = ar.Slug
		}
	}
	if arg := a["level"]; arg != nil {
		l, ok := c.level(arg)
		if !ok {
			return area, ""
		}
		level = l
		if areaOK && area != "" && levelRank[ar.Level] < levelRank[level] {
			c.add(arg.Pos,
				fmt.Sprintf("l'area %s (%s) è più piccola del livello %s: togli %s o usa %snil", area, ar.Level, level, arg.Key, arg.Key),
				fmt.Sprintf("area %s (%s) is finer than level %s: drop %s or use %snil", area, ar.Level, level, arg.Key, arg.Key))
		}
	}
	return area, level
}

// wholeCity resolves area= of a question about one area: its slug, the
// city's by default.
func (c *checker) wholeCity(a args) string {
	if arg := a["area"]; arg != nil {
		ar, _ := c.area(arg)
		return ar.Slug
	}
	if c.v.CityArea == "" {
		c.add(c.end, "il catalogo non ha un'area città: indica zona=", "the catalog has no city area: give area=")
	}
	return c.v.CityArea
}

// orCity resolves an optional area= of a question over the city: "" for the
// whole city.
func (c *checker) orCity(a args) string {
	if arg := a["area"]; arg != nil {
		if ar, ok := c.area(arg); ok && !c.isCity(ar) {
			return ar.Slug
		}
	}
	return ""
}

// areas resolves a list of areas, in the order given, without repeats.
func (c *checker) areas(a *Arg) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range a.Value.Items {
		if ar, ok := c.areaItem(a, it); ok && !seen[ar.Slug] {
			seen[ar.Slug] = true
			out = append(out, ar.Slug)
		}
	}
	return out
}

// targets resolves a list of targets, in the order given, without repeats.
func (c *checker) targets(a *Arg) []string {
	var out []string
	seen := map[string]bool{}
	for _, it := range a.Value.Items {
		if !isName(it) {
			c.notA(a, it, "un target", "a target")
			continue
		}
		if t, ok := c.targetItem(a, it); ok && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// ident resolves an identifier the dsl cannot check, such as a facility ID
// (the vocabulary holds no facilities: the engine checks it).
func (c *checker) ident(a *Arg, wantIT, wantEN string) string {
	it, ok := c.one(a)
	if !ok {
		return ""
	}
	s := it.Text()
	if !isName(it) && it.Number == nil || strings.TrimSpace(s) == "" || utf8.RuneCountInString(s) > 100 || !printable(s) || !utf8.ValidString(it.Raw()) {
		c.notA(a, it, wantIT, wantEN)
		return ""
	}
	return s
}

// printable reports whether s is valid UTF-8 of printable characters
// without quotes or backslashes, so that its canonical form (question.Token)
// reads back as the same text.
func printable(s string) bool {
	if !utf8.ValidString(s) || strings.ContainsAny(s, "\"\\") {
		return false
	}
	for _, r := range s {
		if !strconv.IsPrint(r) {
			return false
		}
	}
	return true
}

// yearRange resolves year=FIRST..LAST for a trend: two years the catalog
// holds, the first before the last.
func (c *checker) yearRange(a *Arg) (int, int, bool) {
	it, ok := c.one(a)
	if !ok {
		return 0, 0, false
	}
	span := "–"
	if len(c.v.Years) > 0 {
		span = yearSpan(c.v.Years)
	}
	if it.Range == nil {
		c.notA(a, it, "un intervallo di anni, per esempio "+rangeExample(c.v), "a range of years, e.g. "+rangeExample(c.v))
		return 0, 0, false
	}
	first, last, _ := strings.Cut(*it.Range, "..")
	y1, _ := strconv.Atoi(first)
	y2, _ := strconv.Atoi(last)
	if y1 >= y2 || !hasYear(c.v, y1) || !hasYear(c.v, y2) {
		c.add(a.Pos,
			fmt.Sprintf("intervallo %s non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: %s", *it.Range, span),
			fmt.Sprintf("range %s not available: two years of the catalog, the first before the last; available years: %s", *it.Range, span))
		return 0, 0, false
	}
	return y1, y2, true
}

func rangeExample(v *question.Vocabulary) string {
	return question.ExampleValue(question.KeySpec{Key: "year", Value: "range"}, v)
}

func hasYear(v *question.Vocabulary, y int) bool {
	for _, have := range v.Years {
		if have == y {
			return true
		}
	}
	return false
}

// template resolves template=: one of question.Templates.
func (c *checker) template(a *Arg) string {
	it, ok := c.one(a)
	if !ok {
		return ""
	}
	known := c.v.Templates
	if len(known) == 0 {
		known = question.Templates
	}
	for _, t := range known {
		if isName(it) && fold(t) == fold(it.Text()) {
			return t
		}
	}
	if isName(it) && len([]rune(fold(it.Text()))) >= minPrefix {
		var begun []string
		for _, t := range known {
			if strings.HasPrefix(fold(t), fold(it.Text())) {
				begun = append(begun, t)
			}
		}
		if len(begun) == 1 {
			return begun[0]
		}
		if len(begun) > 1 {
			c.ambiguous(a, it.Text(), begun, "modelli", "templates")
			return ""
		}
	}
	list := strings.Join(known, ", ")
	msgIT, msgEN := didYouMean(it.Text(), known,
		fmt.Sprintf("modello sconosciuto %q", it.Text()), fmt.Sprintf("unknown template %q", it.Text()))
	c.add(a.Pos, msgIT+"; modelli: "+list, msgEN+"; templates: "+list)
	return ""
}
