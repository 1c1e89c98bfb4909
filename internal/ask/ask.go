// Package ask is the one ask pipeline, for the command line (wi ask, wi
// dossier, wi factsheet), the chat server and the documents' questions:
// question text → plan (compiled by dsl against the catalog's vocabulary) →
// an answer from the engine, or a document for reports/pdf to build → a
// result, or an error that Message writes in the asker's language. It
// stands above dsl and engine, which do not know each other.
package ask

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/welfare-intelligence/wi/answer"
	"github.com/welfare-intelligence/wi/dsl"
	"github.com/welfare-intelligence/wi/engine"
	"github.com/welfare-intelligence/wi/question"
)

// Question is a question in words, to compile and answer.
type Question struct {
	Text string        // as asked
	Lang question.Lang // of the answer; "" is Italian
	Role answer.Role   // who asks; "" is staff
	// Check, when set, sees the compiled plan before it is answered or
	// documented (the chat's policy and differencing watch); an error it
	// returns ends the question and Run returns it as it is.
	Check func(plan question.Plan, vocab *question.Vocabulary) error
	// Timeout, when positive, bounds the answer alone, not the reading of
	// the vocabulary nor the compilation.
	Timeout time.Duration
}

// Asked is what Run made of a question.
type Asked struct {
	Plan question.Plan // nil when the question did not compile
	// Document: the plan is a dossier or fact sheet, not answered here: the
	// caller builds it with reports/pdf (at once, or later).
	Document bool
	Result   *answer.Result // the answer; nil for a document and on error
}

// Run compiles a question and answers it, unless it is a document. The
// error, if any, is one of: the vocabulary's (the catalog could not be
// read), a *CompileError (the question does not compile), Check's, or
// Exec's. The returned Asked is never nil: its Plan is set once the
// question compiled, errors included.
func Run(ctx context.Context, e *engine.Engine, q Question) (*Asked, error) {
	out := &Asked{}
	vocab, err := e.Vocabulary(ctx)
	if err != nil {
		return out, err
	}
	plan, err := dsl.Compile(q.Text, vocab)
	if err != nil {
		return out, &CompileError{Question: q.Text, Err: err}
	}
	out.Plan = plan
	if q.Check != nil {
		if err := q.Check(plan, vocab); err != nil {
			return out, err
		}
	}
	if engine.IsDocument(plan) {
		out.Document = true
		return out, nil
	}
	if q.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, q.Timeout)
		defer cancel()
	}
	out.Result, err = e.Exec(ctx, engine.Request{Question: q.Text, Plan: plan, Lang: q.Lang, Role: q.Role})
	return out, err
}

// CompileError is a question that does not compile: the question and the
// dsl's errors (a dsl.ErrorList or a *dsl.Error), each with its place.
type CompileError struct {
	Question string
	Err      error
}

func (e *CompileError) Error() string { return e.Err.Error() }
func (e *CompileError) Unwrap() error { return e.Err }

// Show writes the errors in the language, each with the question and a
// caret under its place (dsl.Format).
func (e *CompileError) Show(l question.Lang) string { return dsl.Format(e.Err, e.Question, l) }

// Message writes an error of a question for the person who asked, in
// their language: a question that does not compile (each mistake, joined by
// "; "), a question with no answer yet in this version, an AnswerError.
// Any other error is a failure of the system, whose text is returned as it
// is: a caller that shows errors to people outside (the chat) logs it and
// shows a reference instead.
func Message(err error, l question.Lang) string { return message(err, l, true) }

// MessageIn is Message in the language l whatever the question's: for a
// document, whose questions are written by its template.
func MessageIn(err error, l question.Lang) string { return message(err, l, false) }

func message(err error, l question.Lang, follow bool) string {
	if err == nil {
		return ""
	}
	var list dsl.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		msgs := make([]string, len(list))
		for i, e := range list {
			if follow {
				msgs[i] = e.Message(e.Lang(l)) // the question's language
			} else {
				msgs[i] = e.Message(l)
			}
		}
		return strings.Join(msgs, "; ")
	}
	var de *dsl.Error
	if errors.As(err, &de) {
		if follow {
			return de.Message(de.Lang(l))
		}
		return de.Message(l)
	}
	if errors.Is(err, answer.ErrNotAvailable) {
		return NotAvailable("", l)
	}
	return answer.Message(err, l)
}

// NotAvailable says that a question has no answer in this version of
// wi, quoting its canonical form unless it is "". It is the one place the
// sentence is written: a caller that wants a sentence capitalises it and
// ends it with a full stop.
func NotAvailable(canonical string, l question.Lang) string {
	if canonical == "" {
		return l.Pick("la domanda non ha ancora una risposta in questa versione di wi",
			"the question has no answer in this version of wi yet")
	}
	return fmt.Sprintf(l.Pick("la domanda %q non ha ancora una risposta in questa versione di wi",
		"the question %q has no answer in this version of wi yet"), canonical)
}
