package recipe

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// loader walks a recipe's YAML tree and makes errors that name the recipe
// file, line and column.
type loader struct{ file string }

func (l *loader) errAt(line, col int, format string, args ...any) error {
	return &Error{File: l.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
}

func (l *loader) errf(n *yaml.Node, format string, args ...any) error {
	return l.errAt(n.Line, n.Column, format, args...)
}

// yamlSyntax turns the YAML parser's "yaml: line N: msg" into an Error.
var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) syntaxError(err error) error {
	msg := err.Error()
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return l.errAt(line, 0, "YAML syntax: %s", m[2])
	}
	return &Error{File: l.file, Msg: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// mapping is a YAML mapping whose keys have been checked.
type mapping struct {
	name string     // for messages: "dataset", "the recipe", …
	at   *yaml.Node // where a missing key is reported
	keys map[string]*yaml.Node
	vals map[string]*yaml.Node
	// order lists the keys as written.
	order []string
}

// mapping checks that n is a mapping whose keys are all in allowed.
func (l *loader) mapping(name string, at, n *yaml.Node, allowed ...string) (*mapping, error) {
	if n.Kind != yaml.MappingNode {
		return nil, l.errf(n, "%s: expected a mapping with keys %s, got %s", name, strings.Join(allowed, ", "), kindName(n))
	}
	m := &mapping{name: name, at: at, keys: map[string]*yaml.Node{}, vals: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, l.errf(k, "%s: expected a key, got %s", name, kindName(k))
		}
		if allowed != nil && !contains(allowed, k.Value) {
			if s := didYouMean(k.Value, allowed); s != "" {
				return nil, l.errf(k, "unknown key %q in %s%s", k.Value, name, s)
			}
			return nil, l.errf(k, "unknown key %q in %s; expected one of %s", k.Value, name, strings.Join(allowed, ", "))
		}
		if prev, dup := m.keys[k.Value]; dup {
			return nil, l.errf(k, "duplicate key %q in %s (first at line %d)", k.Value, name, prev.Line)
		}
		m.keys[k.Value], m.vals[k.Value] = k, v
		m.order = append(m.order, k.Value)
	}
	return m, nil
}

func (m *mapping) has(key string) bool { return m.vals[key] != nil }

// str returns a scalar's text. A missing or null value is "" unless required.
func (l *loader) str(m *mapping, key string, required bool) (string, *yaml.Node, error) {
	v := m.vals[key]
	if v == nil {
		if required {
			return "", nil, l.errf(m.at, "missing required key %q in %s", key, m.name)
		}
		return "", nil, nil
	}
	if v.Kind != yaml.ScalarNode {
		return "", nil, l.errf(v, "%s: expected a value, got %s", key, kindName(v))
	}
	if v.Tag == "!!null" || v.Value == "" {
		if required {
			return "", nil, l.errf(m.keys[key], "%s: expected a value, got nothing", key)
		}
		return "", nil, nil
	}
	return v.Value, v, nil
}

// slug reads a required [a-z0-9-]+ value.
func (l *loader) slug(m *mapping, key string) (string, error) {
	s, n, err := l.str(m, key, true)
	if err == nil && !isSlug(s) {
		err = l.errf(n, "%s: expected a slug of a-z, 0-9 and -, got %q", key, s)
	}
	return s, err
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func isSlug(s string) bool { return slugRE.MatchString(s) }

// posIn maps a byte offset inside a scalar's text to its line and column in
// the recipe (exact for one-line plain and quoted scalars without escapes).
func posIn(n *yaml.Node) func(off int) (int, int) {
	return func(off int) (int, int) {
		off = min(off, len(n.Value))
		if strings.ContainsRune(n.Value[:off], '\n') || n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
			return n.Line, n.Column
		}
		col := n.Column + utf8.RuneCountInString(n.Value[:off])
		if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			col++
		}
		return n.Line, col
	}
}

// template parses a template value; a missing optional one is nil.
func (l *loader) template(m *mapping, key string, required bool) (*template, error) {
	s, n, err := l.str(m, key, required)
	if err != nil || n == nil {
		return nil, err
	}
	t, err := parseTemplate(s, posIn(n))
	if err != nil {
		return nil, l.exprErr(n, key, "template", err)
	}
	return t, nil
}

// expr parses an expression value.
func (l *loader) expr(n *yaml.Node, name string) (*expr, error) {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		return nil, l.errf(n, "%s: expected an expression like \"P1 + P2\", got %s", name, kindName(n))
	}
	e, err := parseExpr(n.Value, posIn(n))
	if err != nil {
		return nil, l.exprErr(n, name, "expression", err)
	}
	return e, nil
}

func (l *loader) exprErr(n *yaml.Node, name, what string, err error) error {
	if ee, ok := err.(*exprError); ok {
		line, col := posIn(n)(ee.off)
		return l.errAt(line, col, "%s: bad %s %q: %s", name, what, n.Value, ee.msg)
	}
	return l.errf(n, "%s: %v", name, err)
}

// column reads a required or optional bare column name.
func (l *loader) column(m *mapping, key string, required bool) (*colRef, error) {
	s, n, err := l.str(m, key, required)
	if err != nil || n == nil {
		return nil, err
	}
	line, col := posIn(n)(0)
	return &colRef{name: strings.TrimSpace(s), line: line, col: col}, nil
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return strconv.Quote(n.Value)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
