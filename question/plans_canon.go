package question

import (
	"fmt"
	"strconv"
	"strings"
)

// canon builds a canonical question: words, then key=value pairs in order.
type canon struct{ b strings.Builder }

func newCanon(words ...string) *canon {
	c := &canon{}
	c.b.WriteString(strings.Join(words, " "))
	return c
}

// kv adds key=value as given.
func (c *canon) kv(key, value string) *canon {
	c.b.WriteString(" " + key + "=" + value)
	return c
}

// tok adds key=value with the value printed as Token does; nothing when empty.
func (c *canon) tok(key, value string) *canon {
	if value == "" {
		return c
	}
	return c.kv(key, Token(value))
}

// toks adds a list; nothing when empty.
func (c *canon) toks(key string, values []string) *canon {
	if len(values) == 0 {
		return c
	}
	return c.kv(key, Tokens(values))
}

// num adds a whole number.
func (c *canon) num(key string, n int) *canon { return c.kv(key, strconv.Itoa(n)) }

// metres adds a distance; nothing when 0.
func (c *canon) metres(key string, m float64) *canon {
	if m == 0 {
		return c
	}
	return c.kv(key, FormatMetres(m))
}

// minutes adds key=Nmin, or nothing for zero.
func (c *canon) minutes(key string, n int) *canon {
	if n == 0 {
		return c
	}
	return c.kv(key, strconv.Itoa(n)+"min")
}

func (c *canon) String() string { return c.b.String() }

// words for Describe: where an area, a level and a year restrict a question.

func inArea(area string, l Lang) string {
	if area == "" {
		return l.Pick("in tutta la città", "in the whole city")
	}
	return l.Pick("nell'area ", "in area ") + area
}

func byLevel(level string, l Lang) string {
	if level == LevelMunicipio {
		return l.Pick("per municipio", "by municipio")
	}
	return l.Pick("per quartiere (NIL)", "by neighbourhood (NIL)")
}

func inYear(year int, l Lang) string { return fmt.Sprintf(l.Pick("anno %d", "year %d"), year) }

func topRows(top int, l Lang) string {
	if top == 0 {
		return l.Pick("tutte le righe", "every row")
	}
	return fmt.Sprintf(l.Pick("primi %d", "top %d"), top)
}

func distance(m float64, l Lang) string { return FormatDistance(m, l) }

func list(values []string, l Lang) string {
	if len(values) <= 1 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + l.Pick(" e ", " and ") + values[len(values)-1]
}
