package dsl

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/welfare-intelligence/wi/question"
)

// Error is one problem in a question, at a position. Line and Col are 1-based;
// Col counts runes, so an accented letter is one column.
type Error struct {
	Line, Col int
	it, en    string        // the message in Italian and in English
	lang      question.Lang // the question's language; "" when its words do not say
}

// errorf builds an Error at pos from its Italian and English messages.
func errorf(pos lexer.Position, it, en string) *Error {
	return &Error{Line: pos.Line, Col: pos.Column, it: it, en: en}
}

// Error implements error: "line:col: message", in Italian.
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.it)
}

// Message returns the message in the language, without the position.
func (e *Error) Message(l question.Lang) string { return l.Pick(e.it, e.en) }

// Lang returns the language the question is written in, read from its
// verb, subject and keys, or l when its words do not say (a question of
// words spelt the same in both languages, or of no word of the language).
// Errors are shown in it: a question in Italian gets its errors in Italian.
func (e *Error) Lang(l question.Lang) question.Lang { return langOr(e.lang, l) }

// ErrorList collects every error found in a question, in source order.
type ErrorList []*Error

// Error implements error: every error, in Italian, joined by "; ".
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "nessun errore"
	}
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the errors of the list, so that errors.As reaches the first *Error.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Format renders an error for a person: the "line:col: message" line,
// then the question line, then a caret line under the column, e.g.
//
//	1:19: unknown target "anziani-sol"; did you mean "anziani-soli"?
//	  where underserved target=anziani-sol radius=800m
//	                    ^
//
// The message is in the question's language (Error.Lang), l when the
// question's words do not say. For an ErrorList it shows every error so,
// one after the other; errors at the same place share one caret. For an error that is not from dsl it returns
// err.Error().
func Format(err error, src string, l question.Lang) string {
	if err == nil {
		return ""
	}
	var list ErrorList
	if !errors.As(err, &list) {
		var one *Error
		if !errors.As(err, &one) {
			return err.Error()
		}
		list = ErrorList{one}
	}
	lines := strings.Split(src, "\n")
	var b strings.Builder
	for i, e := range list {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d:%d: %s", e.Line, e.Col, e.Message(e.Lang(l)))
		if i+1 < len(list) && list[i+1].Line == e.Line && list[i+1].Col == e.Col {
			continue // errors at one place share its caret
		}
		if e.Line >= 1 && e.Line <= len(lines) {
			line := strings.TrimRight(lines[e.Line-1], "\r")
			b.WriteString("\n  ")
			b.WriteString(line)
			b.WriteString("\n  ")
			b.WriteString(caretPad(line, e.Col))
			b.WriteString("^")
		}
	}
	return b.String()
}

// caretPad returns the blanks that put a caret under column col of line:
// a tab for a tab, a space for anything else.
func caretPad(line string, col int) string {
	var b strings.Builder
	n := 0
	for _, r := range line {
		if n >= col-1 {
			break
		}
		if r == '\t' {
			b.WriteRune('\t')
		} else {
			b.WriteRune(' ')
		}
		n++
	}
	for ; n < col-1; n++ {
		b.WriteRune(' ')
	}
	return b.String()
}
