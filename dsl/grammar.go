package dsl

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

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
	// A sign and an exponent are lexed too, for the same reason: Check says
	// "a whole number, 0 or more" for top=-1 and rejects 1e308m in words.
	{Name: "Number", Pattern: `[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?:\p{L}+|%)?`},
	{Name: "Comma", Pattern: `,`},
	{Name: "Ask", Pattern: `\?`}, // key=? asks for the values of the key
})

var parser = participle.MustBuild[Question](
	participle.Lexer(lexDef),
	participle.Elide("Whitespace", "Comment"),
)

// argList is a question of keys alone, which is one only when a key asks
// for its values (`target=?`).
type argList struct {
	Pos  lexer.Position
	Args []*Arg `parser:"@@+"`
}

var argsParser = participle.MustBuild[argList](
	participle.Lexer(lexDef),
	participle.Elide("Whitespace", "Comment"),
)

// Question is a parsed question: `verb [subject] {key=value}`, or
// `explain <question>`, which is the question with Explain set.
type Question struct {
	Pos     lexer.Position
	Explain *Word  // "explain"/"spiega" as typed, before the question; not in the grammar
	Verb    *Word  `parser:"@@"`
	Subject *Word  `parser:"@@?"`
	Detail  *Word  `parser:"@@?"` // a third word: the subject after help's verb (aiuto dove sottoservito)
	Args    []*Arg `parser:"@@*"`
}

// MaxLen is the longest question accepted, in characters. Longer input is
// rejected before any other work.
const MaxLen = 1000

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
	Ask    *string `parser:"| @Ask"` // "?": the question asks for the key's values
}

// Parse parses one question into its AST (grammar only, no vocabulary).
// The error, if any, is an ErrorList.
func Parse(src string) (*Question, error) {
	if n := 0; len(src) > MaxLen {
		for range src { // count runes up to the limit only: no work on the rest
			if n++; n > MaxLen {
				return nil, ErrorList{tooLong(src)}
			}
		}
	}
	return parse(src)
}

// parse parses a question of at most MaxLen characters. When it starts with
// explain/spiega, the rest of the text is the question explained: the word
// is blanked out (so positions stay those of the text) and the rest parsed.
func parse(src string) (*Question, error) {
	src = questionMark(src)
	if w, ok := explainWord(src); ok {
		rest := src[:w.Pos.Offset] + strings.Repeat(" ", len(w.Text)) + src[w.Pos.Offset+len(w.Text):]
		if _, any := firstToken(rest); !any {
			return &Question{Pos: w.Pos, Explain: w}, nil
		}
		if inner, ok := explainWord(rest); ok {
			l := ErrorList{errorf(inner.Pos,
				fmt.Sprintf("%q vuole una domanda, non un altro %q", w.Text, inner.Text),
				fmt.Sprintf("%q takes a question, not another %q", w.Text, inner.Text))}
			l.setLang(sourceLang(src))
			return nil, l
		}
		q, err := parse(rest)
		if err != nil {
			return nil, err
		}
		q.Explain = w
		return q, nil
	}
	if strings.Contains(src, "?") {
		if t, ok := firstToken(src); ok && t.Type == symbols["Key"] {
			if l, err := argsParser.ParseString("", src); err == nil && askedKey(l.Args) != nil {
				return &Question{Pos: l.Pos, Args: l.Args}, nil
			}
		}
	}
	src, many := howMany(src)
	q, err := parser.ParseString("", src)
	if err == nil && many != "" && q.Verb != nil {
		q.Verb.Text = many
	}
	if err != nil {
		l := ErrorList{parseError(err, src)}
		l.setLang(sourceLang(src))
		return nil, l
	}
	return q, nil
}

// explainWord returns the first word of src when it is explain or spiega.
func explainWord(src string) (*Word, bool) {
	t, ok := firstToken(src)
	if !ok || t.Type != symbols["Ident"] || !is(explainVerb, t.Value) {
		return nil, false
	}
	return &Word{Pos: t.Pos, Text: t.Value}, true
}

var explainVerb = word{EN: "explain", IT: []string{"spiega"}}

// firstToken returns the first significant token of src, if it lexes.
func firstToken(src string) (lexer.Token, bool) {
	lx, err := lexDef.LexString("", src)
	if err != nil {
		return lexer.Token{}, false
	}
	for {
		t, err := lx.Next()
		if err != nil || t.EOF() {
			return lexer.Token{}, false
		}
		if t.Type != symbols["Whitespace"] && t.Type != symbols["Comment"] {
			return t, true
		}
	}
}

// tooLong reports a question over MaxLen characters, at the first character
// past the limit.
func tooLong(src string) *Error {
	pos := lexer.Position{Line: 1, Column: 1}
	n := 0
	for _, r := range src {
		if n == MaxLen {
			break
		}
		n++
		if r == '\n' {
			pos.Line, pos.Column = pos.Line+1, 1
		} else {
			pos.Column++
		}
	}
	return errorf(pos,
		fmt.Sprintf("domanda troppo lunga: al massimo %d caratteri", MaxLen),
		fmt.Sprintf("question too long: at most %d characters", MaxLen))
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
	case it.Ask != nil:
		return *it.Ask
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

// unquote removes the quotes of a lexed String. A string that is a valid Go
// string literal reads as Go reads it, so that every value engine.Token
// prints (with strconv.Quote) reads back the same; otherwise `\x` is x.
func unquote(s string) string {
	if u, err := strconv.Unquote(s); err == nil {
		return u
	}
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
	if q.Explain != nil {
		parts = append(parts, q.Explain.Text)
	}
	if q.Verb != nil {
		parts = append(parts, q.Verb.Text)
	}
	if q.Subject != nil {
		parts = append(parts, q.Subject.Text)
	}
	if q.Detail != nil {
		parts = append(parts, q.Detail.Text)
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
	case q.Detail != nil:
		return after(q.Detail.Pos, q.Detail.Text)
	case q.Subject != nil:
		return after(q.Subject.Pos, q.Subject.Text)
	case q.Verb != nil:
		return after(q.Verb.Pos, q.Verb.Text)
	case q.Explain != nil:
		return after(q.Explain.Pos, q.Explain.Text)
	}
	return q.Pos
}

// after returns the position just after tok, which starts at pos.
func after(pos lexer.Position, tok string) lexer.Position {
	pos.Advance(tok)
	return pos
}

// howMany reads the two words "how many" (or "how much") at the start of a
// question as the verb howmuch: it rewrites them as "howmuch" (padded with blanks, so that
// positions stay those of the text) and returns the words as typed.
func howMany(src string) (string, string) {
	if t := strings.TrimLeftFunc(src, unicode.IsSpace); len(t) < 3 || !strings.EqualFold(t[:3], "how") {
		return src, ""
	}
	lx, err := lexDef.LexString("", src)
	if err != nil {
		return src, ""
	}
	var words []lexer.Token
	for len(words) < 2 {
		t, err := lx.Next()
		if err != nil || t.EOF() {
			return src, ""
		}
		if t.Type == symbols["Whitespace"] || t.Type == symbols["Comment"] {
			continue
		}
		if t.Type != symbols["Ident"] {
			return src, ""
		}
		words = append(words, t)
	}
	if second := fold(words[1].Value); fold(words[0].Value) != "how" || second != "many" && second != "much" {
		return src, ""
	}
	start, end := words[0].Pos.Offset, words[1].Pos.Offset+len(words[1].Value)
	typed := src[start:end]
	if strings.ContainsAny(typed, "\n") {
		return src, ""
	}
	return src[:start] + "howmuch" + strings.Repeat(" ", end-start-len("howmuch")) + src[end:], strings.Join(strings.Fields(typed), " ")
}

// questionMark blanks out the question mark that ends a question written as
// one (`quanti anziani zona=municipio-8?`): it asks the same. A "?" that is
// a value (`target=?`) stays.
func questionMark(src string) string {
	t := strings.TrimRightFunc(src, unicode.IsSpace)
	if !strings.HasSuffix(t, "?") || strings.HasSuffix(t, "=?") || strings.HasSuffix(t, ",?") {
		return src
	}
	return t[:len(t)-1] + " " + src[len(t):]
}
