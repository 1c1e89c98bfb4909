package dsl

import (
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// lexDef splits a question into tokens. Rules are tried in order, so Key comes
// before Ident and Range before Number. A key is lexed together with its "="
// so that a missing value is reported right after it.
var lexDef = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `#[^\n]*`},
	{Name: "Whitespace", Pattern: `[\s\p{Zs}]+`},
	{Name: "String", Pattern: `"(?:\\.|[^"\\\n])*"`},
	{Name: "Key", Pattern: `\p{L}[\p{L}\p{M}\p{N}_'’-]*=`},
	{Name: "Ident", Pattern: `\p{L}[\p{L}\p{M}\p{N}_'’-]*`},
	{Name: "Range", Pattern: `\d{4}\.\.\d{4}`},
	// The unit is lexed loosely (any letters) so that Check can say which
	// units are allowed instead of failing on the letter after the number.
	{Name: "Number", Pattern: `\d+(?:\.\d+)?(?:\p{L}+|%)?`},
	{Name: "Comma", Pattern: `,`},
})

var parser = participle.MustBuild[Question](
	participle.Lexer(lexDef),
	participle.Elide("Whitespace", "Comment"),
)

// Question is a parsed question: `verb [subject] {key=value}`.
type Question struct {
	Pos     lexer.Position
	Verb    *Word  `parser:"@@"`
	Subject *Word  `parser:"@@?"`
	Args    []*Arg `parser:"@@*"`
}

// Word is a verb or a subject as typed.
type Word struct {
	Pos  lexer.Position
	Text string `parser:"@Ident"`
}

// Arg is one key=value pair. Key keeps its "=" as typed, e.g. "raggio=".
type Arg struct {
	Pos   lexer.Position
	Key   string `parser:"@Key"`
	Value *Value `parser:"@@"`
}

// Value is one item or a comma list of items.
type Value struct {
	Pos   lexer.Position
	Items []*Item `parser:"@@ ( Comma @@ )*"`
}

// Item is one value: exactly one of its fields is set, as typed (a String
// keeps its quotes).
type Item struct {
	Pos    lexer.Position
	String *string `parser:"  @String"`
	Range  *string `parser:"| @Range"`
	Number *string `parser:"| @Number"`
	Ident  *string `parser:"| @Ident"`
}

// Parse parses one question into its AST (grammar only, no vocabulary).
// The error, if any, is an ErrorList.
func Parse(src string) (*Question, error) {
	q, err := parser.ParseString("", src)
	if err != nil {
		return nil, ErrorList{parseError(err, src)}
	}
	return q, nil
}

// Name returns the key without its "=", as typed.
func (a *Arg) Name() string { return strings.TrimSuffix(a.Key, "=") }

// Raw returns the item as typed.
func (it *Item) Raw() string {
	switch {
	case it.String != nil:
		return *it.String
	case it.Range != nil:
		return *it.Range
	case it.Number != nil:
		return *it.Number
	case it.Ident != nil:
		return *it.Ident
	}
	return ""
}

// Text returns the item's value: a string without its quotes and escapes,
// anything else as typed.
func (it *Item) Text() string {
	if it.String != nil {
		return unquote(*it.String)
	}
	return it.Raw()
}

// unquote removes the quotes of a lexed String and resolves `\x` to x.
func unquote(s string) string {
	s = strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`)
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	esc := false
	for _, r := range s {
		if r == '\\' && !esc {
			esc = true
			continue
		}
		esc = false
		b.WriteRune(r)
	}
	return b.String()
}

// String prints the question as typed, normalised to single spaces.
func (q *Question) String() string {
	var parts []string
	if q.Verb != nil {
		parts = append(parts, q.Verb.Text)
	}
	if q.Subject != nil {
		parts = append(parts, q.Subject.Text)
	}
	for _, a := range q.Args {
		parts = append(parts, a.String())
	}
	return strings.Join(parts, " ")
}

// String prints the pair as typed.
func (a *Arg) String() string {
	if a.Value == nil {
		return a.Key
	}
	return a.Key + a.Value.String()
}

// String prints the value as typed.
func (v *Value) String() string {
	raws := make([]string, len(v.Items))
	for i, it := range v.Items {
		raws[i] = it.Raw()
	}
	return strings.Join(raws, ",")
}

// end returns the position just after the last token of the question.
func (q *Question) end() lexer.Position {
	switch {
	case len(q.Args) > 0:
		a := q.Args[len(q.Args)-1]
		if a.Value == nil || len(a.Value.Items) == 0 {
			return after(a.Pos, a.Key)
		}
		it := a.Value.Items[len(a.Value.Items)-1]
		return after(it.Pos, it.Raw())
	case q.Subject != nil:
		return after(q.Subject.Pos, q.Subject.Text)
	case q.Verb != nil:
		return after(q.Verb.Pos, q.Verb.Text)
	}
	return q.Pos
}

// after returns the position just after tok, which starts at pos.
func after(pos lexer.Position, tok string) lexer.Position {
	pos.Advance(tok)
	return pos
}
