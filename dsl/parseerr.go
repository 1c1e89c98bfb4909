package dsl

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
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
	return errorf(tok.Pos, fmt.Sprintf("%q inatteso: atteso chiave=valore", tok.Value), fmt.Sprintf("unexpected %q: expected key=value", tok.Value))
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
