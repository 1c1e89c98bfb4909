package dsl

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/welfare-intelligence/wi/question"
)

var symbols = lexDef.Symbols()

// parseError turns an error of participle into an Error with a message for
// people. The message is built from the unexpected token and the token before
// it, never from participle's own text.
func parseError(err error, src string) *Error {
	var lexErr *lexer.Error
	if errors.As(err, &lexErr) {
		return lexError(lexErr.Pos, src)
	}
	var unexp *participle.UnexpectedTokenError
	if errors.As(err, &unexp) {
		return unexpectedToken(unexp.Unexpected, src)
	}
	pos := lexer.Position{Line: 1, Column: 1}
	var perr participle.Error
	if errors.As(err, &perr) {
		pos = perr.Position()
	}
	return errorf(pos, "domanda non valida", "invalid question")
}

// lexError describes the character the lexer stopped at.
func lexError(pos lexer.Position, src string) *Error {
	if pos.Offset < 0 || pos.Offset >= len(src) {
		return errorf(pos, "domanda non valida", "invalid question")
	}
	r, _ := utf8.DecodeRuneInString(src[pos.Offset:])
	switch r {
	case '"':
		return errorf(pos, `stringa non chiusa: manca il " finale`, `unterminated string: missing the closing "`)
	case '=':
		return errorf(pos, `"=" inatteso: scrivi chiave=valore senza spazi`, `unexpected "=": write key=value without spaces`)
	case '.':
		if pos.Offset > 0 && src[pos.Offset-1] >= '0' && src[pos.Offset-1] <= '9' {
			return errorf(pos, `"." inatteso: i numeri si scrivono senza separatore delle migliaia (1500000, o 1.5M per un budget)`,
				`unexpected ".": numbers are written without a thousands separator (1500000, or 1.5M for a budget)`)
		}
	}
	return errorf(pos, fmt.Sprintf("carattere inatteso %q", string(r)), fmt.Sprintf("unexpected character %q", string(r)))
}

// unexpectedToken describes a token the grammar did not expect, according to
// what comes before it.
func unexpectedToken(tok lexer.Token, src string) *Error {
	prev, ok := tokenBefore(tok.Pos.Offset, src)
	switch {
	case !ok && tok.EOF():
		return errorf(lexer.Position{Line: 1, Column: 1}, `domanda vuota: scrivi un verbo, per esempio "dove"`, `empty question: write a verb, e.g. "where"`)
	case !ok:
		return errorf(tok.Pos, fmt.Sprintf("atteso un verbo, non %q", tok.Value), fmt.Sprintf("expected a verb, not %q", tok.Value))
	case prev.Type == symbols["Key"]:
		return errorf(after(prev.Pos, prev.Value),
			fmt.Sprintf("manca il valore dopo %q", prev.Value), fmt.Sprintf("expected a value after %q", prev.Value))
	case prev.Type == symbols["Comma"]:
		return errorf(after(prev.Pos, prev.Value), `manca un valore dopo ","`, `expected a value after ","`)
	case tok.EOF():
		return errorf(tok.Pos, "la domanda finisce troppo presto", "the question ends too early")
	}
	it, en := fmt.Sprintf("%q inatteso: atteso chiave=valore", tok.Value), fmt.Sprintf("unexpected %q: expected key=value", tok.Value)
	if key, ok := tokenBefore(prev.Pos.Offset, src); ok && key.Type == symbols["Key"] && prev.Type == symbols["Ident"] && tok.Type == symbols["Ident"] &&
		key.Pos.Offset+len(key.Value) == prev.Pos.Offset {
		// a value of two words: it goes in quotes
		quoted := fmt.Sprintf("%s%q", key.Value, prev.Value+" "+tok.Value)
		return errorf(tok.Pos, it+"; un valore con spazi va tra virgolette: "+quoted, en+"; a value with spaces goes in quotes: "+quoted)
	}
	if first, ok := firstToken(src); ok && tok.Type == symbols["Ident"] {
		// a question written in words: point to the questions of its verb
		if v, ok := findVerb(first.Value); ok && v.EN != "help" && v.EN != "explain" {
			it += fmt.Sprintf(" (per esempio zona=municipio-8); le domande di %q e le loro chiavi: aiuto %s", first.Value, v.Show(question.Italian))
			en += fmt.Sprintf(" (e.g. area=municipio-8); the questions of %q and their keys: help %s", first.Value, v.EN)
		}
	}
	return errorf(tok.Pos, it, en)
}

// tokenBefore returns the last significant token that starts before offset.
func tokenBefore(offset int, src string) (lexer.Token, bool) {
	lx, err := lexDef.LexString("", src)
	if err != nil {
		return lexer.Token{}, false
	}
	var prev lexer.Token
	found := false
	for {
		t, err := lx.Next()
		if err != nil || t.EOF() || t.Pos.Offset >= offset {
			return prev, found
		}
		if t.Type == symbols["Whitespace"] || t.Type == symbols["Comment"] {
			continue
		}
		prev, found = t, true
	}
}
