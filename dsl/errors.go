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

// AtKey places a message about one key of a question (by the key's English
// name, "service") at that key's place in src, for Format to show with its
// caret: a refusal of the engine the asker can act on (a facility that does
// not exist, a service without a standard). A key not written (the plan's
// default) is placed at a plain question's subject for target=, else at
// the verb. The error's language is the question's, read from its words.
func AtKey(src, key, it, en string) *Error {
	e := &Error{Line: 1, Col: 1, it: it, en: en}
	q, err := Parse(src)
	if err != nil || q == nil {
		return e
	}
	e.lang = questionLang(q)
	pos := q.Pos
	if q.Verb != nil {
		pos = q.Verb.Pos
	}
	if key == "target" && q.Verb != nil && q.Subject != nil {
		if vb, ok := findVerb(q.Verb.Text); ok && len(vb.Subjects) > 0 {
			if _, subject := findWord(vb.Subjects, q.Subject.Text); !subject {
				pos = q.Subject.Pos // quanti anziani: the target is the subject
			}
		}
	}
	for _, a := range q.Args {
		if w, ok := findWord(question.Keys, a.Name()); ok && w.EN == key {
			pos = a.Pos
			break
		}
	}
	e.Line, e.Col = pos.Line, pos.Column
	return e
}

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
