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
	it, en    string // the message in Italian and in English
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

// ErrorList collects every error found in a question, in source order.
type ErrorList []*Error

// Error implements error: the first error and how many more there are.
func (l ErrorList) Error() string {
	if len(l) == 0 {
		return "nessun errore"
	}
	s := l[0].Error()
	if len(l) > 1 {
		s += " " + moreErrors(len(l)-1, question.Italian)
	}
	return s
}

// Unwrap returns the errors of the list, so that errors.As reaches the first *Error.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

func moreErrors(n int, l question.Lang) string {
	if n == 1 {
		return l.Pick("(e un altro errore)", "(and 1 more error)")
	}
	return l.Pick(fmt.Sprintf("(e altri %d errori)", n), fmt.Sprintf("(and %d more errors)", n))
}

// Format renders an error for a person: the "line:col: message" line in the
// language, then the question line, then a caret line under the column, e.g.
//
//	1:19: unknown target "anziani-sol"; did you mean "anziani-soli"?
//	  where underserved target=anziani-sol radius=800m
//	                    ^
//
// For an ErrorList it shows the first error and then "(e altri N errori)" /
// "(and N more errors)". For an error that is not from dsl it returns err.Error().
func Format(err error, src string, l question.Lang) string {
	if err == nil {
		return ""
	}
	var first *Error
	if !errors.As(err, &first) {
		return err.Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d:%d: %s", first.Line, first.Col, first.Message(l))
	lines := strings.Split(src, "\n")
	if first.Line >= 1 && first.Line <= len(lines) {
		line := strings.TrimRight(lines[first.Line-1], "\r")
		b.WriteString("\n  ")
		b.WriteString(line)
		b.WriteString("\n  ")
		b.WriteString(caretPad(line, first.Col))
		b.WriteString("^")
	}
	var list ErrorList
	if errors.As(err, &list) && len(list) > 1 {
		b.WriteString("\n")
		b.WriteString(moreErrors(len(list)-1, l))
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
